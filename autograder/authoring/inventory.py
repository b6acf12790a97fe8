"""What an assignment's test files declare, read without running them.

Importing a test module runs only its decorators, so the ``@graded`` declarations (part,
points, visibility) can be listed for the README's points table and the release check.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from autograder.contract import GRADED_MARK
from autograder.course import Assignment

_UNIQUE = itertools.count()


@dataclass(frozen=True)
class Declaration:
    """One graded test as its file declares it."""

    name: str
    file: Path
    part: str
    points: float
    visibility: str
    hidden: bool


def import_file(path: Path, prefix: str) -> ModuleType:
    """Import the Python file ``path`` as a throw-away module named after ``prefix``."""
    name = f"_autograder_{prefix}_{path.stem}_{next(_UNIQUE)}"  # unique: jobs run in threads
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - always a .py file here
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


def _declarations(folder: Path, hidden: bool) -> list[Declaration]:
    found = []
    for path in sorted(folder.rglob("test_*.py")):
        module = import_file(path, "hidden" if hidden else "public")
        for name, value in vars(module).items():
            if not (name.startswith("test") and callable(value)):
                continue
            for mark in getattr(value, "pytestmark", []):
                if mark.name == GRADED_MARK:
                    kw = mark.kwargs
                    found.append(
                        Declaration(
                            name, path, kw["part"], float(kw["points"]), kw["visibility"], hidden
                        )
                    )
    return found


def declarations(assignment: Assignment) -> list[Declaration]:
    """Every graded test of ``assignment``: public ones first, in file order."""
    return _declarations(assignment.public_tests, False) + _declarations(
        assignment.hidden_tests, True
    )
