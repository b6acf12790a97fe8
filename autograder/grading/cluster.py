"""Grade on a Dask ``distributed`` cluster: the batch's executor, and the job shipped to it.

``autograder grade ... --cluster ADDRESS`` runs :func:`autograder.grading.batch.grade_batch`'s
own loop with a Dask client's executor instead of the local thread pool: the same jobs, the
same gradebook commits as results arrive, the same resume. ``ADDRESS`` is a scheduler's
(``tcp://host:8786``), or ``local:N`` for a ``LocalCluster`` of ``N`` single-threaded worker
processes on this machine. A job is a pure function of its inputs, so it is submitted with
Dask ``retries`` (and Dask reschedules the job of a worker that dies): a lost worker costs a
retry, not a grade.

A worker needs what the job reads at the paths this machine gives it (the course and the
submissions: a shared file system) and the kit installed with bubblewrap; it stages each
submission in its own temporary folder (``TMPDIR``, local to the node), never on the shared
file system where a retried job could meet its predecessor's files.
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from autograder.grading.batch import timed_grade
from autograder.grading.job import GradingSetup
from autograder.grading.model import SubmissionResult
from autograder.sandbox.launcher import isolation_warning

#: How many times a job that raised is run again (a worker that dies is handled by Dask's
#: own rescheduling, ``distributed.scheduler.allowed-failures``).
RETRIES = 2
#: Seconds to wait for a scheduler to answer before giving up.
CONNECT_TIMEOUT = 30
LOCAL_PREFIX = "local:"


class ClusterError(Exception):
    """A ``--cluster`` that cannot be used; the message says what to do."""


def worker_grade(setup: GradingSetup, submission: Path) -> tuple[SubmissionResult, float]:
    """:func:`timed_grade` with the submission staged in a fresh folder of this worker's
    temporary directory, removed afterwards: each run of a job, retries included, stages
    apart from every other."""
    with tempfile.TemporaryDirectory(prefix="autograder-staging-") as staging:
        return timed_grade(dataclasses.replace(setup, staging=Path(staging)), submission)


def local_workers(address: str) -> int | None:
    """``N`` of a ``local:N`` address; None for a scheduler's address."""
    if not address.startswith(LOCAL_PREFIX):
        return None
    count = address.removeprefix(LOCAL_PREFIX)
    if not count.isdigit() or int(count) < 1:
        raise ClusterError(f"--cluster {address}: local:N needs a whole number N >= 1 of workers")
    return int(count)


def _distributed() -> ModuleType:
    """Dask's ``distributed`` module, or a :class:`ClusterError` saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise ClusterError(
            "--cluster needs Dask's distributed package: install with pip install '.[cluster]'"
        ) from None
    return distributed


def unisolated_workers(client: Any) -> list[str]:
    """What each worker of ``client``'s cluster that cannot isolate student code (no working
    bubblewrap on its node) must tell the instructor: the grader's own check says so only
    for the machine that runs ``grade``, and each node grades its own jobs."""
    answers = client.run(isolation_warning)
    return [f"worker {worker}: {answer}" for worker, answer in sorted(answers.items()) if answer]


@contextmanager
def cluster_executor(
    address: str, warn: Callable[[str], None] = lambda message: None
) -> Iterator[Executor]:
    """An executor that runs jobs on the cluster at ``address`` (see the module's
    docstring), with :data:`RETRIES`; the client, and a ``local:N`` cluster, close on exit.
    ``warn`` is told of every worker that runs student code without bubblewrap."""
    workers = local_workers(address)
    distributed = _distributed()
    with _client(distributed, address, workers) as client:
        for message in unisolated_workers(client):
            warn(message)
        yield client.get_executor(retries=RETRIES, pure=False)


@contextmanager
def _client(distributed: ModuleType, address: str, workers: int | None) -> Iterator[object]:
    """A connected ``distributed.Client``: to a new ``LocalCluster`` of ``workers``
    processes, or to the scheduler at ``address``."""
    if workers is not None:
        cluster = distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        with cluster, distributed.Client(cluster) as client:
            yield client
        return
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as err:
        raise ClusterError(
            f"could not reach a Dask scheduler at {address} within {CONNECT_TIMEOUT} s "
            f"({type(err).__name__}); check the address and that the scheduler runs"
        ) from None
    with client:
        yield client
