"""Public tests of max and average pooling (pooling.py)."""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_gradient, graded
from autograder.testing import strategies as st
from autograder.testing.strategies import convolution


@graded(
    part="pooling",
    points=2,
    visibility="visible",
    message="max_pool_forward takes the max of each pool_height x pool_width window, moved by "
    "stride along H and W, for every image and channel; avg_pool_forward the mean. The "
    "output size floors, as conv_output_size does.",
)
def test_pooling_values(student, expected):
    for kind in STORED:
        check_stored_forward(student, expected, kind)


#: The stored outputs of each kind of pooling: the key in the stored case, and the
#: (pool_height, pool_width, stride) they were computed with.
STORED = {"max_pool": ("max_out", (2, 3, 2)), "avg_pool": ("avg_out", (3, 2, 1))}


def check_stored_forward(student, expected, kind):
    """``kind``'s forward pass on the stored x, against its stored output."""
    case = expected["pooling"]
    key, sizes = STORED[kind]
    out, _ = getattr(student, f"{kind}_forward")(case["x"], *sizes)
    assert_close(out, case[key], f"{kind}_forward(x, {', '.join(map(str, sizes))}): out")


def check_pool_gradient(student, expected, kind, inputs, data):
    """The stored forward pass of ``kind`` (only: a wrong max pool never costs the average
    pool's points), then a numeric gradient check of its backward pass on drawn inputs."""
    check_stored_forward(student, expected, kind)
    x, pool_h, pool_w, stride = inputs
    forward, backward = getattr(student, f"{kind}_forward"), getattr(student, f"{kind}_backward")
    out, cache = forward(x, pool_h, pool_w, stride)
    dout = data.draw(st.arrays(out.shape), label="dout")
    dx = backward(dout, cache)
    assert_gradient(lambda v: forward(v, pool_h, pool_w, stride)[0], x, dout, dx, "dx")


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
