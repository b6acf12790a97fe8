"""Composite tests charge a part's mistake once (autograder.testing.composition): a result
right given the student's own parts passes, one that is wrong either way fails with the
reference's values, and parts that return zeros earn a zero composite nothing."""

import sys
import types

import numpy as np
import pytest

from autograder.testing import assert_close, assert_composition, assert_one_of
from autograder.testing.composition import built_from_student_parts


def _package(name):
    """A reference-like package: a module whose ``model`` composes ``part`` and ``other``."""
    module = types.ModuleType(name)
    exec(
        "import numpy as np\n"
        "def part(x):\n    return 2.0 * x\n"
        "def other(x):\n    return x + 1.0\n"
        "def model(x):\n    return part(x) + other(x)\n",
        module.__dict__,
    )
    sys.modules[name] = module
    package = types.SimpleNamespace(part=module.part, other=module.other, model=module.model)
    return module, package


@pytest.fixture
def reference():
    module, package = _package("composition_reference")
    yield package
    del sys.modules[module.__name__]


def _student(part, other, model):
    return types.SimpleNamespace(part=part, other=other, model=model)


def _assert_model(student, reference):
    """The student's model(X) against the reference's, or the reference's of their parts."""
    got = student.model(X)
    check = lambda want: assert_close(got, want, "out")  # noqa: E731
    assert_composition(check, lambda: reference.model(X), student, reference, reference.model)


X = np.array([1.0, -2.0, 3.0])


def test_a_composite_right_given_the_students_wrong_part_passes(reference):
    student = _student(lambda x: 3.0 * x, reference.other, lambda x: 3.0 * x + x + 1.0)
    _assert_model(student, reference)


def test_the_reference_module_is_restored_after_the_check(reference):
    student = _student(lambda x: 3.0 * x, reference.other, lambda x: 3.0 * x + x + 1.0)
    _assert_model(student, reference)
    assert_close(reference.model(X), 2.0 * X + X + 1.0, "reference after the check")


def test_a_wrong_composite_fails_with_the_reference_values(reference):
    student = _student(reference.part, reference.other, lambda x: reference.part(x))
    with pytest.raises(AssertionError) as failure:
        _assert_model(student, reference)
    assert "out" in str(failure.value)


def test_zero_parts_earn_a_zero_composite_nothing(reference):
    zero = lambda x: 0.0 * x  # noqa: E731
    student = _student(zero, zero, zero)
    with pytest.raises(AssertionError):
        _assert_model(student, reference)


def test_assert_one_of_accepts_a_value_given_the_students_helper():
    assert_one_of(lambda want: assert_close(6.0, want, "count"), lambda: 4.0, lambda: 6.0)
    with pytest.raises(AssertionError):
        assert_one_of(lambda want: assert_close(5.0, want, "count"), lambda: 4.0, lambda: 6.0)


def test_assert_one_of_skips_a_helper_that_raised_or_gave_nothing():
    def broken():
        raise ValueError("the student's helper failed")

    with pytest.raises(AssertionError):
        assert_one_of(lambda want: assert_close(5.0, want, "n"), lambda: 4.0, broken, lambda: None)


def test_only_the_named_parts_are_the_students(reference):
    """With parts=("other",), the composite is built from the student's other and the
    reference's own part: a model right given the student's part alone fails, one right
    given their other passes; a name that is not a part is the test author's error."""
    student = _student(lambda x: 3.0 * x, lambda x: x - 1.0, lambda x: 3.0 * x + x + 1.0)
    got = student.model(X)
    with pytest.raises(AssertionError):
        assert_composition(
            lambda want: assert_close(got, want, "out"),
            lambda: reference.model(X),
            student,
            reference,
            reference.model,
            parts=("other",),
        )
    got = 2.0 * X + X - 1.0
    assert_composition(
        lambda want: assert_close(got, want, "out"),
        lambda: reference.model(X),
        student,
        reference,
        reference.model,
        parts=("other",),
    )
    parts = built_from_student_parts(reference.model, student, reference, ("nothing",))
    with pytest.raises(ValueError, match="not parts of model"), parts:
        pass
