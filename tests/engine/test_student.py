"""InProcessStudent: calls with copied arrays, attributes as they are, helpful missing names."""

from __future__ import annotations

import sys
import types
from collections import namedtuple

import numpy as np
import pytest
from hypothesis import given

from autograder.testing import strategies as ast
from autograder.testing.student import (
    InProcessStudent,
    MissingFunctionError,
    exception_raised,
    lines_executed,
    modified_in_place,
)

NAME = "engine_test_student_pkg"


class Net:
    """A class a student package exports (tests construct it themselves)."""

    def __init__(self, size: int) -> None:
        self.size = size


def make_module() -> types.ModuleType:
    """A stand-in student package whose functions modify their inputs in place."""
    module = types.ModuleType(NAME)

    def double_in_place(x):
        x *= 2
        return x

    def zero_everything(*args, **kwargs):
        """Zero every array it can reach in its arguments, however nested."""

        def walk(value):
            if isinstance(value, np.ndarray):
                value[...] = 0
            elif isinstance(value, (list, tuple)):
                for item in value:
                    walk(item)
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)

        walk(args)
        walk(kwargs)
        return args, kwargs

    def identity(value):
        return value

    def refuse(value):
        raise ValueError(f"no {value}")

    module.double_in_place = double_in_place
    module.zero_everything = zero_everything
    module.identity = identity
    module.refuse = refuse
    module.Net = Net
    module.LEARNING_RATE = 0.1
    module.CONFIG = {"layers": [3, 2]}
    module._helper = lambda: "private"
    return module


@pytest.fixture
def student():
    return InProcessStudent(make_module())


@given(x=ast.arrays(ast.shapes()))
def test_in_place_modification_does_not_reach_the_callers_array(x):
    """A function that doubles its argument in place returns 2x and leaves the caller's x alone."""
    student = InProcessStudent(make_module())
    before = x.copy()
    out = student.double_in_place(x)
    assert np.array_equal(x, before)
    assert np.array_equal(out, 2 * before)
    assert out is not x


def test_arrays_inside_tuples_lists_dicts_and_kwargs_are_copied(student):
    """Arrays nested in tuples, lists and dicts, positional or keyword, are all copies."""
    a, b, c, d, e = (np.arange(1.0, 4.0) for _ in range(5))
    args, kwargs = student.zero_everything((a, [b, {"c": c}]), {"d": d}, cache=(e,))
    for array in (a, b, c, d, e):
        np.testing.assert_array_equal(array, [1.0, 2.0, 3.0])
    # The function did see (and zero) arrays of the same structure.
    assert isinstance(args[0], tuple)
    assert isinstance(args[0][1], list)
    assert isinstance(args[0][1][1], dict)
    np.testing.assert_array_equal(args[0][1][1]["c"], [0.0, 0.0, 0.0])
    np.testing.assert_array_equal(kwargs["cache"][0], [0.0, 0.0, 0.0])


def test_non_array_arguments_are_passed_as_they_are(student):
    """Objects that are not arrays (a network instance, a dict of settings) are not copied."""
    net, settings = Net(3), {"lr": 0.1}
    assert student.identity(net) is net
    assert student.identity(5) == 5
    assert student.identity(settings) == settings


def test_a_namedtuple_argument_is_copied_and_kept_a_namedtuple(student):
    """A namedtuple (e.g. a student's cache) passed back in is copied like any tuple."""
    cache_type = namedtuple("Cache", "x w")
    x = np.ones(2)
    out = student.zero_everything(cache_type(x, 3))
    np.testing.assert_array_equal(x, [1.0, 1.0])
    assert isinstance(out[0][0], cache_type)


def test_calls_return_the_functions_result_and_keep_its_name(student):
    """The wrapper returns what the function returns and carries the function's name."""
    assert student.identity("value") == "value"
    assert student.double_in_place.__name__ == "double_in_place"


def test_constants_and_classes_are_returned_as_they_are(student):
    """Non-callable attributes and classes are the package's own objects, not wrappers."""
    module = student._module
    assert student.LEARNING_RATE == 0.1
    assert student.CONFIG is module.CONFIG
    assert student.Net is Net
    assert isinstance(student.Net(4), Net)


def test_missing_function_error_names_it_and_says_how_to_fix(student):
    """A missing name raises MissingFunctionError (an AttributeError) with a fix to try."""
    with pytest.raises(MissingFunctionError) as info:
        student.conv_forward_naive  # noqa: B018 - the attribute access is the test
    message = str(info.value)
    assert isinstance(info.value, AttributeError)
    assert f"Your package {NAME} has no conv_forward_naive" in message
    assert "__init__.py" in message
    assert "from .module import conv_forward_naive" in message
    assert not hasattr(student, "conv_forward_naive")


@pytest.mark.parametrize("name", ["_helper", "_module_secret", "__wrapped__"])
def test_private_names_are_not_reachable(student, name):
    """Names starting with an underscore raise AttributeError, even where the package has them."""
    student._module._module_secret = 1
    student._module.__wrapped__ = object()
    with pytest.raises(AttributeError):
        getattr(student, name)


def test_load_imports_a_package_from_a_folder(tmp_path, monkeypatch):
    """InProcessStudent.load imports a folder under the given name and calls into it."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "__init__.py").write_text("from .layers import relu\n")
    (folder / "layers.py").write_text("def relu(x):\n    x[x < 0] = 0\n    return x\n")
    try:
        student = InProcessStudent.load(folder, NAME)
        x = np.array([-1.0, 2.0])
        np.testing.assert_array_equal(student.relu(x), [0.0, 2.0])
        np.testing.assert_array_equal(x, [-1.0, 2.0])
        assert repr(student) == f"<student package {NAME}>"
    finally:
        for key in [k for k in sys.modules if k == NAME or k.startswith(NAME + ".")]:
            del sys.modules[key]


def test_exception_raised_names_the_students_exception(student):
    """In-process the student's exception arrives as itself; exception_raised names it as the
    sandbox does (tests/engine/test_sandbox.py), and a missing function still fails."""
    assert exception_raised(student.refuse, 3) == "ValueError"
    assert exception_raised(student.identity, 3) is None
    with pytest.raises(MissingFunctionError):
        exception_raised(lambda: student.nothing(1))


def test_modified_in_place_names_each_array_argument_the_call_changed(student):
    """A call that changes arrays it was given is caught, each named as the signature names
    it (inside a dict or list too); one that only reads them is not; the caller's arrays
    are untouched either way."""
    w, state, grads = np.ones(3), {"m": np.ones(2), "t": 1}, [np.ones(1), np.ones(1)]
    value, changed = modified_in_place(student.double_in_place, w)
    assert changed == ["x"] and np.array_equal(value, 2 * np.ones(3))
    _, changed = modified_in_place(student.zero_everything, w, state, grads=grads)
    assert changed == ["argument 1", "argument 2['m']", "grads[0]", "grads[1]"]
    assert modified_in_place(student.identity, w)[1] == []
    assert np.array_equal(w, np.ones(3)) and np.array_equal(state["m"], np.ones(2))
    with pytest.raises(TypeError, match="modified_in_place takes a student's function"):
        modified_in_place(np.add, w, w)


def test_lines_executed_counts_lines_of_the_students_package(tmp_path):
    """In-process too, only the lines of files in the student's package folder count."""
    package = tmp_path / "counted_pkg"
    package.mkdir()
    (package / "__init__.py").write_text(
        "import numpy as np\n"
        "def looped(x):\n    total = 0.0\n    for value in x:\n        total += value\n"
        "    return total\n"
        "def vectorized(x):\n    return float(np.sum(x))\n"
    )
    student = InProcessStudent.load(package, "counted_pkg")
    value, looped = lines_executed(student.looped, np.arange(100.0))
    assert value == 4950.0 and looped > 200
    assert lines_executed(student.vectorized, np.arange(100.0)) == (4950.0, 1)
