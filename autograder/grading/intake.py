"""Intake: one submission on disk becomes a clean package folder, or a reason to refuse it.

A submission is a folder, a ``.zip``, a ``.py`` file or a ``.ipynb`` notebook, and it is
hostile: the intake never executes it, follows a link, trusts a size a zip declares or writes
outside the staging folder. It stages only the package's ``.py`` files (never ``tests/`` or a
``conftest.py``: the grader brings its own tests), checked for size and UTF-8, under
``staging/<student>/<assignment>/``; anything wrong is a :class:`Rejected` with a reason the
student can act on.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import tempfile
import threading
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import nbformat

from autograder.contract import SKIPPED_CELL_TAG

MIB = 1024 * 1024
#: The suffixes of a submission that is one file (a folder is the fourth kind).
SUFFIXES = (".zip", ".py", ".ipynb")
_CHUNK = 64 * 1024
_SKIPPED_DIRS = frozenset({"tests", "__pycache__", "__MACOSX"})
#: What a damaged zip raises while read; the last three come from clashing member names.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError)
_ZIP_ERRORS += (FileExistsError, NotADirectoryError, IsADirectoryError)
#: One notebook read at a time: nbformat's validation changes the process's warning filters
#: (``warnings.catch_warnings``), which is not safe in several threads, and a batch stages
#: submissions in threads.
_NOTEBOOK_LOCK = threading.Lock()


@dataclass(frozen=True)
class Staged:
    """A submission ready for grading: ``package`` holds only its checked ``.py`` files;
    ``fingerprint`` is the sha256 of them (relative path and bytes, in path order)."""

    student: str
    package: Path
    fingerprint: str


@dataclass(frozen=True)
class Rejected:
    """An invalid submission: ``reason`` tells the student what is wrong and what to do."""

    student: str
    reason: str


@dataclass(frozen=True)
class Limits:
    """Size limits of one submission; ``max_total_bytes`` also caps what is read out of a zip."""

    max_file_bytes: int = 1 * MIB
    max_total_bytes: int = 8 * MIB
    max_files: int = 200
    max_zip_members: int = 1000


class _Invalid(Exception):
    """Raised inside the intake; the message is the reason given to the student."""


def student_id(path: Path) -> str:
    """The student id of a submission: its name without ``.zip``/``.py``/``.ipynb``, every
    character outside ``[A-Za-z0-9_.-]`` replaced by ``_``; never empty, ``.`` or ``..``."""
    name = Path(path).name
    suffix = next((s for s in SUFFIXES if name.lower().endswith(s)), "")
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", name[: len(name) - len(suffix)])
    return name if name.strip(".") else name.replace(".", "_") or "_"


def find_submissions(paths: list[Path], assignment: str) -> list[Path]:
    """Expand the instructor's ``paths`` into one path per submission, sorted.

    A file and a folder that is a submission (``__init__.py`` in it, or a subfolder named
    ``assignment``) are kept; any other folder is a folder of submissions, whose folders and
    ``.zip``/``.py``/``.ipynb`` files (not hidden ones) are each one. A path that does not
    exist, a folder of submissions that holds none, and two submissions with the same
    student id raise :class:`ValueError`, whose message is one line for the instructor.
    """
    found: set[Path] = set()
    for path in map(Path, paths):
        if not path.exists():
            raise ValueError(f"no such file or folder: {path}")
        if path.is_dir() and not _is_one_submission(path, assignment):
            entries = {entry for entry in path.iterdir() if _is_submission(entry)}
            if not entries:
                raise ValueError(
                    f"{path} holds no submissions: give it one entry per student, named "
                    "after the student: a folder, a .zip, a .py or a .ipynb"
                )
            found.update(entries)
        else:
            found.add(path)
    seen: dict[str, Path] = {}
    for path in sorted(found):
        if seen.setdefault(student_id(path), path) != path:
            raise ValueError(
                f"{seen[student_id(path)]} and {path} have the same student id "
                f"{student_id(path)!r}: keep one submission per student"
            )
    return sorted(found)


def stage(
    submission: Path, assignment: str, staging: Path, limits: Limits = Limits()
) -> Staged | Rejected:
    """Stage ``submission`` as ``staging/<student>/<assignment>/``, or say why it is refused.

    An earlier staging of the same student is removed first, whatever the outcome. Nothing is
    written outside ``staging``, and nothing of the submission is executed.
    """
    if not assignment.isidentifier():
        raise ValueError(f"{assignment!r} is not a valid package name")
    submission, staging = Path(submission), Path(staging)
    student = student_id(submission)
    _remove(staging / student)
    try:
        files = _read_submission(submission, assignment, staging, limits)
    except _Invalid as err:
        return Rejected(student, str(err))
    package = staging / student / assignment
    for relative, data in files.items():
        (package / relative).parent.mkdir(parents=True, exist_ok=True)
        (package / relative).write_bytes(data)
    return Staged(student, package, _fingerprint(files))


def _read_submission(path: Path, assignment: str, staging: Path, limits: Limits) -> dict:
    """The files to stage, relative POSIX path -> bytes, of any kind of submission."""
    name, suffix = path.name, path.suffix.lower()
    if path.is_symlink():
        raise _Invalid(f"{name} is a symbolic link: submit the file or folder itself.")
    if path.is_dir():
        return _read_folder(path, assignment, limits, name)
    if not path.exists():
        raise _Invalid(f"{name} was not found: nothing was submitted under this name.")
    if path.is_file() and suffix == ".zip":
        return _read_zip(path, assignment, staging, limits)
    if path.is_file() and suffix == ".py":
        return {"__init__.py": _read_text(path, name, limits.max_file_bytes)}
    if path.is_file() and suffix == ".ipynb":
        return {"__init__.py": _notebook_source(path, limits)}
    raise _Invalid(f"{name} is not a folder, .zip, .py or .ipynb file: submit one of those.")


def _read_folder(root: Path, assignment: str, limits: Limits, label: str) -> dict:
    """Refuse a link anywhere in ``root``, then read the package's files."""
    for folder, dirs, names in os.walk(root):
        for link in sorted(n for n in dirs + names if Path(folder, n).is_symlink()):
            relative = Path(folder, link).relative_to(root).as_posix()
            raise _Invalid(f"{relative} is a symbolic link: submit the file itself, not a link.")
    return _read_package(_find_package(root, assignment, label), limits, label)


def _find_package(root: Path, assignment: str, label: str) -> Path:
    """``root/<assignment>``, else ``root/*/<assignment>``, else ``root``: the first with an
    ``__init__.py``; otherwise say what was expected and what was found."""
    below = [root / assignment, *(d / assignment for d in sorted(root.iterdir()))]
    below = [p for p in below if (p / "__init__.py").is_file()]
    if len(below) > 1 and below[0] != root / assignment:
        found = ", ".join(f"{p.relative_to(root).as_posix()}/" for p in below)
        raise _Invalid(f"{label} holds more than one {assignment} package ({found}): keep one.")
    if below or (root / "__init__.py").is_file():
        return below[0] if below else root
    expected = f"{label} has no {assignment}/__init__.py"
    inits = sorted([*root.glob("*/__init__.py"), *root.glob("*/*/__init__.py")])
    packages = [f"{p.parent.relative_to(root).as_posix()}/" for p in inits]
    if packages:
        seen = f"a folder {packages[0]}" if len(packages) == 1 else "folders " + ", ".join(packages)
        raise _Invalid(f"{expected}; found {seen} with __init__.py: rename it to {assignment}.")
    entries = sorted(e.name + "/" * e.is_dir() for e in root.iterdir())
    if not entries:
        raise _Invalid(f"{label} is empty: submit your {assignment}/ folder with its __init__.py.")
    listing = ", ".join(entries[:5]) + (", ..." if len(entries) > 5 else "")
    raise _Invalid(
        f"{expected} (found: {listing}): submit the {assignment}/ folder you were given."
    )


def _read_package(package: Path, limits: Limits, label: str) -> dict:
    """The package's ``.py`` files (not in ``tests/``, not ``conftest.py``, not hidden)."""
    files: dict[str, bytes] = {}
    for folder, dirs, names in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(n for n in names if n.endswith(".py") and not n.startswith(".")):
            if name == "conftest.py":
                continue
            if len(files) == limits.max_files:
                raise _Invalid(
                    f"{label} has more than {limits.max_files} .py files: submit only your code."
                )
            relative = Path(folder, name).relative_to(package).as_posix()
            if not relative.isprintable() or _not_utf8(relative):
                raise _Invalid(
                    f"{label} has a file whose name is not plain UTF-8 text "
                    f"({relative!r}): rename it and submit again."
                )
            files[relative] = _read_text(Path(folder, name), relative, limits.max_file_bytes)
            if sum(map(len, files.values())) > limits.max_total_bytes:
                raise _Invalid(_too_much(label, limits))
    return files


def _not_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes in a file name become surrogates
        return True
    return False


def _read_zip(path: Path, assignment: str, staging: Path, limits: Limits) -> dict:
    """Check every member, extract only the ``.py`` ones (bounded), then read as a folder."""
    staging.mkdir(parents=True, exist_ok=True)
    unpacked = Path(tempfile.mkdtemp(prefix=".unzip-", dir=staging))
    try:
        try:
            with zipfile.ZipFile(path) as archive:
                total = 0
                for relative, info in _checked_members(archive, assignment, limits, path.name):
                    total = _extract(archive, info, unpacked / relative, total, limits, path.name)
        except _ZIP_ERRORS as err:
            raise _Invalid(
                f"{path.name} could not be unpacked ({_short(err)}): zip your files again."
            ) from None
        if not any(unpacked.iterdir()):
            raise _Invalid(f"{path.name} holds no .py files: zip your {assignment}/ folder.")
        return _read_folder(unpacked, assignment, limits, path.name)
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)


def _checked_members(archive: zipfile.ZipFile, assignment: str, limits: Limits, label: str):
    """The ``.py`` members to extract, as (safe relative path, info); refuse a bad zip."""
    infos = archive.infolist()
    if not infos:
        raise _Invalid(f"{label} is an empty zip file: zip your {assignment}/ folder and submit.")
    if len(infos) > limits.max_zip_members:
        raise _Invalid(
            f"{label} has {len(infos)} entries, more than the limit of "
            f"{limits.max_zip_members}: zip only your {assignment}/ folder."
        )
    members = []
    for info in infos:
        name = info.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or re.match(r"[A-Za-z]:", name) or ".." in parts:
            raise _Invalid(f"{label} contains the unsafe path {name!r}: zip relative paths only.")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _Invalid(f"{label} contains a link ({name}): zip the files themselves.")
        if info.flag_bits & 0x1:  # encrypted
            raise _Invalid(f"{label} is password-protected: submit a zip without a password.")
        if name.endswith(".py") and not info.is_dir() and parts[0] != "__MACOSX":
            members.append((PurePosixPath(*parts), info))
    return members


def _extract(archive, info, target: Path, total: int, limits: Limits, label: str) -> int:
    """Stream one member to ``target``, counting the bytes actually inflated, and stop as soon
    as the file or the whole zip is over its limit. Returns the new running total."""
    target.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    with archive.open(info) as source, target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            size, total = size + len(chunk), total + len(chunk)
            if size > limits.max_file_bytes:
                raise _Invalid(_too_big(info.filename, limits.max_file_bytes))
            if total > limits.max_total_bytes:
                raise _Invalid(_too_much(label, limits))
            out.write(chunk)
    return total


def _read_text(path: Path, label: str, limit: int) -> bytes:
    """The bytes of a regular file (never a link) of at most ``limit`` bytes of UTF-8."""
    if not stat.S_ISREG(path.lstat().st_mode):
        raise _Invalid(f"{label} is not a regular file: submit plain files only.")
    with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _Invalid(_too_big(label, limit))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise _Invalid(
            f"{label} is not valid UTF-8 text: save it as UTF-8 and submit again."
        ) from None
    return data


def _notebook_source(path: Path, limits: Limits) -> bytes:
    """The code cells of a notebook, in order, joined, without magic or shell lines (and
    without the cells tagged :data:`~autograder.contract.SKIPPED_CELL_TAG`)."""
    text = _read_text(path, path.name, limits.max_total_bytes).decode("utf-8")
    problems: dict = {}
    try:
        with _NOTEBOOK_LOCK:
            notebook = nbformat.reads(text, as_version=4, capture_validation_error=problems)
    except Exception as err:  # nbformat raises many kinds of error on a malformed file
        problems["error"] = err
    if problems:
        raise _Invalid(
            f"{path.name} is not a valid notebook: {_short(next(iter(problems.values())))}. "
            "Save it again from Jupyter and submit it."
        )
    cells = [
        cell.source
        for cell in notebook.cells
        if cell.cell_type == "code" and SKIPPED_CELL_TAG not in cell.metadata.get("tags", [])
    ]
    magic = ("%", "!")  # IPython magics and shell commands
    kept = ["\n".join(s for s in c.splitlines() if not s.lstrip().startswith(magic)) for c in cells]
    data = ("\n\n".join(kept) + "\n").encode("utf-8")
    if len(data) > limits.max_file_bytes:
        raise _Invalid(_too_big(f"The code of {path.name}", limits.max_file_bytes))
    return data


def _fingerprint(files: dict) -> str:
    digest = hashlib.sha256()
    for relative in sorted(files):
        digest.update(relative.encode("utf-8", "surrogateescape") + b"\0" + files[relative] + b"\0")
    return digest.hexdigest()


def _is_one_submission(folder: Path, assignment: str) -> bool:
    return (folder / "__init__.py").is_file() or (folder / assignment).is_dir()


def _is_submission(entry: Path) -> bool:
    if entry.name.startswith("."):
        return False
    return entry.is_dir() or (entry.is_file() and entry.suffix.lower() in SUFFIXES)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _size(limit: int) -> str:
    return f"{limit // MIB} MiB" if limit % MIB == 0 else f"{limit:,} bytes"


def _too_big(label: str, limit: int) -> str:
    return f"{label} is larger than the limit of {_size(limit)}: remove data from it and resubmit."


def _too_much(label: str, limits: Limits) -> str:
    total = _size(limits.max_total_bytes)
    return f"The .py files of {label} add up to more than {total}: submit only your source code."


def _short(err: BaseException) -> str:
    text = (str(err).strip().splitlines() or [type(err).__name__])[0]
    return text if len(text) <= 160 else text[:157] + "..."
