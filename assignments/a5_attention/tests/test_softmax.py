"""Public tests of the softmax along the last axis (softmax.py).

The forward pass is compared with stored expected values; the backward pass with a numeric
gradient of your own forward pass (so fix a failing forward test first).
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_gradient, assert_matches_stored, graded
from autograder.testing import strategies as st


def check_stored_softmax(student, expected, case=None):
    """softmax_forward against the stored case ``case`` (by default "softmax_forward")."""
    assert_matches_stored(
        student, expected, "softmax_forward", args=("x",), returns=("out", None), case=case
    )


@graded(
    part="softmax",
    points=1,
    visibility="visible",
    message="softmax_forward returns (out, cache): the softmax along the LAST axis, each row "
    "of out positive and summing to 1, for x with batch axes in front (here (2, 3, 4)); a "
    "-inf score gets probability 0. The usual mistake is another axis (axis=0, or the "
    "whole array).",
)
def test_softmax_forward_values(student, expected):
    check_stored_softmax(student, expected)


@graded(
    part="softmax",
    points=1,
    visibility="visible",
    message="softmax_forward must not overflow for scores near +-1000: subtract each row's "
    "maximum (np.max(x, axis=-1, keepdims=True)) before np.exp; exp(1000) is inf, and "
    "inf / inf is nan.",
)
def test_softmax_forward_large_values(student, expected):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        check_stored_softmax(student, expected, "softmax_forward_large")


@graded(
    part="softmax",
    points=2,
    visibility="visible",
    message="softmax_backward returns dx = p * (dout - sum(dout * p)), the sum along the last "
    "axis with keepdims=True, for x of one to four axes. (This test needs a correct "
    "softmax_forward too.)",
)
@given(x=st.arrays(st.shapes(1, 4, max_side=4)), data=hs.data())
def test_softmax_backward_gradient_check(student, expected, x, data):
    check_stored_softmax(student, expected)
    dout = data.draw(st.arrays(x.shape), label="dout")
    _, cache = student.softmax_forward(x)
    dx = student.softmax_backward(dout, cache)
    assert_gradient(lambda v: student.softmax_forward(v)[0], x, dout, dx, "softmax_backward: dx")
