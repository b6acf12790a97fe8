"""An assignment for otter-grader: its notebook with ``grader.check`` cells, and otter tests.

``autograder export otter NAME --out DIR`` writes, in DIR:

- ``NAME.ipynb``: the assignment's notebook, with otter's ``grader = otter.Notebook(...)``
  cell before its first code cell, a ``grader.check("PART")`` cell after the cells that
  exercise the part's functions (:func:`check_places`) and ``grader.check_all()`` at the
  end; the code cells it adds are tagged :data:`~autograder.contract.SKIPPED_CELL_TAG`, so
  ``autograder grade`` leaves them out of a submitted notebook's code;
- ``tests/PART.py``: one otter test file per part (otter's exception-based format), one test
  case per public test of the part with its points; every case calls
  :class:`autograder.testing.otter.PartCheck`, which runs the kit's public tests of the part
  on the notebook's code in the notebook's process;
- ``NAME/``: the student folder (skeleton, public tests, expected values, spec), which those
  checks read and in which a student may write the modules instead of the notebook.

Students install the engine from a release's ``install/`` folder, as always. Everything is
built afresh and checked for leaks as a release is (no hidden test, no solution line). The
hidden tests stay out: otter runs a test inside the student's own process, where the
student's code could read or change it, so they are graded only by ``autograder grade``, in
the sandbox.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import nbformat

from autograder.authoring.generate import student_files, write_files
from autograder.authoring.inventory import Declaration, declarations
from autograder.authoring.release import ReleaseError, find_bundle_leaks
from autograder.contract import SKIPPED_CELL_TAG
from autograder.course import Assignment, Part
from autograder.parsing import parse_python

#: Otter's folder of test files, beside the notebook (``otter.Notebook``'s default).
TESTS_DIR = "tests"

INTRO = """\
## Checking your work with otter

Each `grader.check("PART")` cell runs the public tests of one part on your code, here in
the notebook, and shows which passed; a failed one says what differed and on which
smallest input, as `autograder check {name}` does.

Your code is what this notebook defines: if you write the functions in its cells, those are
checked. If you write them in the modules of the `{name}/` folder beside this notebook
instead (and define none of them here), the modules are checked, as saved on disk. Keep this
notebook next to `{name}/`: the checks read the tests there.

These are the public tests only. Your grade also counts hidden tests, which the course runs
on your submission separately."""

SETUP = """\
import otter

grader = otter.Notebook("{name}.ipynb")"""

CHECK = 'grader.check("{part}")'

FINAL = """\
## All checks

Run every check once more before you submit."""

TEST_FILE = '''\
"""otter test of {name}, part {part} ({title}): {points:g} public points.

Written by `autograder export otter`. Each case is one of the course's public tests of this
part, with its points; PartCheck runs them once per check on this notebook's code, in the
notebook's process. The hidden tests are graded by the course, in its sandbox.
"""

from otter.test_files import test_case

from autograder.testing.otter import PartCheck

OK_FORMAT = False

name = "{part}"
check = PartCheck("{name}", "{part}")
'''

TEST_CASE = """

@test_case(name="{test}", points={points!r}, hidden=False)
def {test}(env):
    check(env, "{test}")
"""


def test_file(name: str, part: Part, tests: list[Declaration]) -> str:
    """The otter test file of ``part``: one case per public test of it, in ``tests``' order."""
    points = sum(t.points for t in tests)
    text = TEST_FILE.format(name=name, part=part.name, title=part.title, points=points)
    return text + "".join(TEST_CASE.format(test=t.name, points=t.points) for t in tests)


def named_in(source: str) -> set[str]:
    """Every name and attribute name the code ``source`` uses (none if it does not parse:
    a cell with IPython magic)."""
    try:
        tree = parse_python(source)
    except SyntaxError:
        return set()
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    return names | {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}


def _cell(kind: str, source: str) -> nbformat.NotebookNode:
    """A new cell; a code cell is tagged for grading to leave out (it needs otter)."""
    if kind == "markdown":
        return nbformat.v4.new_markdown_cell(source)
    return nbformat.v4.new_code_cell(source, metadata={"tags": [SKIPPED_CELL_TAG]})


def _checks(parts: Iterable[str]) -> list[nbformat.NotebookNode]:
    return [_cell("code", CHECK.format(part=part)) for part in parts]


def check_places(
    cells: list[nbformat.NotebookNode], parts: list[Part]
) -> tuple[dict[int, list[str]], list[str]]:
    """Where each part's check goes in a notebook of ``cells``: the parts to check after the
    cell of each index, and the parts no cell uses. A part is checked at the end of its
    stretch of code cells: from the first that uses one of its functions to the last before
    a cell that uses a part no cell used before."""
    places: dict[int, list[str]] = {}
    unused, pending, last = list(parts), [], -1
    for index, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        used = named_in(cell.source)
        new = [p for p in unused if used & set(p.functions)]
        if new and pending:
            places[last], pending = pending, []
        pending += [p.name for p in new]
        unused = [p for p in unused if p not in new]
        last = index
    if pending:
        places[last] = pending
    return places, [p.name for p in unused]


def otter_notebook(notebook_text: str, name: str, parts: list[Part]) -> str:
    """The assignment's notebook ``notebook_text`` with otter's setup cell before its first
    code cell, each part's ``grader.check`` where :func:`check_places` puts it, and at the
    end the parts it never uses and ``grader.check_all()``."""
    notebook = nbformat.reads(notebook_text, as_version=4)
    places, unused = check_places(notebook.cells, parts)
    first_code = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code")
    cells = []
    for index, cell in enumerate(notebook.cells):
        if index == first_code:
            cells += [_cell("markdown", INTRO.format(name=name))]
            cells += [_cell("code", SETUP.format(name=name))]
        cells += [cell, *_checks(places.get(index, []))]
    cells += [_cell("markdown", FINAL), *_checks(unused), _cell("code", "grader.check_all()")]
    for index, cell in enumerate(cells):
        cell.id = f"cell-{index:02d}"
    notebook.cells = cells
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def otter_files(assignment: Assignment) -> dict[str, bytes]:
    """Every file of the otter export of ``assignment``, by its path in the export folder.
    :class:`ReleaseError` if any would leak a hidden test or a solution line."""
    name = assignment.name
    student = student_files(assignment)
    notebook = student.pop(f"{name}.ipynb").decode("utf-8")
    public = [d for d in declarations(assignment) if not d.hidden]
    parts = [p for p in assignment.spec.parts if any(d.part == p.name for d in public)]
    files = {f"{name}/{path}": content for path, content in student.items()}
    files[f"{name}.ipynb"] = otter_notebook(notebook, name, parts).encode("utf-8")
    for part in parts:
        tests = [d for d in public if d.part == part.name]
        files[f"{TESTS_DIR}/{part.name}.py"] = test_file(name, part, tests).encode("utf-8")
    leaks = find_bundle_leaks(assignment, files)
    if leaks:
        raise ReleaseError(
            f"refusing to export {name}: the files would leak\n  " + "\n  ".join(leaks)
        )
    return files


def write_otter(assignment: Assignment, out: Path) -> dict[str, bytes]:
    """Write the otter export of ``assignment`` into ``out`` and return its files. Its
    folders (``NAME/``, ``tests/``, ``install/``) are made to hold exactly the export's files;
    anything else in ``out`` (otter's ``autograder.zip``) is left alone."""
    files = otter_files(assignment)
    folders: dict[str, dict[str, bytes]] = {}
    for path, content in files.items():
        top, _, rest = path.partition("/")
        if rest:
            folders.setdefault(top, {})[rest] = content
        else:
            out.mkdir(parents=True, exist_ok=True)
            (out / top).write_bytes(content)
    for top, content in folders.items():
        write_files(out / top, content)
    return files
