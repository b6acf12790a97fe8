"""Fixtures of the attack suite. The machinery lives in ``attack_kit`` (this folder is on
sys.path, as for every conftest outside a package): :func:`attack_kit.grade` grades a folder
of submissions through ``grade_batch``; :func:`attack_kit.run_batch` grades a group of
attackers with an honest student in one batch and checks what they must not have changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from attack_kit import bubblewrap_or_skip, grade, write_submission
from helpers import adopt_orphans

__all__ = ["grade"]


@pytest.fixture
def make_submission(tmp_path: Path) -> Callable[[str, dict[str, str | bytes]], Path]:
    """``make_submission(student, files)``: a package folder ``tmp_path/submissions/student``
    written from ``{relative path: text or bytes}``."""

    def make(student: str, files: dict[str, str | bytes]) -> Path:
        return write_submission(tmp_path / "submissions" / student, files)

    return make


@pytest.fixture(scope="session", autouse=True)
def isolated() -> None:
    """Every attack here assumes the bubblewrap sandbox (without it the grader says loudly
    that it is no security boundary): skip the suite where bwrap cannot run."""
    bubblewrap_or_skip()


@pytest.fixture(scope="session", autouse=True)
def reaper() -> None:
    """Orphans of the batches become this process's children, so that a process an attack
    left behind is found among this test's own processes (``helpers.own_processes``)."""
    adopt_orphans()
