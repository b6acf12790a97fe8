"""Public tests of softmax_loss (losses.py)."""

import numpy as np
from hypothesis import given

from autograder.testing import assert_close, graded, numeric_gradient
from autograder.testing import strategies as st


@graded(
    part="softmax",
    points=2,
    visibility="visible",
    message="softmax_loss returns the MEAN cross-entropy over the batch and "
    "dscores = (p - onehot(y)) / N.",
)
def test_softmax_loss_values(student, expected):
    case = expected["softmax_loss"]
    loss, dscores = student.softmax_loss(case["scores"], case["y"])
    assert_close(loss, case["loss"], "loss")
    assert_close(dscores, case["dscores"], "dscores")


@graded(
    part="softmax",
    points=2,
    visibility="visible",
    message="dscores must be the gradient of the loss your softmax_loss returns; and with all "
    "scores equal, every class has probability 1 / C, so the loss is log(C).",
)
@given(case=st.scores_and_labels())
def test_softmax_loss_gradient_check(student, case):
    scores, y = case
    uniform, _ = student.softmax_loss(np.zeros_like(scores), y)
    assert_close(uniform, np.log(scores.shape[1]), "loss when all scores are equal")
    _, dscores = student.softmax_loss(scores, y)
    numeric = numeric_gradient(lambda s: student.softmax_loss(s, y)[0], scores.copy())
    assert_close(dscores, numeric, "dscores (checked against a numeric gradient)", 1e-5, 1e-7)


@graded(
    part="softmax",
    points=2,
    visibility="visible",
    message="softmax_loss must be stable for logits as large as 1e3: subtract each row's "
    "max before exp, and use log-sum-exp for log p.",
)
def test_softmax_loss_large_logits_values(student, expected):
    case = expected["softmax_loss_large"]
    with np.errstate(all="ignore"):
        loss, dscores = student.softmax_loss(case["scores"], case["y"])
    assert_close(loss, case["loss"], "loss")
    assert_close(dscores, case["dscores"], "dscores")
