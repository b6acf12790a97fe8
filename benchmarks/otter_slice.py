"""An otter-grader assignment equivalent to a slice of a1_backprop, and submissions for it.

The slice is the parts affine, relu and softmax: the kit's 14 public and hidden tests of
``affine_forward``, ``affine_backward``, ``relu_forward``, ``relu_backward`` and
``softmax_loss`` (30 points). ``benchmarks/otter/tests/`` holds one plain otter test file per
part (otter's exception-based format, NumPy only: no kit inside otter), one case per kit
test with the same name and points, checking the same functions on fixed inputs: the
kit's stored cases (``assignments/a1_backprop/tests/data/expected.npz``), and for the hidden
tests, which the kit runs on drawn inputs against the reference, inputs drawn once with a
fixed seed and the reference's values on them (:func:`reference_cases`); every backward
pass is checked against a numeric gradient as the kit's public tests check it.

:func:`build_autograder` writes the cases file and runs ``otter generate`` on these sources,
so the zip ``otter run`` needs is made afresh, reproducibly, and never committed;
:func:`otter_submission` turns an example student's package into the one notebook
``otter run`` grades.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from autograder.course import EXPECTED_DATA, Assignment
from autograder.grading.intake import student_id
from autograder.parsing import parse_python
from autograder.testing.expected import read_npz, to_npz_bytes

if TYPE_CHECKING:
    import nbformat

#: The parts of a1_backprop the otter assignment grades.
SLICE = ("affine", "relu", "softmax")
#: The sources of the otter assignment: ``tests/`` and the support module.
SOURCES = Path(__file__).resolve().parent / "otter"
SUPPORT_MODULE = "slice_checks.py"
#: The name :data:`SUPPORT_MODULE` reads its cases from.
CASES_FILE = "a1_slice_cases.npz"
#: The kit's stored cases of the slice, which the otter tests read as the kit's public ones do.
STORED_CASES = ("affine_forward", "relu_forward", "softmax_loss", "softmax_loss_large")
SEED = 19
#: Affine inputs (x's shape, outputs): one to three feature axes, never N == M (a db summed
#: over the wrong axis would then have the right shape).
AFFINE_SHAPES = (((4, 3), 2), ((3, 2, 2), 5), ((2, 2, 3, 2), 3))
RELU_SHAPES = ((6,), (3, 4), (2, 3, 2, 2))
#: Scores (N, C), at the kit's scale of drawn inputs (entries in [-5, 5]) and at 1e3.
SOFTMAX_SHAPES = ((5, 4), (3, 6), (1, 2))
LARGE_SOFTMAX_SHAPES = ((4, 3), (2, 5))


def reference_cases(reference, seed: int = SEED) -> dict[str, dict[str, np.ndarray]]:
    """Fixed inputs for the slice's hidden tests, and the ``reference`` package's values on
    them: ``affine_K`` (x, w, b, dout; out, dx, dw, db), ``relu_K`` (x with exact zeros,
    dout; out, dx), ``softmax_K`` and ``softmax_large_K`` (scores, y; loss, dscores)."""
    rng = np.random.default_rng(seed)
    cases: dict[str, dict[str, np.ndarray]] = {}
    for k, (shape, outputs) in enumerate(AFFINE_SHAPES):
        x = rng.uniform(-5, 5, shape)
        w = rng.uniform(-5, 5, (int(np.prod(shape[1:])), outputs))
        b, dout = rng.uniform(-5, 5, outputs), rng.uniform(-5, 5, (shape[0], outputs))
        out, cache = reference.affine_forward(x, w, b)
        dx, dw, db = reference.affine_backward(dout, cache)
        cases[f"affine_{k}"] = {"x": x, "w": w, "b": b, "dout": dout, "out": out}
        cases[f"affine_{k}"].update(dx=dx, dw=dw, db=db)
    for k, shape in enumerate(RELU_SHAPES):
        x = rng.uniform(-5, 5, shape)
        x.flat[::3] = 0.0  # relu's gradient at 0 is 0: the hidden test checks it
        dout = rng.uniform(-5, 5, shape)
        out, cache = reference.relu_forward(x)
        cases[f"relu_{k}"] = {"x": x, "dout": dout, "out": out}
        cases[f"relu_{k}"]["dx"] = reference.relu_backward(dout, cache)
    for prefix, shapes, scale in (
        ("softmax", SOFTMAX_SHAPES, 5.0),
        ("softmax_large", LARGE_SOFTMAX_SHAPES, 1e3),
    ):
        for k, (n, classes) in enumerate(shapes):
            scores, y = rng.uniform(-scale, scale, (n, classes)), rng.integers(0, classes, n)
            loss, dscores = reference.softmax_loss(scores, y)
            cases[f"{prefix}_{k}"] = {"scores": scores, "y": y, "loss": np.array(loss)}
            cases[f"{prefix}_{k}"]["dscores"] = dscores
    return cases


def slice_cases(assignment: Assignment) -> dict[str, dict[str, np.ndarray]]:
    """Every case the otter tests read: the kit's stored cases of the slice and
    :func:`reference_cases` of ``assignment``'s reference solution."""
    stored = read_npz(assignment.student_dir / EXPECTED_DATA)
    cases = {name: stored[name] for name in STORED_CASES}
    cases.update(reference_cases(assignment.load_reference()))
    return cases


def write_sources(assignment: Assignment, folder: Path) -> Path:
    """Write what ``otter generate`` takes into ``folder``: the test files, the support
    module, the cases file and the student folder's modules (the skeleton and the given
    code, which a notebook submission imports, as ada_notebook does); returns ``folder``."""
    shutil.copytree(SOURCES / "tests", folder / "tests", ignore=shutil.ignore_patterns("__py*"))
    shutil.copyfile(SOURCES / SUPPORT_MODULE, folder / SUPPORT_MODULE)
    (folder / CASES_FILE).write_bytes(to_npz_bytes(slice_cases(assignment)))
    package = folder / assignment.name
    package.mkdir()
    for module in assignment.student_dir.glob("*.py"):
        shutil.copyfile(module, package / module.name)
    return folder


def build_autograder(assignment: Assignment, folder: Path) -> Path:
    """Otter's ``autograder.zip`` for the slice, made by ``otter generate`` in ``folder``."""
    write_sources(assignment, folder)
    support = [SUPPORT_MODULE, CASES_FILE, assignment.name]
    otter = str(Path(sys.executable).parent / "otter")
    generate = [otter, "generate", "--no-config", "--no-requirements", "--no-environment"]
    subprocess.run([*generate, *support], cwd=folder, check=True, capture_output=True)
    return folder / "autograder.zip"


def relative_imports(source: str) -> tuple[set[str], set[int]]:
    """The sibling modules ``source`` imports relatively (``from .layers import ...``) and
    the lines of those imports; none if it does not parse (a student's syntax error)."""
    try:
        tree = parse_python(source)
    except SyntaxError:
        return set(), set()
    modules, lines = set(), set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level:
            modules.add((node.module or "").split(".")[0])
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return modules, lines


def module_order(sources: dict[str, str]) -> list[str]:
    """The module names of ``sources`` in name order, each after the modules it imports."""
    order: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in order or name in path or name not in sources:
            return
        for needed in sorted(relative_imports(sources[name])[0]):
            visit(needed, (*path, name))
        order.append(name)

    for name in sorted(sources):
        visit(name, ())
    return order


def package_notebook(package: Path) -> nbformat.NotebookNode:
    """A student's package as one notebook, as a student who pastes their modules into
    cells writes it: one code cell per module (``__init__.py`` left out), each after the
    modules it imports, its relative imports dropped (the notebook's names are global)."""
    import nbformat  # here, not above: the kit's timed command imports this module for SLICE

    sources = {
        module.stem: module.read_text(encoding="utf-8")
        for module in package.glob("*.py")
        if module.name != "__init__.py"
    }
    cells = []
    for name in module_order(sources):
        dropped = relative_imports(sources[name])[1]
        lines = sources[name].splitlines()
        code = "\n".join(line for n, line in enumerate(lines, 1) if n not in dropped)
        cells.append(nbformat.v4.new_code_cell(code, id=f"module-{name}"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    return notebook


def otter_submission(submission: Path, folder: Path) -> Path:
    """What ``otter run`` grades for the example ``submission``, in ``folder``: a notebook
    as it is, a package (or a folder holding one) made into :func:`package_notebook`."""
    import nbformat

    target = folder / f"{student_id(submission)}.ipynb"
    if submission.suffix == ".ipynb":
        shutil.copyfile(submission, target)
    else:
        nbformat.write(package_notebook(submission), target)
    return target
