"""The gradebook: every graded submission, in one SQLite file.

Each :meth:`Gradebook.record` is one transaction, committed before it returns, so a batch
stopped at any point keeps every grade it reported and resumes from :meth:`Gradebook.students`.
The rows that define a grade hold no time: the same results give the same rows, and so the same
exports; when each result was recorded, and how long grading it took, is kept apart, in ``log``.

Nothing is overwritten without a trace: a result replaced by a different one (a regrade after a
changed test, a resubmission) moves to ``replaced_submissions`` and ``replaced_tests``, numbered
by revision, where :meth:`Gradebook.history` reads it back.
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
SCHEMA_VERSION = 3

#: Results replaced by a different one (schema 3): revision 1 is a student's first result.
_REPLACED = """
CREATE TABLE IF NOT EXISTS replaced_submissions (
    assignment TEXT NOT NULL, student TEXT NOT NULL, revision INTEGER NOT NULL,
    fingerprint TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL, score REAL NOT NULL,
    max_score REAL NOT NULL, incidents TEXT NOT NULL,
    PRIMARY KEY (assignment, student, revision)
);
CREATE TABLE IF NOT EXISTS replaced_tests (
    assignment TEXT NOT NULL, student TEXT NOT NULL, revision INTEGER NOT NULL,
    position INTEGER NOT NULL, test TEXT NOT NULL, part TEXT NOT NULL, points REAL NOT NULL,
    max_points REAL NOT NULL, visibility TEXT NOT NULL, passed INTEGER NOT NULL,
    feedback TEXT NOT NULL,
    PRIMARY KEY (assignment, student, revision, position),
    FOREIGN KEY (assignment, student, revision)
        REFERENCES replaced_submissions (assignment, student, revision)
);
"""


def _statements(script: str) -> tuple[str, ...]:
    """The SQL statements of ``script``, one per ``;``."""
    return tuple(filter(str.strip, script.split(";")))


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
    assignment TEXT NOT NULL, student TEXT NOT NULL, recorded_at TEXT NOT NULL, seconds REAL
);
"""

#: What each older schema version needs to become the current one, statement by statement.
_UPGRADES = {
    1: ("ALTER TABLE submissions ADD COLUMN incidents TEXT NOT NULL DEFAULT ''",),
    2: ("ALTER TABLE log ADD COLUMN seconds REAL", *_statements(_REPLACED)),
}

#: The columns of a submission row (SubmissionResult's fields but tests and incidents, which
#: are stored one per line), and of a test row (its key, then TestResult's fields).
_SUBMISSION = ("assignment", "student", "fingerprint", "status", "reason", "score", "max_score")
_TEST_KEY = ("assignment", "student", "position")
_TEST = ("test", "part", "points", "max_points", "visibility", "passed", "feedback")


def _columns(names: tuple[str, ...]) -> str:
    """``(a, b) VALUES (?, ?)`` for an INSERT of the columns ``names``."""
    return f"({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


#: Where results are read from: a table prefix, and the columns that tell one result from
#: another there (a current result per student; replaced ones per student and revision).
_CURRENT = ("", ("student",))
_REPLACED_ROWS = ("replaced_", ("student", "revision"))


def _select(
    db: sqlite3.Connection, rows: tuple[str, tuple[str, ...]], where: str, key: tuple[str, ...]
) -> list[tuple[tuple, SubmissionResult]]:
    """``(group, result)`` of each result in ``rows`` (:data:`_CURRENT` or
    :data:`_REPLACED_ROWS`) matching ``assignment = ? {where}``, ordered by group, each with
    its tests in their recorded order; ``group`` holds the values of the rows' group columns."""
    prefix, group = rows
    size = len(group)
    submission_columns = ", ".join((*group, *_SUBMISSION, "incidents"))
    test_columns = ", ".join((*group, *_TEST))
    condition = f"WHERE assignment = ? {where} ORDER BY {', '.join(group)}"
    submissions = db.execute(
        f"SELECT {submission_columns} FROM {prefix}submissions {condition}", key
    ).fetchall()
    test_rows = db.execute(
        f"SELECT {test_columns} FROM {prefix}tests {condition}, position", key
    ).fetchall()
    tests: dict[tuple, list[TestResult]] = {}
    for row in test_rows:
        test = dict(zip(_TEST, row[size:], strict=True))
        test["passed"] = bool(test["passed"])  # stored as the integer 0 or 1
        tests.setdefault(row[:size], []).append(TestResult(**test))
    return [
        (
            row[:size],
            SubmissionResult(
                **dict(zip(_SUBMISSION, row[size:-1], strict=True)),
                tests=tuple(tests.get(row[:size], ())),
                incidents=tuple(row[-1].splitlines()),
            ),
        )
        for row in submissions
    ]


def _keep_as_replaced(db: sqlite3.Connection, key: tuple[str, str]) -> None:
    """Copy the current rows of ``key`` (assignment, student) into the replaced tables, as
    the student's next revision."""
    (revision,) = db.execute(
        "SELECT COALESCE(MAX(revision), 0) + 1 FROM replaced_submissions "
        "WHERE assignment = ? AND student = ?",
        key,
    ).fetchone()
    for table, columns in (
        ("submissions", (*_SUBMISSION, "incidents")),
        ("tests", (*_TEST_KEY, *_TEST)),
    ):
        names = ", ".join(columns)
        db.execute(
            f"INSERT INTO replaced_{table} (revision, {names}) SELECT ?, {names} FROM {table} "
            "WHERE assignment = ? AND student = ?",
            (revision, *key),
        )


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
                    for statement in _statements(_SCHEMA + _REPLACED):
                        db.execute(statement)
                else:  # a gradebook of an earlier grader: keep its grades, add what is new
                    for older in range(version, SCHEMA_VERSION):
                        for statement in _UPGRADES[older]:
                            db.execute(statement)
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

    def record(self, result: SubmissionResult, seconds: float | None = None) -> None:
        """Store ``result`` as the current result of its assignment and student: its submission
        row and test rows, in one transaction committed before returning. A current result that
        differs from ``result`` is kept as the student's next revision (:meth:`history`);
        ``seconds``, how long grading took (None: not measured), goes to the log."""
        key = (result.assignment, result.student)
        submission = [getattr(result, column) for column in _SUBMISSION]
        submission.append("\n".join(result.incidents))
        tests = [
            (*key, position, *(getattr(test, column) for column in _TEST))
            for position, test in enumerate(result.tests)
        ]
        recorded_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._transaction() as db:
            current = _select(db, _CURRENT, "AND student = ?", key)
            if current and current[0][1] != result:
                _keep_as_replaced(db, key)
            db.execute("DELETE FROM tests WHERE assignment = ? AND student = ?", key)
            columns = _columns((*_SUBMISSION, "incidents"))
            db.execute(f"INSERT OR REPLACE INTO submissions {columns}", submission)
            db.executemany(f"INSERT INTO tests {_columns(_TEST_KEY + _TEST)}", tests)
            db.execute("INSERT INTO log VALUES (?, ?, ?, ?)", (*key, recorded_at, seconds))

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

    def history(self, assignment: str) -> dict[str, list[SubmissionResult]]:
        """``{student: results}``: every result of ``assignment`` that a different one replaced,
        oldest first, for the students that have any, by student id. The result that replaced
        the last of them is the current one (:meth:`get`)."""
        with self._transaction(write=False) as db:
            replaced = _select(db, _REPLACED_ROWS, "", (assignment,))
        earlier: dict[str, list[SubmissionResult]] = {}
        for (student, _revision), result in replaced:
            earlier.setdefault(student, []).append(result)
        return earlier

    def durations(self, assignment: str) -> dict[str, float]:
        """``{student: seconds}``: how long grading each student's latest recorded result of
        ``assignment`` took, by student id; students whose time was not measured (recorded
        before schema 3, or without ``seconds``) are left out."""
        with self._transaction(write=False) as db:
            rows = db.execute(
                "SELECT student, seconds FROM log WHERE assignment = ? ORDER BY rowid",
                (assignment,),
            ).fetchall()
        latest = dict(rows)  # the last row of each student wins
        return {student: latest[student] for student in sorted(latest) if latest[student]}

    def _read(self, where: str, key: tuple[str, ...]) -> list[SubmissionResult]:
        """Current results whose rows match ``assignment = ? {where}``, read in one snapshot."""
        with self._transaction(write=False) as db:
            return [result for _, result in _select(db, _CURRENT, where, key)]

    def close(self) -> None:
        """Close the file (every recorded result is already committed)."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
