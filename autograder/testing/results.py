"""The outcome of one graded test: what the points table, the gradebook and feedback read."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

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

    @property
    def status(self) -> str:
        return "passed" if self.passed else "failed"


def total(results: list[TestResult]) -> tuple[float, float]:
    """``(points earned, points possible)`` over ``results``."""
    return sum(r.points for r in results), sum(r.max_points for r in results)


def write_results(results: list[TestResult], path: Path) -> None:
    """Write ``results`` as a JSON list (the format :func:`read_results` reads)."""
    path.write_text(json.dumps([asdict(r) for r in results], indent=1), encoding="utf-8")


def read_results(path: Path) -> list[TestResult]:
    """Read what :func:`write_results` wrote."""
    return [TestResult(**row) for row in json.loads(path.read_text(encoding="utf-8"))]
