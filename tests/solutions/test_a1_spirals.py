"""The accuracy the a1_backprop README promises on held-out spirals is reached by the
reference FullyConnectedNet trained exactly as the notebook trains it.

One source for each number: the threshold is read from the generated student README (the
sentence "... reaches a held-out accuracy of at least 95% ..."), and the hyper-parameters are
the notebook's own, because the test runs the notebook's training cell (the code cell that
calls ``train_classifier``) on the reference and reads the ``heldout_accuracy`` it computes.
Changing either one without the other fails here."""

import contextlib
import io
import re
import sys

import matplotlib
import matplotlib.pyplot as plt
import nbformat
import pytest
from helpers import ASSIGNMENTS

from autograder.sandbox.inside.package_loader import load_package, unload

pytestmark = pytest.mark.solutions

NAME = "a1_backprop"
# Whitespace-tolerant: the README is wrapped, so the sentence may break across lines.
PROMISE = re.compile(
    r"reaches\s+a\s+held-out\s+accuracy\s+of\s+at\s+least\s+(\d+(?:\.\d+)?)\s*%", re.IGNORECASE
)
SETUP_MARK = f"import {NAME}"
TRAINING_MARK = "train_classifier("
RESULT = "heldout_accuracy"


@pytest.fixture
def assignment():
    found = [a for a in ASSIGNMENTS if a.name == NAME]
    assert found, f"the course has no assignment {NAME}"
    return found[0]


@pytest.fixture
def headless_matplotlib():
    """The notebook's first cell imports pyplot: draw with Agg (no display), close all."""
    matplotlib.use("Agg")
    try:
        yield
    finally:
        plt.close("all")


def promised_accuracy(readme: str) -> float:
    """The fraction the README promises, from "reaches a held-out accuracy of at least N%"."""
    match = PROMISE.search(readme)
    assert match, (
        f"assignments/{NAME}/README.md promises no accuracy: add to solutions/{NAME}/README.md "
        "a sentence with the words 'reaches a held-out accuracy of at least N%' (N the "
        "threshold, e.g. 'Trained as in the notebook, your FullyConnectedNet reaches a "
        "held-out accuracy of at least 95% on the spirals.'), then run "
        f"`autograder generate {NAME}`"
    )
    return float(match.group(1)) / 100


def the_cell(cells: list[str], mark: str) -> str:
    """The one code cell whose text contains ``mark``."""
    found = [source for source in cells if mark in source]
    assert len(found) == 1, f"{NAME}.ipynb has {len(found)} code cells with {mark!r}, not 1"
    return found[0]


@pytest.mark.usefixtures("headless_matplotlib")
def test_reference_reaches_the_promised_held_out_accuracy(assignment, monkeypatch):
    threshold = promised_accuracy(
        (assignment.student_dir / "README.md").read_text(encoding="utf-8")
    )
    notebook = nbformat.read(assignment.student_dir / f"{NAME}.ipynb", as_version=4)
    cells = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    setup, training = the_cell(cells, SETUP_MARK), the_cell(cells, TRAINING_MARK)

    monkeypatch.chdir(assignment.student_dir)
    monkeypatch.setattr(sys, "path", [*sys.path])  # the setup cell prepends to sys.path
    load_package(assignment.solution_dir, NAME)
    printed = io.StringIO()
    namespace: dict = {}
    try:
        with contextlib.redirect_stdout(printed):
            for source in (setup, training):
                exec(compile(source, f"{NAME}.ipynb", "exec"), namespace)
    finally:
        unload(NAME)

    assert RESULT in namespace, (
        f"the training cell of {NAME}.ipynb no longer sets {RESULT}: {printed.getvalue()}"
    )
    accuracy = namespace[RESULT]
    assert accuracy >= threshold, (
        f"the reference, trained as in {NAME}.ipynb, reaches a held-out accuracy of "
        f"{accuracy:.3f}, below the {threshold:.0%} the README promises:\n{printed.getvalue()}"
    )
