"""What grading on a Dask cluster costs against the local pool, on the same batch, in one run.

Grades an assignment's bundled example submissions twice, each into a fresh output folder:
with the local pool at ``-j N`` (``grade_batch``'s thread pool) and as ``autograder grade
--cluster local:N`` does (a ``LocalCluster`` of N single-threaded worker processes, started
and closed inside the measured time). Prints both wall times, the cluster's start-up alone,
the overhead ratio (cluster / local), and whether the two runs gave the same grades.

Run from the repository root (a minute or two; needs ``pip install -c constraints.txt -e
".[cluster]"``)::

    python benchmarks/cluster.py [--assignment a1_backprop] [--workers 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from autograder.course import find_course, get_assignment
from autograder.grading.batch import grade_batch
from autograder.grading.cluster import cluster_executor, worker_grade
from autograder.grading.intake import find_submissions
from autograder.grading.job import GradingSetup
from autograder.grading.model import SubmissionResult
from autograder.sandbox.launcher import Limits

LIMITS = Limits(call_timeout=5)


def local_run(setup: GradingSetup, submissions: list[Path], out: Path, workers: int) -> list:
    """The batch's results with the local pool of ``workers`` threads."""
    return grade_batch(setup, submissions, out, jobs=workers)


def cluster_run(
    setup: GradingSetup, submissions: list[Path], out: Path, workers: int
) -> tuple[list[SubmissionResult], float]:
    """The batch's results on a new ``local:workers`` cluster, and the seconds it took to
    start (until the executor was ready)."""
    start = time.perf_counter()
    with cluster_executor(f"local:{workers}") as executor:
        started = time.perf_counter() - start
        results = grade_batch(setup, submissions, out, executor=executor, job=worker_grade)
    return results, started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="a1_backprop")
    parser.add_argument("--workers", type=int, default=2, help="-j N and local:N")
    options = parser.parse_args()
    course = find_course()
    assignment = get_assignment(course, options.assignment)
    examples = course / "examples" / "submissions" / assignment.name
    submissions = find_submissions([examples], assignment.name)
    n = options.workers
    with tempfile.TemporaryDirectory() as tmp:
        setups = {
            where: GradingSetup(course, assignment.name, Path(tmp) / where / "staging", LIMITS)
            for where in ("local", "cluster")
        }
        start = time.perf_counter()
        local = local_run(setups["local"], submissions, Path(tmp) / "local", n)
        local_seconds = time.perf_counter() - start
        start = time.perf_counter()
        remote, started = cluster_run(setups["cluster"], submissions, Path(tmp) / "cluster", n)
        cluster_seconds = time.perf_counter() - start

    table = Table(title=f"{assignment.name}: batch of {len(submissions)} submissions")
    for column in ("executor", "wall seconds", "of which start-up"):
        table.add_column(column, justify="left" if column == "executor" else "right")
    table.add_row(f"local pool, -j {n}", f"{local_seconds:.1f}", "")
    table.add_row(f"--cluster local:{n}", f"{cluster_seconds:.1f}", f"{started:.1f}")
    console = Console()
    console.print(table)
    console.print(f"overhead ratio (cluster / local): {cluster_seconds / local_seconds:.2f}")
    console.print(f"same grades: {'yes' if local == remote else 'NO'}")


if __name__ == "__main__":
    main()
