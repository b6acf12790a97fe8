"""Public tests of the layers applied at every time step (temporal.py): the temporal affine
layer and the masked softmax loss.

Forward passes and the loss are compared with stored expected values; gradients with
numeric gradients of your own functions. The loss's convention is checked against itself:
its value on a whole batch is the mean of its values on the unmasked steps alone.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import (
    assert_close,
    assert_gradient,
    assert_matches_stored,
    graded,
    numeric_gradient,
)
from autograder.testing import strategies as st
from autograder.testing.strategies import sequences

#: temporal_softmax_loss's stored inputs and outputs.
LOSS_ARGS, LOSS_RETURNS = ("x", "y", "mask"), ("loss", "dx")


def check_stored_affine(student, expected):
    """temporal_affine_forward against its stored case."""
    assert_matches_stored(
        student, expected, "temporal_affine_forward", args=("x", "w", "b"), returns=("out", None)
    )


@graded(
    part="temporal",
    points=1,
    visibility="visible",
    message="temporal_affine_forward(x, w, b) returns out (N, T, M) with out[n, t] = "
    "x[n, t] @ w + b, and a cache.",
)
def test_temporal_affine_forward_values(student, expected):
    check_stored_affine(student, expected)


@graded(
    part="temporal",
    points=2,
    visibility="visible",
    message="temporal_affine_backward returns (dx, dw, db): dx = dout @ w.T, and dw and db "
    "summed over both the batch and the time axes. (This test needs a correct "
    "temporal_affine_forward too.)",
)
@given(inputs=sequences.temporal_affine_inputs(max_batch=2, max_steps=3), data=hs.data())
def test_temporal_affine_backward_gradient_check(student, expected, inputs, data):
    check_stored_affine(student, expected)
    x, w, b = inputs
    out, cache = student.temporal_affine_forward(x, w, b)
    dout = data.draw(st.arrays(np.shape(out)), label="dout")
    dx, dw, db = student.temporal_affine_backward(dout, cache)
    for index, (name, grad) in enumerate(zip(("dx", "dw", "db"), (dx, dw, db), strict=True)):

        def forward(v, index=index):
            values = list(inputs)
            values[index] = v
            return student.temporal_affine_forward(*values)[0]

        assert_gradient(forward, inputs[index], dout, grad, f"temporal_affine_backward: {name}")


@graded(
    part="temporal",
    points=1,
    visibility="visible",
    message="temporal_softmax_loss(x, y, mask) returns (loss, dx): the cross-entropy "
    "-log softmax(x[n, t])[y[n, t]] averaged over the unmasked steps, and its gradient; "
    "stable for large scores (subtract each row's max before exp).",
)
def test_temporal_softmax_loss_values(student, expected):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert_matches_stored(
            student, expected, "temporal_softmax_loss", args=LOSS_ARGS, returns=LOSS_RETURNS
        )


@graded(
    part="temporal",
    points=2,
    visibility="visible",
    message="temporal_softmax_loss divides by the number of unmasked steps (not by N, not by "
    "N * T): on a batch it is the mean of its values on each unmasked step alone; masked "
    "steps change neither the loss nor the count, whatever their scores and labels, and "
    "their dx is 0; dx is the gradient of the loss. (This test needs a correct loss on "
    "single steps: the stored case.)",
)
@given(inputs=sequences.temporal_scores(), data=hs.data())
def test_temporal_softmax_loss_averages_over_unmasked_steps(student, expected, inputs, data):
    assert_matches_stored(
        student, expected, "temporal_softmax_loss", args=LOSS_ARGS, returns=LOSS_RETURNS
    )
    x, y, mask = inputs
    loss, dx = student.temporal_softmax_loss(x, y, mask)
    steps = [
        student.temporal_softmax_loss(
            x[n, t][None, None], y[n, t][None, None], np.ones((1, 1), bool)
        )[0]
        for n, t in zip(*np.nonzero(mask), strict=True)
    ]
    assert_close(
        loss,
        np.mean(steps),
        "temporal_softmax_loss: loss, against the mean of its unmasked steps' losses",
    )
    assert_close(
        np.asarray(dx)[~mask],
        np.zeros_like(x[~mask]),
        "temporal_softmax_loss: dx at the masked steps",
    )
    other = data.draw(st.arrays(x.shape), label="scores at the masked steps")
    moved = np.where(mask[..., None], x, other)
    relabelled = np.where(mask, y, (y + 1) % x.shape[2])
    assert_close(
        student.temporal_softmax_loss(moved, relabelled, mask)[0],
        loss,
        "temporal_softmax_loss: loss, with other scores and labels at the masked steps",
    )
    numeric = numeric_gradient(lambda v: student.temporal_softmax_loss(v, y, mask)[0], x.copy())
    assert_close(
        dx, numeric, "temporal_softmax_loss: dx (checked against a numeric gradient)", 1e-5, 1e-7
    )
