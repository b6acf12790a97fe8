"""Write the bundle students receive, and prove it holds no hidden test and no solution.

The bundle is the generated student folder (built afresh from ``solutions/``, so a stale
``assignments/`` cannot leak into it) as ``OUT/NAME/``, what a student needs to install the
engine alone as ``OUT/install/`` (the engine wheel and the pins: see
:mod:`autograder.authoring.wheel`), and both in ``OUT/NAME.zip``, the one file a student
receives. Before anything is written, every text file of the bundle is checked:

- no file equals a hidden test file;
- no hidden test's name appears anywhere (hidden and public test names must differ);
- no substantive line of a solution block appears (see
  :func:`autograder.authoring.markers.solution_lines`), unless the reference also has it
  outside every block (a docstring's formula, given code: see
  :func:`~autograder.authoring.markers.published_lines`); a notebook is checked cell by cell.

The wheel is opened and checked too, against every assignment of the course: it may hold
only the ``autograder`` package and its ``.dist-info``, no file of ``solutions/``, no file
named as a hidden test, and its text files pass the checks above (but for solution lines in
:data:`ENGINE_GIVES`, the engine's numeric gradients, which every student gets on purpose).

A bundle that fails any check is refused whole: :class:`ReleaseError` lists every leak.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from autograder.authoring.generate import AUTHORING_FILES, student_files, write_files
from autograder.authoring.inventory import declarations
from autograder.authoring.markers import find_leaks, published_lines, solution_lines
from autograder.authoring.notebook import code_of
from autograder.authoring.wheel import INSTALL_DIR, install_files, zip_bytes, zip_members
from autograder.course import Assignment, assignments

#: Engine modules whose every line students get on purpose, though a reference has some of
#: them in a solution block: the trusted central differences that the public tests import
#: (``numeric_gradient``, ``assert_gradient``) are also what a1_backprop's gradient check
#: asks students to write. Their hidden test names and file names are still checked.
ENGINE_GIVES = frozenset({"autograder/testing/gradcheck.py"})


class ReleaseError(Exception):
    """The bundle would leak a hidden test or a solution line; nothing was written."""


def _text(relative: str, content: bytes) -> str | None:
    if relative.endswith(".ipynb"):
        return code_of(content.decode("utf-8"))
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None  # binary data (expected values): arrays, no source code


@dataclass(frozen=True)
class _Secrets:
    """What no file given to students may hold, for some assignments."""

    hidden_files: dict[bytes, Path]  # content -> the hidden test file
    hidden_names: set[str]  # hidden test functions
    lines: set[str]  # solution lines that no skeleton publishes


def _secrets(course: list[Assignment]) -> _Secrets:
    """The secrets of the assignments ``course``: a solution line of one is published if the
    skeleton of any of them has it outside every block."""
    hidden_files: dict[bytes, Path] = {}
    hidden_names: set[str] = set()
    lines: set[str] = set()
    published: set[str] = set()
    for assignment in course:
        hidden_files |= {p.read_bytes(): p for p in assignment.hidden_tests.rglob("*.py")}
        hidden_names |= {d.name for d in declarations(assignment) if d.hidden}
        for module in assignment.solution_dir.rglob("*.py"):
            relative = module.relative_to(assignment.solution_dir)
            if "tests" not in relative.parts:
                source = module.read_text(encoding="utf-8")
                lines |= solution_lines(source, str(module))
                if relative.as_posix() not in AUTHORING_FILES:  # shipped as a skeleton
                    published |= published_lines(source, str(module))
    return _Secrets(hidden_files, hidden_names, lines - published)


def _leaks(secrets: _Secrets, files: dict[str, bytes], given: frozenset[str]) -> list[str]:
    """Every secret that ``files`` hold; a solution line in a file of ``given`` is not one."""
    leaks = []
    for relative, content in sorted(files.items()):
        if content in secrets.hidden_files:
            leaks.append(f"{relative} is the hidden test file {secrets.hidden_files[content]}")
        text = _text(relative, content)
        if text is None:
            continue
        leaks += [
            f"{relative} names the hidden test {n}"
            for n in sorted(secrets.hidden_names)
            if re.search(rf"\b{re.escape(n)}\b", text)
        ]
        if relative not in given:
            leaks += [
                f"{relative}:{n} is a solution line: {line}"
                for n, line in find_leaks(text, secrets.lines)
            ]
    return leaks


def find_bundle_leaks(assignment: Assignment, files: dict[str, bytes]) -> list[str]:
    """Every way ``files`` would leak a hidden test or a solution line (empty: none)."""
    tests = declarations(assignment)
    public_names = {d.name for d in tests if not d.hidden}
    leaks = [
        f"hidden test name {d.name} is also a public test name"
        for d in tests
        if d.hidden and d.name in public_names
    ]
    return leaks + _leaks(_secrets([assignment]), files, frozenset())


def _solution_files(course: list[Assignment]) -> dict[bytes, Path]:
    """Every non-blank file of the assignments' ``solutions/`` folders, by its content."""
    return {
        content: path
        for assignment in course
        for path in sorted(assignment.solution_dir.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
        if (content := path.read_bytes()).strip()
    }


def find_wheel_leaks(course: list[Assignment], name: str, wheel: bytes) -> list[str]:
    """Every way the engine wheel ``name`` (its bytes: ``wheel``) would leak anything of the
    assignments ``course`` (empty: none)."""
    members = zip_members(wheel)
    engine = {"autograder", "-".join(name.split("-")[:2]) + ".dist-info"}
    solution_files = _solution_files(course)
    hidden_file_names = {p.name for a in course for p in a.hidden_tests.rglob("*.py")}
    leaks = [f"{m} is not part of the engine" for m in members if m.split("/")[0] not in engine]
    leaks += [f"{m} is {solution_files[c]}" for m, c in members.items() if c in solution_files]
    leaks += [
        f"{m} has the name of a hidden test file"
        for m in members
        if m.rsplit("/", 1)[-1] in hidden_file_names
    ]
    leaks += _leaks(_secrets(course), members, ENGINE_GIVES)
    return [f"{name}: {leak}" for leak in leaks]


def release(assignment: Assignment, out: Path) -> tuple[Path, Path]:
    """Check and write the student bundle of ``assignment`` and the ``install/`` folder beside
    it; returns (folder, zip). :class:`~autograder.authoring.wheel.BuildError` if the engine
    wheel cannot be built."""
    files, install = student_files(assignment), install_files()
    wheel = next(n for n in install if n.endswith(".whl"))
    leaks = find_bundle_leaks(assignment, files)
    leaks += find_wheel_leaks(assignments(assignment.course), wheel, install[wheel])
    if leaks:
        raise ReleaseError(
            f"refusing to release {assignment.name}: the bundle would leak\n  " + "\n  ".join(leaks)
        )
    folder, archive = out / assignment.name, out / f"{assignment.name}.zip"
    if folder.exists():
        shutil.rmtree(folder)
    out.mkdir(parents=True, exist_ok=True)
    write_files(folder, files)
    write_files(out / INSTALL_DIR, install)
    bundle = {f"{assignment.name}/{r}": c for r, c in files.items()}
    bundle |= {f"{INSTALL_DIR}/{r}": c for r, c in install.items()}
    archive.write_bytes(zip_bytes(bundle))
    return folder, archive
