"""Grade one submission: the job every batch runs, locally or on a cluster.

``grade_submission(setup, submission)`` is a pure function of the assignment and the
submission (the same inputs give the same result), so an executor may run it anywhere and
retry it freely. The steps:

1. **intake**: stage the submission as a clean package folder, or reject it with a reason;
   the modules the assignment gives whole are replaced by the grader's own copy;
2. **forbidden**: scan it for library calls the assignment does not allow;
3. **tests**: run every public and hidden test with the ``student`` fixture pointing at a
   sandboxed worker (the tests, the reference and the scoring stay in this process's
   pytest child, a fresh fork of a warm grader process that has imported the tests once:
   :mod:`autograder.testing.forkserver`; the student's code runs only in the worker);
4. **score**: zero the parts that used a forbidden call, and derive the status.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from autograder.authoring.inventory import declarations
from autograder.contract import TODO_PREFIX
from autograder.course import EXPECTED_DATA, Assignment, get_assignment
from autograder.grading.forbidden import Violation, scan
from autograder.grading.intake import Rejected, Staged, stage
from autograder.grading.model import Status, SubmissionResult
from autograder.sandbox.launcher import Limits
from autograder.sandbox.settings import write_settings
from autograder.testing.forkserver import ForkServer, ServerPool
from autograder.testing.results import TestResult
from autograder.testing.runner import TestRun, assignment_target, pytest_args, run_tests


@dataclass(frozen=True)
class GradingSetup:
    """Everything a job needs besides the submission (plain data, so it can be shipped to
    another process or machine)."""

    course: Path
    assignment: str
    staging: Path
    limits: Limits = field(default_factory=Limits)
    #: Run the tests in a fork of a warm grader process (False: a new process for each
    #: submission, as before; the grades are the same, ``tests/grading/test_warm.py``).
    warm: bool = True


#: The warm grader processes of this process's jobs, one per job running at once;
#: :func:`close_servers` stops them (a batch does, when it ends).
SERVERS = ServerPool()


def close_servers() -> None:
    """Stop the idle warm grader processes."""
    SERVERS.close()


def warm_up(assignment: Assignment) -> list[str]:
    """What a warm grader of ``assignment`` collects once: its tests, on the reference."""
    return pytest_args(assignment_target(assignment, assignment.solution_dir), Path(os.devnull))


def warm_grader(assignment: Assignment) -> contextlib.AbstractContextManager[ForkServer]:
    """An idle warm grader of ``assignment`` (one is started if none is), replaying the
    hypothesis examples recorded on its reference; a grader of files since changed (a
    long-lived cluster worker, an instructor who edits a test) is never used."""
    return SERVERS.server(warm_up(assignment), record=True, version=_version(assignment))


def _version(assignment: Assignment) -> str:
    """A digest of the files a warm grader of ``assignment`` has loaded: its tests, its
    reference and specification, and the expected values."""
    digest = hashlib.sha256()
    files = [p for p in sorted(assignment.solution_dir.rglob("*")) if p.is_file()]
    for path in [*files, assignment.student_dir / EXPECTED_DATA]:
        if "__pycache__" not in path.parts and path.is_file():
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


_MAX_SCORES: dict[tuple[Path, str], float] = {}
_MAX_SCORES_LOCK = threading.Lock()


def max_score(setup: GradingSetup) -> float:
    """The points of every graded test of the assignment.

    Reading them imports the assignment's test files (running their decorators), which must
    not happen in several of a batch's threads at once: it happens once per process, under a
    lock, and every later call returns the stored sum.
    """
    key = (setup.course, setup.assignment)
    with _MAX_SCORES_LOCK:
        if key not in _MAX_SCORES:
            assignment = get_assignment(setup.course, setup.assignment)
            _MAX_SCORES[key] = sum(d.points for d in declarations(assignment))
        return _MAX_SCORES[key]


def _apply_violations(tests: list[TestResult], violations: list[Violation]) -> list[TestResult]:
    refused = {v.part: v.message() for v in violations}
    return [
        dataclasses.replace(
            t,
            points=0.0,
            passed=False,
            feedback="\n".join(filter(None, [refused[t.part], t.feedback])),
        )
        if t.part in refused
        else t
        for t in tests
    ]


def _status(run: TestRun, violations: list[Violation]) -> tuple[str, str]:
    if run.import_error is not None:
        return Status.DID_NOT_IMPORT, run.import_error
    refusals = [v.message() for v in violations]
    if run.timed_out:
        names = ", ".join(run.timed_out)
        reason = f"These tests ran out of time: {names}. The other tests were graded."
        return Status.TIMED_OUT, "\n".join([reason, *refusals])
    return Status.GRADED, "\n".join(refusals)


def identify(setup: GradingSetup, submission: Path) -> tuple[str, str]:
    """``(student id, fingerprint)`` of a submission, as its graded result will carry them.

    A batch compares the fingerprint with the gradebook's to skip what is already graded.
    """
    staged = stage(submission, setup.assignment, setup.staging)
    return staged.student, _fingerprint(staged)


def _fingerprint(staged: Staged | Rejected) -> str:
    if isinstance(staged, Rejected):
        return "rejected:" + hashlib.sha256(staged.reason.encode()).hexdigest()
    return staged.fingerprint


def given_modules(assignment: Assignment) -> list[Path]:
    """The modules of ``assignment``'s skeleton that are given whole (data sets, training
    loops, layers from an earlier assignment): no TODO in them. ``__init__.py`` is left out
    (what it imports is part of the student's work)."""
    return [
        module
        for module in sorted(assignment.student_dir.glob("*.py"))
        if module.name != "__init__.py" and TODO_PREFIX not in module.read_text(encoding="utf-8")
    ]


#: The module that stands for one the student writes, in a submission made of one file (a
#: notebook, a ``.py``): a given module's ``from .lstm import lstm_forward`` finds the
#: function the notebook defines, at the moment it imports it.
STAND_IN = '''"""{name}: in a submission made of one file, the functions of {name} are the
package's own (the notebook's cells); given modules import them from here."""

import sys


def __getattr__(name):
    package = sys.modules[__package__]
    if name.startswith("__"):
        raise AttributeError(name)
    if not hasattr(package, name):  # ImportError: "from . import" would reword AttributeError
        raise ImportError(
            f"{{name}} is not defined yet where a given module imports it from {name}: in "
            "your notebook, put the cells that define your functions above the cell that "
            "imports the given modules"
        )
    return getattr(package, name)
'''


def install_given_code(assignment: Assignment, package: Path) -> None:
    """Put the grader's own copy of every given module into the staged ``package``, over the
    student's: a test that uses given code (a data set, a training loop) must not trust a
    version the student could have changed. A module the student writes that the submission
    lacks (it is one notebook or ``.py``) gets a stand-in (:data:`STAND_IN`), since given
    modules import the student's functions from it."""
    given = given_modules(assignment)
    for module in given:
        shutil.copyfile(module, package / module.name)
    for module in sorted(assignment.student_dir.glob("*.py")):
        if module not in given and module.name != "__init__.py":
            stand_in = package / module.name
            if not stand_in.exists():
                stand_in.write_text(STAND_IN.format(name=module.stem), encoding="utf-8")


def grade_submission(setup: GradingSetup, submission: Path) -> SubmissionResult:
    """Grade the submission at ``submission`` (a folder, .zip, .py or .ipynb)."""
    assignment = get_assignment(setup.course, setup.assignment)
    possible = max_score(setup)
    staged = stage(submission, assignment.name, setup.staging)
    if isinstance(staged, Rejected):
        return SubmissionResult(
            staged.student,
            assignment.name,
            Status.INVALID,
            staged.reason,
            0.0,
            possible,
            _fingerprint(staged),
        )
    install_given_code(assignment, staged.package)
    spec = assignment.spec
    rules = spec.forbidden
    parts = {p.name: p.functions for p in spec.parts}
    violations = scan(staged.package, parts, rules)
    with tempfile.TemporaryDirectory(prefix="autograder-job-") as tmp:
        settings = Path(tmp) / "sandbox.json"
        refusal = f"{{name}} is not allowed in {assignment.name}: {rules.reason}".rstrip(": ")
        write_settings(settings, setup.limits, rules.modules, refusal)
        target = dataclasses.replace(
            assignment_target(assignment, staged.package), sandbox=settings
        )
        if setup.warm:
            with warm_grader(assignment) as server:
                run = run_tests(target, server=server)
        else:
            run = run_tests(target, isolated=True)
    tests = _apply_violations(run.results, violations)
    status, reason = _status(run, violations)
    return SubmissionResult(
        staged.student,
        assignment.name,
        status,
        reason,
        sum(t.points for t in tests),
        possible,
        staged.fingerprint,
        tuple(tests),
        run.incidents,
    )
