"""Public tests of max and average pooling (pooling.py)."""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_gradient, assert_matches_stored, graded
from autograder.testing import strategies as st
from autograder.testing.strategies import convolution

#: The stored inputs of max_pool_forward and avg_pool_forward, in the order of their
#: parameters.
POOL_ARGS = ("x", "pool_height", "pool_width", "stride")


@graded(
    part="pooling",
    points=1,
    visibility="visible",
    message="max_pool_forward takes the max of each pool_height x pool_width window, moved by "
    "stride along H and W, for every image and channel. The output size floors, as "
    "conv_output_size does.",
)
def test_max_pool_forward_values(student, expected):
    assert_matches_stored(
        student, expected, "max_pool_forward", args=POOL_ARGS, returns=("out", None)
    )


@graded(
    part="pooling",
    points=1,
    visibility="visible",
    message="avg_pool_forward takes the mean of each pool_height x pool_width window, moved by "
    "stride along H and W, for every image and channel. The output size floors, as "
    "conv_output_size does.",
)
def test_avg_pool_forward_values(student, expected):
    assert_matches_stored(
        student, expected, "avg_pool_forward", args=POOL_ARGS, returns=("out", None)
    )


def check_pool_gradient(student, expected, kind, inputs, data):
    """The stored forward pass of ``kind`` (only: a wrong max pool never costs the average
    pool's points), then a numeric gradient check of its backward pass on drawn inputs."""
    assert_matches_stored(
        student, expected, f"{kind}_forward", args=POOL_ARGS, returns=("out", None)
    )
    x, pool_h, pool_w, stride = inputs
    forward, backward = getattr(student, f"{kind}_forward"), getattr(student, f"{kind}_backward")
    out, cache = forward(x, pool_h, pool_w, stride)
    dout = data.draw(st.arrays(out.shape), label="dout")
    dx = backward(dout, cache)
    assert_gradient(
        lambda v: forward(v, pool_h, pool_w, stride)[0], x, dout, dx, f"{kind}_backward: dx"
    )


@graded(
    part="pooling",
    points=3,
    visibility="visible",
    message="max_pool_backward sends each dout[n, c, i, j] to the one entry that was its "
    "window's max (not to every entry of the window); overlapping windows add up. (This "
    "test needs a correct max_pool_forward too.)",
)
@given(inputs=convolution.pool_inputs(), data=hs.data())
def test_max_pool_backward_gradient_check(student, expected, inputs, data):
    check_pool_gradient(student, expected, "max_pool", inputs, data)


@graded(
    part="pooling",
    points=3,
    visibility="visible",
    message="avg_pool_backward shares each dout[n, c, i, j] equally among the pool_height * "
    "pool_width entries of its window; overlapping windows add up, entries no window covers "
    "get 0. (This test needs a correct avg_pool_forward too.)",
)
@given(inputs=convolution.pool_inputs(), data=hs.data())
def test_avg_pool_backward_gradient_check(student, expected, inputs, data):
    check_pool_gradient(student, expected, "avg_pool", inputs, data)
