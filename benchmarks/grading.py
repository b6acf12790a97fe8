"""How much the sandbox costs, and how a batch scales with workers.

Measures, on the bundled example submissions of an assignment:

1. per submission: the same tests (public and hidden) run in-process against the sandboxed
   worker (``autograder grade``'s path), on the same code, for the honest example students;
2. a whole batch (``grade_batch``, a fresh output folder each time) at ``-j 1`` and ``-j 2``.

Run from the repository root (takes a few minutes)::

    python benchmarks/grading.py [--assignment a1_backprop] [--repeat 1]

It prints a table; the README quotes the figures measured on the project's machines.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from autograder.course import find_course, get_assignment
from autograder.grading.batch import grade_batch
from autograder.grading.intake import Staged, find_submissions, stage
from autograder.grading.job import GradingSetup
from autograder.sandbox.launcher import Limits, bubblewrap
from autograder.sandbox.settings import write_settings
from autograder.testing.runner import assignment_target, run_tests


def timed(function, *args, **kwargs) -> float:
    """Seconds one call of ``function(*args, **kwargs)`` takes."""
    start = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="a1_backprop")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (median)")
    parser.add_argument(
        "--students",
        nargs="*",
        default=["ada", "ben", "dana"],
        help="honest students to time in-process (never a malicious one: in-process is not a "
        "sandbox); the batch grades every example",
    )
    options = parser.parse_args()
    course = find_course()
    assignment = get_assignment(course, options.assignment)
    examples = course / "examples" / "submissions" / assignment.name
    submissions = find_submissions([examples], assignment.name)
    limits = Limits(call_timeout=5)
    console = Console()
    console.print(f"bubblewrap: {bubblewrap() or 'not available (plain child processes)'}")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        settings = work / "sandbox.json"
        write_settings(settings, limits, (), "")
        table = Table(
            title=f"{assignment.name}: seconds per submission (median of {options.repeat})"
        )
        for column in ("student", "in-process", "sandboxed", "ratio"):
            table.add_column(column, justify="right" if column != "student" else "left")
        for submission in submissions:
            if submission.name not in options.students:
                continue
            staged = stage(submission, assignment.name, work / "staging")
            if not isinstance(staged, Staged):
                continue
            target = assignment_target(assignment, staged.package)
            sandboxed = dataclasses.replace(target, sandbox=settings)
            plain = statistics.median(
                timed(run_tests, target, isolated=True) for _ in range(options.repeat)
            )
            boxed = statistics.median(
                timed(run_tests, sandboxed, isolated=True) for _ in range(options.repeat)
            )
            table.add_row(staged.student, f"{plain:.1f}", f"{boxed:.1f}", f"{boxed / plain:.2f}")
        console.print(table)

        batch = Table(title=f"{assignment.name}: batch of {len(submissions)} submissions")
        batch.add_column("jobs")
        batch.add_column("wall seconds", justify="right")
        for jobs in (1, 2):
            out = work / f"out-{jobs}"
            setup = GradingSetup(course, assignment.name, out / "staging", limits)
            seconds = timed(grade_batch, setup, submissions, out, jobs=jobs)
            shutil.rmtree(out)
            batch.add_row(f"-j {jobs}", f"{seconds:.1f}")
        console.print(batch)


if __name__ == "__main__":
    main()
