"""The pytest plugin and runner: the test contract is enforced, results carry points and
feedback that teaches without leaking, and runs are deterministic."""

from __future__ import annotations

import dataclasses

import pytest
from helpers import make_toy_course, require_bubblewrap

from autograder.authoring.generate import student_files, write_files
from autograder.course import Assignment
from autograder.sandbox.launcher import Limits
from autograder.sandbox.settings import write_settings
from autograder.testing.runner import TestRunError, assignment_target, run_tests


@pytest.fixture
def toy(tmp_path) -> Assignment:
    assignment = Assignment(make_toy_course(tmp_path / "course"), "t1_toy")
    write_files(assignment.student_dir, student_files(assignment))
    return assignment


def student_package(tmp_path, body: str) -> object:
    """A student's t1_toy whose ops.py defines ``body``."""
    package = tmp_path / "student" / "t1_toy"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from .ops import *  # noqa: F403\n")
    (package / "ops.py").write_text("import numpy as np\n\n" + body)
    return package


def grade(toy, package):
    return {r.test: r for r in run_tests(assignment_target(toy, package), isolated=True).results}


def test_reference_earns_every_point(toy):
    results = grade(toy, toy.solution_dir)
    assert all(r.passed and r.points == r.max_points for r in results.values())
    assert {r.test: r.max_points for r in results.values()} == {
        "test_double_values": 2.0,
        "test_double_shape": 1.0,
        "test_double_matches_reference": 3.0,
    }
    assert results["test_double_matches_reference"].visibility == "hidden"


def test_tests_run_part_by_part_in_the_order_of_the_spec(toy):
    """Results come part by part, in assignment.toml's order (the order students work in),
    whatever the file names; within a part, in file order."""
    spec = toy.solution_dir / "assignment.toml"
    spec.write_text(
        spec.read_text().replace(
            "[[parts]]", '[[parts]]\nname = "first"\ntitle = "First"\nfunctions = []\n\n[[parts]]'
        )
    )
    (toy.public_tests / "test_zz_first.py").write_text(
        "from autograder.testing import graded\n\n\n"
        '@graded(part="first", points=1, visibility="visible", message="m")\n'
        "def test_first(student):\n    pass\n"
    )
    write_files(toy.student_dir, student_files(toy))
    results = run_tests(assignment_target(toy, toy.solution_dir), isolated=True).results
    assert [r.test for r in results] == [
        "test_first",
        "test_double_values",
        "test_double_shape",
        "test_double_matches_reference",
    ]


def test_failure_feedback_has_message_detail_and_shrunk_input_only(toy, tmp_path):
    package = student_package(tmp_path, "def double(x):\n    return x * 2 + (x.size > 2)\n")
    result = grade(toy, package)["test_double_matches_reference"]
    assert not result.passed and result.points == 0
    lines = result.feedback.splitlines()
    assert lines[0] == "double equals the reference."
    assert lines[1].startswith("out: max relative error")
    assert "Smallest failing input" in result.feedback
    assert "array([0., 0., 0.])" in result.feedback  # the shrunk example
    # Never the fixtures (the reference's location) nor the hidden test's source.
    assert "reference=" not in result.feedback and "solutions" not in result.feedback
    assert "assert_close(" not in result.feedback


def test_student_exception_points_at_the_student_line(toy, tmp_path):
    package = student_package(tmp_path, "def double(x):\n    raise ValueError('oops')\n")
    result = grade(toy, package)["test_double_values"]
    assert "ValueError: oops (in ops.py, line 4, in double)" in result.feedback


@pytest.mark.parametrize("sandboxed", [False, True], ids=["in-process", "sandboxed"])
def test_an_unfinished_todo_fails_at_once_without_shrinking(toy, tmp_path, sandboxed):
    """The skeleton's NotImplementedError fails the test on its first example, with the TODO
    as feedback and no "smallest input" (there is nothing to shrink), in both places; any
    other NotImplementedError is an ordinary failure."""
    package = student_package(
        tmp_path,
        "def double(x):\n    raise NotImplementedError('TODO in double: Multiply by two.')\n",
    )
    target = assignment_target(toy, package)
    if sandboxed:
        require_bubblewrap()
        settings = tmp_path / "sandbox.json"
        write_settings(settings, Limits(), (), "")
        target = dataclasses.replace(target, sandbox=settings)
    results = {r.test: r for r in run_tests(target, isolated=True).results}
    for result in results.values():
        assert not result.passed
        assert "Not written yet: TODO in double: Multiply by two." in result.feedback
        assert "Smallest failing input" not in result.feedback
    other = student_package(tmp_path / "other", "def double(x):\n    raise NotImplementedError\n")
    feedback = grade(toy, other)["test_double_shape"].feedback
    assert "NotImplementedError (in ops.py" in feedback and "Smallest failing input" in feedback


def test_missing_function_is_explained(toy, tmp_path):
    package = student_package(tmp_path, "def triple(x):\n    return 3 * x\n")
    result = grade(toy, package)["test_double_values"]
    assert "has no double" in result.feedback and "__init__.py" in result.feedback


def test_package_that_does_not_import_fails_every_test(toy, tmp_path):
    package = student_package(tmp_path, "def double(x)\n    return 2 * x\n")
    results = grade(toy, package)
    assert not any(r.passed for r in results.values())
    assert "SyntaxError" in results["test_double_values"].feedback


def test_skip_is_a_failure(toy, tmp_path):
    package = student_package(tmp_path, "import pytest\n\ndef double(x):\n    pytest.skip('no')\n")
    results = grade(toy, package)
    assert not any(r.passed for r in results.values())
    assert "skipped" in results["test_double_values"].feedback


def test_grades_are_deterministic(toy, tmp_path):
    package = student_package(
        tmp_path, "def double(x):\n    return x * 2 if x.size < 4 else x * 2.1\n"
    )
    assert grade(toy, package) == grade(toy, package)


@pytest.mark.parametrize(
    ("edit", "complaint"),
    [
        (('part="scale", points=2', 'part="nope", points=2'), "unknown part 'nope'"),
        (
            ('visibility="visible", message="double(x)', 'visibility="hidden", message="double(x)'),
            "a public test must be visible",
        ),
        (
            (
                "def test_double_values(student, expected):",
                "def test_double_values(student, expected, reference):",
            ),
            "a public test may not use the reference",
        ),
        (
            ("    case = expected", "    import t1_toy\n    case = expected"),
            "imports the student's package",
        ),
        (
            ("    case = expected", "    from t1_toy.ops import double\n    case = expected"),
            "imports the student's package",
        ),
        (
            (
                '@graded(part="scale", points=1, visibility="visible", '
                'message="double keeps the shape.")\n',
                "",
            ),
            "not @graded",
        ),
    ],
)
def test_contract_violations_stop_the_run(toy, edit, complaint):
    path = toy.public_tests / "test_double.py"
    path.write_text(path.read_text().replace(*edit))
    with pytest.raises(TestRunError, match=complaint):
        run_tests(assignment_target(toy, toy.solution_dir), isolated=True)


def test_broken_test_file_is_an_error_not_a_zero(toy):
    (toy.public_tests / "test_broken.py").write_text("import no_such_module\n")
    with pytest.raises(TestRunError, match="no_such_module"):
        run_tests(assignment_target(toy, toy.solution_dir), isolated=True)


def test_hidden_tests_alone_are_still_hidden(toy):
    """Whether a test is hidden depends on its folder, not on which folders run with it."""
    target = assignment_target(toy, toy.solution_dir)
    only_hidden = dataclasses.replace(target, tests=(toy.hidden_tests,))
    results = run_tests(only_hidden, isolated=True).results
    assert [(r.test, r.visibility, r.passed) for r in results] == [
        ("test_double_matches_reference", "hidden", True)
    ]
