"""The outcome of one graded test: what the points table, the gradebook and feedback read."""

from __future__ import annotations

from dataclasses import dataclass

#: Gradescope's visibility values. ``visible``: shown at once; ``hidden``: never shown to
#: the student; ``after_due_date``: shown once the due date has passed.
VISIBILITIES = ("visible", "hidden", "after_due_date")


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


def total(results: list[TestResult]) -> tuple[float, float]:
    """``(points earned, points possible)`` over ``results``."""
    return sum(r.points for r in results), sum(r.max_points for r in results)
