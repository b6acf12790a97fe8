"""What the otter test files of ``autograder export otter`` call: one part's public tests.

otter-grader's ``grader.check("affine")`` runs ``tests/affine.py`` in the notebook's own
process, against the notebook's global namespace. Each otter test case of that file is one
of the kit's public tests of the part, with its points; the first case to ask runs every
public test of the part once, in this process, as ``autograder check`` does, and each case
passes if its test passed (its failure is the kit's feedback).

The student's code is the notebook's, as the grader reads a submitted notebook: if the
notebook defines any of the assignment's graded functions itself, its namespace is the
package under test; otherwise the package is the assignment folder beside the notebook
(``ASSIGNMENT/``, which also holds the public tests, the spec and the expected values), so a
student who writes the modules and only runs the notebook is checked too.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from autograder.course import EXPECTED_DATA, SPEC_FILE, CourseError, read_spec
from autograder.testing.results import TestResult
from autograder.testing.runner import TestRunError, TestTarget, run_tests

#: The ``sys.modules`` key a notebook's namespace is registered under while its tests run.
NOTEBOOK_MODULE = "_autograder_notebook"


def assignment_folder(assignment: str, where: Path | None = None) -> Path:
    """The assignment folder beside the notebook, ``where/ASSIGNMENT`` (``where``: the working
    directory, the notebook's); :class:`CourseError` saying what is missing otherwise."""
    folder = (where or Path.cwd()) / assignment
    if not (folder / SPEC_FILE).is_file():
        raise CourseError(
            f"the checks need the folder {assignment}/ beside this notebook, with its "
            f"{SPEC_FILE} and tests/: keep the notebook where you found it, next to {assignment}/"
        )
    return folder


def defines_graded_code(env: Mapping[str, Any], functions: set[str]) -> bool:
    """Whether the namespace ``env`` (a notebook's globals) defines one of ``functions``
    itself, rather than importing it from a package."""
    home = env.get("__name__", "__main__")
    return any(getattr(env.get(name), "__module__", None) == home for name in functions)


def notebook_module(env: Mapping[str, Any], assignment: str) -> ModuleType:
    """A module named ``assignment`` whose attributes are the names ``env`` defines (not its
    dunder names): the notebook's namespace as the package under test."""
    module = ModuleType(assignment)
    module.__dict__.update({k: v for k, v in env.items() if not k.startswith("__")})
    return module


def run_part(env: Mapping[str, Any], assignment: str, part: str) -> dict[str, TestResult]:
    """Run the public tests of ``part`` on the notebook's code (see the module's docstring),
    in this process; each test's result by its name. :class:`CourseError` or
    :class:`TestRunError` if the tests cannot run."""
    folder = assignment_folder(assignment)
    spec = read_spec(folder)
    parts = [p.name for p in spec.parts]
    if part not in parts:
        raise CourseError(f"{assignment} has no part {part!r} (its parts: {', '.join(parts)})")
    functions = {f for p in spec.parts for f in p.functions}
    target = TestTarget(
        tests=(folder / "tests",),
        student_path=folder,
        student_name=assignment,
        spec_dir=folder,
        expected_data=folder / EXPECTED_DATA,
        parts=(part,),
    )
    if not defines_graded_code(env, functions):
        return {r.test: r for r in run_tests(target).results}
    sys.modules[NOTEBOOK_MODULE] = notebook_module(env, assignment)
    try:
        notebook = dataclasses.replace(target, student_module=NOTEBOOK_MODULE)
        return {r.test: r for r in run_tests(notebook).results}
    finally:
        del sys.modules[NOTEBOOK_MODULE]


class PartCheck:
    """The public tests of one part, run at most once (an otter test file makes one each
    time otter reads the file, that is, at every ``grader.check``); calling it with a test's
    name raises :class:`AssertionError` with the kit's feedback unless that test passed."""

    def __init__(self, assignment: str, part: str) -> None:
        self.assignment = assignment
        self.part = part
        #: The part's results once run, or why they could not be.
        self._outcome: dict[str, TestResult] | str | None = None

    def _results(self, env: Mapping[str, Any]) -> dict[str, TestResult]:
        """The part's results, run on ``env``'s code at the first call; :class:`AssertionError`
        saying why if the tests cannot run."""
        if self._outcome is None:
            try:
                self._outcome = run_part(env, self.assignment, self.part)
            except (CourseError, TestRunError) as err:
                self._outcome = str(err)
        if isinstance(self._outcome, str):
            raise AssertionError(self._outcome)
        return self._outcome

    def __call__(self, env: Mapping[str, Any], test: str) -> None:
        """Pass if the public test ``test`` passed on ``env``'s code; else raise
        :class:`AssertionError` saying why."""
        result = self._results(env).get(test)
        if result is None:
            raise AssertionError(
                f"the public test {test} of part {self.part} did not run: the tests in "
                f"{self.assignment}/tests are not the ones this check was written for"
            )
        if not result.passed:
            raise AssertionError(result.feedback)
