"""What instructors and students read: the grades CSV, Gradescope results, feedback pages.

Every export is a pure function of the results it is given (no time, no machine, no order of
arrival), so the same grades give byte-identical files. Numbers are written as ``2``, ``2.5``
or ``0.3333333333333333``: integers without ``.0``, others never rounded.

``write_all(results, out, history)`` writes::

    out/grades.csv                    one row per student (for the instructor), with what
                                      the student's last regrade changed
    out/results/<id>/results.json     Gradescope's autograder results format
    out/feedback/<id>.md              what the student is shown
"""

from __future__ import annotations

import csv
import io
import json
import re
from itertools import pairwise
from pathlib import Path

from autograder.grading.model import Status, SubmissionResult
from autograder.grading.regrades import Regrade, TestChange, latest
from autograder.testing.results import TestResult

#: The first columns of grades.csv; one column per test follows.
CSV_COLUMNS = (
    "student",
    "score",
    "max_score",
    "status",
    "reason",
    "sandbox",
    "previous_score",
    "changes",
)

#: Visibilities whose tests the feedback lists one by one (it is released after the due date);
#: any other visibility is treated as hidden.
LISTED = ("visible", "after_due_date")


def _number(value: float) -> str:
    """``2.0`` as ``2``, ``2.5`` as ``2.5``; like ``:g`` but never rounded."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _write(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 with ``\\n`` line ends, on every platform."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def _sorted(results: list[SubmissionResult]) -> list[SubmissionResult]:
    """``results`` ordered by student; a student twice is an error, not a silent choice."""
    ordered = sorted(results, key=lambda r: r.student)
    twice = sorted({a.student for a, b in pairwise(ordered) if a.student == b.student})
    if twice:
        raise ValueError(f"more than one result for student(s) {', '.join(twice)}")
    return ordered


def _points(test: TestResult | None) -> str:
    """A test's points in a regrade's line; ``none`` where the result has no such test."""
    return "none" if test is None else _number(test.points)


def _test_change(change: TestChange) -> str:
    """``test_a: 0 -> 2``: one test's points before and after a regrade."""
    return f"{change.test}: {_points(change.before)} -> {_points(change.after)}"


def changes_text(regrade: Regrade) -> str:
    """What ``regrade`` changed, in one line: the status if it changed, then each test whose
    points or outcome changed (``status: did not import -> graded; test_a: 0 -> 2``), or
    that no test's points changed (the content, reason or feedback did)."""
    before, after = regrade.before.status, regrade.after.status
    status = [f"status: {before} -> {after}"] if before != after else []
    tests = [_test_change(change) for change in regrade.tests]
    return "; ".join([*status, *tests]) or "no test's points changed"


def csv_text(
    results: list[SubmissionResult], history: dict[str, list[SubmissionResult]] | None = None
) -> str:
    """grades.csv's text: :data:`CSV_COLUMNS`, then each test's points (blank where the
    submission has no such test); tests in first-seen order over the rows, sorted by student.
    ``sandbox`` lists what the submission's code tried that the sandbox stops (its
    incidents, ``; `` between them), for the instructor: grades.csv is not shown to students.
    ``previous_score`` and ``changes`` say what the student's last regrade changed (from
    ``history``, :meth:`Gradebook.history`; blank for a student never graded differently)."""
    rows = _sorted(results)
    regraded = latest(rows, history or {})
    tests = list(dict.fromkeys(t.test for r in rows for t in r.tests))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *tests])
    for r in rows:
        points = {t.test: _number(t.points) for t in r.tests}
        first = [r.student, _number(r.score), _number(r.max_score), r.status, r.reason]
        step = regraded.get(r.student)
        regrade = [_number(step.before.score), changes_text(step)] if step else ["", ""]
        writer.writerow(
            [*first, "; ".join(r.incidents), *regrade, *(points.get(t, "") for t in tests)]
        )
    return buffer.getvalue()


def write_csv(
    results: list[SubmissionResult],
    path: Path,
    history: dict[str, list[SubmissionResult]] | None = None,
) -> None:
    """Write grades.csv (see :func:`csv_text`) to ``path``."""
    _write(path, csv_text(results, history))


def _summary(result: SubmissionResult) -> str:
    """One short line: the status, and the reason if there is one."""
    status = result.status[:1].upper() + result.status[1:]
    return f"{status}. {result.reason}".strip() if result.reason else f"{status}."


def gradescope_json(result: SubmissionResult) -> dict:
    """``result`` in Gradescope's autograder results format: score, a short status output,
    and each test with its points, visibility, part (as a tag) and, if failed, its feedback."""
    return {
        "score": float(result.score),
        "output": _summary(result),
        "visibility": "visible",
        "tests": [
            {
                "name": t.test,
                "score": float(t.points),
                "max_score": float(t.max_points),
                "visibility": t.visibility,
                "output": "" if t.passed else t.feedback,
                "tags": [t.part],
            }
            for t in result.tests
        ],
    }


def write_gradescope(result: SubmissionResult, path: Path) -> None:
    """Write :func:`gradescope_json` to ``path`` (keys sorted, indented), creating folders."""
    text = json.dumps(gradescope_json(result), indent=2, sort_keys=True, allow_nan=False)
    _write(path, text + "\n")


def _cell(text: str) -> str:
    """``text`` as code in a Markdown table cell."""
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`"


def _fenced(text: str) -> list[str]:
    """``text`` in a fenced ``text`` block, its fence longer than any backtick run inside."""
    fence = "`" * max([3, *(len(run) + 1 for run in re.findall("`+", text))])
    return [f"{fence}text", text.rstrip("\n"), fence, ""]


def feedback_markdown(result: SubmissionResult) -> str:
    """The feedback page a student is shown: score, status (the import error, once, if the
    package did not import), a table per part of the tests they may see, one line for the
    hidden tests, then the feedback of each listed test that ran and failed."""
    listed = [t for t in result.tests if t.visibility in LISTED]
    hidden = [t for t in result.tests if t.visibility not in LISTED]
    lines = [f"# {result.assignment}: feedback for {result.student}", ""]
    lines += [f"**Score: {_number(result.score)} / {_number(result.max_score)}**", ""]
    if result.status != Status.GRADED or result.reason:
        lines += [f"**Status: {result.status}**", ""]
        lines += _fenced(result.reason) if result.reason else []
    if any(t.visibility == "after_due_date" for t in listed):
        lines += ["Released after the due date: tests shown only after it are listed too.", ""]
    for part in dict.fromkeys(t.part for t in listed):
        lines += [f"## Part: {part}", "", "| test | points | result |", "| --- | ---: | --- |"]
        lines += [_row(t) for t in listed if t.part == part] + [""]
    if hidden:
        passed = sum(t.passed for t in hidden)
        points = sum(t.points for t in hidden)
        possible = sum(t.max_points for t in hidden)
        lines += [
            f"Hidden tests: {passed} of {len(hidden)} passed, "
            f"{_number(points)} / {_number(possible)} points.",
            "",
        ]
    failed = [t for t in listed if t.ran and not t.passed]
    if failed:
        lines += ["## What failed", ""]
    for t in failed:
        lines += [f"### {_cell(t.test)} ({t.part})", "", *_fenced(t.feedback)]
    return "\n".join(lines).rstrip("\n") + "\n"


def _row(test: TestResult) -> str:
    """One test's row of a part's table."""
    points = f"{_number(test.points)} / {_number(test.max_points)}"
    outcome = "ok" if test.passed else "failed" if test.ran else "did not run"
    return f"| {_cell(test.test)} | {points} | {outcome} |"


def write_feedback(result: SubmissionResult, path: Path) -> None:
    """Write :func:`feedback_markdown` to ``path``, creating folders."""
    _write(path, feedback_markdown(result))


def _check_file_name(student: str) -> None:
    """A ValueError unless ``student`` is safe as one file or folder name."""
    if student in ("", ".", "..") or any(c in student for c in "/\\\0"):
        raise ValueError(f"student id {student!r} cannot name a file")


def write_all(
    results: list[SubmissionResult],
    out: Path,
    history: dict[str, list[SubmissionResult]] | None = None,
) -> None:
    """Write ``out/grades.csv`` (with the regrades of ``history``, if given),
    ``out/results/<id>/results.json`` and ``out/feedback/<id>.md`` for every result."""
    results = _sorted(results)
    for r in results:
        _check_file_name(r.student)
    write_csv(results, out / "grades.csv", history)
    for r in results:
        write_gradescope(r, out / "results" / r.student / "results.json")
        write_feedback(r, out / "feedback" / f"{r.student}.md")
