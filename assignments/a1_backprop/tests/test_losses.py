"""Public tests of the losses (losses.py): softmax_loss, binary_cross_entropy_with_logits
and mse_loss."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_matches_stored, graded, numeric_gradient
from autograder.testing import strategies as st
from autograder.testing.strategies import layers


@graded(
    part="softmax",
    points=2,
    visibility="visible",
    message="softmax_loss returns the MEAN cross-entropy over the batch and "
    "dscores = (p - onehot(y)) / N.",
)
def test_softmax_loss_values(student, expected):
    assert_matches_stored(
        student, expected, "softmax_loss", args=("scores", "y"), returns=("loss", "dscores")
    )


@graded(
    part="softmax",
    points=2,
    visibility="visible",
    message="dscores must be the gradient of the loss your softmax_loss returns; and with all "
    "scores equal, every class has probability 1 / C, so the loss is log(C).",
)
@given(case=layers.scores_and_labels())
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
    with np.errstate(all="ignore"):
        assert_matches_stored(
            student,
            expected,
            "softmax_loss",
            args=("scores", "y"),
            returns=("loss", "dscores"),
            case="softmax_loss_large",
        )


@graded(
    part="losses",
    points=1,
    visibility="visible",
    message="binary_cross_entropy_with_logits returns the MEAN over every element of "
    "max(z, 0) - z * y + log(1 + exp(-|z|)) and dlogits = (sigmoid(z) - y) / M; it must not "
    "overflow for logits of 1e3.",
)
def test_binary_cross_entropy_values(student, expected):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert_matches_stored(
            student,
            expected,
            "binary_cross_entropy_with_logits",
            args=("logits", "y"),
            returns=("loss", "dlogits"),
        )


@graded(
    part="losses",
    points=1,
    visibility="visible",
    message="dlogits must be the gradient of the loss your binary_cross_entropy_with_logits "
    "returns, for logits of any shape. (This test needs a correct loss too.)",
)
@given(logits=st.arrays(st.shapes(max_dims=2, max_side=4)), data=hs.data())
def test_binary_cross_entropy_gradient_check(student, expected, logits, data):
    assert_matches_stored(
        student,
        expected,
        "binary_cross_entropy_with_logits",
        args=("logits", "y"),
        returns=("loss", None),
    )
    y = data.draw(st.arrays(logits.shape, 0.0, 1.0), label="y")
    _, dlogits = student.binary_cross_entropy_with_logits(logits, y)
    numeric = numeric_gradient(
        lambda z: student.binary_cross_entropy_with_logits(z, y)[0], logits.copy()
    )
    assert_close(dlogits, numeric, "dlogits (checked against a numeric gradient)", 1e-5, 1e-7)


@graded(
    part="losses",
    points=1,
    visibility="visible",
    message="mse_loss returns mean((pred - target)**2) over EVERY element and "
    "dpred = 2 * (pred - target) / M.",
)
@given(pred=st.arrays(st.shapes(max_dims=2, max_side=4)), data=hs.data())
def test_mse_loss_values_and_gradient_check(student, expected, pred, data):
    assert_matches_stored(
        student, expected, "mse_loss", args=("pred", "target"), returns=("loss", "dpred")
    )
    target = data.draw(st.arrays(pred.shape), label="target")
    _, dpred = student.mse_loss(pred, target)
    numeric = numeric_gradient(lambda v: student.mse_loss(v, target)[0], pred.copy())
    assert_close(dpred, numeric, "dpred (checked against a numeric gradient)", 1e-5, 1e-7)
