"""Public tests of the affine and ReLU layers (layers.py).

Forward passes are compared with stored expected values; backward passes with a numeric
gradient of your own forward pass (so fix a failing forward test first).
"""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_gradient, graded
from autograder.testing import strategies as st


@graded(
    part="affine",
    points=2,
    visibility="visible",
    message="affine_forward(x, w, b) returns out = x_flat @ w + b, where x_flat is x "
    "reshaped to (N, D).",
)
def test_affine_forward_values(student, expected):
    case = expected["affine_forward"]
    out, _ = student.affine_forward(case["x"], case["w"], case["b"])
    assert_close(out, case["out"], "out")


@graded(
    part="affine",
    points=3,
    visibility="visible",
    message="affine_backward returns (dx, dw, db), the gradients of sum(out * dout) with "
    "respect to x, w and b; dx has the shape of x, db sums dout over the batch. (This test "
    "needs a correct affine_forward too.)",
)
@given(inputs=st.affine_inputs(max_feature_dims=2, max_side=3), data=hs.data())
def test_affine_backward_gradient_check(student, expected, inputs, data):
    case = expected["affine_forward"]
    assert_close(student.affine_forward(case["x"], case["w"], case["b"])[0], case["out"], "out")
    x, w, b = inputs
    dout = data.draw(st.arrays((x.shape[0], w.shape[1])), label="dout")
    _, cache = student.affine_forward(x, w, b)
    dx, dw, db = student.affine_backward(dout, cache)
    assert_gradient(lambda v: student.affine_forward(v, w, b)[0], x, dout, dx, "dx")
    assert_gradient(lambda v: student.affine_forward(x, v, b)[0], w, dout, dw, "dw")
    assert_gradient(lambda v: student.affine_forward(x, w, v)[0], b, dout, db, "db")


@graded(
    part="relu",
    points=1,
    visibility="visible",
    message="relu_forward(x) returns out = max(0, x) elementwise, with the shape of x.",
)
def test_relu_forward_values(student, expected):
    case = expected["relu_forward"]
    out, _ = student.relu_forward(case["x"])
    assert_close(out, case["out"], "out")


@graded(
    part="relu",
    points=2,
    visibility="visible",
    message="relu_backward passes dout through where x > 0 and gives 0 where x < 0. (This "
    "test needs a correct relu_forward too.)",
)
@given(x=st.arrays(st.shapes(max_dims=3, max_side=4)), data=hs.data())
def test_relu_backward_gradient_check(student, expected, x, data):
    case = expected["relu_forward"]
    assert_close(student.relu_forward(case["x"])[0], case["out"], "out")
    x = st.away_from_kinks(x)
    dout = data.draw(st.arrays(x.shape), label="dout")
    _, cache = student.relu_forward(x)
    dx = student.relu_backward(dout, cache)
    assert_gradient(lambda v: student.relu_forward(v)[0], x, dout, dx, "dx")
