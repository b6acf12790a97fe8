"""Public tests of max and average pooling (pooling.py)."""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_gradient, graded
from autograder.testing import strategies as st


@graded(
    part="pooling",
    points=2,
    visibility="visible",
    message="max_pool_forward takes the max of each pool_height x pool_width window, moved by "
    "stride along H and W, for every image and channel; avg_pool_forward the mean. The "
    "output size floors, as conv_output_size does.",
)
def test_pooling_values(student, expected):
    case = expected["pooling"]
    out, _ = student.max_pool_forward(case["x"], 2, 3, 2)
    assert_close(out, case["max_out"], "max_pool_forward(x, 2, 3, 2): out")
    out, _ = student.avg_pool_forward(case["x"], 3, 2, 1)
    assert_close(out, case["avg_out"], "avg_pool_forward(x, 3, 2, 1): out")


def check_pool_gradient(student, expected, kind, inputs, data):
    test_pooling_values(student, expected)
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
    "test needs correct forward passes too.)",
)
@given(inputs=st.pool_inputs(), data=hs.data())
def test_max_pool_backward_gradient_check(student, expected, inputs, data):
    check_pool_gradient(student, expected, "max_pool", inputs, data)


@graded(
    part="pooling",
    points=3,
    visibility="visible",
    message="avg_pool_backward shares each dout[n, c, i, j] equally among the pool_height * "
    "pool_width entries of its window; overlapping windows add up, entries no window covers "
    "get 0. (This test needs correct forward passes too.)",
)
@given(inputs=st.pool_inputs(), data=hs.data())
def test_avg_pool_backward_gradient_check(student, expected, inputs, data):
    check_pool_gradient(student, expected, "avg_pool", inputs, data)
