"""The pytest plugin and runner: the test contract is enforced, results carry points and
feedback that teaches without leaking, and runs are deterministic."""

from __future__ import annotations

import dataclasses
import importlib
import os
import subprocess
import sys

import pytest
from helpers import make_toy_course, require_bubblewrap
from hypothesis.internal.conjecture import providers

from autograder.authoring.generate import student_files, write_files
from autograder.course import Assignment
from autograder.sandbox.launcher import Limits
from autograder.sandbox.settings import write_settings
from autograder.testing import plugin  # noqa: F401 - graded runs load it
from autograder.testing.feedback import describe_failure
from autograder.testing.results import DID_NOT_IMPORT
from autograder.testing.runner import TestRunError, assignment_target, run_tests
from autograder.testing.table import render_text


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


def grade_in(toy, package, sandboxed: bool, tmp_path) -> dict:
    """``grade``, in-process or (``sandboxed``) with the student's code in a sandboxed
    worker, as ``autograder grade`` runs it."""
    target = assignment_target(toy, package)
    if sandboxed:
        require_bubblewrap()
        settings = tmp_path / "sandbox.json"
        write_settings(settings, Limits(), (), "")
        target = dataclasses.replace(target, sandbox=settings)
    return {r.test: r for r in run_tests(target, isolated=True).results}


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


def test_a_run_of_some_parts_runs_only_their_tests(toy):
    """A target's ``parts`` (pytest's --part) leaves the other parts' tests out of the run,
    hidden ones too; no parts runs them all."""
    spec = toy.solution_dir / "assignment.toml"
    spec.write_text(spec.read_text() + '\n[[parts]]\nname = "other"\ntitle = "O"\nfunctions = []\n')
    (toy.public_tests / "test_other.py").write_text(
        "from autograder.testing import graded\n\n\n"
        '@graded(part="other", points=1, visibility="visible", message="m")\n'
        "def test_other(student):\n    pass\n"
    )
    write_files(toy.student_dir, student_files(toy))
    target = assignment_target(toy, toy.solution_dir)
    every = [r.test for r in run_tests(target, isolated=True).results]
    other = run_tests(dataclasses.replace(target, parts=("other",)), isolated=True).results
    scale = run_tests(dataclasses.replace(target, parts=("scale",)), isolated=True).results
    assert sorted(every) == sorted([*(r.test for r in scale), "test_other"])
    assert [(r.test, r.passed) for r in other] == [("test_other", True)]
    assert {r.part for r in scale} == {"scale"} and len(scale) == 3


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
    results = grade_in(toy, package, sandboxed, tmp_path)
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


def test_package_that_does_not_import_says_so_once_above_the_tests(toy, tmp_path):
    """Every test fails with one line saying it did not run; the import error, with its file
    and line, is the run's, and the points table shows it once, above the tests."""
    package = student_package(tmp_path, "def double(x)\n    return 2 * x\n")
    run = run_tests(assignment_target(toy, package), isolated=True)
    assert [(r.passed, r.ran, r.feedback) for r in run.results] == [
        (False, False, DID_NOT_IMPORT)
    ] * 3
    assert run.import_error is not None
    assert "SyntaxError" in run.import_error and "ops.py, line 3" in run.import_error
    report = render_text(run.results, import_error=run.import_error)
    assert report.count(run.import_error) == 1
    assert report.index(run.import_error) < report.index("double_values")
    assert "test_double_values (scale)" not in report  # no per-test details to repeat it


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


DRAWING_TEST = """\
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, graded
from autograder.testing import strategies as st


@graded(part="scale", points=1, visibility="visible", message="double(k * x) is 2 * k * x.")
@given(x=st.arrays(st.shapes()), data=hs.data())
def test_double_scaled(student, x, data):
    k = data.draw(hs.integers(1, 9), label="k")
    assert_close(student.double(k * x), 2 * k * x, "out")
"""


def test_failure_feedback_shows_the_values_drawn_in_the_test(toy, tmp_path):
    """What a test drew with ``data.draw`` is part of the failing input: the feedback shows
    each draw with its label (and not the useless ``data=data(...)``)."""
    (toy.public_tests / "test_scaled.py").write_text(DRAWING_TEST)
    package = student_package(tmp_path, "def double(x):\n    return 2 * x + (x > 2)\n")
    feedback = grade(toy, package)["test_double_scaled"].feedback
    assert "Smallest failing input: test_double_scaled(\n    x=array(" in feedback
    assert "\nDrawn in the test:\n    Draw 1 (k): " in feedback
    assert "data=" not in feedback


def failure_with_notes(message: str, notes: list[str]) -> pytest.ExceptionInfo:
    """A raised AssertionError carrying ``notes``, as hypothesis leaves them."""
    with pytest.raises(AssertionError) as info:
        error = AssertionError(message)
        for note in notes:
            error.add_note(note)
        raise error
    return info


def test_example_and_draws_are_laid_out_for_reading():
    """Hypothesis' notes become: the example without fixtures and ``data``, then each draw
    indented, a multi-line value aligned under its first line."""
    example = (
        "Failing test case: test_x(\n    student=<student package a1>,\n    x=1,\n"
        "    data=data(...),\n)"
    )
    notes = [example, "Draw 1 (dout): array([[0., 0.],\n       [0., 0.]])", "Draw 2: 3"]
    feedback = describe_failure(failure_with_notes("dx: off", notes), "msg", None)
    assert feedback == (
        "msg\ndx: off\nSmallest failing input: test_x(\n    x=1,\n)\nDrawn in the test:\n"
        "    Draw 1 (dout): array([[0., 0.],\n                          [0., 0.]])\n"
        "    Draw 2: 3"
    )


def test_a_test_whose_only_input_is_drawn_shows_the_draws_alone():
    """With no argument but ``data``, the draws are the whole failing input."""
    notes = ["Failing test case: test_x(\n    data=data(...),\n)", "Draw 1: 0.5"]
    feedback = describe_failure(failure_with_notes("off", notes), "msg", None)
    assert feedback == "msg\noff\nSmallest failing input, drawn in the test:\n    Draw 1: 0.5"


STORED_THEN_DRAWN_TEST = """\
from hypothesis import given

from autograder.testing import assert_close, graded
from autograder.testing import strategies as st


@graded(part="scale", points=1, visibility="visible", message="double, stored then drawn.")
@given(x=st.arrays(st.shapes()))
def test_double_stored_then_drawn(student, expected, x):
    case = expected["double"]
    assert_close(student.double(case["x"])[0], case["out"][0], "out[0]")
    assert_close(student.double(x), 2 * x, "out on a drawn x")
"""


def test_a_stored_value_that_differs_is_shown_with_its_stored_case(toy, tmp_path):
    """A test that checks a stored case before its drawn input: when the stored check fails,
    the feedback names the stored case, not a drawn input the student's code is right on."""
    (toy.public_tests / "test_stored.py").write_text(STORED_THEN_DRAWN_TEST)
    package = student_package(tmp_path, "def double(x):\n    return x * 2 + (x.size > 2)\n")
    feedback = grade(toy, package)["test_double_stored_then_drawn"].feedback
    assert feedback.splitlines()[1].startswith("out[0]: max relative error")
    assert feedback.endswith('\nFailing input: the stored case "double".')
    assert "Smallest failing input" not in feedback


STORED_REFUSAL = """

@graded(part="scale", points=1, visibility="visible", message="double refuses a 2x3 x.")
def test_double_refusal(student, expected):
    from autograder.testing import exception_raised

    assert exception_raised(student.double, expected["double"]["x"]) == "ValueError"
"""


@pytest.mark.parametrize("sandboxed", [False, True], ids=["in-process", "sandboxed"])
def test_an_exception_on_a_stored_input_is_shown_with_its_stored_case(toy, tmp_path, sandboxed):
    """The student's code raises on the stored case (checked before the drawn input): the
    feedback gives the student's error and names the stored case, in both places, with no
    drawn input, which played no part; ``exception_raised`` still names the exception."""
    (toy.public_tests / "test_stored.py").write_text(STORED_THEN_DRAWN_TEST + STORED_REFUSAL)
    package = student_package(
        tmp_path,
        "def double(x):\n    if x.shape == (2, 3):\n        raise ValueError('no 2x3')\n"
        "    return x * 2\n",
    )
    results = grade_in(toy, package, sandboxed, tmp_path)
    feedback = results["test_double_stored_then_drawn"].feedback
    assert feedback.splitlines()[1:] == [
        "ValueError: no 2x3 (in ops.py, line 5, in double)",
        'Failing input: the stored case "double".',
    ]
    assert results["test_double_refusal"].passed


def plain_pytest(folder, *options: str) -> str:
    """What ``pytest`` prints in a generated student folder (its pytest.ini), on a student's
    machine: without ``CI`` set, under which pytest's short summary repeats each failure's
    first line in full."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *options],
        cwd=folder,
        capture_output=True,
        text=True,
        env={key: value for key, value in os.environ.items() if key not in ("CI", "BUILD_NUMBER")},
    )
    assert done.returncode == pytest.ExitCode.TESTS_FAILED, done.stdout + done.stderr
    return done.stdout


def test_plain_pytest_shows_the_feedback_not_tracebacks(toy):
    """``pytest`` in the student folder reports each failure as its feedback, then the
    points table: no traceback through the engine or hypothesis, no test source; asked for
    with ``--tb``, the traceback is there."""
    (toy.student_dir / "ops.py").write_text(
        "import numpy as np\n\ndef double(x):\n    return x * 2 + (x.size > 2)\n"
    )
    output = plain_pytest(toy.student_dir)
    failure = output[output.index("FAILURES") : output.index("Points")]
    assert "double(x) is 2 * x.\nout: max relative error" in failure
    assert 'Failing input: the stored case "double".' in failure
    for engine_text in ("Traceback", "autograder/", "hypothesis/", "assert_close("):
        assert engine_text not in output
    assert output.count("out: max relative error") == 1  # not again after the table
    assert "assert_close(" in plain_pytest(toy.student_dir, "--tb=short")


def test_plain_pytest_says_once_that_the_package_did_not_import(toy):
    """A package that does not import: its error once, with its file and line, above the
    points table; each test only says it did not run (pytest never imports the package
    itself, which would fail each test with its own traceback)."""
    (toy.student_dir / "ops.py").write_text("def double(x)\n    return 2 * x\n")
    output = plain_pytest(toy.student_dir)
    error = "Your package did not import: SyntaxError: expected ':' (in ops.py, line 1)"
    assert output.count("SyntaxError") == 1 and error in output
    assert output.index(error) < output.index("Points")
    failures = output[output.index("FAILURES") : output.index(error)]
    assert failures.count(DID_NOT_IMPORT) == 2  # one per test (the table may repeat it)
    assert "Traceback" not in output and "CollectError" not in output


def test_examples_do_not_depend_on_the_constants_of_the_modules_loaded(tmp_path, monkeypatch):
    """Hypothesis draws now and then a literal of a "local" module loaded at the time; in a
    graded run it must not, or an engine module's new constant, or a module first imported
    on a failure's path, would change the examples of the tests that follow."""
    (tmp_path / "module_with_constants.py").write_text("SPECIAL = 123456.789\nNAME = 'zebra'\n")
    monkeypatch.syspath_prepend(tmp_path)
    importlib.import_module("module_with_constants")
    constants = providers._get_local_constants()
    assert 123456.789 not in constants.floats and "zebra" not in constants.strings
