"""numeric_gradient, numeric_gradient_array and relative_error against closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.testing import strategies as ast
from autograder.testing.gradcheck import (
    RELATIVE_ERROR_FLOOR,
    STEP,
    numeric_gradient,
    numeric_gradient_array,
    relative_error,
)

#: Shapes from 0-d to 3-d, small enough that the element-by-element loop stays fast.
SMALL_SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)


@settings(max_examples=50)
@given(x=ast.arrays(SMALL_SHAPES))
def test_numeric_gradient_of_sum_sin_x_times_x(x):
    """d/dx sum(sin(x) * x) = sin(x) + x cos(x), for 0-d to 3-d arrays."""
    grad = numeric_gradient(lambda v: np.sum(np.sin(v) * v), x)
    assert grad.shape == x.shape
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, np.sin(x) + x * np.cos(x), rtol=1e-6, atol=1e-7)


@settings(max_examples=50)
@given(data=st.data(), x=ast.arrays(SMALL_SHAPES))
def test_numeric_gradient_array_of_cube_with_drawn_dout(data, x):
    """The gradient of sum(x**3 * dout) is 3 x**2 * dout, for any upstream gradient dout."""
    dout = data.draw(ast.arrays(x.shape), label="dout")
    grad = numeric_gradient_array(lambda v: v**3, x, dout)
    assert grad.shape == x.shape
    np.testing.assert_allclose(grad, 3 * x**2 * dout, rtol=1e-6, atol=1e-7)


@settings(max_examples=30)
@given(x=ast.arrays((2, 3)), w=ast.arrays((3, 4)), dout=ast.arrays((2, 4)))
def test_numeric_gradient_array_of_a_matrix_product(x, w, dout):
    """For f(x) = x @ w the gradient is dout @ w.T (the affine layer's dx)."""
    grad = numeric_gradient_array(lambda v: v @ w, x, dout)
    np.testing.assert_allclose(grad, dout @ w.T, rtol=1e-6, atol=1e-7)


@settings(max_examples=30)
@given(x=ast.arrays(SMALL_SHAPES))
def test_numeric_gradient_leaves_x_unchanged_bit_for_bit(x):
    """x is perturbed in place and restored exactly: same values, same bytes, same array."""
    before = x.copy()
    numeric_gradient(lambda v: np.sum(np.exp(v / 5)), x)
    numeric_gradient_array(lambda v: np.tanh(v), x, np.ones_like(x))
    assert x.tobytes() == before.tobytes()
    assert x.shape == before.shape


@given(x=ast.arrays(ast.shapes(max_dims=3, max_side=3)))
def test_numeric_gradient_perturbs_one_element_at_a_time_by_h(x):
    """Each evaluation sees x with exactly one element moved by +h or -h, two per element."""
    h = 1e-3
    seen: list[np.ndarray] = []

    def f(v: np.ndarray) -> float:
        seen.append(v - x_original)
        return 0.0

    x_original = x.copy()
    numeric_gradient(f, x, h)
    assert len(seen) == 2 * x.size
    for delta in seen:
        moved = np.flatnonzero(delta)
        assert moved.size == 1
        assert abs(abs(delta.reshape(-1)[moved[0]]) - h) < 1e-9


@given(x=ast.arrays(ast.shapes(max_dims=2, max_side=4)))
def test_numeric_gradient_uses_the_given_step(x):
    """For sum(x**3) the central difference is exactly 3 x**2 + h**2: the step h is used."""
    h = 0.1
    grad = numeric_gradient(lambda v: np.sum(v**3), x, h)
    np.testing.assert_allclose(grad, 3 * x**2 + h**2, rtol=1e-9, atol=1e-9)


def test_default_step():
    """The documented default step is 1e-5."""
    assert STEP == 1e-5


def test_numeric_gradient_of_a_python_float_and_an_int_array():
    """A Python float (0-d) and an int array are read as float64 and differentiated."""
    assert numeric_gradient(lambda v: float(v) ** 2, 1.5).shape == ()
    assert numeric_gradient(lambda v: float(v) ** 2, 1.5) == pytest.approx(3.0)
    x = np.array([1, 2, 3])
    np.testing.assert_allclose(numeric_gradient(lambda v: np.sum(v**2), x), [2.0, 4.0, 6.0])
    assert x.dtype.kind == "i"


def test_numeric_gradient_of_a_non_contiguous_array():
    """A transposed (non-contiguous) x gets the same gradient as a contiguous copy of it."""
    x = np.arange(6.0).reshape(2, 3).T
    grad = numeric_gradient(lambda v: np.sum(v**2), x)
    np.testing.assert_allclose(grad, 2 * x, atol=1e-6)


# --- relative_error --------------------------------------------------------------------------


def _closed_form(a: np.ndarray, b: np.ndarray, floor: float) -> float:
    """max |a - b| / max(floor, |a| + |b|), one Python float at a time."""
    return max(
        abs(p - q) / max(floor, abs(p) + abs(q))
        for p, q in zip(a.reshape(-1).tolist(), b.reshape(-1).tolist(), strict=True)
    )


@given(
    data=st.data(),
    shape=ast.shapes(),
    floor=st.sampled_from([RELATIVE_ERROR_FLOOR, 1e-3, 1.0]),
)
def test_relative_error_equals_the_closed_form(data, shape, floor):
    """relative_error(a, b) = max |a - b| / max(floor, |a| + |b|) over all elements."""
    a = data.draw(ast.arrays(shape), label="a")
    b = data.draw(ast.arrays(shape), label="b")
    error = relative_error(a, b, floor)
    assert isinstance(error, float)
    assert error == pytest.approx(_closed_form(a, b, floor), rel=1e-12, abs=0)
    assert relative_error(b, a, floor) == error


@given(a=ast.arrays(hnp.array_shapes(min_dims=0, max_dims=3)))
def test_relative_error_of_identical_arrays_is_zero(a):
    """An array has relative error 0 to itself (also all zeros: no 0/0)."""
    assert relative_error(a, a.copy()) == 0.0
    assert relative_error(np.zeros_like(a), np.zeros_like(a)) == 0.0


@pytest.mark.parametrize("shape", [(0,), (3, 0), (0, 2, 2)])
def test_relative_error_of_empty_arrays_is_zero(shape):
    """Empty arrays compare as 0.0 (np.max of nothing would raise)."""
    assert relative_error(np.zeros(shape), np.ones(shape)) == 0.0


def test_relative_error_floor():
    """Below the documented floor 1e-8 the error is absolute, scaled by 1 / floor."""
    assert RELATIVE_ERROR_FLOOR == 1e-8
    assert relative_error(np.array([1e-12]), np.array([0.0])) == pytest.approx(1e-12 / 1e-8)
    assert relative_error(np.array([1e-12]), np.array([-1e-12])) == pytest.approx(2e-4)
    assert relative_error(np.array([0.5]), np.array([0.25]), floor=1.0) == pytest.approx(0.25)
    # Above the floor it is relative to |a| + |b|.
    assert relative_error(np.array([3.0]), np.array([1.0])) == pytest.approx(0.5)


def test_relative_error_of_scalars_and_lists():
    """Scalars and lists are read as float64 arrays."""
    assert relative_error(1.0, 3.0) == pytest.approx(0.5)
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
