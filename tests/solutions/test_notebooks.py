"""Every shipped notebook runs from top to bottom on the reference solution, and the
gradient checks it prints are tiny (so a student whose checks are large has a bug). Its
pictures are drawn headless (matplotlib's Agg backend: plt.show() returns at once)."""

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

ERROR = re.compile(r"error:\s*([-+0-9.eE]+|nan|inf)")


@pytest.fixture
def headless_matplotlib():
    """Agg draws without a display, whatever backend this machine would pick, so the
    notebook's plt.show() returns at once; every figure it drew is closed afterwards."""
    matplotlib.use("Agg")
    try:
        yield
    finally:
        plt.close("all")


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=lambda a: a.name)
@pytest.mark.usefixtures("headless_matplotlib")
def test_notebook_runs_on_reference(assignment, monkeypatch):
    notebook = nbformat.read(assignment.student_dir / f"{assignment.name}.ipynb", as_version=4)
    monkeypatch.chdir(assignment.student_dir)
    monkeypatch.setattr(sys, "path", [*sys.path])  # a notebook's first cell prepends to it
    load_package(assignment.solution_dir, assignment.name)
    printed = io.StringIO()
    try:
        namespace: dict = {}
        with contextlib.redirect_stdout(printed):
            for cell in notebook.cells:
                if cell.cell_type == "code":
                    exec(compile(cell.source, f"{assignment.name}.ipynb", "exec"), namespace)
    finally:
        unload(assignment.name)
    errors = [float(e) for e in ERROR.findall(printed.getvalue())]
    assert errors, "the notebook prints no gradient-check error"
    assert max(errors) < 1e-6, printed.getvalue()
