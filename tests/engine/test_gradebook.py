"""The gradebook: exact round trips, replacement, resuming, and nothing lost.

Principle 7 (DESIGN.md): each finished submission is committed at once, so a batch stopped at
any point keeps what it recorded; a failed or interrupted record leaves the earlier grade.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest

from autograder.grading.gradebook import SCHEMA_VERSION, Gradebook, GradebookError
from autograder.grading.model import Status, SubmissionResult
from autograder.testing.results import TestResult


def make_result(student: str = "s1", fingerprint: str = "f1", **changes) -> SubmissionResult:
    """A graded result whose numbers do not round-trip through text or float32 by accident."""
    tests = (
        TestResult("test_forward", "conv", 1 / 3, 0.5, "visible", False, "max rel error 0.1 ✗"),
        TestResult("test_backward", "conv", 2.0, 2.0, "hidden", True, ""),
        TestResult("test_shape", "pool", 0.1 + 0.2, 1e-300, "after_due_date", True, "ok\n"),
    )
    result = SubmissionResult(
        student=student,
        assignment="a3_cnn",
        status=Status.GRADED,
        reason="",
        score=sum(t.points for t in tests),
        max_score=sum(t.max_points for t in tests),
        fingerprint=fingerprint,
        tests=tests,
    )
    return replace(result, **changes)


def raw(path: Path) -> closing[sqlite3.Connection]:
    """A plain connection to the gradebook file, closed at the end of its with block (and in
    autocommit mode, so what it writes is committed at once)."""
    return closing(sqlite3.connect(path, isolation_level=None))


def count_rows(path: Path, table: str) -> int:
    with raw(path) as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_round_trip_is_exact(tmp_path):
    """What get() returns equals what record() stored: floats to the last bit, bools, tuples."""
    result = make_result()
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        book.record(result)
        back = book.get("a3_cnn", "s1")
    assert back == result
    assert isinstance(back.tests, tuple)
    assert [type(t.passed) for t in back.tests] == [bool, bool, bool]
    assert [t.points for t in back.tests] == [1 / 3, 2.0, 0.1 + 0.2]


def test_an_invalid_submission_without_tests_round_trips(tmp_path):
    result = make_result(status=Status.INVALID, reason="empty zip", score=0.0, tests=())
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        book.record(result)
        assert book.get("a3_cnn", "s1") == result


def test_get_of_an_unrecorded_submission_is_none(tmp_path):
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        book.record(make_result())
        assert book.get("a3_cnn", "nobody") is None
        assert book.get("a1_mlp", "s1") is None


def test_record_replaces_the_earlier_result_and_its_test_rows(tmp_path):
    path = tmp_path / "gradebook.sqlite"
    newer = make_result(fingerprint="f2", tests=make_result().tests[:1], score=0.25)
    with Gradebook(path) as book:
        book.record(make_result())
        book.record(newer)
        assert book.get("a3_cnn", "s1") == newer
    assert count_rows(path, "submissions") == 1
    assert count_rows(path, "tests") == 1


def test_results_are_ordered_by_student_with_tests_in_recorded_order(tmp_path):
    students = ["s10", "b2", "s2", "a1"]
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        for student in students:
            book.record(make_result(student))
        book.record(make_result("zz", assignment="a1_mlp"))
        results = book.results("a3_cnn")
    assert [r.student for r in results] == sorted(students)
    assert all(r.tests == make_result().tests for r in results)


def test_students_maps_each_recorded_student_to_its_fingerprint(tmp_path):
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        book.record(make_result("s1", "aaa"))
        book.record(make_result("s2", "bbb"))
        book.record(make_result("s1", "ccc"))
        book.record(make_result("s3", "ddd", assignment="a1_mlp"))
        assert book.students("a3_cnn") == {"s1": "ccc", "s2": "bbb"}
        assert book.students("a6_transformer") == {}


def test_results_persist_across_reopening(tmp_path):
    path = tmp_path / "grades" / "gradebook.sqlite"
    with Gradebook(path) as book:
        book.record(make_result("s1"))
    with Gradebook(path) as book:
        book.record(make_result("s2"))
    with Gradebook(path) as book:
        assert book.results("a3_cnn") == [make_result("s1"), make_result("s2")]


def test_the_file_is_in_wal_mode_with_the_schema_version(tmp_path):
    path = tmp_path / "gradebook.sqlite"
    Gradebook(path).close()
    with raw(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_record_that_fails_midway_leaves_the_earlier_result(tmp_path):
    """The submission row is written before the test rows; a test row the schema refuses (an
    unknown visibility) fails the record, and the transaction takes the new row back."""
    path = tmp_path / "gradebook.sqlite"
    earlier = make_result()
    bad_test = replace(earlier.tests[0], visibility="sometimes")
    broken = make_result(fingerprint="f2", reason="new", tests=(earlier.tests[1], bad_test))
    with Gradebook(path) as book:
        book.record(earlier)
        with pytest.raises(sqlite3.IntegrityError):
            book.record(broken)
        assert book.get("a3_cnn", "s1") == earlier
        book.record(make_result("s2"))  # the gradebook is still usable
    assert count_rows(path, "tests") == 2 * len(earlier.tests)


def test_a_record_that_fails_after_deleting_the_old_rows_leaves_the_earlier_result(tmp_path):
    """A trigger makes the second test-row insert fail: by then the old test rows are deleted,
    the submission row replaced and one new test row written; all of it is rolled back."""
    path = tmp_path / "gradebook.sqlite"
    earlier = make_result()
    with Gradebook(path) as book:
        book.record(earlier)
        with raw(path) as db:
            db.execute(
                "CREATE TRIGGER fail BEFORE INSERT ON tests WHEN NEW.position = 1 "
                "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END"
            )
        with pytest.raises(sqlite3.DatabaseError, match="simulated failure"):
            book.record(make_result(fingerprint="f2", score=0.0))
        assert book.get("a3_cnn", "s1") == earlier
        assert book.students("a3_cnn") == {"s1": "f1"}


CRASHING_RECORDER = """
import os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from autograder.grading.gradebook import Gradebook
from test_gradebook import make_result

book = Gradebook(Path(sys.argv[1]))
book.record(make_result())
book._db.create_function("crash", 0, lambda: os._exit(3))  # the process dies, no cleanup
book._db.execute("CREATE TEMP TRIGGER crash AFTER INSERT ON tests BEGIN SELECT crash(); END")
book.record(make_result(fingerprint="f2", score=0.0))
"""


def test_a_process_killed_during_a_record_keeps_the_earlier_committed_result(tmp_path):
    """A grader process that records, then dies in the middle of its next record (no close,
    no rollback, no exit handlers): the first result is on disk, the second left no trace."""
    path = tmp_path / "gradebook.sqlite"
    here = str(Path(__file__).parent)
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_RECORDER, str(path), here],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3, done.stderr
    with Gradebook(path) as book:
        assert book.results("a3_cnn") == [make_result()]


def test_two_threads_recording_into_one_file_lose_nothing(tmp_path):
    """Two recorders, each with its own Gradebook on the same file, record at the same time
    (each its own students, and both the same shared ones): every result is there once."""
    path = tmp_path / "gradebook.sqlite"
    Gradebook(path).close()
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def recorder(name: str) -> None:
        try:
            with Gradebook(path) as book:
                start.wait()
                for i in range(40):
                    book.record(make_result(f"{name}{i:02d}", fingerprint=name))
                    book.record(make_result(f"shared{i % 5}", fingerprint=name))
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=recorder, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    with Gradebook(path) as book:
        results = book.results("a3_cnn")
    assert len(results) == 85
    assert all(r.tests == make_result().tests for r in results)
    assert count_rows(path, "tests") == 85 * len(make_result().tests)


def test_a_gradebook_of_a_newer_schema_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "gradebook.sqlite"
    with raw(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(GradebookError, match="newer"):
        Gradebook(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path):
    path = tmp_path / "grades.csv"
    path.write_text("student,score\n" * 100)
    with pytest.raises(GradebookError, match="not a gradebook"):
        Gradebook(path)


def test_the_rows_that_define_a_grade_are_the_same_whenever_they_are_recorded(tmp_path):
    """No time in submissions or tests: two gradebooks of the same results, recorded apart and
    in another order, hold the same rows (the log table alone says when)."""
    dumps = []
    for name, students in (("one", ["s1", "s2"]), ("two", ["s2", "s1"])):
        with Gradebook(tmp_path / name) as book:
            for student in students:
                book.record(make_result(student))
        with raw(tmp_path / name) as db:
            dumps.append(
                [
                    db.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
                    for table in ("submissions", "tests")
                ]
            )
    assert dumps[0] == dumps[1]


def test_incidents_round_trip(tmp_path):
    """What the sandbox stopped is kept with the grade, in order, each line as it was."""
    incidents = ("write outside /tmp: /submission/x.py", "new process: os.fork")
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        book.record(make_result(incidents=incidents))
        assert book.get("a3_cnn", "s1").incidents == incidents
        book.record(make_result(student="s2"))
        assert book.get("a3_cnn", "s2").incidents == ()


def as_written_by_schema(path: Path, version: int) -> None:
    """Turn the gradebook at ``path`` back into what the grader of schema ``version`` wrote:
    schema 3 added the replaced results and the log's seconds; schema 2, the incidents."""
    with raw(path) as db:
        if version < 3:
            db.execute("DROP TABLE replaced_tests")
            db.execute("DROP TABLE replaced_submissions")
            db.execute("ALTER TABLE log DROP COLUMN seconds")
        if version < 2:
            db.execute("ALTER TABLE submissions DROP COLUMN incidents")
        db.execute(f"PRAGMA user_version = {version}")


def test_a_gradebook_of_the_first_schema_is_upgraded_and_keeps_its_grades(tmp_path):
    """A gradebook written before incidents were kept (schema 1) opens, keeps every grade,
    reads as having no incidents, and records new results with them."""
    path = tmp_path / "gradebook.sqlite"
    with Gradebook(path) as book:
        book.record(make_result())
    as_written_by_schema(path, 1)
    with Gradebook(path) as book:
        assert book.get("a3_cnn", "s1") == make_result()
        book.record(make_result(student="s2", incidents=("new process: os.fork",)))
        assert book.get("a3_cnn", "s2").incidents == ("new process: os.fork",)
    with raw(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_gradebook_of_the_second_schema_is_upgraded_and_keeps_its_grades(tmp_path):
    """A gradebook written before replaced results and grading times were kept (schema 2)
    opens with every grade, no history and no times; a regrade then keeps the earlier
    result, and the new record's time is kept."""
    path = tmp_path / "gradebook.sqlite"
    with Gradebook(path) as book:
        book.record(make_result(), seconds=4.0)
    as_written_by_schema(path, 2)
    with Gradebook(path) as book:
        assert book.results("a3_cnn") == [make_result()]
        assert book.history("a3_cnn") == {} and book.durations("a3_cnn") == {}
        book.record(make_result(score=0.5), seconds=2.5)
        assert book.history("a3_cnn") == {"s1": [make_result()]}
        assert book.durations("a3_cnn") == {"s1": 2.5}
    with raw(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


# --- regrades: nothing is overwritten without a trace ----------------------------------------


def test_a_different_result_keeps_the_one_it_replaces(tmp_path):
    """Three different results of one student: the last is current, the two before it are
    its history, oldest first, exact to their tests and incidents; other students and other
    assignments have none."""
    first = make_result(incidents=("new process: os.fork",))
    second = make_result(tests=first.tests[1:], score=2.3)
    third = make_result(fingerprint="f2", status=Status.TIMED_OUT, reason="slow")
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        for result in (first, second, third):
            book.record(result)
        book.record(make_result("s2"))
        book.record(make_result(assignment="a1_mlp"))
        assert book.get("a3_cnn", "s1") == third
        assert book.history("a3_cnn") == {"s1": [first, second]}
        assert book.history("a1_mlp") == {}


def test_recording_the_same_result_again_adds_no_history(tmp_path):
    """A regrade that changes nothing (``--regrade`` of a deterministic grader) leaves no
    revision behind: history holds only results that differ from what replaced them."""
    path = tmp_path / "gradebook.sqlite"
    with Gradebook(path) as book:
        for _ in range(3):
            book.record(make_result())
        assert book.history("a3_cnn") == {}
    assert count_rows(path, "replaced_submissions") == count_rows(path, "replaced_tests") == 0


def test_a_failed_regrade_keeps_no_half_history(tmp_path):
    """A record that fails after its earlier result was copied to history takes the copy back
    with everything else: the current result and an empty history, as before."""
    path = tmp_path / "gradebook.sqlite"
    with Gradebook(path) as book:
        book.record(make_result())
        with raw(path) as db:
            db.execute(
                "CREATE TRIGGER fail BEFORE INSERT ON tests "
                "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END"
            )
        with pytest.raises(sqlite3.DatabaseError, match="simulated failure"):
            book.record(make_result(score=0.0))
        assert book.get("a3_cnn", "s1") == make_result()
        assert book.history("a3_cnn") == {}


def test_durations_are_each_students_latest_measured_time(tmp_path):
    """The log keeps how long each record's grading took; durations() gives each student's
    latest, and leaves out a record made without one."""
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        book.record(make_result("s1"), seconds=3.25)
        book.record(make_result("s1", score=0.0), seconds=1.5)
        book.record(make_result("s2"), seconds=0.75)
        book.record(make_result("s3"))
        book.record(make_result("s4", assignment="a1_mlp"), seconds=9.0)
        assert book.durations("a3_cnn") == {"s1": 1.5, "s2": 0.75}
