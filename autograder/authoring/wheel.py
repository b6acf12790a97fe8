"""The ``install/`` folder of a release: what a student needs to install the engine alone.

A student who receives ``NAME.zip`` finds ``NAME/`` and ``install/`` beside it:

- ``install/dl_course_autograder-VERSION-py3-none-any.whl``: the ``autograder`` package only,
  built by pip with setuptools (pyproject.toml's build backend) from a copy of the engine's
  source, never from the course folder, so ``solutions/``, ``assignments/`` and ``tests/``
  cannot get in (:func:`autograder.authoring.release.find_wheel_leaks` checks it anyway);
- ``install/constraints.txt``: the lines of the course's ``constraints.txt`` that pin what
  the wheel needs at run time (its ``Requires-Dist`` outside every extra), so a student's
  tests run on the grader's versions (hypothesis above all: another version may draw other
  examples). The test extra's pins (PyTorch, ruff) are left out: students need neither.

The wheel is written with sorted members and a fixed date, like the bundle's zip, so the same
source built with the same setuptools gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from email.parser import BytesHeaderParser
from importlib.metadata import entry_points
from pathlib import Path

import autograder

#: The folder of the release, beside each ``NAME/``, that holds the wheel and the pins.
INSTALL_DIR = "install"
#: The pins, in the course's source tree and in ``install/``.
CONSTRAINTS = "constraints.txt"
#: The engine's distribution name (pyproject.toml's ``name``) as a wheel file name spells it.
DISTRIBUTION = "dl_course_autograder"
#: The wheel's long description: the course's README is the instructor's, not the students'.
WHEEL_README = """\
# dl-course-autograder

The engine of an autograded deep-learning course: `autograder check NAME`, from the folder
that holds your assignment folder `NAME/`, runs its public tests on your code and prints a
points table. Install it from the `install/` folder of your assignment's zip, with the pins
in `install/constraints.txt`.
"""
#: What of the package students never get: the templates of ``autograder new`` hold a working
#: example solution, which the release check would rightly find in the wheel while a new
#: assignment still has it (see :mod:`autograder.authoring.scaffold`).
AUTHORS_ONLY = "autograder/authoring/templates/"
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_BUILT: dict[str, tuple[str, bytes]] = {}


class BuildError(Exception):
    """The engine wheel or the students' pins could not be made; the message says why."""


def wheel_filename() -> str:
    """The engine wheel's file name, which the generated READMEs tell students to install."""
    return f"{DISTRIBUTION}-{autograder.__version__}-py3-none-any.whl"


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip of ``files`` (archive path -> content) that depends on nothing else: members in
    sorted order, each dated 1980-01-01 and readable by everyone."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def zip_members(archive: bytes) -> dict[str, bytes]:
    """Every file of the zip ``archive`` (directories left out), by its path in the zip."""
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {i.filename: opened.read(i) for i in opened.infolist() if not i.is_dir()}


def engine_source() -> Path:
    """The source tree the running ``autograder`` package was installed from (``pip install
    -e .``): the folder with ``pyproject.toml`` and ``constraints.txt`` above the package."""
    root = Path(autograder.__file__).resolve().parents[1]
    for needed in ("pyproject.toml", CONSTRAINTS):
        if not (root / needed).is_file():
            raise BuildError(
                f"release builds the engine wheel from its source, but {root} has no {needed}: "
                "install the kit with `pip install -e .` from the course repository"
            )
    return root


def source_files(root: Path) -> dict[str, bytes]:
    """What the wheel is built from: ``pyproject.toml``, the ``autograder`` package (without
    caches and :data:`AUTHORS_ONLY`) and :data:`WHEEL_README` as ``README.md``; nothing else
    of ``root``."""
    package = root / "autograder"
    files = {
        relative: path.read_bytes()
        for path in sorted(package.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
        if not (relative := path.relative_to(root).as_posix()).startswith(AUTHORS_ONLY)
    }
    files["pyproject.toml"] = (root / "pyproject.toml").read_bytes()
    files["README.md"] = WHEEL_README.encode()
    return files


def _builds_offline() -> bool:
    """Whether this environment builds wheels by itself: an installed distribution
    (setuptools 70.1+, or wheel) provides setuptools' ``bdist_wheel`` command. Otherwise
    pip builds in an isolated environment, with the setuptools pyproject.toml asks for,
    as ``pip install -e .`` did."""
    return any(e.name == "bdist_wheel" for e in entry_points(group="distutils.commands"))


def build_wheel(files: dict[str, bytes]) -> tuple[str, bytes]:
    """Build the wheel of the source ``files`` with ``pip wheel --no-deps`` in a temporary
    folder; returns its file name and its bytes, normalized by :func:`zip_bytes`."""
    with tempfile.TemporaryDirectory(prefix="autograder-wheel-") as temporary:
        source, out = Path(temporary, "source"), Path(temporary, "wheel")
        for relative, content in files.items():
            (source / relative).parent.mkdir(parents=True, exist_ok=True)
            (source / relative).write_bytes(content)
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet"]
        command += ["--no-build-isolation"] if _builds_offline() else []
        done = subprocess.run(
            [*command, "--wheel-dir", str(out), str(source)], capture_output=True, text=True
        )
        built = sorted(out.glob("*.whl")) if done.returncode == 0 else []
        if len(built) != 1:
            said = (done.stderr or done.stdout).strip().splitlines() or ["no wheel written"]
            raise BuildError(f"pip could not build the engine wheel: {said[-1]}")
        return built[0].name, zip_bytes(zip_members(built[0].read_bytes()))


def engine_wheel() -> tuple[str, bytes]:
    """The engine's wheel (file name, bytes), built once per content of its source."""
    files = source_files(engine_source())
    digest = hashlib.sha256()
    for relative in sorted(files):
        digest.update(f"{relative}\0{len(files[relative])}\0".encode() + files[relative])
    key = digest.hexdigest()
    if key not in _BUILT:
        _BUILT[key] = build_wheel(files)
    name, content = _BUILT[key]
    if name != wheel_filename():
        raise BuildError(
            f"the engine wheel is {name}, but the READMEs name {wheel_filename()}: give "
            "pyproject.toml the version of autograder/__init__.py, then run `autograder generate`"
        )
    return name, content


def _project(requirement: str) -> str:
    """The normalized project name a requirement or pin line starts with ('' if none)."""
    found = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return re.sub(r"[-_.]+", "-", found.group(1)).lower() if found else ""


def runtime_requirements(wheel: bytes) -> list[str]:
    """The wheel's ``Requires-Dist`` lines that belong to no extra: what it installs."""
    metadata = next(
        content
        for name, content in zip_members(wheel).items()
        if name.endswith(".dist-info/METADATA")
    )
    requirements = BytesHeaderParser().parsebytes(metadata).get_all("Requires-Dist") or []
    return [r for r in requirements if not re.search(r"\bextra\s*==", r.partition(";")[2])]


def student_constraints(constraints: str, requirements: list[str]) -> str:
    """The pins of ``constraints`` (a constraints.txt) for the projects ``requirements``
    name, under a header that says where they come from."""
    needed = {_project(r) for r in requirements}
    pins = [
        line
        for line in constraints.splitlines()
        if not line.lstrip().startswith("#") and _project(line) in needed
    ]
    header = [
        "# The versions the grader runs the tests with (written by `autograder release` from",
        "# the course's constraints.txt). Install with them: pip install -c constraints.txt ...",
    ]
    return "\n".join([*header, *pins]) + "\n"


def install_files() -> dict[str, bytes]:
    """The release's ``install/`` folder: the engine wheel and the students' pins, by path
    relative to it."""
    name, wheel = engine_wheel()
    constraints = (engine_source() / CONSTRAINTS).read_text(encoding="utf-8")
    pins = student_constraints(constraints, runtime_requirements(wheel))
    return {name: wheel, CONSTRAINTS: pins.encode()}
