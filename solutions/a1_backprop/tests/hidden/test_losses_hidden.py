"""Hidden tests of the losses against the reference solution."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_matches_reference, graded
from autograder.testing import strategies as st
from autograder.testing.strategies import layers


@graded(
    part="softmax",
    points=3,
    visibility="after_due_date",
    message="The loss is the MEAN of -log p_{i, y_i} over the N examples (not the sum), and "
    "dscores carries the matching 1 / N.",
)
@given(case=layers.scores_and_labels())
def test_softmax_loss_mean_over_batch(student, reference, case):
    assert_matches_reference(student, reference, "softmax_loss", *case, returns=("loss", "dscores"))


@graded(
    part="softmax",
    points=3,
    visibility="after_due_date",
    message="softmax_loss overflowed on large logits: subtract each row's max before exp, "
    "and compute log p with log-sum-exp rather than log(p).",
)
@given(case=layers.scores_and_labels(scale=1e3))
def test_softmax_loss_stable_for_large_logits(student, reference, case):
    with np.errstate(all="ignore"):
        assert_matches_reference(
            student, reference, "softmax_loss", *case, returns=("loss", "dscores")
        )


@graded(
    part="losses",
    points=2,
    visibility="after_due_date",
    message="binary_cross_entropy_with_logits: the mean over every element, stable for "
    "logits of 1e3 (use max(z, 0) - z * y + log(1 + exp(-|z|))), with "
    "dlogits = (sigmoid(z) - y) / M.",
)
@given(logits=st.arrays(st.shapes(max_dims=3), -1e3, 1e3), data=hs.data())
def test_binary_cross_entropy_matches_reference(student, reference, logits, data):
    y = data.draw(st.arrays(logits.shape, 0.0, 1.0), label="y")
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert_matches_reference(
            student,
            reference,
            "binary_cross_entropy_with_logits",
            logits,
            y,
            returns=("loss", "dlogits"),
        )


@graded(
    part="losses",
    points=2,
    visibility="after_due_date",
    message="mse_loss is the MEAN over every element (all axes, not only the batch), without "
    "a factor 1/2, and dpred = 2 * (pred - target) / M.",
)
@given(pred=st.arrays(st.shapes(max_dims=3)), data=hs.data())
def test_mse_loss_mean_over_every_element(student, reference, pred, data):
    target = data.draw(st.arrays(pred.shape), label="target")
    assert_matches_reference(
        student, reference, "mse_loss", pred, target, returns=("loss", "dpred")
    )
