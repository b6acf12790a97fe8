"""The instructor's report of a graded batch: ``OUT/report.html``, the batch at a glance.

One self-contained page, readable offline: its CSS is inline and its pictures (matplotlib PNGs,
:mod:`autograder.instructor.charts`) are embedded as data URIs; it needs no script. It is made
from the gradebook in ``OUT`` alone (read through :class:`~autograder.grading.gradebook.
Gradebook`), and from ``OUT/similarity.csv`` when ``autograder similarity`` wrote one:

- the score histogram, the status counts, the mean and median of each part;
- per test, its pass rate and its discrimination (the point-biserial correlation of passing it
  with the rest of the score), and the most frequent failure messages with who hit them;
- how long each submission took to grade; the similar pairs; every regrade that changed a
  result (the score before and after, which tests).

The page holds no date and no machine name: the same gradebook gives the same report.
"""

from __future__ import annotations

import csv
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from jinja2 import Environment, PackageLoader, StrictUndefined

from autograder.grading.batch import GRADEBOOK
from autograder.grading.exports import changes_text
from autograder.grading.gradebook import Gradebook
from autograder.grading.model import Status, SubmissionResult
from autograder.grading.regrades import Regrade, regrades
from autograder.instructor import charts
from autograder.testing.results import TestResult

#: The report's file, in ``OUT``.
REPORT = "report.html"
#: What ``autograder similarity`` writes in ``OUT``: the pairs above its threshold, highest
#: first, and (optionally) one highlighted page per pair, ``similarity/<a>__<b>.html``.
SIMILARITY_CSV = "similarity.csv"
SIMILARITY_PAGES = "similarity"
SIMILARITY_COLUMNS = ("student_a", "student_b", "similarity_a", "similarity_b", "overlap_lines")
#: Failure messages shown per test; the others are counted.
TOP_MESSAGES = 3
#: Longest failure message shown (a student's exception can be long).
MAX_MESSAGE = 600
#: Where a test's feedback stops saying what failed and starts showing the input it failed on
#: (the lines :mod:`autograder.testing.feedback` and :func:`~autograder.testing.compare.
#: assert_close` write).
_INPUT_LINES = ("Smallest failing input", "Failing input", "Drawn in the test")
#: Numbers in a failure message: masked to group messages that differ only in their values.
_NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?!\w)")


class ReportError(Exception):
    """The report cannot be made from this folder; the message says why and what to do."""


@dataclass(frozen=True)
class SimilarPair:
    """One pair of submissions ``autograder similarity`` found alike: the share of each one's
    code found in the other (0 to 1), the lines they share, and the highlighted page of the
    pair (relative to ``OUT``), if there is one."""

    student_a: str
    student_b: str
    similarity_a: float
    similarity_b: float
    overlap_lines: int
    page: str | None


def _similar_pair(row: dict[str, str], out: Path) -> SimilarPair:
    """The pair of one row of similarity.csv; a ValueError if a value is not a number."""
    page = f"{SIMILARITY_PAGES}/{row['student_a']}__{row['student_b']}.html"
    return SimilarPair(
        row["student_a"],
        row["student_b"],
        float(row["similarity_a"]),
        float(row["similarity_b"]),
        int(row["overlap_lines"]),
        page if (out / page).is_file() else None,
    )


def read_similarity(out: Path) -> list[SimilarPair] | None:
    """The pairs of ``out/similarity.csv``, in its order (highest first); None when the file
    is not there (similarity was not run). A ReportError if it is not what
    ``autograder similarity`` writes."""
    path = out / SIMILARITY_CSV
    if not path.is_file():
        return None
    with path.open(newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        if tuple(reader.fieldnames or ()) != SIMILARITY_COLUMNS:
            raise ReportError(
                f"{path} does not have the columns {', '.join(SIMILARITY_COLUMNS)}: run "
                "`autograder similarity` again, or remove the file"
            )
        try:
            return [_similar_pair(row, out) for row in reader]
        except (TypeError, ValueError) as error:
            raise ReportError(
                f"{path}, line {reader.line_num}: {error}; run `autograder similarity` again"
            ) from None


def point_biserial(passed: Sequence[bool], rest: Sequence[float]) -> float | None:
    """The point-biserial correlation of ``passed`` (0 or 1 per submission) with ``rest``
    (each submission's score without this test's points): Pearson's r of the two. None when
    it is undefined: fewer than two submissions, or everyone passed, or no one did, or the
    rest of the score is the same for all."""
    x = np.asarray(passed, dtype=float)
    y = np.asarray(rest, dtype=float)
    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return None
    return float(np.corrcoef(x, y)[0, 1])


@dataclass(frozen=True)
class FailureMessage:
    """One way a test failed: the message (as the first student who got it was told, up to
    the input it failed on) and the students whose message differs from it in numbers only."""

    message: str
    students: tuple[str, ...]


def _what_failed(feedback: str) -> str:
    """A failed test's feedback up to the input it failed on, cut to :data:`MAX_MESSAGE`."""
    lines = feedback.strip().splitlines()
    cut = next((i for i, line in enumerate(lines) if line.startswith(_INPUT_LINES)), len(lines))
    text = "\n".join(lines[:cut]).strip() or "(no message)"
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + " [...]"


def failure_messages(failed: Sequence[tuple[str, TestResult]]) -> list[FailureMessage]:
    """The ``(student, test)`` failures of one test grouped by message (numbers aside), most
    frequent first, ties in order of first appearance."""
    groups: dict[str, tuple[str, list[str]]] = {}
    for student, test in failed:
        message = _what_failed(test.feedback)
        groups.setdefault(_NUMBER.sub("#", message), (message, []))[1].append(student)
    ordered = sorted(groups.values(), key=lambda group: -len(group[1]))
    return [FailureMessage(message, tuple(students)) for message, students in ordered]


@dataclass(frozen=True)
class TestStats:
    """One test over the submissions whose tests ran: how many passed, its discrimination
    (None: undefined) and its failure messages."""

    __test__ = False  # a data class, not a pytest test

    test: str
    part: str
    max_points: float
    ran: int
    passed: int
    discrimination: float | None
    failures: list[FailureMessage]

    @property
    def pass_rate(self) -> float | None:
        """The share of the submissions that ran the test and passed it; None if none ran it."""
        return self.passed / self.ran if self.ran else None


def _first_seen(results: Sequence[SubmissionResult]) -> dict[str, TestResult]:
    """Each test of ``results`` by name, as first seen (the order of the tests)."""
    tests: dict[str, TestResult] = {}
    for result in results:
        for test in result.tests:
            tests.setdefault(test.test, test)
    return tests


def test_stats(results: Sequence[SubmissionResult]) -> list[TestStats]:
    """Every test of ``results``, in order, over the submissions where it ran (a package that
    did not import ran none; an invalid submission has no tests)."""
    runs: dict[str, list[tuple[SubmissionResult, TestResult]]] = {}
    for result in results:
        for test in result.tests:
            if test.ran:
                runs.setdefault(test.test, []).append((result, test))
    stats = []
    for name, first in _first_seen(results).items():
        rows = runs.get(name, [])
        passed = [test.passed for _, test in rows]
        rest = [result.score - test.points for result, test in rows]
        failed = [(result.student, test) for result, test in rows if not test.passed]
        stats.append(
            TestStats(
                name,
                first.part,
                first.max_points,
                len(rows),
                sum(passed),
                point_biserial(passed, rest),
                failure_messages(failed),
            )
        )
    return stats


@dataclass(frozen=True)
class PartStats:
    """One part's points possible, and the mean and median of its points over every
    submission (a test a submission lacks counts 0)."""

    part: str
    max_points: float
    mean: float
    median: float


def part_stats(results: Sequence[SubmissionResult]) -> list[PartStats]:
    """Every part of ``results``' tests, in order of first appearance."""
    tests = _first_seen(results).values()
    possible: dict[str, float] = {}
    for test in tests:
        possible[test.part] = possible.get(test.part, 0.0) + test.max_points
    stats = []
    for part, max_points in possible.items():
        points = [sum(t.points for t in r.tests if t.part == part) for r in results]
        stats.append(
            PartStats(part, max_points, statistics.fmean(points), statistics.median(points))
        )
    return stats


def status_counts(results: Sequence[SubmissionResult]) -> dict[str, int]:
    """How many submissions have each status: the four of :class:`Status` (zeros included),
    then any other status found."""
    found = Counter(r.status for r in results)
    known = (Status.GRADED, Status.DID_NOT_IMPORT, Status.TIMED_OUT, Status.INVALID)
    return {status: found.get(status, 0) for status in dict.fromkeys([*known, *found])}


@dataclass(frozen=True)
class RegradeRow:
    """A regrade as the report shows it: the student, the scores before and after, and what
    changed (:func:`~autograder.grading.exports.changes_text`)."""

    student: str
    before: float
    after: float
    changes: str


def _regrade_row(step: Regrade) -> RegradeRow:
    """The report's row of one regrade."""
    return RegradeRow(step.after.student, step.before.score, step.after.score, changes_text(step))


def _the_assignment(book: Gradebook, assignment: str | None) -> str:
    """``assignment``, or the one assignment the gradebook holds; a ReportError if there is
    none, or several and none was named, or the named one is not there."""
    held = book.assignments()
    if assignment is not None and assignment not in held:
        holds = f"holds {', '.join(held)}" if held else "holds no results yet"
        raise ReportError(f"{book.path} has no results of {assignment}: it {holds}")
    if assignment is not None:
        return assignment
    if not held:
        raise ReportError(f"{book.path} holds no results yet: grade a batch into its folder first")
    if len(held) > 1:
        raise ReportError(
            f"{book.path} holds several assignments ({', '.join(held)}): name one with --assignment"
        )
    return held[0]


def _context(book: Gradebook, assignment: str, out: Path) -> dict[str, object]:
    """What the template shows, all of it read from ``book`` and ``out/similarity.csv``."""
    results = book.results(assignment)
    durations = book.durations(assignment)
    scores = [r.score for r in results]
    max_score = Counter(r.max_score for r in results).most_common(1)[0][0]
    tests = test_stats(results)
    timed = [durations[r.student] for r in results if r.student in durations]
    rated = [(t.test, t.part, t.pass_rate) for t in tests if t.pass_rate is not None]
    return {
        "assignment": assignment,
        "gradebook": GRADEBOOK,
        "count": len(results),
        "max_score": max_score,
        "mean": statistics.fmean(scores),
        "median": statistics.median(scores),
        "score_histogram": charts.score_histogram(scores, max_score),
        "statuses": status_counts(results),
        "flagged": [r.student for r in results if r.incidents],
        "parts": part_stats(results),
        "tests": tests,
        "pass_rates": charts.pass_rates(rated) if rated else None,
        "ran": max((t.ran for t in tests), default=0),
        "top_messages": TOP_MESSAGES,
        "durations": durations,
        "untimed": [r.student for r in results if r.student not in durations],
        "grading_times": charts.grading_times(timed) if timed else None,
        "total_seconds": sum(timed),
        "similar": read_similarity(out),
        "similarity_csv": SIMILARITY_CSV,
        "regrades": [_regrade_row(s) for s in regrades(results, book.history(assignment))],
    }


def _number(value: float) -> str:
    """A number for the page: two decimals at most, none when they are zeros (``63.44``,
    ``100``, ``0.5``)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def render(context: dict[str, object]) -> str:
    """The report's HTML from the template ``templates/report.html.j2``."""
    environment = Environment(
        loader=PackageLoader("autograder.instructor", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["number"] = _number
    return environment.get_template("report.html.j2").render(context)


def write_report(out: Path, assignment: str | None = None) -> Path:
    """Write ``out/report.html`` from ``out``'s gradebook, for ``assignment`` (default: the
    one it holds); returns its path. A ReportError (or a GradebookError) says, in one line,
    why it cannot."""
    path = out / GRADEBOOK
    if not path.is_file():
        where = "is not a folder" if not out.is_dir() else f"has no {GRADEBOOK}"
        raise ReportError(
            f"{out} {where}: give the --out folder of `autograder grade`, which holds the gradebook"
        )
    with Gradebook(path) as book:
        name = _the_assignment(book, assignment)
        html = render(_context(book, name, out))
    report = out / REPORT
    report.write_bytes(html.encode("utf-8"))
    return report
