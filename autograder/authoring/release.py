"""Write the bundle students receive, and prove it holds no hidden test and no solution.

The bundle is the generated student folder (built afresh from ``solutions/``, so a stale
``assignments/`` cannot leak into it) as ``OUT/NAME/`` and ``OUT/NAME.zip``. Before anything
is written, every text file of the bundle is checked:

- no file equals a hidden test file;
- no hidden test's name appears anywhere (hidden and public test names must differ);
- no substantive line of a solution block appears (see
  :func:`autograder.authoring.markers.solution_lines`), unless the reference also has it
  outside every block (a docstring's formula, given code: see
  :func:`~autograder.authoring.markers.published_lines`); a notebook is checked cell by cell.

A bundle that fails any check is refused whole: :class:`ReleaseError` lists every leak.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from autograder.authoring.generate import AUTHORING_FILES, student_files, write_files
from autograder.authoring.inventory import declarations
from autograder.authoring.markers import find_leaks, published_lines, solution_lines
from autograder.authoring.notebook import code_of
from autograder.course import Assignment

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class ReleaseError(Exception):
    """The bundle would leak a hidden test or a solution line; nothing was written."""


def _text(relative: str, content: bytes) -> str | None:
    if relative.endswith(".ipynb"):
        return code_of(content.decode("utf-8"))
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None  # binary data (expected values): arrays, no source code


def find_bundle_leaks(assignment: Assignment, files: dict[str, bytes]) -> list[str]:
    """Every way ``files`` would leak a hidden test or a solution line (empty: none)."""
    hidden_files = {p.read_bytes(): p for p in assignment.hidden_tests.rglob("*.py")}
    hidden_names = {d.name for d in declarations(assignment) if d.hidden}
    public_names = {d.name for d in declarations(assignment) if not d.hidden}
    lines: set[str] = set()
    published: set[str] = set()
    for module in assignment.solution_dir.rglob("*.py"):
        relative = module.relative_to(assignment.solution_dir)
        if "tests" not in relative.parts:
            source = module.read_text(encoding="utf-8")
            lines |= solution_lines(source, str(module))
            if relative.as_posix() not in AUTHORING_FILES:  # shipped as a skeleton
                published |= published_lines(source, str(module))
    lines -= published
    leaks = [
        f"hidden test name {n} is also a public test name" for n in hidden_names & public_names
    ]
    for relative, content in sorted(files.items()):
        if content in hidden_files:
            leaks.append(f"{relative} is the hidden test file {hidden_files[content]}")
        text = _text(relative, content)
        if text is None:
            continue
        leaks += [
            f"{relative} names the hidden test {n}"
            for n in sorted(hidden_names)
            if re.search(rf"\b{re.escape(n)}\b", text)
        ]
        leaks += [
            f"{relative}:{n} is a solution line: {line}" for n, line in find_leaks(text, lines)
        ]
    return leaks


def _write_zip(path: Path, name: str, files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative in sorted(files):
            info = zipfile.ZipInfo(f"{name}/{relative}", date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[relative])


def release(assignment: Assignment, out: Path) -> tuple[Path, Path]:
    """Check and write the student bundle of ``assignment``; returns (folder, zip)."""
    files = student_files(assignment)
    leaks = find_bundle_leaks(assignment, files)
    if leaks:
        raise ReleaseError(
            f"refusing to release {assignment.name}: the bundle would leak\n  " + "\n  ".join(leaks)
        )
    folder, archive = out / assignment.name, out / f"{assignment.name}.zip"
    if folder.exists():
        shutil.rmtree(folder)
    out.mkdir(parents=True, exist_ok=True)
    write_files(folder, files)
    _write_zip(archive, assignment.name, files)
    return folder, archive
