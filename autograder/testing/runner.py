"""Run an assignment's tests against a package and collect the graded results.

One function builds the pytest command line (:func:`pytest_args`); :func:`run_tests` runs
it in this process (the student's own code on their own machine, ``autograder check``), in
a fresh Python process (CI's checks of references, skeletons and mutants, so one run's
imports never leak into the next), or in a fresh fork of a warm one (a batch's grading: see
:mod:`autograder.testing.forkserver`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.course import EXPECTED_DATA, Assignment
from autograder.sandbox.inside.lifeline import OPTION
from autograder.testing.forkserver import ForkServer
from autograder.testing.results import TestResult


class TestRunError(RuntimeError):
    """The tests themselves could not run (a broken test file, a contract violation)."""

    __test__ = False


@dataclass(frozen=True)
class TestTarget:
    """What to test and with what: the package under test and the tests' resources.

    ``parts`` limits the run to those parts' tests (empty: every part). ``student_module``
    names a module already imported in this process (``sys.modules``) that the tests use as
    the student's package instead of importing ``student_path``, which then only says where
    the code lives: an in-process run only (a notebook's namespace, see
    :mod:`autograder.testing.otter`).
    """

    __test__ = False

    tests: tuple[Path, ...]
    student_path: Path
    student_name: str
    spec_dir: Path
    expected_data: Path | None = None
    reference_path: Path | None = None
    sandbox: Path | None = None
    parts: tuple[str, ...] = ()
    student_module: str | None = None


@dataclass(frozen=True)
class TestRun:
    """What a run of the tests found: one result per graded test, in collection order; the
    student package's import error, if it did not import; the tests that hit a timeout; in a
    sandboxed run, what the student's code tried that the sandbox stops."""

    __test__ = False

    results: list[TestResult]
    import_error: str | None = None
    timed_out: tuple[str, ...] = ()
    incidents: tuple[str, ...] = ()


def pytest_args(target: TestTarget, results_json: Path) -> list[str]:
    """The pytest command line that runs ``target`` and writes ``results_json``."""
    tests = [p.resolve() for p in target.tests]
    # The root is above the test folders, so a hidden folder is always below it.
    rootdir = Path(os.path.commonpath([p.parent for p in tests]))
    args = [
        *(str(p) for p in tests),
        "-p",
        "autograder.testing.plugin",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:terminal",
        "-c",
        os.devnull,
        f"--rootdir={rootdir}",
        "--import-mode=importlib",
        "--assert=plain",
        f"--spec-dir={target.spec_dir.resolve()}",
        f"--student-path={target.student_path.resolve()}",
        f"--student-name={target.student_name}",
        f"--results-json={results_json}",
    ]
    if target.expected_data is not None:
        args.append(f"--expected-data={target.expected_data.resolve()}")
    if target.reference_path is not None:
        args.append(f"--reference-path={target.reference_path.resolve()}")
    if target.sandbox is not None:
        args.append(f"--sandbox={target.sandbox.resolve()}")
    if target.student_module is not None:
        args.append(f"--student-module={target.student_module}")
    args += [f"--part={part}" for part in target.parts]
    return args


def run_tests(
    target: TestTarget, *, isolated: bool = False, server: ForkServer | None = None
) -> TestRun:
    """Run the tests of ``target``.

    ``isolated`` runs pytest in a new Python process; ``server``, in a fresh fork of that
    warm process (the same results, without the imports and the collection). Raises
    :class:`TestRunError` when the tests could not be collected or run (a failing student
    never causes that).
    """
    with tempfile.TemporaryDirectory(prefix="autograder-") as tmp:
        results_json = Path(tmp) / "results.json"
        args = pytest_args(target, results_json)
        if server is not None:
            code, output = server.run(args, Path(tmp))
        elif isolated:
            child = [sys.executable, "-m", "autograder.testing.child", OPTION, str(os.getpid())]
            proc = subprocess.run(
                [*child, *args],
                cwd=tmp,  # whatever the run writes (hypothesis' caches) stays out of the course
                capture_output=True,
                text=True,
            )
            code, output = proc.returncode, proc.stdout + proc.stderr
        else:
            code, output = int(pytest.main(args)), ""
        payload = (
            json.loads(results_json.read_text(encoding="utf-8"))
            if results_json.is_file()
            else {"results": [], "errors": []}
        )
    if payload["errors"]:
        raise TestRunError("the tests could not be collected:\n" + "\n".join(payload["errors"]))
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise TestRunError(f"pytest could not run the tests (exit code {code})\n{output}")
    return TestRun(
        [TestResult(**row) for row in payload["results"]],
        payload.get("import_error"),
        tuple(payload.get("timed_out", ())),
        tuple(payload.get("incidents", ())),
    )


def assignment_target(assignment: Assignment, package: Path, hidden: bool = True) -> TestTarget:
    """Run ``assignment``'s public (and, with ``hidden``, hidden) tests on ``package``.

    The expected values are the generated ones in ``assignments/NAME``; the reference is
    ``solutions/NAME``.
    """
    tests = (assignment.public_tests, assignment.hidden_tests)
    return TestTarget(
        tests=tests if hidden else tests[:1],
        student_path=package,
        student_name=assignment.name,
        spec_dir=assignment.solution_dir,
        expected_data=assignment.student_dir / EXPECTED_DATA,
        reference_path=assignment.solution_dir if hidden else None,
    )
