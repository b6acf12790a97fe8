"""Grades for a learning-management system: the CSV that Canvas's gradebook import accepts.

The gradebook names students after their submissions; Canvas knows them by its own ids. A
roster joins the two: a CSV with Canvas's student columns (its gradebook export, Grades >
Export, has them all) in which one column (``SIS Login ID`` unless told otherwise) holds each
student's submission name, compared with the same character replacement the grader applies
to submission names (:func:`autograder.grading.intake.student_id`).

What Canvas's gradebook import reads (Canvas's ``GradebookImporter``):

- the header starts ``Student, ID``, then ``SIS User ID, SIS Login ID``, and ends its student
  columns with ``Section``; the assignment columns follow. A student is found by ``ID``
  (Canvas's user id), else ``SIS User ID``, else ``SIS Login ID``, else by name;
- an assignment column whose header is an assignment's title, or ``Title (id)`` as Canvas
  exports it, updates that assignment; any other header becomes a new assignment;
- a header that contains ``Current Points`` (as the assignment-group columns of Canvas's own
  export do) is read-only and ignored on import: the per-part columns are named so, and
  travel in the file for the instructor to read;
- a second row whose first cell is ``Points Possible`` gives each column's points, and
  ``(read only)`` under a read-only column, as Canvas's export writes it;
- a blank score replaces the grade Canvas holds with none, so a roster student with no
  result is left out of the file, and listed with the gradebook's students the roster lacks.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from autograder.course import AssignmentSpec
from autograder.grading.exports import _number
from autograder.grading.intake import student_id
from autograder.grading.model import SubmissionResult
from autograder.testing.results import total

#: Canvas's student columns, in the order its import expects them.
STUDENT_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
#: The columns Canvas finds a student by; a roster needs at least one.
IDENTIFIERS = ("ID", "SIS User ID", "SIS Login ID")
#: The roster column that holds each student's submission name, unless told otherwise.
DEFAULT_MATCH = "SIS Login ID"
#: Canvas's second row (its first cell as Canvas's export writes it) and its read-only mark.
POINTS_POSSIBLE = "    Points Possible"
READ_ONLY = "(read only)"
#: The file written into OUT, and the list of students that could not be matched.
CANVAS_FILE = "canvas.csv"
UNMATCHED_FILE = "canvas-unmatched.csv"
#: Rows of a Canvas export that hold no student: blank, or the muted-assignments row.
_NOT_A_STUDENT = re.compile(r"\s*(Muted|Manual Posting.*)?\s*", re.IGNORECASE)


class RosterError(ValueError):
    """The roster cannot be used; the message is one line that says what to fix."""


@dataclass(frozen=True)
class RosterEntry:
    """One student of the roster: Canvas's student columns (blank where the roster has no
    such column), the submission name they match (blank when the roster has none for
    them) and the roster's line the entry came from."""

    columns: tuple[str, ...]
    submission: str
    line: int

    @property
    def name(self) -> str:
        """The student's name, as Canvas writes it."""
        return self.columns[0]


@dataclass(frozen=True)
class CanvasExport:
    """Canvas's import CSV (``text``) and who was left out of it: the gradebook's students
    whom no roster entry matches, and the roster's students without a result."""

    text: str
    matched: int
    not_in_roster: tuple[str, ...]
    not_graded: tuple[RosterEntry, ...]


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    """The rows of the CSV at ``path`` with their line numbers, or a :class:`RosterError`."""
    if not path.is_file():
        missing = "is a folder" if path.is_dir() else "does not exist"
        raise RosterError(f"the roster {path} {missing}: give the roster's CSV file")
    try:
        text = path.read_text(encoding="utf-8-sig")
        reader = csv.reader(io.StringIO(text, newline=""))
        return [(reader.line_num, row) for row in reader]
    except UnicodeDecodeError:
        raise RosterError(
            f"the roster {path} is not UTF-8 text: save it again as CSV (UTF-8)"
        ) from None
    except csv.Error as err:
        raise RosterError(f"the roster {path} is not a readable CSV file: {err}") from None
    except OSError as err:
        raise RosterError(f"the roster {path} cannot be read: {err.strerror}") from None


def _check_header(path: Path, header: list[str], match: str) -> None:
    """A :class:`RosterError` unless ``header`` has what matching and Canvas need."""
    needed = [column for column in ("Student", match) if column not in header]
    if not any(column in header for column in IDENTIFIERS):
        needed.append(" or ".join(IDENTIFIERS))
    if needed:
        found = ", ".join(column for column in header if column) or "none"
        raise RosterError(
            f"the roster {path} has no column {'; no column '.join(needed)} (its columns: "
            f"{found}); Canvas's gradebook export (Grades > Export) has them all"
        )


def _holds_a_student(cells: list[str], name: str) -> bool:
    """False for the rows of a Canvas export that hold no student: blank, muted, and the
    ``Points Possible`` row."""
    if all(_NOT_A_STUDENT.fullmatch(cell) for cell in cells):
        return False
    return name.strip() != POINTS_POSSIBLE.strip()


def read_roster(path: Path, match: str = DEFAULT_MATCH) -> list[RosterEntry]:
    """The students of the roster at ``path``, in its order; ``match`` names the column that
    holds each one's submission name. Rows that hold no student (blank, Canvas's
    ``Points Possible`` and muted rows) are skipped."""
    rows = _rows(path)
    if not rows:
        raise RosterError(
            f"the roster {path} is empty: it needs a header row and a row per student"
        )
    header = [cell.strip() for cell in rows[0][1]]
    _check_header(path, header, match)
    where = {
        column: header.index(column) for column in (*STUDENT_COLUMNS, match) if column in header
    }
    entries, seen = [], {}
    for line, row in rows[1:]:
        cells = row + [""] * (len(header) - len(row))
        if not _holds_a_student(cells, cells[where["Student"]]):
            continue
        columns = tuple(cells[where[c]].strip() if c in where else "" for c in STUDENT_COLUMNS)
        value = cells[where[match]].strip()
        submission = student_id(Path(value)) if value else ""
        if submission in seen:
            raise RosterError(
                f"the roster {path} lists the submission {submission!r} twice ({match} on "
                f"lines {seen[submission]} and {line}): keep one row per student"
            )
        if submission:
            seen[submission] = line
        entries.append(RosterEntry(columns, submission, line))
    if not entries:
        raise RosterError(f"the roster {path} lists no students, only its header")
    return entries


def _part_points(result: SubmissionResult, part: str) -> str:
    """The points ``result`` earned in ``part``; blank where it has no test of the part (a
    submission refused before its tests ran)."""
    tests = [t for t in result.tests if t.part == part]
    return _number(total(tests)[0]) if tests else ""


def canvas_export(
    results: list[SubmissionResult],
    spec: AssignmentSpec,
    roster: list[RosterEntry],
    column: str,
) -> CanvasExport:
    """Canvas's import CSV for ``results``: one row per roster student with a result, in the
    roster's order; the score in ``column``, then each part's points, read-only."""
    by_student = {r.student: r for r in results}
    parts = [f"{spec.name} {part.name} Current Points" for part in spec.parts]
    max_score = max((r.max_score for r in results), default=0)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*STUDENT_COLUMNS, column, *parts])
    blank = [""] * (len(STUDENT_COLUMNS) - 1)
    writer.writerow([POINTS_POSSIBLE, *blank, _number(max_score), *[READ_ONLY] * len(parts)])
    matched = [entry for entry in roster if entry.submission in by_student]
    for entry in matched:
        result = by_student[entry.submission]
        points = [_part_points(result, part.name) for part in spec.parts]
        writer.writerow([*entry.columns, _number(result.score), *points])
    listed = {entry.submission for entry in matched}
    return CanvasExport(
        text=buffer.getvalue(),
        matched=len(matched),
        not_in_roster=tuple(sorted(set(by_student) - listed)),
        not_graded=tuple(entry for entry in roster if entry.submission not in by_student),
    )


def unmatched_text(export: CanvasExport) -> str:
    """The students left out of Canvas's file, one row each: who, where they are, why."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "submission", "roster_line", "problem"])
    for student in export.not_in_roster:
        writer.writerow(["", student, "", "graded, but no roster row matches this submission"])
    for entry in export.not_graded:
        problem = "in the roster, but the gradebook has no result for this submission"
        if not entry.submission:
            problem = "in the roster, without a submission name to match"
        writer.writerow([entry.name, entry.submission, entry.line, problem])
    return buffer.getvalue()


def write_canvas(export: CanvasExport, out: Path) -> list[Path]:
    """Write ``out/canvas.csv`` and, when anyone was left out, ``out/canvas-unmatched.csv``
    (an earlier run's list is removed otherwise); return the paths written."""
    written = [out / CANVAS_FILE]
    (out / CANVAS_FILE).write_bytes(export.text.encode("utf-8"))
    unmatched = out / UNMATCHED_FILE
    if export.not_in_roster or export.not_graded:
        unmatched.write_bytes(unmatched_text(export).encode("utf-8"))
        written.append(unmatched)
    elif unmatched.exists():
        unmatched.unlink()
    return written
