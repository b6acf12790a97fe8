"""The gradebook: every graded submission, in one SQLite file.

Each :meth:`Gradebook.record` is one transaction, committed before it returns, so a batch
stopped at any point keeps every grade it reported and resumes from :meth:`Gradebook.students`.
The rows that define a grade hold no time: the same results give the same rows, and so the same
exports; when each result was recorded is kept apart, in ``log``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from autograder.grading.model import SubmissionResult
from autograder.testing.results import TestResult

#: The schema version kept in ``PRAGMA user_version``; raise it with every schema change.
SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    assignment TEXT NOT NULL, student TEXT NOT NULL, fingerprint TEXT NOT NULL,
    status TEXT NOT NULL, reason TEXT NOT NULL, score REAL NOT NULL, max_score REAL NOT NULL,
    incidents TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assignment, student)
);
CREATE TABLE IF NOT EXISTS tests (
    assignment TEXT NOT NULL, student TEXT NOT NULL, position INTEGER NOT NULL,
    test TEXT NOT NULL, part TEXT NOT NULL, points REAL NOT NULL, max_points REAL NOT NULL,
    visibility TEXT NOT NULL CHECK (visibility IN ('visible', 'hidden', 'after_due_date')),
    passed INTEGER NOT NULL CHECK (passed IN (0, 1)), feedback TEXT NOT NULL,
    PRIMARY KEY (assignment, student, position),
    FOREIGN KEY (assignment, student) REFERENCES submissions (assignment, student)
);
CREATE TABLE IF NOT EXISTS log (
    assignment TEXT NOT NULL, student TEXT NOT NULL, recorded_at TEXT NOT NULL
);
"""

#: What each older schema version needs to become the current one.
_UPGRADES = {1: "ALTER TABLE submissions ADD COLUMN incidents TEXT NOT NULL DEFAULT ''"}

#: The columns of a submission row (SubmissionResult's fields but tests and incidents, which
#: are stored one per line), and of a test row (its key, then TestResult's fields).
_SUBMISSION = ("assignment", "student", "fingerprint", "status", "reason", "score", "max_score")
_TEST_KEY = ("assignment", "student", "position")
_TEST = ("test", "part", "points", "max_points", "visibility", "passed", "feedback")


def _columns(names: tuple[str, ...]) -> str:
    """``(a, b) VALUES (?, ?)`` for an INSERT of the columns ``names``."""
    return f"({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


class GradebookError(RuntimeError):
    """A gradebook file this version of the grader cannot use."""


class Gradebook:
    """The SQLite record of graded submissions at ``path`` (created if need be).

    One instance may be shared by threads; several instances, in threads or processes, may
    record into the same file at once (SQLite's write lock orders them).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        # Transactions are explicit (isolation_level=None); the timeout waits out other writers.
        self._db = sqlite3.connect(
            self.path, timeout=60.0, isolation_level=None, check_same_thread=False
        )
        try:
            self._check_version()
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")  # a commit survives power loss too
            self._db.execute("PRAGMA foreign_keys = ON")
            with self._transaction() as db:
                version = self._check_version()
                if version == 0:
                    for statement in filter(str.strip, _SCHEMA.split(";")):
                        db.execute(statement)
                else:  # a gradebook of an earlier grader: keep its grades, add what is new
                    for older in range(version, SCHEMA_VERSION):
                        db.execute(_UPGRADES[older])
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            self._db.close()
            raise

    def _check_version(self) -> int:
        """The file's schema version; a GradebookError if it is not one this grader reads."""
        try:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise GradebookError(f"{self.path} is not a gradebook: {error}") from error
        if version > SCHEMA_VERSION:
            raise GradebookError(
                f"{self.path} is a gradebook of schema version {version}, newer than this "
                f"grader's ({SCHEMA_VERSION}): open it with a newer grader, or use another file."
            )
        return version

    @contextmanager
    def _transaction(self, write: bool = True) -> Iterator[sqlite3.Connection]:
        """One transaction: committed on success, rolled back on any exception. A write
        transaction takes the write lock at once (``BEGIN IMMEDIATE``); a read one sees one
        consistent snapshot."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def record(self, result: SubmissionResult) -> None:
        """Store ``result`` in place of any earlier result of the same assignment and student:
        its submission row and test rows, in one transaction committed before returning."""
        key = (result.assignment, result.student)
        submission = [getattr(result, column) for column in _SUBMISSION]
        submission.append("\n".join(result.incidents))
        tests = [
            (*key, position, *(getattr(test, column) for column in _TEST))
            for position, test in enumerate(result.tests)
        ]
        recorded_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._transaction() as db:
            db.execute("DELETE FROM tests WHERE assignment = ? AND student = ?", key)
            columns = _columns((*_SUBMISSION, "incidents"))
            db.execute(f"INSERT OR REPLACE INTO submissions {columns}", submission)
            db.executemany(f"INSERT INTO tests {_columns(_TEST_KEY + _TEST)}", tests)
            db.execute("INSERT INTO log VALUES (?, ?, ?)", (*key, recorded_at))

    def get(self, assignment: str, student: str) -> SubmissionResult | None:
        """The recorded result of ``student`` on ``assignment``, or None."""
        found = self._read("AND student = ?", (assignment, student))
        return found[0] if found else None

    def results(self, assignment: str) -> list[SubmissionResult]:
        """Every recorded result of ``assignment``, ordered by student id, each with its tests
        in their recorded order."""
        return self._read("", (assignment,))

    def students(self, assignment: str) -> dict[str, str]:
        """``{student: fingerprint}`` of every recorded result of ``assignment``: what a resumed
        batch compares a submission with to know whether it is graded already."""
        with self._transaction(write=False) as db:
            rows = db.execute(
                "SELECT student, fingerprint FROM submissions WHERE assignment = ? "
                "ORDER BY student",
                (assignment,),
            ).fetchall()
        return dict(rows)

    def assignments(self) -> list[str]:
        """The assignments the gradebook holds results of, sorted."""
        with self._transaction(write=False) as db:
            rows = db.execute(
                "SELECT DISTINCT assignment FROM submissions ORDER BY assignment"
            ).fetchall()
        return [assignment for (assignment,) in rows]

    def _read(self, where: str, key: tuple[str, ...]) -> list[SubmissionResult]:
        """Results whose rows match ``assignment = ? {where}``, read in one snapshot."""
        submission_columns = ", ".join((*_SUBMISSION, "incidents"))
        test_columns = ", ".join(_TEST)
        condition = f"WHERE assignment = ? {where} ORDER BY student"
        with self._transaction(write=False) as db:
            submissions = db.execute(
                f"SELECT {submission_columns} FROM submissions {condition}", key
            ).fetchall()
            test_rows = db.execute(
                f"SELECT student, {test_columns} FROM tests {condition}, position", key
            ).fetchall()
        tests: dict[str, list[TestResult]] = {}
        for student, *row in test_rows:
            test = dict(zip(_TEST, row, strict=True))
            test["passed"] = bool(test["passed"])  # stored as the integer 0 or 1
            tests.setdefault(student, []).append(TestResult(**test))
        return [
            SubmissionResult(
                **dict(zip(_SUBMISSION, row[:-1], strict=True)),
                tests=tuple(tests.get(row[1], ())),
                incidents=tuple(row[-1].splitlines()),
            )
            for row in submissions
        ]

    def close(self) -> None:
        """Close the file (every recorded result is already committed)."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
