"""The outcome of one graded test: what the points table, the gradebook and feedback read."""

from __future__ import annotations

from dataclasses import dataclass

#: Gradescope's visibility values. ``visible``: shown at once; ``hidden``: never shown to
#: the student; ``after_due_date``: shown once the due date has passed.
VISIBILITIES = ("visible", "hidden", "after_due_date")

#: The feedback of every test when the student's package did not import: the import error
#: (its file and line) is said once, above the tests, not once per test.
DID_NOT_IMPORT = "Did not run: your package did not import (see the error above)."


@dataclass(frozen=True)
class TestResult:
    """One graded test's result. ``feedback`` is exactly what the student may be shown."""

    __test__ = False  # a data class, not a pytest test

    test: str
    part: str
    points: float
    max_points: float
    visibility: str
    passed: bool
    feedback: str

    @property
    def ran(self) -> bool:
        """Whether the test ran: False when the student's package did not import."""
        return self.feedback != DID_NOT_IMPORT


def total(results: list[TestResult]) -> tuple[float, float]:
    """``(points earned, points possible)`` over ``results``."""
    return sum(r.points for r in results), sum(r.max_points for r in results)
