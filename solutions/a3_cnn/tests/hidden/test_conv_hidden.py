"""Hidden tests of the convolutions against the reference: drawn batch sizes, channels,
rectangular kernels, strides and paddings, including sizes the stride does not divide."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import (
    assert_matches_reference,
    assert_returns,
    graded,
    lines_executed,
)
from autograder.testing import strategies as st
from autograder.testing.strategies import convolution

#: Larger than the public gradient checks, small enough for four loops in Python.
INPUTS = convolution.conv_inputs(
    max_batch=3, max_channels=3, max_filters=4, max_size=8, max_kernel=4
)


def check_backward(student, reference, forward, backward, inputs, dout):
    """``backward``'s dx, dw and db against the reference's, each on the cache of its own
    ``forward`` (not compared: that is the forward tests' job)."""
    _, cache = getattr(student, forward)(*inputs)
    _, want_cache = getattr(reference, forward)(*inputs)
    grads = getattr(student, backward)(dout, cache)
    wants = getattr(reference, backward)(dout, want_cache)
    assert_returns(backward, grads, wants, ("dx", "dw", "db"))


def drawn_dout(reference, inputs, data):
    """An upstream gradient of the shape of the convolution's output."""
    return data.draw(st.arrays(reference.conv_forward_fast(*inputs)[0].shape), label="dout")


@graded(
    part="conv_naive",
    points=5,
    visibility="after_due_date",
    message="conv_forward_naive: cross-correlation (the filter not flipped), zero padding on H "
    "and W only, windows every stride entries, H' = (H - HH + 2 * pad) // stride + 1.",
)
@given(inputs=INPUTS)
def test_conv_forward_naive_matches_reference(student, reference, inputs):
    assert_matches_reference(
        student, reference, "conv_forward_naive", *inputs, returns=("out", None)
    )


@graded(
    part="conv_naive",
    points=7,
    visibility="after_due_date",
    message="conv_backward_naive: dx, dw, db of sum(out * dout), with the forward windows "
    "(same stride and padding), dw and db summed over the batch, dx without the padding.",
)
@given(inputs=INPUTS, data=hs.data())
def test_conv_backward_naive_matches_reference(student, reference, inputs, data):
    dout = drawn_dout(reference, inputs, data)
    check_backward(student, reference, "conv_forward_naive", "conv_backward_naive", inputs, dout)


@graded(
    part="conv_fast",
    points=4,
    visibility="after_due_date",
    message="conv_forward_fast computes what conv_forward_naive does, for every stride, "
    "padding and kernel shape.",
)
@given(inputs=INPUTS)
def test_conv_forward_fast_matches_reference(student, reference, inputs):
    assert_matches_reference(
        student, reference, "conv_forward_fast", *inputs, returns=("out", None)
    )


@graded(
    part="conv_fast",
    points=4,
    visibility="after_due_date",
    message="conv_backward_fast returns what conv_backward_naive does, for every stride, "
    "padding and kernel shape.",
)
@given(inputs=INPUTS, data=hs.data())
def test_conv_backward_fast_matches_reference(student, reference, inputs, data):
    dout = drawn_dout(reference, inputs, data)
    check_backward(student, reference, "conv_forward_fast", "conv_backward_fast", inputs, dout)


@graded(
    part="conv_fast",
    points=1,
    visibility="after_due_date",
    message="conv_forward_fast and conv_backward_fast on a batch of 8 images of 3 x 24 x 24 "
    "with 16 filters of 3 x 3, stride 1 or 2 and padding 1: the same results as the "
    "reference.",
)
@given(seed=st.seeds(), stride=hs.integers(1, 2))
def test_conv_fast_on_a_larger_batch(student, reference, seed, stride):
    rng = np.random.default_rng(seed)
    x, w, b = rng.normal(size=(8, 3, 24, 24)), rng.normal(size=(16, 3, 3, 3)), rng.normal(size=16)
    inputs = (x, w, b, stride, 1)
    _, (want, _) = assert_matches_reference(
        student, reference, "conv_forward_fast", *inputs, returns=("out", None)
    )
    dout = rng.normal(size=want.shape)
    check_backward(student, reference, "conv_forward_fast", "conv_backward_fast", inputs, dout)


#: Lines of the student's code a vectorized convolution may run on VECTORIZED_INPUT, whose
#: output has 1,024 positions: a Python loop over them runs at least 1,024 (the reference
#: runs 13 forward and 56 backward, a loop over the kernel's 9 offsets included).
MAX_LINES = 300


@graded(
    part="conv_fast",
    points=1,
    visibility="after_due_date",
    message="conv_forward_fast and conv_backward_fast are vectorized, as their docstrings "
    "ask: on 2 images of 3 x 32 x 32 with 8 filters of 3 x 3 (stride 1, padding 1: 1,024 "
    f"output positions) each runs at most {MAX_LINES} lines of your code. A loop over the "
    "output positions runs a line or more per position (the naive convolution about 50,000); "
    "a loop over the kernel's offsets is fine. (Whether the values are right is for the other "
    "tests: this one only needs outputs of the right shapes.)",
)
def test_conv_fast_is_vectorized(student):
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(2, 3, 32, 32)), rng.normal(size=(8, 3, 3, 3)), rng.normal(size=8)
    (out, cache), forward = lines_executed(student.conv_forward_fast, x, w, b, 1, 1)
    assert np.shape(out) == (2, 8, 32, 32) and np.any(out), (
        "conv_forward_fast returned no output of shape (2, 8, 32, 32) here: this test measures "
        "the work of a convolution that computes something"
    )
    dout = rng.normal(size=np.shape(out))
    grads, backward = lines_executed(student.conv_backward_fast, dout, cache)
    shapes = [np.shape(g) for g in grads] if isinstance(grads, tuple | list) else []
    assert shapes == [x.shape, w.shape, b.shape] and all(np.any(g) for g in grads), (
        "conv_backward_fast returned no dx, dw, db of the shapes of x, w and b here: this test "
        "measures the work of a backward pass that computes something"
    )
    for name, lines in (("conv_forward_fast", forward), ("conv_backward_fast", backward)):
        assert lines <= MAX_LINES, (
            f"{name} ran {lines} lines of your code for 1,024 output positions (at most "
            f"{MAX_LINES}): it still loops over the output positions in Python. "
            "Gather every window at once (sliding_window_view, or im2col) and let one "
            "tensordot or matrix product do the work."
        )
