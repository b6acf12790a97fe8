"""What one call into sandboxed student code costs: a round trip over the worker's pipe.

Starts a sandboxed worker on a one-line package (``f(x) = x * 2``) and times ``--calls``
calls with arrays of a few shapes: wall time per call, and the CPU time per call of the
grader (this process) and of the worker (read from its CPU clock, as the grader's time
limits read it). Then the floor under any of it: the same number of bare round trips of 100
bytes between two processes over two pipes (``os.write`` and ``os.read``, nothing else),
where the operating system places them, and both on one core (where ``sched_setaffinity``
exists). Run from the repository root (a few seconds)::

    python benchmarks/round_trip.py [--calls 2000]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from autograder.sandbox.launcher import Limits, bubblewrap
from autograder.testing.sandboxed import SandboxStudent

SHAPES = ((4, 5), (10, 20), (2, 3, 8, 8))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000, help="calls per shape")
    calls = max(1, parser.parse_args().calls)
    console = Console()
    console.print(f"bubblewrap: {bubblewrap() or 'not available (plain child processes)'}")
    table = Table(title=f"microseconds per call (mean of {calls})")
    for column in ("array shape", "wall", "grader CPU", "worker CPU"):
        table.add_column(column, justify="right")
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "pkg"
        package.mkdir()
        (package / "__init__.py").write_text("def f(x):\n    return x * 2\n")
        student = SandboxStudent(package, "pkg", Limits())
        try:
            for shape in SHAPES:
                x = np.ones(shape)
                student.f(x)  # the worker starts and imports the package
                worker_start = student._process.cpu_seconds()
                wall, cpu = time.perf_counter(), time.process_time()
                for _ in range(calls):
                    student.f(x)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                worker = student._process.cpu_seconds() - worker_start
                table.add_row(
                    str(shape), *(f"{seconds / calls * 1e6:.0f}" for seconds in (wall, cpu, worker))
                )
        finally:
            student.close()
    console.print(table)
    floor = Table(title=f"bare pipe round trips, microseconds (mean of {calls})")
    for column in ("processes", "wall", "this process's CPU"):
        floor.add_column(column, justify="right")
    floor.add_row("where the system puts them", *bare_round_trips(calls))
    if hasattr(os, "sched_setaffinity"):
        allowed = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {min(allowed)})
        try:
            floor.add_row("both on one core", *bare_round_trips(calls))
        finally:
            os.sched_setaffinity(0, allowed)
    console.print(floor)


def bare_round_trips(calls: int) -> tuple[str, str]:
    """Wall and CPU microseconds per round trip of 100 bytes with a forked child that
    answers each message at once: what the pipes and the scheduler cost, with no Python
    work beyond the two system calls per side."""
    requests, answers = os.pipe(), os.pipe()
    child = os.fork()
    if child == 0:
        for _ in range(calls):
            os.read(requests[0], 65536)
            os.write(answers[1], b"a" * 100)
        os._exit(0)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(calls):
        os.write(requests[1], b"r" * 100)
        os.read(answers[0], 65536)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    os.waitpid(child, 0)
    for fd in (*requests, *answers):
        os.close(fd)
    return f"{wall / calls * 1e6:.1f}", f"{cpu / calls * 1e6:.1f}"


if __name__ == "__main__":
    main()
