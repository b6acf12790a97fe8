"""Write an assignment's student folder, ``assignments/NAME``, from ``solutions/NAME``.

The student folder is a pure function of the solution folder:

=============================  ==============================================================
student file                   made from
=============================  ==============================================================
``*.py`` modules               the reference modules, solution blocks replaced by TODOs
``assignment.toml``, others    copied
``tests/*.py``                 ``tests/public/*.py``, copied
``tests/data/expected.npz``    ``expected.py``'s ``build(reference)``, run on the reference
``README.md``                  ``README.md``, with the parts table and install commands filled in
``NAME.ipynb``                 ``notebook.py`` (percent format)
``pytest.ini``                 written here: ``pytest`` in the folder runs the public tests
=============================  ==============================================================

:func:`student_files` builds the folder in memory; :func:`write_files` makes a folder equal
to it; :func:`stale_files` lists how a folder differs from it (CI's freshness check).
"""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

from autograder.authoring.inventory import Declaration, declarations, import_file
from autograder.authoring.markers import make_skeleton
from autograder.authoring.notebook import build_notebook
from autograder.authoring.wheel import CONSTRAINTS, INSTALL_DIR, wheel_filename
from autograder.course import EXPECTED_DATA, Assignment
from autograder.testing.expected import read_npz, same_cases, to_npz_bytes

#: Files of ``solutions/NAME`` that are sources of generated files, not copied as they are.
AUTHORING_FILES = frozenset({"expected.py", "notebook.py", "README.md"})
#: The placeholder in ``README.md`` that becomes the parts-and-points table.
PARTS_PLACEHOLDER = "<!-- autograder:parts -->"
#: The placeholder in ``README.md`` that becomes how to install the engine and check.
INSTALL_PLACEHOLDER = "<!-- autograder:install -->"
#: Generated-file names never compared or deleted (Python's and Jupyter's own caches).
IGNORED = ("__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis")

INSTALL_SECTION = """\
`{name}.zip` holds this folder, `{name}/`, and beside it `{install}/`, with what the tests
need: the course's `autograder` package (the `.whl` file) and `{constraints}`, the versions
of NumPy, pytest, hypothesis, ... that the grader uses (with them, on Python 3.11 or newer,
your tests draw the same examples as in grading). From the folder that holds both, with
Python 3.10 or newer (in a virtual environment if you like), install it once:

    pip install -c {install}/{constraints} {install}/{wheel}

then, from the same folder, run the public tests as often as you like:

    autograder check {name}"""

PYTEST_INI = """\
# Written by `autograder generate`: `pytest` in this folder runs the public tests on your
# code and prints a points table. `autograder check {name}` does the same.
[pytest]
testpaths = tests
addopts =
    -p autograder.testing.plugin -p no:cacheprovider --import-mode=importlib
    --student-path=. --student-name={name} --spec-dir=. --expected-data={expected}
"""


def _ignored(relative: Path) -> bool:
    return any(part in IGNORED for part in relative.parts)


def _package_files(assignment: Assignment) -> dict[str, bytes]:
    files = {}
    root = assignment.solution_dir
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or _ignored(relative) or relative.parts[0] == "tests":
            continue
        if relative.as_posix() in AUTHORING_FILES:
            continue
        if path.suffix == ".py":
            text = make_skeleton(path.read_text(encoding="utf-8"), str(path))
            files[relative.as_posix()] = text.encode("utf-8")
        else:
            files[relative.as_posix()] = path.read_bytes()
    return files


def _public_tests(assignment: Assignment) -> dict[str, bytes]:
    root = assignment.public_tests
    return {
        f"tests/{path.relative_to(root).as_posix()}": path.read_bytes()
        for path in sorted(root.rglob("*.py"))
        if not _ignored(path.relative_to(root))
    }


def expected_cases(assignment: Assignment) -> dict:
    """The expected values ``solutions/NAME/expected.py`` computes from the reference."""
    module = import_file(assignment.solution_dir / "expected.py", f"expected_{assignment.name}")
    return module.build(assignment.load_reference())


def parts_table(assignment: Assignment, tests: list[Declaration]) -> str:
    """The README's Markdown table: each part, its functions, its public and hidden points."""
    points: dict[tuple[str, bool], float] = defaultdict(float)
    for test in tests:
        points[test.part, test.hidden] += test.points
    rows = [
        "| Part | Functions | Public tests | Hidden tests |",
        "| --- | --- | ---: | ---: |",
    ]
    for part in assignment.spec.parts:
        functions = ", ".join(f"`{f}`" for f in part.functions)
        rows.append(
            f"| {part.title} | {functions} | {points[part.name, False]:g} "
            f"| {points[part.name, True]:g} |"
        )
    public = sum(t.points for t in tests if not t.hidden)
    hidden = sum(t.points for t in tests if t.hidden)
    rows.append(f"| **Total: {public + hidden:g} points** | | {public:g} | {hidden:g} |")
    return "\n".join(rows)


def install_section(name: str) -> str:
    """The README's commands that install the engine from the release's ``install/`` folder
    (see :mod:`autograder.authoring.wheel`) and check assignment ``name``."""
    return INSTALL_SECTION.format(
        name=name, install=INSTALL_DIR, constraints=CONSTRAINTS, wheel=wheel_filename()
    )


def student_files(assignment: Assignment) -> dict[str, bytes]:
    """Every file of the student folder, by POSIX path relative to it."""
    name = assignment.name
    files = _package_files(assignment)
    files.update(_public_tests(assignment))
    files[EXPECTED_DATA] = to_npz_bytes(expected_cases(assignment))
    readme = (assignment.solution_dir / "README.md").read_text(encoding="utf-8")
    table = parts_table(assignment, declarations(assignment))
    readme = readme.replace(PARTS_PLACEHOLDER, table)
    files["README.md"] = readme.replace(INSTALL_PLACEHOLDER, install_section(name)).encode("utf-8")
    files[f"{name}.ipynb"] = build_notebook(assignment.solution_dir / "notebook.py").encode()
    files["pytest.ini"] = PYTEST_INI.format(name=name, expected=EXPECTED_DATA).encode()
    return files


def _existing(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not _ignored(p.relative_to(folder))
    }


def _same(relative: str, path: Path, content: bytes) -> bool:
    if relative.endswith(".npz"):
        try:
            return same_cases(read_npz(path), read_npz(io.BytesIO(content)))
        except (OSError, ValueError):
            return False
    return path.read_bytes() == content


def stale_files(folder: Path, files: dict[str, bytes]) -> list[str]:
    """How ``folder`` differs from ``files``: ``missing X``, ``changed X``, ``extra X``."""
    present = _existing(folder)
    report = [f"missing {r}" for r in sorted(files) if r not in present]
    report += [
        f"changed {r}" for r in sorted(files) if r in present and not _same(r, folder / r, files[r])
    ]
    report += [f"extra {r}" for r in sorted(present - set(files))]
    return report


def write_files(folder: Path, files: dict[str, bytes]) -> list[str]:
    """Make ``folder`` hold exactly ``files``; returns what changed, as :func:`stale_files`."""
    changes = stale_files(folder, files)
    for change in changes:
        kind, relative = change.split(" ", 1)
        target = folder / relative
        if kind == "extra":
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[relative])
    return changes
