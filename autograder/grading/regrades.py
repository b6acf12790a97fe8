"""What a regrade changed: a student's earlier result beside the different one that replaced it.

The gradebook keeps every replaced result (:meth:`~autograder.grading.gradebook.Gradebook.
history`); grades.csv and the instructor's report show, from them, the score before and after
and the tests whose points or outcome moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from autograder.grading.model import SubmissionResult
from autograder.testing.results import TestResult


@dataclass(frozen=True)
class TestChange:
    """One test whose points or outcome a regrade changed; ``before`` or ``after`` is None
    where only one of the two results has the test."""

    __test__ = False  # a data class, not a pytest test

    test: str
    before: TestResult | None
    after: TestResult | None


def _outcome(test: TestResult | None) -> tuple[float, float, bool] | None:
    """What a regrade compares of a test: its points, its points possible, whether it passed
    (not its feedback, whose wording may change while the grade does not)."""
    return None if test is None else (test.points, test.max_points, test.passed)


@dataclass(frozen=True)
class Regrade:
    """A student's result ``before`` and the different result ``after`` that replaced it."""

    before: SubmissionResult
    after: SubmissionResult

    @property
    def tests(self) -> list[TestChange]:
        """The tests whose outcome changed: in ``after``'s order, then those only ``before``
        had."""
        earlier = {t.test: t for t in self.before.tests}
        later = {t.test: t for t in self.after.tests}
        names = dict.fromkeys([*later, *earlier])
        return [
            TestChange(name, earlier.get(name), later.get(name))
            for name in names
            if _outcome(earlier.get(name)) != _outcome(later.get(name))
        ]


def regrades(
    current: list[SubmissionResult], history: dict[str, list[SubmissionResult]]
) -> list[Regrade]:
    """Every step of every student's ``history`` (:meth:`Gradebook.history`), by student, oldest
    first: each replaced result beside the one that replaced it, the last beside the student's
    result in ``current``."""
    now = {r.student: r for r in current}
    steps: list[Regrade] = []
    for student in sorted(history):
        chain = [*history[student], *([now[student]] if student in now else [])]
        steps += [Regrade(before, after) for before, after in pairwise(chain)]
    return steps


def latest(
    current: list[SubmissionResult], history: dict[str, list[SubmissionResult]]
) -> dict[str, Regrade]:
    """``{student: regrade}``: the last regrade of each student that has one."""
    return {step.after.student: step for step in regrades(current, history)}
