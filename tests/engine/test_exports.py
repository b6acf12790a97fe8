"""The exports: grades.csv, Gradescope's results.json and the student's feedback page.

Principle 4: the same results give the same bytes. Principle 5 and the hidden tests' contract:
the feedback page shows what the student may see, and nothing of a hidden test but a count.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from itertools import islice

import pytest
from rich.console import Console

from autograder.grading.exports import (
    changes_text,
    csv_text,
    feedback_markdown,
    gradescope_json,
    write_all,
    write_csv,
    write_feedback,
    write_gradescope,
)
from autograder.grading.model import Status, SubmissionResult
from autograder.grading.regrades import Regrade
from autograder.grading.table import gradebook_table
from autograder.testing.results import DID_NOT_IMPORT, TestResult

HIDDEN_SECRET = "expected 42.4242 at index (3, 1)"


def graded(student: str = "s1", tests: tuple[TestResult, ...] | None = None) -> SubmissionResult:
    """A graded submission: visible, hidden and after-due-date tests, some failed."""
    tests = tests or (
        TestResult("test_conv_forward", "conv", 2.0, 2.0, "visible", True, ""),
        TestResult("test_conv_backward", "conv", 0.0, 3.0, "visible", False, "dw: off by 1e-1"),
        TestResult("test_pool_forward", "pool", 1.5, 1.5, "after_due_date", True, ""),
        TestResult("test_conv_matches", "conv", 0.0, 4.0, "hidden", False, HIDDEN_SECRET),
        TestResult("test_pool_matches", "pool", 2.5, 2.5, "hidden", True, ""),
    )
    return SubmissionResult(
        student=student,
        assignment="a3_cnn",
        status=Status.GRADED,
        reason="",
        score=sum(t.points for t in tests),
        max_score=sum(t.max_points for t in tests),
        fingerprint="f" + student,
        tests=tests,
    )


def invalid(student: str = "s0") -> SubmissionResult:
    return SubmissionResult(
        student=student,
        assignment="a3_cnn",
        status=Status.INVALID,
        reason="The zip holds no layers.py: put it at the top of the zip.",
        score=0.0,
        max_score=13.0,
        fingerprint="",
    )


# --- grades.csv ------------------------------------------------------------------------------


def test_csv_has_a_column_per_test_and_blanks_where_a_submission_has_none(tmp_path):
    extra = (TestResult("test_extra", "conv", 1.0, 1.0, "visible", True, ""),)
    results = [graded("s2"), invalid("s0"), graded("s3", tests=extra)]
    write_csv(results, tmp_path / "grades.csv")
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    tests = [t.test for t in graded().tests]
    head = ["student", "score", "max_score", "status", "reason", "sandbox"]
    assert rows[0] == [*head, "previous_score", "changes", *tests, "test_extra"]
    assert rows[1] == ["s0", "0", "13", Status.INVALID, invalid().reason] + [""] * 9
    assert rows[2] == ["s2", "6", "13", "graded", "", "", "", "", "2", "0", "1.5", "0", "2.5", ""]
    assert rows[3] == ["s3", "1", "1", "graded", "", "", "", "", "", "", "", "", "", "1"]


#: What a submission's code tried that the sandbox stopped.
INCIDENTS = (
    "write outside /tmp: /submission/a3_cnn/conv.py",
    "network connection: connect to ('10.0.0.1', 80)",
)


def test_the_instructor_sees_sandbox_incidents_in_the_csv_and_the_table():
    """grades.csv's sandbox column lists every incident; the terminal table flags their
    kinds (and has no sandbox column when no submission has any)."""
    flagged = replace(graded("s2"), incidents=INCIDENTS)
    rows = list(csv.reader(io.StringIO(csv_text([flagged, graded("s1")]))))
    assert [row[5] for row in rows] == ["sandbox", "", "; ".join(INCIDENTS)]
    console = Console(width=200, record=True)
    console.print(gradebook_table([flagged, graded("s1")], "a3"))
    text = console.export_text()
    assert "sandbox" in text and "⚑ write outside /tmp, network connection" in text
    console.print(gradebook_table([graded("s1")], "a3"))
    assert "sandbox" not in console.export_text().split("a3")[-1]


def test_what_students_see_does_not_mention_sandbox_incidents():
    """The feedback page and results.json (which Gradescope shows students) stay factual: the
    tests' messages say what failed; the incidents are for the instructor only."""
    flagged = replace(graded(), incidents=INCIDENTS)
    assert feedback_markdown(flagged) == feedback_markdown(graded())
    assert gradescope_json(flagged) == gradescope_json(graded())


def test_csv_rows_are_sorted_by_student_and_the_bytes_repeat(tmp_path):
    results = [graded("b"), invalid("c"), replace(graded("a"), score=1 / 3)]
    write_csv(results, tmp_path / "one.csv")
    write_csv(list(reversed(results)), tmp_path / "two.csv")
    text = (tmp_path / "one.csv").read_bytes()
    assert text == (tmp_path / "two.csv").read_bytes()
    assert [line.split(b",")[0] for line in text.splitlines()[1:]] == [b"a", b"b", b"c"]
    assert b"0.3333333333333333" in text  # never rounded to :g's six digits


def regraded(student: str = "s1") -> SubmissionResult:
    """``graded(student)`` after a fixed tolerance: test_conv_backward now passes."""
    tests = list(graded().tests)
    tests[1] = replace(tests[1], points=3.0, passed=True, feedback="")
    return replace(graded(student), tests=tuple(tests), score=9.0)


def test_csv_says_what_the_last_regrade_changed():
    """previous_score and changes come from the student's last replaced result: the score
    before, the status if it changed, and each test whose points changed, before -> after
    (``none`` where the earlier result had no such test); students without history blank."""
    earliest = invalid("s1")
    earlier = replace(graded("s1"), tests=graded().tests[:4], score=3.5)  # no test_pool_matches
    history = {"s1": [earliest, earlier]}
    rows = list(csv.reader(io.StringIO(csv_text([regraded("s1"), graded("s2")], history))))
    assert [row[6:8] for row in rows] == [
        ["previous_score", "changes"],
        ["3.5", "test_conv_backward: 0 -> 3; test_pool_matches: none -> 2.5"],
        ["", ""],
    ]
    row = next(islice(csv.reader(io.StringIO(csv_text([earlier], {"s1": [earliest]}))), 1, 2))
    assert row[6] == "0"
    assert row[7].startswith(
        "status: invalid submission -> graded; test_conv_forward: none -> 2; "
        "test_conv_backward: none -> 0; "
    )


def test_a_regrade_that_moved_no_points_says_so():
    """A replaced result that differs only in its feedback (or content) names no test."""
    tests = graded().tests
    earlier = replace(
        graded(), fingerprint="old", tests=(replace(tests[0], feedback="x"), *tests[1:])
    )
    assert changes_text(Regrade(earlier, graded())) == "no test's points changed"


def test_write_all_writes_the_regrades_into_grades_csv(tmp_path):
    """write_all passes the history on: grades.csv shows the regrade."""
    write_all([regraded("s1")], tmp_path / "out", {"s1": [graded("s1")]})
    text = (tmp_path / "out" / "grades.csv").read_text(encoding="utf-8")
    assert "6,test_conv_backward: 0 -> 3" in text


def test_csv_refuses_two_results_for_one_student(tmp_path):
    with pytest.raises(ValueError, match="s1"):
        write_csv([graded("s1"), invalid("s1")], tmp_path / "grades.csv")


# --- results.json ----------------------------------------------------------------------------


def test_gradescope_json_has_the_documented_fields_and_types():
    result = graded()
    data = gradescope_json(result)
    assert set(data) == {"score", "output", "tests", "visibility"}
    assert data["visibility"] == "visible"
    assert isinstance(data["score"], float)
    assert data["score"] == sum(t["score"] for t in data["tests"]) == 6.0
    assert isinstance(data["output"], str) and "graded" in data["output"].lower()
    for entry, test in zip(data["tests"], result.tests, strict=True):
        assert set(entry) == {"name", "score", "max_score", "visibility", "output", "tags"}
        assert entry["name"] == test.test
        assert isinstance(entry["score"], float) and isinstance(entry["max_score"], float)
        assert entry["visibility"] == test.visibility
        assert entry["tags"] == [test.part]
        assert entry["output"] == ("" if test.passed else test.feedback)


def test_gradescope_json_of_an_invalid_submission_says_why():
    data = gradescope_json(invalid())
    assert data["score"] == 0.0 and data["tests"] == []
    assert Status.INVALID in data["output"].lower() and invalid().reason in data["output"]


def test_results_json_is_sorted_indented_and_repeatable(tmp_path):
    path = tmp_path / "results" / "s1" / "results.json"
    write_gradescope(graded(), path)
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == gradescope_json(graded())
    assert text == json.dumps(gradescope_json(graded()), indent=2, sort_keys=True) + "\n"
    write_gradescope(graded(), tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()


# --- feedback.md -----------------------------------------------------------------------------


def test_feedback_hides_hidden_tests_but_counts_them():
    text = feedback_markdown(graded())
    assert HIDDEN_SECRET not in text
    assert "test_conv_matches" not in text and "test_pool_matches" not in text
    assert "Hidden tests: 1 of 2 passed, 2.5 / 6.5 points." in text


def test_feedback_shows_score_and_visible_failures_with_their_feedback():
    text = feedback_markdown(graded())
    assert text.startswith("# a3_cnn: feedback for s1\n")
    assert "**Score: 6 / 13**" in text
    assert "| `test_conv_forward` | 2 / 2 | ok |" in text
    assert "| `test_conv_backward` | 0 / 3 | failed |" in text
    assert "```text\ndw: off by 1e-1\n```" in text
    assert "**Status" not in text  # plain graded: no status line


def test_feedback_lists_after_due_date_tests_with_a_note_only_when_there_are_some():
    assert "| `test_pool_forward` | 1.5 / 1.5 | ok |" in feedback_markdown(graded())
    assert "due date" in feedback_markdown(graded())
    visible_only = tuple(t for t in graded().tests if t.visibility != "after_due_date")
    assert "due date" not in feedback_markdown(graded(tests=visible_only))


def test_feedback_of_an_invalid_submission_shows_status_and_reason():
    text = feedback_markdown(invalid())
    assert f"**Status: {Status.INVALID}**" in text
    assert invalid().reason in text
    assert "**Score: 0 / 13**" in text
    assert "Hidden tests" not in text


def did_not_import() -> SubmissionResult:
    """A submission whose package did not import: every test failed without running."""
    not_run = tuple(
        replace(t, points=0.0, passed=False, feedback=DID_NOT_IMPORT) for t in graded().tests
    )
    error = "Your package did not import: SyntaxError: expected ':' (in layers.py, line 4)"
    return replace(graded(tests=not_run), status=Status.DID_NOT_IMPORT, reason=error, score=0.0)


def test_a_package_that_did_not_import_says_so_once():
    """The import error (file and line) is said once, at the top of the feedback page and of
    results.json; each test only says it did not run."""
    result = did_not_import()
    text = feedback_markdown(result)
    assert text.count(result.reason) == 1
    assert text.index(result.reason) < text.index("## Part: conv")
    assert "| `test_conv_forward` | 0 / 2 | did not run |" in text
    assert "What failed" not in text and DID_NOT_IMPORT not in text
    payload = gradescope_json(result)
    assert result.reason in payload["output"]
    assert {t["output"] for t in payload["tests"]} == {DID_NOT_IMPORT}


def test_feedback_with_backticks_cannot_break_out_of_its_block():
    test = TestResult("test_x", "conv", 0.0, 1.0, "visible", False, "see:\n```\ncode\n```")
    text = feedback_markdown(graded(tests=(test,)))
    assert "````text\nsee:\n```\ncode\n```\n````" in text


def test_write_feedback_repeats_byte_for_byte(tmp_path):
    write_feedback(graded(), tmp_path / "a" / "s1.md")
    write_feedback(graded(), tmp_path / "b" / "s1.md")
    assert (tmp_path / "a" / "s1.md").read_bytes() == (tmp_path / "b" / "s1.md").read_bytes()


# --- write_all -------------------------------------------------------------------------------


def test_write_all_lays_out_csv_results_and_feedback(tmp_path):
    write_all([graded("s2"), invalid("s1")], tmp_path / "out")
    files = sorted(p.relative_to(tmp_path / "out").as_posix() for p in tmp_path.rglob("*.*"))
    assert files == [
        "feedback/s1.md",
        "feedback/s2.md",
        "grades.csv",
        "results/s1/results.json",
        "results/s2/results.json",
    ]
    feedback = (tmp_path / "out" / "feedback" / "s2.md").read_text(encoding="utf-8")
    assert feedback == feedback_markdown(graded("s2"))


@pytest.mark.parametrize("student", ["", "..", "a/b", "..\\x"])
def test_write_all_refuses_a_student_id_that_is_not_a_file_name(tmp_path, student):
    with pytest.raises(ValueError, match="cannot name a file"):
        write_all([graded(student)], tmp_path / "out")
    assert not (tmp_path / "out").exists()
