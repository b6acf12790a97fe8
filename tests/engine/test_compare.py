"""assert_close and assert_gradient: what passes, what fails, and what a failure says.

The failure message is shown to students on hidden tests, so besides naming the output, the
worst index and the student's value, it must never contain the expected value.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager, suppress

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.testing import strategies as ast
from autograder.testing.compare import ATOL, RTOL, assert_close, assert_close_each, assert_gradient

#: An expected value that is easy to spot in a message if it leaks.
SECRET = 123.456789
SECRET_SPELLINGS = ("123.456789", "123.4568", "123.457", "1.234568e+02", "1.23457e+02")


@contextmanager
def no_numpy_warnings():
    """Turn every warning and floating-point exception into an error.

    Underflow is left ignored: it is NumPy's default, never a visible warning, and harmless
    here (rtol * 1e-308 rounding to 0 next to atol).
    """
    with warnings.catch_warnings(), np.errstate(all="raise", under="ignore"):
        warnings.simplefilter("error")
        yield


def failure_message(actual: object, expected: object, name: str = "out", **kwargs) -> str:
    """The message of the AssertionError that assert_close raises (fails if it passes)."""
    with pytest.raises(AssertionError) as info:
        assert_close(actual, expected, name, **kwargs)
    return str(info.value)


# --- passing ---------------------------------------------------------------------------------


@given(x=ast.arrays(hnp.array_shapes(min_dims=0, max_dims=4, max_side=4)))
def test_identical_arrays_pass(x):
    """An array equals itself, for every shape including 0-d."""
    assert_close(x, x.copy(), "out")


@given(x=ast.arrays(ast.shapes(), low=-1e6, high=1e6))
def test_float32_rounding_of_the_expected_values_passes(x):
    """A correct float32 implementation (the float64 answer rounded to float32) passes."""
    assert_close(x.astype(np.float32), x, "out")


@given(x=ast.arrays(ast.shapes()), factor=st.floats(-0.9, 0.9))
def test_error_within_rtol_passes(x, factor):
    """Any relative error up to 0.9 * rtol passes on every element."""
    assert_close(x * (1 + factor * RTOL), x, "out")


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (2.5, np.array(2.5)),
        (np.array(2.5), 2.5),
        (np.float32(2.5), np.array(2.5)),
        (np.float64(-1.0), -1),
        (3, np.array(3.0)),
        ([1.0, 2.0], np.array([1.0, 2.0])),
    ],
)
def test_scalars_0d_arrays_and_lists_compare_by_value(actual, expected):
    """A Python or NumPy scalar equals a 0-d array (and a list an array) of the same value."""
    assert_close(actual, expected, "loss")


def test_expected_zero_passes_within_atol_and_fails_beyond():
    """Where the expected value is 0 the absolute tolerance decides."""
    zeros = np.zeros((2, 3))
    assert_close(zeros + 0.5 * ATOL, zeros, "dx")
    assert_close(zeros - 0.5 * ATOL, zeros, "dx")
    assert "dx" in failure_message(zeros + 10 * ATOL, zeros, "dx")
    assert_close(zeros + 1e-4, zeros, "dx", atol=1e-3)
    assert_close(zeros, zeros, "dx", atol=0.0)
    failure_message(np.full(3, 1e-300), np.zeros(3), atol=0.0)


def test_tolerance_is_relative_to_the_expected_value():
    """The same absolute error passes against a large expected value and fails on a small one."""
    assert_close(1000.0 + 1e-4, 1000.0, "out")
    failure_message(1.0 + 1e-4, 1.0)
    assert_close(1.0 + 1e-4, 1.0, "out", rtol=1e-3)


# --- failing: what the message says ---------------------------------------------------------


@given(data=st.data(), actual=ast.arrays(ast.shapes()))
def test_failure_names_output_worst_index_and_student_value_but_not_expected(data, actual):
    """One wrong element: the message names it, its index and the student's value, not ours."""
    flat = data.draw(st.integers(0, actual.size - 1), label="wrong element")
    where = tuple(int(i) for i in np.unravel_index(flat, actual.shape))
    expected = actual.copy()
    expected[where] = SECRET
    message = failure_message(actual, expected, "dw")
    assert message.startswith("dw: ")
    assert f"at index {where}" in message
    assert f"your value there is {actual[where]:.6g}" in message
    for spelling in SECRET_SPELLINGS:
        assert spelling not in message


@given(actual=ast.arrays(hnp.array_shapes(min_dims=0, max_dims=3)))
def test_failure_never_shows_expected_value_when_everything_differs(actual):
    """Every element wrong: the worst one is reported, and the expected value stays hidden."""
    expected = np.full(actual.shape, SECRET)
    message = failure_message(actual, expected, "scores")
    worst = np.unravel_index(int(np.argmax(np.abs(actual - SECRET))), actual.shape)
    worst = tuple(int(i) for i in worst)
    assert message.startswith("scores: ")
    assert f"at index {worst}" in message
    assert f"your value there is {actual[worst]:.6g}" in message
    for spelling in SECRET_SPELLINGS:
        assert spelling not in message


def test_worst_element_is_the_one_furthest_outside_its_tolerance():
    """Worst means largest error relative to the allowed error, not largest absolute error."""
    expected = np.array([1.0, 1000.0])
    actual = np.array([1.1, 1001.0])  # 10% off at index 0, only 0.1% (but 10x more) at 1
    message = failure_message(actual, expected, "out")
    assert "at index (0,)" in message
    assert "your value there is 1.1" in message
    assert "max relative error 1.0e-01" in message


def test_shape_mismatch_message_gives_both_shapes():
    """A wrongly shaped answer is reported as such, with both shapes, before any values."""
    message = failure_message(np.zeros((2, 3)), np.zeros((3, 2)), "out")
    assert message == "out: has shape (2, 3), expected shape (3, 2)"
    assert "shape (3,)" in failure_message(np.zeros((3, 1)), np.zeros(3), "out")
    assert "has shape ()" in failure_message(1.0, np.ones(1), "out")


@pytest.mark.parametrize(
    ("actual", "type_name"),
    [
        ((np.zeros(2), np.zeros(3)), "tuple"),
        ([np.zeros((2, 2)), np.zeros(2)], "list"),
        ("abc", "str"),
        ({"out": np.zeros(2)}, "dict"),
        (object(), "object"),
    ],
)
def test_non_numeric_answer_is_reported_with_its_type(actual, type_name):
    """Something that is not a number or an array of numbers gets a message naming its type."""
    message = failure_message(actual, np.zeros(2), "out")
    assert message == f"out: expected a number or a NumPy array of numbers, got {type_name}"


@pytest.mark.parametrize(
    ("actual", "expected", "type_name"),
    [
        (None, np.zeros((2, 3)), "NoneType"),
        (None, np.array(0.0), "NoneType"),
        ("0.5", np.array(0.5), "str"),
    ],
)
def test_none_and_numeric_strings_are_reported_as_not_numbers(actual, expected, type_name):
    """None (no return statement) and a string are not numbers, whatever NumPy makes of them."""
    message = failure_message(actual, expected, "out")
    assert message == f"out: expected a number or a NumPy array of numbers, got {type_name}"


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@given(data=st.data(), expected=ast.arrays(ast.shapes()))
def test_nan_or_inf_where_a_finite_value_is_expected(bad, data, expected):
    """A NaN or infinity in the answer is reported at its index, even if other values differ."""
    actual = expected + 1.0  # every element is also wrong: non-finite values are reported first
    flat = data.draw(st.integers(0, expected.size - 1), label="bad element")
    where = tuple(int(i) for i in np.unravel_index(flat, expected.shape))
    actual[where] = bad
    message = failure_message(actual, expected, "out")
    assert message.startswith(f"out: contains {bad} at index {where}, where a finite value")


@pytest.mark.parametrize(("actual", "expected"), [(5.0, np.inf), (np.inf, -np.inf)])
def test_infinite_expected_value_needs_the_same_infinity(actual, expected):
    """Where the expected value is infinite, only the same infinity is within tolerance."""
    failure_message(np.array([actual]), np.array([expected]))


# --- no numpy warnings -----------------------------------------------------------------------


@given(actual=ast.arrays((3, 2)), expected=ast.arrays((3, 2)))
def test_no_numpy_warnings_on_finite_inputs(actual, expected):
    """Comparing finite arrays (passing or failing) emits no NumPy warning."""
    expected[0, 0] = 0.0
    with no_numpy_warnings(), suppress(AssertionError):
        assert_close(actual, expected, "out")


@pytest.mark.parametrize("actual", [1e-3, 0.5, -1.0, 1e-300])
def test_no_numpy_warnings_with_zero_atol_and_zero_expected(actual):
    """atol=0 and an expected 0 (allowed error 0) fail cleanly, without a division warning."""
    with no_numpy_warnings():
        message = failure_message(np.array([0.0, actual]), np.zeros(2), atol=0.0)
    assert "at index (1,)" in message


def test_no_numpy_warnings_with_zero_atol_when_everything_matches():
    """atol=0 with exact zeros passes silently."""
    with no_numpy_warnings():
        assert_close(np.zeros(4), np.zeros(4), "out", atol=0.0)


def test_no_numpy_warnings_with_zero_atol_and_large_error():
    """atol=0, expected 0, answer 5: a clean AssertionError, no overflow warning."""
    with no_numpy_warnings():
        failure_message(np.array([5.0]), np.zeros(1), atol=0.0)


def test_matching_infinities_pass_without_warnings():
    """An answer equal to an infinite expected value passes silently."""
    with no_numpy_warnings():
        assert_close(np.array([np.inf, 1.0]), np.array([np.inf, 1.0]), "out")


# --- assert_gradient -------------------------------------------------------------------------


def _tanh_layer(seed: int):
    """f(x) = tanh(x) @ W with its input, upstream gradient and true input gradient."""
    rng = np.random.default_rng(seed)
    n, d, m = rng.integers(1, 5, size=3)
    x = rng.uniform(-2, 2, size=(n, d))
    w = rng.normal(size=(d, m))
    dout = rng.normal(size=(n, m))
    dx = (dout @ w.T) * (1 - np.tanh(x) ** 2)
    return (lambda v: np.tanh(v) @ w), x, dout, dx


@settings(max_examples=30)
@given(seed=ast.seeds())
def test_assert_gradient_accepts_the_true_gradient(seed):
    """The closed-form gradient of tanh(x) @ W passes, and x is left as it was."""
    forward, x, dout, dx = _tanh_layer(seed)
    before = x.copy()
    assert_gradient(forward, x, dout, dx, "dx")
    assert np.array_equal(x, before)


@settings(max_examples=30)
@given(seed=ast.seeds())
def test_assert_gradient_rejects_a_gradient_off_by_one_percent(seed):
    """The true gradient times 1.01 fails, with a message naming the output."""
    forward, x, dout, dx = _tanh_layer(seed)
    assume(np.max(np.abs(dx)) > 1e-3)
    with pytest.raises(AssertionError, match=r"^dx \(checked against a numeric gradient\): "):
        assert_gradient(forward, x, dout, dx * 1.01, "dx")


def test_assert_gradient_rejects_a_wrongly_shaped_gradient():
    """A gradient of the wrong shape (transposed) fails on the shape check."""
    x, dout = np.ones((2, 3)), np.ones((2, 3))
    with pytest.raises(AssertionError, match=r"has shape \(3, 2\), expected shape \(2, 3\)"):
        assert_gradient(lambda v: v * 2.0, x, dout, np.full((3, 2), 2.0), "dx")


def test_assert_gradient_accepts_the_true_gradient_for_a_transposed_input():
    """A non-contiguous input (a transposed view) is checked like a contiguous one."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-2, 2, size=(3, 2)).T
    w = rng.normal(size=(3, 4))
    dout = rng.normal(size=(2, 4))
    dx = (dout @ w.T) * (1 - np.tanh(x) ** 2)
    assert_gradient(lambda v: np.tanh(v) @ w, x, dout, dx, "dx")


def test_assert_close_each_compares_arrays_of_any_shapes_in_order():
    """A list of arrays passes when each is close to its counterpart; the message names the
    first one that is not, or says the count or the type is wrong."""
    expected = [np.ones((2, 3)), np.arange(4.0)]
    assert_close_each([np.ones((2, 3)), np.arange(4.0) + 1e-12], expected, "grads")
    with pytest.raises(AssertionError, match=r"grads\[1\]"):
        assert_close_each([np.ones((2, 3)), np.arange(4.0) + 1], expected, "grads")
    with pytest.raises(AssertionError, match=r"expected a list of 2 arrays, got 1$"):
        assert_close_each([np.ones((2, 3))], expected, "grads")
    with pytest.raises(AssertionError, match="got ndarray"):
        assert_close_each(np.ones(2), expected, "grads")


def test_an_error_of_float32_size_says_so():
    """float64 is the contract: a result computed in float32 (a float32 array, or float32
    numbers cast back to float64) that misses the tolerance gets a message naming float32;
    a float64 result that is simply wrong, or wrong by far more, does not."""
    rng = np.random.default_rng(0)
    want = rng.normal(size=(4, 5))
    float32 = (want.astype(np.float32) * np.float32(1.0000005)).astype(np.float32)
    for actual in (float32, float32.astype(np.float64)):
        with pytest.raises(AssertionError, match="float32 round-off") as err:
            assert_close(actual, want, "out", rtol=1e-9)
        assert "computes in float64" in str(err.value)
    for wrong in (want * (1 + 1e-5), want + 1.0, float32.astype(np.float64) * 2):
        with pytest.raises(AssertionError) as err:
            assert_close(wrong, want, "out", rtol=1e-9)
        assert "float32" not in str(err.value)
