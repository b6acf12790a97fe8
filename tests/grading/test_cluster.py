"""`autograder grade --cluster`: a Dask cluster grades a batch exactly as the local pool does,
a batch whose client is lost resumes from the gradebook, a worker killed mid-job costs a
retry and not a grade, and a cluster that cannot be used is refused in one line.

The batches are the toy course's (a job takes well under a second), graded on a
``LocalCluster`` of worker processes, as ``--cluster local:N`` starts it."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

import distributed
import pytest
from helpers import make_toy_course, require_bubblewrap
from typer.testing import CliRunner

from autograder.authoring.generate import student_files, write_files
from autograder.cli import app
from autograder.course import COURSE_ENV, Assignment
from autograder.grading import cluster
from autograder.grading.batch import grade_batch
from autograder.grading.cluster import cluster_executor, unisolated_workers, worker_grade
from autograder.grading.job import GradingSetup
from autograder.sandbox.launcher import Limits, isolation_warning

pytestmark = pytest.mark.batch

LIMITS = Limits(call_timeout=5)

SUBMISSIONS = {
    "right.py": "import numpy as np\n\n\ndef double(x):\n    return np.multiply(x, 2.0)\n",
    "wrong.py": "def double(x):\n    return x\n",
    "broken.py": "def double(x)\n    return x\n",
    # Right, but slow enough (a sleep per call) that a job is still running when it is killed.
    **{
        f"slow{n}.py": "import time\n\nimport numpy as np\n\n\ndef double(x):\n"
        "    time.sleep(0.02)\n    return np.multiply(x, 2.0)\n"
        for n in range(4)
    },
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[Path, list[Path]]:
    """The toy course (student folder generated) and its submissions, one file each."""
    root = tmp_path_factory.mktemp("cluster")
    course = make_toy_course(root / "course")
    toy = Assignment(course, "t1_toy")
    write_files(toy.student_dir, student_files(toy))
    (root / "subs").mkdir()
    for name, source in SUBMISSIONS.items():
        (root / "subs" / name).write_text(source)
    return course, sorted((root / "subs").iterdir())


def grade(batch, out: Path, **options) -> dict:
    """Grade the batch into ``out``; every result in the gradebook, by student."""
    course, submissions = batch
    setup = GradingSetup(course, "t1_toy", out / "staging", LIMITS)
    return {r.student: r for r in grade_batch(setup, submissions, out, **options)}


@pytest.fixture(scope="module")
def local(batch, tmp_path_factory) -> dict:
    """The grades of the local thread pool: what every cluster run must give."""
    return grade(batch, tmp_path_factory.mktemp("local"), jobs=2)


def on_cluster(batch, out: Path, **options) -> dict:
    """Grade the batch on a fresh ``local:2`` cluster, as ``--cluster local:2`` does."""
    with cluster_executor("local:2") as executor:
        return grade(batch, out, executor=executor, job=worker_grade, **options)


def test_a_cluster_gives_the_local_pools_grades(batch, local, tmp_path):
    """Every result (score, status, reason, each test's points and feedback, fingerprint)
    equals the local pool's, wrong and broken submissions included."""
    graded = on_cluster(batch, tmp_path / "out")
    assert graded == local
    assert {r.status for r in graded.values()} == {"graded", "did not import"}


class LostClient(Exception):
    """The client going away in the middle of a batch."""


def test_a_batch_whose_client_is_lost_resumes_to_the_same_grades(batch, local, tmp_path):
    """The client is lost after two results: the gradebook keeps them, and the rerun grades
    only the rest and ends with the local pool's grades."""
    out = tmp_path / "out"
    done = []

    def lose_after_two(student, result):
        done.append(student)
        if len(done) == 2:
            raise LostClient

    with pytest.raises(LostClient):
        on_cluster(batch, out, progress=lose_after_two)
    regraded = []
    resumed = on_cluster(batch, out, progress=lambda s, r: r is not None and regraded.append(s))
    assert resumed == local
    assert sorted(regraded) == sorted(set(local) - set(done[:2]))


def kill_a_busy_worker(killed: list[int], stop: threading.Event) -> None:
    """Once a worker of the current client runs a job, SIGKILL its process and note its pid."""
    client = distributed.default_client()
    pids = client.run(os.getpid)
    while not stop.is_set():
        busy = [worker for worker, keys in client.processing().items() if keys]
        if busy:
            time.sleep(0.3)  # well into the job: its pytest child has started
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append(pids[busy[0]])
            return
        time.sleep(0.05)


def test_a_worker_killed_mid_job_costs_a_retry_not_a_grade(batch, local, tmp_path):
    """A worker process is killed while it grades: its job runs again elsewhere and the
    batch ends with every grade equal to the local pool's."""
    killed: list[int] = []
    stop = threading.Event()
    with cluster_executor("local:2") as executor:
        killer = threading.Thread(target=kill_a_busy_worker, args=(killed, stop))
        killer.start()
        try:
            graded = grade(batch, tmp_path / "out", executor=executor, job=worker_grade)
        finally:
            stop.set()
            killer.join()
    assert len(killed) == 1
    assert graded == local


runner = CliRunner()


@pytest.fixture
def course_env(batch, monkeypatch, tmp_path):
    """The toy course as the command's course; the working directory a fresh folder."""
    monkeypatch.setenv(COURSE_ENV, str(batch[0]))
    monkeypatch.chdir(tmp_path)
    return batch[1][0].parent


@pytest.mark.parametrize(
    ("options", "line"),
    [
        (
            ["--cluster", "local:0"],
            "--cluster local:0: local:N needs a whole number N >= 1 of workers",
        ),
        (
            ["--cluster", "local:two"],
            "--cluster local:two: local:N needs a whole number N >= 1 of workers",
        ),
        (
            ["--cluster", "local:2", "-j", "2"],
            "--jobs and --cluster exclude each other: the cluster's workers set how many "
            "submissions are graded at once",
        ),
    ],
)
def test_a_bad_cluster_option_is_refused_in_one_line(course_env, tmp_path, options, line):
    """A bad ``local:N`` and ``--jobs`` beside ``--cluster`` exit 2 with one line, before
    anything is written."""
    result = runner.invoke(app, ["grade", "t1_toy", str(course_env), "--out", "out", *options])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [f"error: {line}"]
    assert not (tmp_path / "out").exists()


def test_an_unreachable_scheduler_is_refused_in_one_line(course_env, monkeypatch):
    """A scheduler address where none listens gives up after the connect timeout, in one
    line that names the address."""
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2)
    address = "tcp://127.0.0.1:9"
    result = runner.invoke(
        app, ["grade", "t1_toy", str(course_env), "--out", "out", "--cluster", address]
    )
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert (
        len(lines) == 1 and f"could not reach a Dask scheduler at {address} within 2 s" in lines[0]
    )
    assert "Traceback" not in result.output


def test_a_missing_distributed_says_how_to_install_it(course_env, monkeypatch):
    """Without Dask's ``distributed`` installed, ``--cluster`` says which extra to install."""
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now fails
    result = runner.invoke(
        app, ["grade", "t1_toy", str(course_env), "--out", "out", "--cluster", "local:1"]
    )
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert lines == [
        "error: --cluster needs Dask's distributed package: install with pip install '.[cluster]'"
    ]


class _Client:
    """A client whose workers answer ``run`` as a cluster with one node lacking bubblewrap."""

    def run(self, function):
        assert function is isolation_warning
        return {"tcp://10.0.0.2:4000": "bubblewrap (bwrap) is not available here", "tcp://a": None}


def test_every_worker_that_cannot_isolate_student_code_is_named():
    """The grader checks bubblewrap on its own machine; each node of a cluster grades its own
    jobs, so each is asked, and every one without it is named to the instructor."""
    assert unisolated_workers(_Client()) == [
        "worker tcp://10.0.0.2:4000: bubblewrap (bwrap) is not available here"
    ]
    require_bubblewrap()  # here every worker can: none is named
    warned = []
    with cluster_executor("local:1", warned.append):
        pass
    assert warned == []
