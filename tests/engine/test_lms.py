"""Canvas's gradebook import CSV (autograder.instructor.lms and `autograder export canvas`):
the columns Canvas's importer reads, students matched through the roster, everyone left out
listed, and a roster that cannot be used refused in one line."""

from __future__ import annotations

import csv
import io
import re

import pytest
from helpers import make_toy_course
from typer.testing import CliRunner

from autograder.cli import app
from autograder.course import COURSE_ENV, AssignmentSpec, Part
from autograder.grading.gradebook import Gradebook
from autograder.grading.model import Status, SubmissionResult
from autograder.instructor.lms import (
    RosterError,
    canvas_export,
    read_roster,
    unmatched_text,
    write_canvas,
)
from autograder.testing.results import TestResult

runner = CliRunner()

SPEC = AssignmentSpec(
    "t1_toy", "Toy", (Part("scale", "Scaling", ("double",)), Part("shift", "Shift", ("add",)))
)

#: The first rows of a Canvas gradebook export (Grades > Export), byte-order mark included:
#: the points row, a muted row, a student without a login, the test student.
CANVAS_EXPORT = (
    "\ufeffStudent,ID,SIS User ID,SIS Login ID,Section,Homework 1 (101),Current Score\n"
    "    Points Possible,,,,,10,(read only)\n"
    ",,,,,Muted,\n"
    '"Lovelace, Ada",1001,S-1,ada,Section A,9,90\n'
    '"Babbage, Ben",1002,S-2,Ben.B@uni.edu,Section A,,\n'
    '"Curie, Cleo",1003,S-3,cleo,Section B,,\n'
    '"Nobody, Nora",1004,S-4,,Section B,,\n'
)


def outcome(name: str, part: str, points: float, max_points: float) -> TestResult:
    """A graded test's result."""
    return TestResult(name, part, points, max_points, "visible", points == max_points, "")


def result(student: str, scale: float, shift: float | None) -> SubmissionResult:
    """A toy result: ``scale`` of 2 points in part scale and ``shift`` of 3 in part shift
    (None: the submission was refused before any test ran)."""
    if shift is None:
        return SubmissionResult(student, "t1_toy", Status.INVALID, "empty zip", 0.0, 5.0, "")
    tests = (outcome("t_scale", "scale", scale, 2.0), outcome("t_shift", "shift", shift, 3.0))
    return SubmissionResult(student, "t1_toy", Status.GRADED, "", scale + shift, 5.0, "f", tests)


RESULTS = [result("ada", 2.0, 2.5), result("Ben.B_uni.edu", 2.0, 3.0), result("zed", 0, 1)]


@pytest.fixture
def roster(tmp_path):
    """Canvas's gradebook export, saved as the roster."""
    path = tmp_path / "roster.csv"
    path.write_text(CANVAS_EXPORT, encoding="utf-8")
    return path


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_has_the_columns_canvas_imports(roster):
    """Canvas's importer: Student and ID first, the student columns ending with Section, the
    assignment's column, then per-part columns whose header contains "Current Points" (which
    the importer strips as read-only); the Points Possible row marks them "(read only)"."""
    export = canvas_export(RESULTS, SPEC, read_roster(roster), "Homework 1 (101)")
    header, points, *students = rows(export.text)
    assert header == [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        "Homework 1 (101)",
        "t1_toy scale Current Points",
        "t1_toy shift Current Points",
    ]
    assert points == ["    Points Possible", "", "", "", "", "5", "(read only)", "(read only)"]
    importer_strips = re.compile("Current Score|Current Points|Final Score|Final Points")
    assert [h for h in header[5:] if not importer_strips.search(h)] == ["Homework 1 (101)"]
    assert students == [
        ["Lovelace, Ada", "1001", "S-1", "ada", "Section A", "4.5", "2", "2.5"],
        ["Babbage, Ben", "1002", "S-2", "Ben.B@uni.edu", "Section A", "5", "2", "3"],
    ]


def test_everyone_left_out_is_listed(roster):
    """A graded student no roster row matches, a roster student without a result and one
    without a submission name are each listed with why, never dropped silently."""
    export = canvas_export(RESULTS, SPEC, read_roster(roster), "a1")
    assert export.matched == 2 and export.not_in_roster == ("zed",)
    assert [(e.name, e.line) for e in export.not_graded] == [
        ("Curie, Cleo", 6),
        ("Nobody, Nora", 7),
    ]
    listed = rows(unmatched_text(export))
    assert listed == [
        ["student", "submission", "roster_line", "problem"],
        ["", "zed", "", "graded, but no roster row matches this submission"],
        [
            "Curie, Cleo",
            "cleo",
            "6",
            "in the roster, but the gradebook has no result for this submission",
        ],
        ["Nobody, Nora", "", "7", "in the roster, without a submission name to match"],
    ]


def test_a_submission_refused_before_its_tests_has_blank_parts(tmp_path):
    """An invalid submission scores 0; its parts, which no test ran, are blank, as in
    grades.csv."""
    path = tmp_path / "roster.csv"
    path.write_text("Student,SIS Login ID\nEve,eve\n")
    export = canvas_export([result("eve", 0, None)], SPEC, read_roster(path), "a1")
    assert rows(export.text)[2] == ["Eve", "", "", "eve", "", "0", "", ""]


def test_another_roster_column_can_name_the_submissions(tmp_path):
    """--match: a roster with its own column of submission names (and only the SIS User ID
    to identify students in Canvas) matches through that column."""
    path = tmp_path / "roster.csv"
    path.write_text('SIS User ID,Student,folder\nS-9,"Lovelace, Ada",ada\n')
    export = canvas_export(RESULTS, SPEC, read_roster(path, match="folder"), "a1")
    assert rows(export.text)[2] == ["Lovelace, Ada", "", "S-9", "", "", "4.5", "2", "2.5"]


def test_written_files_and_a_clean_rerun(tmp_path, roster):
    """canvas.csv is written; canvas-unmatched.csv too while anyone is left out, and a later
    run that leaves no one out removes it."""
    export = canvas_export(RESULTS, SPEC, read_roster(roster), "a1")
    assert write_canvas(export, tmp_path) == [
        tmp_path / "canvas.csv",
        tmp_path / "canvas-unmatched.csv",
    ]
    path = tmp_path / "all.csv"
    path.write_text("Student,ID,SIS Login ID\nAda,1,ada\n")
    clean = canvas_export([RESULTS[0]], SPEC, read_roster(path), "a1")
    assert write_canvas(clean, tmp_path) == [tmp_path / "canvas.csv"]
    assert not (tmp_path / "canvas-unmatched.csv").exists()
    assert (tmp_path / "canvas.csv").read_text() == clean.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist: give the roster's CSV file"),
        (b"", "is empty: it needs a header row and a row per student"),
        (b"Student,ID,SIS Login ID\n", "lists no students, only its header"),
        (b"Name,ID,SIS Login ID\nAda,1,ada\n", "has no column Student (its columns: Name, ID, "),
        (
            b"Student,Email\nAda,ada@x\n",
            "has no column SIS Login ID; no column ID or SIS User ID or SIS Login ID (its "
            "columns: Student, Email)",
        ),
        (b"Student,ID,SIS Login ID\nAda,1,ada\nAnn,2,ada\n", "lists the submission 'ada' twice"),
        (b"Student,ID,SIS Login ID\nZo\xe9,1,zoe\n", "is not UTF-8 text: save it again"),
        (b'Student,ID,SIS Login ID\nAda,1,"' + b"x" * 200_000 + b'"\n', "is not a readable CSV"),
    ],
)
def test_a_roster_that_cannot_be_used_is_refused_in_one_line(tmp_path, content, message):
    """A missing, empty, header-only, non-UTF-8 or unreadable roster, one without the
    columns matching and Canvas need, and one that lists a submission twice, each raise a
    RosterError whose one line names the file and says what to fix."""
    path = tmp_path / "roster.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    assert message in str(caught.value) and str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.fixture
def course(tmp_path, monkeypatch):
    """The toy course, and a grading folder whose gradebook holds ada's and zed's results."""
    root = make_toy_course(tmp_path / "course")
    monkeypatch.setenv(COURSE_ENV, str(root))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "grades").mkdir()
    with Gradebook(tmp_path / "grades" / "gradebook.sqlite") as book:
        for r in (result("ada", 2.0, 0.0), result("zed", 0.0, 0.0)):
            book.record(r)
    return root


def test_the_command_writes_canvas_csv_and_lists_who_is_left_out(course, roster, tmp_path):
    """`autograder export canvas` writes OUT/canvas.csv, says how many it holds, and lists on
    stderr every student left out, with the file that lists them."""
    result = runner.invoke(app, ["export", "canvas", "t1_toy", "grades", "--roster", roster])
    assert result.exit_code == 0, result.output
    assert "1 of 2 graded students" in result.stdout
    assert "not in the roster: zed" in result.stderr
    assert "not graded: Babbage, Ben (line 5, submission Ben.B_uni.edu), left out" in result.stderr
    assert "4 student(s) left out" in result.stderr
    canvas = rows((tmp_path / "grades" / "canvas.csv").read_text())
    assert canvas[0][5] == "t1_toy" and canvas[2][0] == "Lovelace, Ada"
    assert (tmp_path / "grades" / "canvas-unmatched.csv").is_file()


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["t1_toy", "nowhere"],
            "nowhere has no gradebook.sqlite: grade the batch first "
            "(autograder grade t1_toy SUBMISSIONS --out nowhere)",
        ),
        (["t9_none", "grades"], "no assignment 't9_none'"),
        (["t1_toy", "grades", "--match", "login"], "has no column login"),
    ],
)
def test_mistakes_in_the_command_are_refused_in_one_line(course, roster, args, line):
    """An OUT without a gradebook, an unknown assignment and a roster without the --match
    column are refused in one line, before anything is written."""
    result = runner.invoke(app, ["export", "canvas", *args, "--roster", str(roster)])
    assert result.exit_code == 2, result.output
    assert len(result.stderr.splitlines()) == 1 and line in result.stderr
    assert not (course.parent / "grades" / "canvas.csv").exists()
