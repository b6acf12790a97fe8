"""Public tests of your gradient checker (gradient_check.py), on functions whose gradients
are known in closed form."""

import numpy as np
from hypothesis import given

from autograder.testing import assert_close, graded
from autograder.testing import expressions as ex
from autograder.testing import strategies as st

#: f(x) = sum(sin(x) * x), whose gradient is cos(x) * x + sin(x). It is called like a
#: function, smooth(x); written as an expression so that your code can call it thousands of
#: times without a round trip to the grader each time.
smooth = ex.total(ex.sin(ex.x) * ex.x)


def smooth_gradient(x):
    return np.cos(x) * x + np.sin(x)


@graded(
    part="gradient_check",
    points=2,
    visibility="visible",
    message="eval_numerical_gradient(f, x, h) returns (f(x + h e_i) - f(x - h e_i)) / (2h) "
    "for every index i, with the shape of x, and leaves x unchanged.",
)
@given(x=st.arrays(st.shapes(max_dims=3)))
def test_eval_numerical_gradient_known_function(student, x):
    grad = student.eval_numerical_gradient(smooth, x, h=1e-5)
    assert_close(grad, smooth_gradient(x), "grad", 1e-6, 1e-8)


@graded(
    part="gradient_check",
    points=2,
    visibility="visible",
    message="eval_numerical_gradient_array(f, x, df, h) returns the numeric gradient of "
    "sum(f(x) * df): for every index i, sum((f(x + h e_i) - f(x - h e_i)) * df) / (2h).",
)
@given(x=st.arrays(st.shapes(max_dims=3)))
def test_eval_numerical_gradient_array_known_function(student, x):
    df = np.cos(np.arange(x.size, dtype=np.float64)).reshape(x.shape)
    grad = student.eval_numerical_gradient_array(ex.sin(ex.x), x, df, h=1e-5)
    assert_close(grad, np.cos(x) * df, "grad", 1e-6, 1e-8)


@graded(
    part="gradient_check",
    points=1,
    visibility="visible",
    message="rel_error(x, y) is the max over elements of |x - y| / max(1e-8, |x| + |y|).",
)
def test_rel_error_examples(student):
    cases = [
        ([1.0, 2.0], [1.0, 2.0], 0.0),
        ([1.0, -3.0], [3.0, -3.0], 0.5),
        ([0.0], [1e-9], 0.1),  # below the 1e-8 floor
    ]
    for x, y, want in cases:
        got = student.rel_error(np.array(x), np.array(y))
        assert_close(got, want, f"rel_error({x}, {y})")
