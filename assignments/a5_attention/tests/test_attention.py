"""Public tests of scaled dot-product attention (attention.py).

The forward pass is compared with stored expected values, without and with a mask; the
backward pass with a numeric gradient of your own forward pass (so fix a failing forward
test first), on drawn sizes with zero, one or two batch axes and masks of the shapes the
docstring lists. Your attention may call your softmax: if the softmax's own tests fail,
fix those first.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_gradient, assert_matches_stored, graded
from autograder.testing import strategies as st
from autograder.testing.strategies import attention

#: The stored inputs of the case without a mask and of the case with one.
ARGS = ("q", "k", "v")
MASKED_ARGS = ("q", "k", "v", "mask")


def check_stored_attention(student, expected):
    """scaled_dot_product_attention_forward against its stored case without a mask."""
    assert_matches_stored(
        student,
        expected,
        "scaled_dot_product_attention_forward",
        args=ARGS,
        returns=("out", None),
    )


def check_gradients(student, inputs, data):
    """scaled_dot_product_attention_backward's (dq, dk, dv) against numeric gradients of the
    student's own forward pass, for an upstream gradient drawn for out."""
    out, cache = student.scaled_dot_product_attention_forward(*inputs.values())
    dout = data.draw(st.arrays(np.shape(out)), label="dout")
    grads = student.scaled_dot_product_attention_backward(dout, cache)
    assert isinstance(grads, tuple | list) and len(grads) == len(ARGS), (
        "scaled_dot_product_attention_backward must return the three gradients (dq, dk, dv)"
    )
    for name, grad in zip(ARGS, grads, strict=True):

        def forward(value, name=name):
            return student.scaled_dot_product_attention_forward(*{**inputs, name: value}.values())[
                0
            ]

        where = f"scaled_dot_product_attention_backward: d{name}"
        assert_gradient(forward, inputs[name], dout, grad, where)


def fully_masked_rows(inputs):
    """Booleans (..., L): True for the queries whose mask keeps no key."""
    q, k, mask = inputs["q"], inputs["k"], inputs["mask"]
    scores_shape = (*q.shape[:-1], k.shape[-2])
    return ~np.broadcast_to(mask, scores_shape).any(axis=-1)


@graded(
    part="attention",
    points=2,
    visibility="visible",
    message="scaled_dot_product_attention_forward returns (out, cache), out = softmax(q @ "
    "k.T / sqrt(d_k)) @ v with the softmax over the keys (the last axis) and d_k = "
    "q.shape[-1], batch entry by batch entry (here one batch axis of 2). The usual mistakes: "
    "no 1 / sqrt(d_k), or the softmax over the queries.",
)
def test_scaled_dot_product_attention_forward_values(student, expected):
    check_stored_attention(student, expected)


@graded(
    part="attention",
    points=2,
    visibility="visible",
    message="With a mask, scores where the mask is False get -inf BEFORE the softmax, so the "
    "kept keys' weights still sum to 1 (True means 'may attend'); here one (L, S) mask "
    "broadcasts over the batch axis. The usual mistakes: zeroing weights after the softmax, "
    "or masking with 0 instead of -inf.",
)
def test_scaled_dot_product_attention_forward_masked_values(student, expected):
    assert_matches_stored(
        student,
        expected,
        "scaled_dot_product_attention_forward",
        args=MASKED_ARGS,
        returns=("out", None),
        case="scaled_dot_product_attention_forward_masked",
    )


@graded(
    part="attention",
    points=3,
    visibility="visible",
    message="scaled_dot_product_attention_backward returns (dq, dk, dv): dv = weights.T @ "
    "dout, dscores from your softmax's backward pass applied to dout @ v.T, dq = dscores @ k "
    "/ sqrt(d_k), dk = dscores.T @ q / sqrt(d_k); checked for zero to two batch axes and "
    "masks of shape (L, S), (..., L, S) and (..., 1, S). (This test needs a correct forward "
    "pass too.)",
)
@given(inputs=attention.attention_inputs(), data=hs.data())
def test_scaled_dot_product_attention_backward_gradient_check(student, expected, inputs, data):
    check_stored_attention(student, expected)
    check_gradients(student, inputs, data)


@graded(
    part="attention",
    points=1,
    visibility="visible",
    message="A query whose mask is False for every key attends to nothing: its weights are "
    "all 0 and its output row is 0 (not nan: the softmax of a row of -inf alone is 0 / 0), "
    "and no gradient flows through it. Find such rows with mask.any(axis=-1) and give the "
    "softmax something finite there.",
)
@given(inputs=attention.attention_inputs(fully_masked=True), data=hs.data())
def test_scaled_dot_product_attention_fully_masked_rows(student, inputs, data):
    out, _ = student.scaled_dot_product_attention_forward(*inputs.values())
    shape = (*inputs["q"].shape[:-1], inputs["v"].shape[-1])
    assert np.shape(out) == shape, f"out has shape {np.shape(out)}, not (..., L, d_v) = {shape}"
    blocked = fully_masked_rows(inputs)
    zeros = np.zeros((np.count_nonzero(blocked), shape[-1]))
    assert_close(out[blocked], zeros, "out at the queries that may attend to no key")
    check_gradients(student, inputs, data)
