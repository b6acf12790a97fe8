"""Where a course's assignments live, and what each one declares.

A course is a folder with ``solutions/`` (the single source, instructors only) and
``assignments/`` (generated student versions). An assignment ``NAME`` is the package
``solutions/NAME/`` with an ``assignment.toml`` beside its modules. Its whole schema, read
here and only here (:func:`read_spec`)::

    [assignment]
    title = "Backpropagation from scratch"     # required

    [[parts]]                                  # one or more, in the order students meet them
    name = "affine"                            # a test declares its part by this name
    title = "Affine layer"
    functions = ["affine_forward", "affine_backward"]   # re-exported by the package

    [forbidden]                                # optional: what the parts must not use
    modules = ["torch", "jax"]                 # no part may use these, nor their submodules
    reason = "a1_backprop is written in NumPy: build these pieces yourself."
    [[forbidden.functions]]                    # would do the job of the listed parts
    name = "scipy.special.logsumexp"
    parts = ["softmax"]

Points are not declared here: each test declares its own (``@graded(points=...)``), and an
assignment's tests add up to 100 (tests/solutions/test_references_pass.py holds that).

Tests are under ``solutions/NAME/tests/public`` (shipped to students) and
``solutions/NAME/tests/hidden`` (grading only); ``solutions/NAME/expected.py`` computes the
expected values the public tests compare against, and ``solutions/NAME/notebook.py`` is the
notebook's source.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from autograder.sandbox.inside.package_loader import load_package

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

SPEC_FILE = "assignment.toml"
#: Where a student folder keeps the expected values of its public tests.
EXPECTED_DATA = "tests/data/expected.npz"
#: Environment variable that points the commands at a course folder from anywhere.
COURSE_ENV = "AUTOGRADER_COURSE"


class CourseError(Exception):
    """A course or assignment is missing or malformed; the message says what to fix."""


@dataclass(frozen=True)
class Part:
    """A graded part of an assignment: a title and the functions it covers."""

    name: str
    title: str
    functions: tuple[str, ...]


@dataclass(frozen=True)
class Forbidden:
    """What an assignment forbids (its ``[forbidden]`` section): whole modules, in every
    part, and functions, in some parts; ``reason`` is told to the student."""

    modules: tuple[str, ...] = ()
    functions: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (dotted name, parts)
    reason: str = ""


@dataclass(frozen=True)
class AssignmentSpec:
    """What ``assignment.toml`` declares."""

    name: str
    title: str
    parts: tuple[Part, ...]
    forbidden: Forbidden = Forbidden()

    @property
    def functions(self) -> tuple[str, ...]:
        """Every graded function, in part order."""
        return tuple(f for part in self.parts for f in part.functions)

    def part(self, name: str) -> Part:
        """The part called ``name``; :class:`CourseError` if there is none."""
        for part in self.parts:
            if part.name == name:
                return part
        known = ", ".join(p.name for p in self.parts)
        raise CourseError(f"{self.name} has no part {name!r} (its parts: {known})")


def read_spec(folder: Path) -> AssignmentSpec:
    """Read ``folder/assignment.toml`` (the schema above); the assignment's name is the
    folder's name. :class:`CourseError` says what is missing or malformed."""
    path = folder / SPEC_FILE
    if not path.is_file():
        raise CourseError(f"{path} is missing: every assignment declares itself in {SPEC_FILE}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        parts = tuple(
            Part(p["name"], p["title"], tuple(p["functions"])) for p in data.get("parts", [])
        )
        title = data["assignment"]["title"]
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as err:
        raise CourseError(f"{path}: {err}") from err
    if not parts:
        raise CourseError(f"{path} declares no [[parts]]")
    forbidden = _read_forbidden(data.get("forbidden", {}), {p.name for p in parts}, path)
    return AssignmentSpec(folder.name, title, parts, forbidden)


def _read_forbidden(section: object, known_parts: set[str], path: Path) -> Forbidden:
    """The ``[forbidden]`` section, checked: names are non-empty strings, parts exist."""
    try:
        modules = _names(section.get("modules", []), "modules", path)  # type: ignore[union-attr]
        functions = tuple(
            (f["name"], _names(f["parts"], f"the parts of {f['name']}", path))
            for f in section.get("functions", [])  # type: ignore[union-attr]
        )
        reason = section.get("reason", "")  # type: ignore[union-attr]
    except (KeyError, TypeError, AttributeError) as err:
        raise CourseError(f"{path}: [forbidden]: {err}") from err
    _names([name for name, _ in functions], "[[forbidden.functions]] names", path)
    if not isinstance(reason, str):
        raise CourseError(f"{path}: [forbidden] reason must be a string")
    unknown = sorted({p for _, parts in functions for p in parts} - known_parts)
    if unknown:
        raise CourseError(f"{path}: [[forbidden.functions]] names unknown parts {unknown}")
    return Forbidden(modules, functions, reason)


def _names(value: object, what: str, path: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise CourseError(f"{path}: [forbidden] {what} must be a list of names")
    return tuple(value)


@dataclass(frozen=True)
class Assignment:
    """One assignment of a course: its source folder, its generated folder, its spec."""

    course: Path
    name: str

    @property
    def solution_dir(self) -> Path:
        """``solutions/NAME``: the reference package, tests, notebook source, README."""
        return self.course / "solutions" / self.name

    @property
    def student_dir(self) -> Path:
        """``assignments/NAME``: the generated student version."""
        return self.course / "assignments" / self.name

    @property
    def public_tests(self) -> Path:
        return self.solution_dir / "tests" / "public"

    @property
    def hidden_tests(self) -> Path:
        return self.solution_dir / "tests" / "hidden"

    @property
    def spec(self) -> AssignmentSpec:
        return read_spec(self.solution_dir)

    def load_reference(self) -> ModuleType:
        """Import the reference package as ``reference_NAME`` (never as ``NAME``)."""
        return load_package(self.solution_dir, reference_module_name(self.name))


def reference_module_name(name: str) -> str:
    """The import name of assignment ``name``'s reference package."""
    return f"reference_{name}"


def find_course(start: Path | None = None) -> Path:
    """The course folder: ``$AUTOGRADER_COURSE``, else the nearest folder at or above
    ``start`` (default: the working directory) whose ``solutions/`` holds an assignment."""
    if os.environ.get(COURSE_ENV):
        root = Path(os.environ[COURSE_ENV]).resolve()
        if not (root / "solutions").is_dir():
            raise CourseError(f"${COURSE_ENV}={root} has no solutions/ folder")
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if any((folder / "solutions").glob(f"*/{SPEC_FILE}")):
            return folder
    raise CourseError(
        f"no course found: neither {here} nor a folder above it holds solutions/NAME/{SPEC_FILE}; "
        f"run the command inside the course repository or set ${COURSE_ENV}"
    )


def assignments(course: Path) -> list[Assignment]:
    """Every assignment of the course, in name order (folders of solutions/ with a spec)."""
    return [
        Assignment(course, d.name)
        for d in sorted((course / "solutions").iterdir())
        if (d / SPEC_FILE).is_file()
    ]


def get_assignment(course: Path, name: str) -> Assignment:
    """The assignment ``name`` of ``course``; :class:`CourseError` listing the known ones."""
    found = {a.name: a for a in assignments(course)}
    if name not in found:
        known = ", ".join(found) or "none"
        raise CourseError(f"no assignment {name!r} in {course / 'solutions'} (known: {known})")
    return found[name]
