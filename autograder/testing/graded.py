"""The ``graded`` decorator: every test declares its points, visibility and message."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pytest

from autograder.testing.results import VISIBILITIES

F = TypeVar("F", bound=Callable[..., object])


def graded(*, part: str, points: float, visibility: str, message: str) -> Callable[[F], F]:
    """Declare a test as graded.

    ``part`` names a part of the assignment's ``assignment.toml``; ``points`` is what the
    test is worth (all or nothing); ``visibility`` is one of ``visible``, ``hidden``,
    ``after_due_date``; ``message`` is shown to the student when the test fails: say what
    the test checks and hint at the usual mistake, never the expected values.

    Usage::

        @graded(part="affine", points=2, visibility="visible",
                message="db is the sum of dout over the batch axis.")
        @given(...)
        def test_affine_db_sums_dout(student, ...): ...
    """
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {VISIBILITIES}, not {visibility!r}")
    if points <= 0:
        raise ValueError(f"points must be positive, not {points!r}")
    if not message.strip():
        raise ValueError("message must say what the test checks")
    return pytest.mark.graded(part=part, points=points, visibility=visibility, message=message)
