"""Hidden tests of the gradient checker against the reference solution."""

import numpy as np
from hypothesis import given

from autograder.testing import assert_matches_reference, graded
from autograder.testing import expressions as ex
from autograder.testing import strategies as st

#: A smooth scalar function with mixed terms: sum(x**3) + (sum(x))**2.
cubic = ex.total(ex.x**3) + ex.total(ex.x) ** 2
#: An elementwise function whose output has the shape of x.
tanh_squared = ex.tanh(ex.x) ** 2


@graded(
    part="gradient_check",
    points=2,
    visibility="after_due_date",
    message="eval_numerical_gradient must use central differences with the given step h and "
    "restore every x[i] after perturbing it.",
)
@given(x=st.arrays(st.shapes(max_dims=3), -2, 2))
def test_eval_numerical_gradient_matches_reference(student, reference, x):
    assert_matches_reference(
        student, reference, "eval_numerical_gradient", cubic, x, h=1e-4, returns=("grad",)
    )


@graded(
    part="gradient_check",
    points=2,
    visibility="after_due_date",
    message="eval_numerical_gradient_array must weight each output's change by df: "
    "sum((f(x + h e_i) - f(x - h e_i)) * df) / (2h).",
)
@given(x=st.arrays(st.shapes(max_dims=3), -2, 2))
def test_eval_numerical_gradient_array_matches_reference(student, reference, x):
    df = np.linspace(-1.0, 1.0, x.size).reshape(x.shape)
    assert_matches_reference(
        student,
        reference,
        "eval_numerical_gradient_array",
        tanh_squared,
        x,
        df,
        h=1e-4,
        returns=("grad",),
    )


@graded(
    part="gradient_check",
    points=1,
    visibility="after_due_date",
    message="rel_error(x, y) is the max over elements of |x - y| / max(1e-8, |x| + |y|).",
)
@given(x=st.arrays(st.shapes(max_dims=2)), y=st.arrays(st.shapes(max_dims=2)))
def test_rel_error_matches_reference(student, reference, x, y):
    y = np.resize(y, x.shape)
    assert_matches_reference(student, reference, "rel_error", x, y, returns=("error",))
