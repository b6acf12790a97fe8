"""`autograder grade` on whole batches: bad input gets a clear answer and the batch goes on;
a batch killed at any moment and rerun ends with exactly the grades of an uninterrupted run;
a killed grader leaves no worker behind."""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from helpers import (
    COURSE,
    REPO,
    adopt_orphans,
    communicate_scaled,
    cpu_hog,
    machine_slowdown,
    make_toy_course,
    own_processes,
)

from autograder.authoring.generate import student_files, write_files
from autograder.course import Assignment
from autograder.grading.batch import grade_batch
from autograder.grading.gradebook import Gradebook
from autograder.grading.intake import find_submissions
from autograder.grading.job import GradingSetup
from autograder.grading.model import Status
from autograder.sandbox.launcher import Limits

pytestmark = pytest.mark.batch

ADA = REPO / "examples" / "submissions" / "a1_backprop" / "ada"
BEN = REPO / "examples" / "submissions" / "a1_backprop" / "ben"
LIMITS = Limits(call_timeout=5)


def grade(folder: Path, out: Path, **options):
    setup = GradingSetup(COURSE, "a1_backprop", out / "staging", LIMITS)
    results = grade_batch(setup, find_submissions([folder], "a1_backprop"), out, **options)
    return {r.student: r for r in results}


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ada_files(prefix: str = "a1_backprop/") -> dict[str, bytes]:
    return {f"{prefix}{p.name}": p.read_bytes() for p in ADA.glob("*.py")}


def without_relative_imports(source: str) -> str:
    """``source`` without its ``from .module import ...`` statements: ada's modules pasted
    into one file or notebook, as a student who writes a single file has them."""
    tree = ast.parse(source)
    dropped = {
        line
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.level > 0
        for line in range(node.lineno, node.end_lineno + 1)
    }
    lines = source.splitlines(keepends=True)
    return "".join(line for number, line in enumerate(lines, 1) if number not in dropped)


def test_bad_input_gets_a_reason_and_the_batch_goes_on(tmp_path):
    subs = tmp_path / "subs"
    shutil.copytree(ADA, subs / "good_folder")
    (subs / "good.zip").write_bytes(zip_of(ada_files()))
    modules = [without_relative_imports(p.read_text()) for p in sorted(ADA.glob("[!_]*.py"))]
    (subs / "good_single.py").write_text("\n".join(modules))
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(m) for m in modules])
    (subs / "good_notebook.ipynb").write_text(nbformat.writes(notebook))
    shutil.copytree(ADA, subs / "syntax")
    (subs / "syntax" / "layers.py").write_text("def affine_forward(x, w, b)\n    return x\n")
    shutil.copytree(ADA, subs / "missing")
    (subs / "missing" / "__init__.py").write_text("from .layers import affine_forward\n")
    shutil.copytree(ADA, subs / "wrong_name" / "assignment1")
    (subs / "empty.zip").write_bytes(zip_of({}))
    (subs / "escape.zip").write_bytes(zip_of({"../evil.py": b"x = 1\n", **ada_files()}))
    bomb = zip_of({"a1_backprop/__init__.py": b"#" * (200 * 1024**2)})
    (subs / "bomb.zip").write_bytes(bomb)
    shutil.copytree(ADA, subs / "huge")
    (subs / "huge" / "data.py").write_text("DATA = '" + "x" * (2 * 1024**2) + "'\n")
    shutil.copytree(ADA, subs / "latin1")
    (subs / "latin1" / "layers.py").write_bytes("# café\n".encode("latin-1"))
    (subs / "broken.ipynb").write_text("{ not json")

    results = grade(subs, tmp_path / "out", jobs=2)

    for good in ("good_folder", "good", "good_single", "good_notebook"):
        assert results[good].status == Status.GRADED
        assert results[good].score == results[good].max_score, results[good].reason
    expectations = {
        "syntax": (Status.DID_NOT_IMPORT, "SyntaxError"),
        "wrong_name": (Status.INVALID, "rename it to a1_backprop"),
        "empty": (Status.INVALID, "empty zip"),
        "escape": (Status.INVALID, "unsafe path '../evil.py'"),
        "bomb": (Status.INVALID, "larger than the limit"),
        "huge": (Status.INVALID, "data.py is larger than the limit"),
        "latin1": (Status.INVALID, "layers.py is not valid UTF-8"),
        "broken": (Status.INVALID, "not a valid notebook"),
    }
    for student, (status, reason) in expectations.items():
        assert results[student].status == status, results[student]
        assert reason in results[student].reason, results[student].reason
        assert results[student].score == 0
    missing = results["missing"]
    assert missing.status == Status.GRADED and 0 < missing.score < missing.max_score
    failed = [t.feedback for t in missing.tests if not t.passed]
    assert any("has no relu_forward" in f for f in failed)
    assert not (tmp_path / "evil.py").exists() and not (tmp_path / "out" / "evil.py").exists()
    assert (tmp_path / "out" / "feedback" / "latin1.md").is_file()


def make_batch(folder: Path, copies: int) -> Path:
    """``copies`` students: the first one is ben (mistakes), the others ada (all right)."""
    for index in range(copies):
        shutil.copytree(BEN if index == 0 else ADA, folder / f"student{index:02d}")
    return folder


def run_grade(subs: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            *(sys.executable, "-c", "from autograder.cli import app; app()", "grade"),
            *("a1_backprop", str(subs), "--out", str(out), "-j", "2", "--timeout", "5"),
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def recorded(out: Path) -> int:
    path = out / "gradebook.sqlite"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def leftovers(grace: float = 10.0) -> list[str]:
    """This test's own processes still alive after ``grace`` seconds (a killed sandbox takes
    a moment to go); other processes of the machine are not this test's business."""
    end = time.monotonic() + grace
    while (left := own_processes()) and time.monotonic() < end:
        time.sleep(0.2)
    return left


def finish(process: subprocess.Popen, seconds: float = 600) -> int:
    """Wait for ``process`` (``seconds`` on an idle machine, more on a busy one)."""
    communicate_scaled(process, seconds)
    return process.returncode


def test_a_killed_batch_resumes_to_the_same_grades(tmp_path):
    """Kill -9 the grader after two of four results: no process it started survives it, and
    the rerun ends with byte-identical grades and results."""
    adopt_orphans()  # what the killed grader leaves behind becomes this test's to find
    subs = make_batch(tmp_path / "subs", 4)
    assert finish(run_grade(subs, tmp_path / "clean")) == 0

    victim = run_grade(subs, tmp_path / "killed")
    budget = 300.0
    while recorded(tmp_path / "killed") < 2 and budget > 0:
        time.sleep(0.2)
        budget -= 0.2 / machine_slowdown()
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()
    partial = recorded(tmp_path / "killed")
    assert 2 <= partial < 4
    assert leftovers() == []  # pytest runs and workers die with the grader

    assert finish(run_grade(subs, tmp_path / "killed")) == 0
    clean = (tmp_path / "clean" / "grades.csv").read_bytes()
    assert (tmp_path / "killed" / "grades.csv").read_bytes() == clean
    assert recorded(tmp_path / "killed") == 4
    for student in ("student00", "student01"):
        results = [
            json.loads((tmp_path / run / "results" / student / "results.json").read_text())
            for run in ("clean", "killed")
        ]
        assert results[0] == results[1]


def test_regrade_grades_again_and_rerun_skips(tmp_path):
    """A changed submission is graded again, an unchanged one skipped, --regrade grades all
    again; the gradebook keeps the replaced result, grades.csv says what changed, and a
    regrade that changes nothing adds no history."""
    subs = make_batch(tmp_path / "subs", 3)
    shutil.rmtree(subs / "student00")
    out = tmp_path / "out"
    first = grade(subs, out, jobs=2)
    (subs / "student01" / "losses.py").write_text((BEN / "losses.py").read_text())
    second = grade(subs, out, jobs=2)
    assert second["student01"].score < first["student01"].score  # changed: graded again
    assert second["student02"] == first["student02"]
    third = grade(subs, out, jobs=2, regrade=True)
    assert third == second
    with Gradebook(out / "gradebook.sqlite") as book:
        assert book.history("a1_backprop") == {"student01": [first["student01"]]}
        assert set(book.durations("a1_backprop")) == {"student01", "student02"}
    rows = {row["student"]: row for row in csv.DictReader((out / "grades.csv").open())}
    assert rows["student01"]["previous_score"] == "100"
    assert "test_mse_loss" in rows["student01"]["changes"]
    assert rows["student02"]["previous_score"] == rows["student02"]["changes"] == ""


#: A correct toy ``double`` that computes for 0.5 s of its own CPU time per call.
SLOW_DOUBLE = """\
import time

import numpy as np


def double(x):
    end = time.process_time() + 0.5
    while time.process_time() < end:
        pass
    return np.multiply(x, 2.0)
"""


def test_a_slow_but_correct_submission_gets_the_same_grade_idle_and_under_load(tmp_path):
    """Limits count CPU time: a correct ``double`` that needs 0.5 s of CPU per call is
    graded with a 1 s call limit and a 2 s test limit, once on an idle machine and once with
    twice as many busy loops as cores (where one call takes well over 1 s on the clock). Both
    times the one-call test passes and the many-call tests run out of CPU time at the same
    call: the same score, status, reason and feedback, to the letter."""
    course = make_toy_course(tmp_path / "course")
    toy = Assignment(course, "t1_toy")
    write_files(toy.student_dir, student_files(toy))
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "slow.py").write_text(SLOW_DOUBLE)
    limits = Limits(call_timeout=1, test_timeout=2, startup_timeout=20)
    graded = []
    for busy in (0, 2 * len(os.sched_getaffinity(0))):
        out = tmp_path / f"out-{busy}"
        setup = GradingSetup(course, "t1_toy", out / "staging", limits)
        with cpu_hog(busy):
            graded += grade_batch(setup, [tmp_path / "subs" / "slow.py"], out, jobs=1)
    idle, loaded = graded
    assert idle == loaded
    assert (idle.status, idle.score) == (Status.TIMED_OUT, 2.0)
    assert "test_double_shape" in idle.reason and "test_double_values" not in idle.reason


def test_an_enormous_error_stays_small_in_every_file(tmp_path):
    """A package whose import raises an exception with a megabyte-long class name and message
    (the worker caps messages, not names) is graded in seconds, and every file it reaches
    stays small and readable: grades.csv (csv parses it), results.json, the feedback."""
    folder = tmp_path / "in" / "flood"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text(
        "Flood = type('F' * 1_000_000, (Exception,), {})\nraise Flood('M' * 1_600_000)\n"
    )
    out = tmp_path / "out"
    started = time.monotonic()
    result = grade(tmp_path / "in", out)["flood"]
    assert result.status == Status.DID_NOT_IMPORT
    assert len(result.reason) < 5000 and "more characters cut" in result.reason
    for path in (out / "grades.csv", out / "results" / "flood" / "results.json"):
        assert path.stat().st_size < 100_000, f"{path.name}: {path.stat().st_size} bytes"
    assert (out / "feedback" / "flood.md").stat().st_size < 100_000
    rows = list(csv.DictReader(io.StringIO((out / "grades.csv").read_text(encoding="utf-8"))))
    assert rows[0]["student"] == "flood"
    assert time.monotonic() - started < 60 * machine_slowdown()
