"""How much faster the vectorized convolution is than the loops, measured in one run.

Times a3_cnn's ``conv_forward_naive``/``conv_backward_naive`` (four Python loops) against
``conv_forward_fast``/``conv_backward_fast`` (stride tricks and tensordot) on the same input,
checks that they agree, and prints the times and the speed-up. By default it times the
reference solution; ``--package`` times a student's package folder instead (the one that
holds ``__init__.py``).

Run from the repository root (a few seconds)::

    python benchmarks/conv_speed.py [--batch 20] [--size 32] [--repeat 3] [--package PATH]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from autograder.course import find_course, get_assignment
from autograder.sandbox.inside.package_loader import load_package


def median_seconds(function, *args, repeat: int):
    """The median time of ``repeat`` calls, and the last call's result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=20, help="images N")
    parser.add_argument("--channels", type=int, default=3, help="input channels C")
    parser.add_argument("--size", type=int, default=32, help="image height and width")
    parser.add_argument("--filters", type=int, default=16, help="3x3 filters F")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--package", type=Path, help="a student's a3_cnn folder")
    options = parser.parse_args()
    folder = options.package or get_assignment(find_course(), "a3_cnn").solution_dir
    cnn = load_package(folder, "a3_cnn")
    rng = np.random.default_rng(0)
    shape = (options.batch, options.channels, options.size, options.size)
    x, w = rng.normal(size=shape), rng.normal(size=(options.filters, options.channels, 3, 3))
    b = rng.normal(size=options.filters)
    rows = []
    for kind in ("naive", "fast"):
        forward = getattr(cnn, f"conv_forward_{kind}")
        backward = getattr(cnn, f"conv_backward_{kind}")
        forward_time, (out, cache) = median_seconds(forward, x, w, b, 1, 1, repeat=options.repeat)
        dout = np.ones_like(out)
        backward_time, grads = median_seconds(backward, dout, cache, repeat=options.repeat)
        rows.append((kind, forward_time, backward_time, out, grads))
    (_, naive_f, naive_b, naive_out, naive_grads), (_, fast_f, fast_b, fast_out, fast_grads) = rows
    worst = max(
        float(np.max(np.abs(a - c)))
        for a, c in zip((naive_out, *naive_grads), (fast_out, *fast_grads), strict=True)
    )
    table = Table(
        title=f"conv, x {shape}, w {w.shape}, stride 1, pad 1 (median of {options.repeat})"
    )
    for column in ("pass", "naive", "fast", "speed-up"):
        table.add_column(column, justify="right")
    table.add_row("forward", f"{naive_f:.3f} s", f"{fast_f:.4f} s", f"{naive_f / fast_f:.0f}x")
    table.add_row("backward", f"{naive_b:.3f} s", f"{fast_b:.4f} s", f"{naive_b / fast_b:.0f}x")
    console = Console()
    console.print(table)
    console.print(f"largest difference between the two, over out, dx, dw, db: {worst:.1e}")


if __name__ == "__main__":
    main()
