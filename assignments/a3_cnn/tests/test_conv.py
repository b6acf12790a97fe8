"""Public tests of the convolutions (conv.py and fast_conv.py).

Forward passes are compared with stored expected values; backward passes with a numeric
gradient of your own forward pass (so fix a failing forward test first).
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_gradient, assert_matches_stored, graded
from autograder.testing import strategies as st
from autograder.testing.strategies import convolution

#: The stored inputs of the forward convolutions, in the order of their parameters (the
#: case of conv_backward_fast holds them too: its cache comes from conv_forward_fast).
CONV_ARGS = ("x", "w", "b", "stride", "pad")


def check_gradients(student, expected, forward, backward, inputs, data):
    """The stored forward pass first, then dx, dw and db against numeric gradients of the
    student's own forward pass."""
    assert_matches_stored(student, expected, forward, args=CONV_ARGS, returns=("out", None))
    x, w, b, stride, pad = inputs
    out, cache = getattr(student, forward)(x, w, b, stride, pad)
    dout = data.draw(st.arrays(np.shape(out)), label="dout")
    dx, dw, db = getattr(student, backward)(dout, cache)

    def f(x=x, w=w, b=b):
        return getattr(student, forward)(x, w, b, stride, pad)[0]

    assert_gradient(lambda v: f(x=v), x, dout, dx, f"{backward}: dx")
    assert_gradient(lambda v: f(w=v), w, dout, dw, f"{backward}: dw")
    assert_gradient(lambda v: f(b=v), b, dout, db, f"{backward}: db")


@graded(
    part="conv_naive",
    points=3,
    visibility="visible",
    message="conv_forward_naive: out[n, f, i, j] = sum of x_pad[n, :, i*stride : i*stride+HH, "
    "j*stride : j*stride+WW] * w[f], plus b[f]: cross-correlation (the filter not flipped), "
    "zeros padded on H and W only, and H' = (H - HH + 2 * pad) // stride + 1 (floor).",
)
def test_conv_forward_naive_values(student, expected):
    assert_matches_stored(
        student, expected, "conv_forward_naive", args=CONV_ARGS, returns=("out", None)
    )


@graded(
    part="conv_naive",
    points=2,
    visibility="visible",
    message="conv_forward_naive returns out of shape (N, F, H', W') with H' = (H - HH + "
    "2 * pad) // stride + 1 and W' = (W - WW + 2 * pad) // stride + 1, also when the stride "
    "does not divide (the last windows that stick out are dropped).",
)
@given(inputs=convolution.conv_inputs(max_size=7))
def test_conv_forward_naive_shapes(student, inputs):
    x, w, b, stride, pad = inputs
    out, _ = student.conv_forward_naive(x, w, b, stride, pad)
    height = len(range(0, x.shape[2] + 2 * pad - w.shape[2] + 1, stride))
    width = len(range(0, x.shape[3] + 2 * pad - w.shape[3] + 1, stride))
    want = (x.shape[0], w.shape[0], height, width)
    assert np.shape(out) == want, (
        f"x {x.shape}, w {w.shape}, stride {stride}, pad {pad}: out has shape "
        f"{np.shape(out)}, expected {want}"
    )


@graded(
    part="conv_naive",
    points=5,
    visibility="visible",
    message="conv_backward_naive returns the gradients of sum(out * dout): dw and db summed "
    "over the whole batch, dx with the padding cut off, and the windows taken with the "
    "forward pass's stride. (This test needs a correct conv_forward_naive too.)",
)
@given(inputs=convolution.conv_inputs(), data=hs.data())
def test_conv_backward_naive_gradient_check(student, expected, inputs, data):
    check_gradients(student, expected, "conv_forward_naive", "conv_backward_naive", inputs, data)


@graded(
    part="conv_fast",
    points=2,
    visibility="visible",
    message="conv_forward_fast computes exactly what conv_forward_naive does (cross-"
    "correlation, padding on H and W, floor for the output size), without loops over images, "
    "filters or positions.",
)
def test_conv_forward_fast_values(student, expected):
    assert_matches_stored(
        student, expected, "conv_forward_fast", args=CONV_ARGS, returns=("out", None)
    )


@graded(
    part="conv_fast",
    points=3,
    visibility="visible",
    message="conv_backward_fast returns the same dx, dw and db as conv_backward_naive for the "
    "stored case (stride 2, padding 1, a 3x2 kernel).",
)
def test_conv_backward_fast_values(student, expected):
    case = expected["conv_backward_fast"]
    x, w, b, stride, pad = (case[name] for name in CONV_ARGS)
    _, cache = student.conv_forward_fast(x, w, b, int(stride), int(pad))
    dx, dw, db = student.conv_backward_fast(case["dout"], cache)
    assert_close(dx, case["dx"], "conv_backward_fast: dx")
    assert_close(dw, case["dw"], "conv_backward_fast: dw")
    assert_close(db, case["db"], "conv_backward_fast: db")


@graded(
    part="conv_fast",
    points=3,
    visibility="visible",
    message="conv_backward_fast returns the gradients of sum(out * dout) for the fast forward "
    "pass, for any stride, padding and kernel shape. (This test needs a correct "
    "conv_forward_fast too.)",
)
@given(inputs=convolution.conv_inputs(), data=hs.data())
def test_conv_backward_fast_gradient_check(student, expected, inputs, data):
    check_gradients(student, expected, "conv_forward_fast", "conv_backward_fast", inputs, data)
