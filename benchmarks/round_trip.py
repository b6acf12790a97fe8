"""What one call into sandboxed student code costs: a round trip over the worker's pipe.

Starts a sandboxed worker on a one-line package (``f(x) = x * 2``) and times ``--calls``
calls with arrays of a few shapes: wall time per call, and the CPU time per call of the
grader (this process) and of the worker (read from its CPU clock, as the grader's time
limits read it). Run from the repository root (a few seconds)::

    python benchmarks/round_trip.py [--calls 2000]
"""

from __future__ import annotations

import argparse
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


if __name__ == "__main__":
    main()
