"""How well an LSTM and a plain RNN of the same size learn a4_rnn's delayed-recall task.

Trains a4_rnn's RecurrentClassifier with train_adam's defaults (600 Adam steps of 32
sequences of make_recall(4800): a symbol, 40 distractors, a query; H = 32, D = 16) for each
seed s (model and shuffling s, training set 2s, held-out set 2s + 1): the LSTM with forget
bias 3 (the default), the RNN, and the LSTM with forget bias 1. Prints each one's held-out
accuracy (chance: 0.25) and the CPU seconds its training took. By default it runs the
reference solution; ``--package`` runs a student's package folder instead (the one that
holds ``__init__.py``). BLAS runs on one thread, as in the grader's sandbox.

Run from the repository root (about 8 s a seed)::

    python benchmarks/a4_recall.py [--seeds 8] [--package PATH]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from autograder.course import Assignment, find_course
from autograder.sandbox.inside.package_loader import load_package

#: One BLAS thread, as in the sandbox; set before the package (NumPy) is loaded.
THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

#: (column title, cell, forget bias) of each model trained.
MODELS = [
    ("LSTM, forget bias 3", "lstm", 3.0),
    ("RNN", "rnn", 0.0),
    ("LSTM, forget bias 1", "lstm", 1.0),
]


def run(rnn, seed: int, cell: str, forget_bias: float) -> tuple[float, float]:
    """(held-out accuracy, CPU seconds of training) of one model on one seed."""
    X, y = rnn.make_recall(4800, seed=2 * seed)
    X_test, y_test = rnn.make_recall(500, seed=2 * seed + 1)
    model = rnn.RecurrentClassifier(
        cell, rnn.recall_vocabulary(), 4, forget_bias=forget_bias, seed=seed
    )
    start = time.process_time()
    rnn.train_adam(model, X, y, seed=seed)
    seconds = time.process_time() - start
    return rnn.accuracy(model, X_test, y_test), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=8, help="seeds 0 .. N-1")
    parser.add_argument("--package", type=Path, help="a student's a4_rnn folder")
    options = parser.parse_args()
    folder = options.package or Assignment(find_course(), "a4_rnn").solution_dir
    for variable in THREADS:
        os.environ.setdefault(variable, "1")
    rnn = load_package(folder, "a4_rnn")
    table = Table(title="delayed recall, 500 held-out sequences (accuracy, CPU s of training)")
    table.add_column("seed", justify="right")
    for title, _, _ in MODELS:
        table.add_column(title, justify="right")
    for seed in range(options.seeds):
        cells = [run(rnn, seed, cell, bias) for _, cell, bias in MODELS]
        table.add_row(str(seed), *(f"{acc:.3f} ({cpu:.1f} s)" for acc, cpu in cells))
    Console().print(table)


if __name__ == "__main__":
    main()
