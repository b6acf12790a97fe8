"""Hidden tests of softmax_loss against the reference solution."""

import numpy as np
from hypothesis import given

from autograder.testing import assert_close, graded
from autograder.testing import strategies as st


@graded(
    part="softmax",
    points=3,
    visibility="after_due_date",
    message="The loss is the MEAN of -log p_{i, y_i} over the N examples (not the sum), and "
    "dscores carries the matching 1 / N.",
)
@given(case=st.scores_and_labels())
def test_softmax_loss_mean_over_batch(student, reference, case):
    loss, dscores = student.softmax_loss(*case)
    want_loss, want_dscores = reference.softmax_loss(*case)
    assert_close(loss, want_loss, "loss")
    assert_close(dscores, want_dscores, "dscores")


@graded(
    part="softmax",
    points=3,
    visibility="after_due_date",
    message="softmax_loss overflowed on large logits: subtract each row's max before exp, "
    "and compute log p with log-sum-exp rather than log(p).",
)
@given(case=st.scores_and_labels(scale=1e3))
def test_softmax_loss_stable_for_large_logits(student, reference, case):
    with np.errstate(all="ignore"):
        loss, dscores = student.softmax_loss(*case)
    want_loss, want_dscores = reference.softmax_loss(*case)
    assert_close(loss, want_loss, "loss")
    assert_close(dscores, want_dscores, "dscores")
