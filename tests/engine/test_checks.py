"""The two common checks (autograder.testing.checks) call the student's function as a test
would, compare the values the docstring names, skip caches, and say what a wrong number of
returned values is."""

import types

import numpy as np
import pytest

from autograder.testing import assert_matches_reference, assert_matches_stored


def _forward(x, scale):
    return x * scale, ("cache", x)


REFERENCE = types.SimpleNamespace(forward=_forward, total=lambda x: float(np.sum(x)))
X = np.arange(6.0).reshape(2, 3)


def test_matches_reference_compares_named_values_and_returns_both_results():
    student = types.SimpleNamespace(forward=lambda x, s: (x * s, {"mine": True}))
    got, want = assert_matches_reference(
        student, REFERENCE, "forward", X, 2.0, returns=("out", None)
    )
    assert got[1] == {"mine": True} and want[1][0] == "cache"


def test_matches_reference_names_the_function_and_value_that_differ():
    student = types.SimpleNamespace(forward=lambda x, s: (x * s + 1, None))
    with pytest.raises(AssertionError, match="forward: out"):
        assert_matches_reference(student, REFERENCE, "forward", X, 2.0, returns=("out", None))


def test_a_wrong_number_of_returned_values_is_said_plainly():
    student = types.SimpleNamespace(forward=lambda x, s: x * s)
    with pytest.raises(
        AssertionError, match="returned one value, not the 2 values its docstring says it returns"
    ):
        assert_matches_reference(student, REFERENCE, "forward", X, 2.0, returns=("out", None))


def test_matches_stored_passes_stored_numbers_as_python_numbers():
    seen = []

    def total(x, scale):
        seen.append(type(scale))
        return float(np.sum(x)) * scale

    expected = {"total": {"x": X, "scale": np.array(2.0), "out": np.array(30.0)}}
    student = types.SimpleNamespace(total=total)
    assert_matches_stored(student, expected, "total", args=("x", "scale"), returns=("out",))
    assert seen == [float]
    expected["total_large"] = {"x": X * 10, "scale": np.array(1.0), "out": np.array(1.0)}
    with pytest.raises(AssertionError, match="total: out"):
        assert_matches_stored(
            student, expected, "total", ("x", "scale"), ("out",), case="total_large"
        )
