"""Grade many submissions: in parallel, resumable, every result committed as it lands.

Each submission is one job, :func:`autograder.grading.job.grade_submission`, submitted to a
``concurrent.futures.Executor``: by default a thread pool of ``jobs`` workers (a job spends
its time in child processes, so threads suffice), or any executor with the same
interface (a Dask ``distributed`` client's executor runs the same jobs on a cluster).
What jobs do in this process at the same time shares no unsafe state: each stages into its
own folder; Python is parsed (:mod:`autograder.parsing`) and notebooks are read one at a
time; the assignment's points are read once; child processes start without a
``preexec_fn``; the gradebook and the progress bar are this thread's only
(``tests/grading/test_concurrency.py``).

The gradebook is written by this process only, one committed transaction per finished
submission, with how long its job took on the clock where it ran (the report's grading
times; never part of a grade). A rerun skips every submission whose fingerprint the gradebook
already holds (unless ``regrade``), so a batch stopped at any moment and rerun ends with
exactly the grades of an uninterrupted run: a finished result is never lost nor graded twice,
an unfinished one is graded from scratch. A regrade that changes a result keeps the earlier
one in the gradebook, and grades.csv says what changed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor, as_completed
from pathlib import Path

from autograder.grading.exports import write_all
from autograder.grading.gradebook import Gradebook
from autograder.grading.job import (
    GradingSetup,
    close_servers,
    grade_submission,
    identify,
    max_score,
)
from autograder.grading.model import Status, SubmissionResult

GRADEBOOK = "gradebook.sqlite"
STAGING = "staging"

#: Called with (student id, result or None when skipped) as each submission is done.
Progress = Callable[[str, SubmissionResult | None], None]
#: What an executor runs for one submission: its result and the seconds it took there.
Job = Callable[[GradingSetup, Path], tuple[SubmissionResult, float]]


def default_jobs() -> int:
    """The machine's usable cores."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def timed_grade(setup: GradingSetup, submission: Path) -> tuple[SubmissionResult, float]:
    """:func:`grade_submission`'s result and the seconds it took on the clock, measured
    where the job runs."""
    start = time.perf_counter()
    result = grade_submission(setup, submission)
    return result, time.perf_counter() - start


def _not_gradable(setup: GradingSetup, student: str, error: Exception) -> SubmissionResult:
    """The result of a submission the grader failed on; its empty fingerprint makes the
    next run try it again."""
    reason = (
        f"The grader could not grade this submission ({type(error).__name__}: "
        f"{str(error)[:300]}); ask your instructor."
    )
    possible = max_score(setup)
    return SubmissionResult(student, setup.assignment, Status.INVALID, reason, 0.0, possible, "")


def grade_batch(
    setup: GradingSetup,
    submissions: list[Path],
    out: Path,
    *,
    jobs: int | None = None,
    regrade: bool = False,
    executor: Executor | None = None,
    progress: Progress | None = None,
    job: Job | None = None,
) -> list[SubmissionResult]:
    """Grade ``submissions`` into ``out`` (gradebook and exports); return every result of
    the assignment now in the gradebook, by student id. ``job`` (default
    :func:`timed_grade`) is what ``executor`` runs for each submission: a cluster's job
    stages on its worker (:func:`autograder.grading.cluster.worker_grade`)."""
    out.mkdir(parents=True, exist_ok=True)
    with Gradebook(out / GRADEBOOK) as book:
        known = book.students(setup.assignment)
        pending = {}
        for submission in submissions:
            student, fingerprint = identify(setup, submission)
            if not regrade and known.get(student) == fingerprint:
                if progress is not None:
                    progress(student, None)
            else:
                pending[submission] = student
        own = executor is None
        pool = executor or ThreadPoolExecutor(max_workers=jobs or default_jobs())
        try:
            futures = {pool.submit(job or timed_grade, setup, s): s for s in pending}
            for future in as_completed(futures):
                try:
                    result, seconds = future.result()
                except Exception as err:  # one submission must never stop the batch
                    result, seconds = _not_gradable(setup, pending[futures[future]], err), None
                book.record(result, seconds)
                if progress is not None:
                    progress(result.student, result)
        finally:
            if own:
                pool.shutdown(wait=True, cancel_futures=True)
            close_servers()
        results = book.results(setup.assignment)
        history = book.history(setup.assignment)
    write_all(results, out, history)
    return results
