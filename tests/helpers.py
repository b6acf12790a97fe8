"""Helpers shared by the repository's own tests: the course, and copies of packages."""

from __future__ import annotations

import shutil
from pathlib import Path

from autograder.course import Assignment, assignments, find_course

REPO = Path(__file__).resolve().parents[1]
COURSE = find_course(REPO)
ASSIGNMENTS: list[Assignment] = assignments(COURSE)


def copy_package(source: Path, destination: Path) -> Path:
    """Copy the package in ``source`` (its modules, not its tests) to ``destination``."""
    shutil.copytree(
        source,
        destination,
        ignore=shutil.ignore_patterns("tests", "__pycache__", "expected.py", "notebook.py"),
    )
    return destination
