"""`autograder export otter` with the real otter-grader: `otter generate` makes the export
into otter's autograder zip, and `otter run` (otter.api.grade_submission: the notebook run
in a Jupyter kernel, every check in that kernel) gives a student's notebook, test for test,
the public points `autograder check` gives the same code (its public tests in-process on
the package the grader makes of the notebook)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from helpers import COURSE, REPO
from otter.api import grade_submission

from autograder.course import get_assignment
from autograder.grading.intake import stage
from autograder.grading.job import install_given_code
from autograder.instructor.otter import write_otter
from autograder.testing.runner import assignment_target, run_tests

pytestmark = pytest.mark.batch

A1 = "a1_backprop"
EXAMPLES = REPO / "examples" / "submissions" / A1
GIVEN_IMPORTS = (
    "from a1_backprop.data import make_spirals\n"
    "from a1_backprop.training import accuracy, train_classifier\n"
)


@pytest.fixture(scope="module")
def otter_zip(tmp_path_factory) -> Path:
    """a1's otter export made into otter's autograder zip by `otter generate`, with the
    assignment folder as its support files."""
    out = tmp_path_factory.mktemp("export")
    write_otter(get_assignment(COURSE, A1), out)
    otter = Path(sys.executable).parent / "otter"
    subprocess.run([str(otter), "generate", A1], cwd=out, check=True, capture_output=True)
    return out / "autograder.zip"


def own_code(package: Path) -> str:
    """A student's modules as one notebook cell, as a student pastes them: the given
    modules imported from the assignment folder, the package's own relative imports dropped
    (every name is global in a notebook)."""
    chunks = [GIVEN_IMPORTS]
    for module in sorted(package.glob("*.py")):
        if module.name in ("__init__.py", "data.py", "training.py"):
            continue
        source = module.read_text(encoding="utf-8")
        relative = set()
        for node in ast.parse(source).body:
            if isinstance(node, ast.ImportFrom) and node.level:
                relative.update(range(node.lineno, node.end_lineno + 1))
        lines = source.splitlines()
        chunks.append("\n".join(line for n, line in enumerate(lines, 1) if n not in relative))
    return "\n\n".join(chunks)


def exported_notebook_with(package: Path, notebook: Path, target: Path) -> Path:
    """The exported ``notebook`` with ``package``'s code in a cell after its title, written
    to ``target``: a student who worked in the otter notebook."""
    cells = nbformat.read(notebook, as_version=4)
    code = nbformat.v4.new_code_cell(own_code(package))
    code.id = "my-code"
    cells.cells.insert(1, code)
    nbformat.write(cells, target)
    return target


def otter_points(notebook: Path, otter_zip: Path, monkeypatch) -> dict[str, float]:
    """Each public test's points from `otter run` of ``notebook``, by its name."""
    monkeypatch.setenv("PATH", os.environ["PATH"])  # otter prepends conda's folder to it
    results = grade_submission(str(notebook), str(otter_zip), quiet=True)
    return {
        case.test_case.name: case.test_case.points if case.passed else 0.0
        for test in results.results.values()
        for case in test.test_case_results
    }


def check_points(notebook: Path, tmp_path: Path, monkeypatch) -> dict[str, float]:
    """Each public test's points from the kit's own check of ``notebook``'s code: the
    package the grader stages from it (its code cells, the given modules beside them), its
    public tests run in a fresh Python as `autograder check` runs them."""
    assignment = get_assignment(COURSE, A1)
    staged = stage(notebook, A1, tmp_path / "staging")
    install_given_code(assignment, staged.package)
    monkeypatch.setenv("MPLBACKEND", "Agg")  # the notebook's plots, drawn headless
    run = run_tests(assignment_target(assignment, staged.package, hidden=False), isolated=True)
    assert run.import_error is None
    return {result.test: result.points for result in run.results}


def test_otter_run_gives_a_correct_notebook_every_public_point(otter_zip, tmp_path, monkeypatch):
    """ada_notebook (the kit's notebook with ada's modules pasted in, no otter cell) gets
    every public point from otter, the points `autograder check` gives her code."""
    notebook = EXAMPLES / "ada_notebook.ipynb"
    otter = otter_points(notebook, otter_zip, monkeypatch)
    assert otter == check_points(notebook, tmp_path, monkeypatch)
    assert sum(otter.values()) == 45


def test_otter_run_gives_a_buggy_notebook_the_points_of_autograder_check(
    otter_zip, tmp_path, monkeypatch
):
    """frank's modules pasted into the exported notebook (its checks run where they stand,
    after his code): otter gives each public test the points `autograder check` gives it,
    his three mistakes included."""
    exported = otter_zip.parent / f"{A1}.ipynb"
    notebook = exported_notebook_with(EXAMPLES / "frank", exported, tmp_path / "frank.ipynb")
    otter = otter_points(notebook, otter_zip, monkeypatch)
    assert otter == check_points(notebook, tmp_path, monkeypatch)
    assert 0 < sum(otter.values()) < 45
