"""The outcome of one graded test: what the points table, the gradebook and feedback read.

Names, the same everywhere: a *test* earns ``points`` of its ``max_points`` (the gradebook's
``tests`` table; Gradescope calls them a test's ``score`` and ``max_score``); a *submission*
gets a ``score`` of its ``max_score``, the sum over its tests (the gradebook's
``submissions`` table, grades.csv, and Gradescope's top-level ``score``).

The results payload: a graded pytest run (``--results-json``, written by
:mod:`autograder.testing.plugin` in the child process, read by
:func:`autograder.testing.runner.run_tests`) is one JSON object::

    {
      "results":      [{"test", "part", "points", "max_points", "visibility", "passed",
                        "feedback"}, ...],     # one TestResult per graded test, in order
      "errors":       ["nodeid: text", ...],   # collection errors: the tests could not run
      "import_error": "..." | null,            # the student's package did not import
      "timed_out":    ["test name", ...],      # tests stopped by a time limit
      "incidents":    ["kind: detail", ...]    # what the sandbox stopped (instructors only)
    }
"""

from __future__ import annotations

from dataclasses import dataclass

#: Gradescope's visibility values. ``visible``: shown at once; ``hidden``: never shown to
#: the student; ``after_due_date``: shown once the due date has passed.
VISIBILITIES = ("visible", "hidden", "after_due_date")

#: The most characters of feedback one test keeps, and of an import error: a student's
#: exception message can be megabytes, and it reaches grades.csv, the gradebook, feedback
#: files and the terminal table.
MAX_FEEDBACK = 8000


def capped(text: str, limit: int = MAX_FEEDBACK) -> str:
    """``text`` cut to ``limit`` characters, saying how many more there were."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]} [... {len(text) - limit} more characters cut]"


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
