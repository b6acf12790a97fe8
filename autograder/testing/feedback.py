"""Turn a failed test into the text a student sees.

The text is built from three things the grader controls, never from pytest's traceback
(which would print a hidden test's source and local variables):

1. the test's declared ``message`` (what it checks, the usual mistake);
2. what went wrong: an :func:`~autograder.testing.compare.assert_close` message, or the
   exception the student's code raised, with the line of *their* file it came from;
3. hypothesis' smallest failing example ("Failing test case: ..."), when there is one.
"""

from __future__ import annotations

import re
import sys
import traceback
from pathlib import Path

from pytest import ExceptionInfo

from autograder.testing.student import FailsEveryInput, StudentCodeError, TodoLeft, todo_left

if sys.version_info < (3, 11):  # pragma: no cover - Python 3.10; pytest installs the backport
    from exceptiongroup import BaseExceptionGroup

#: How hypothesis introduces the shrunk example in an exception's notes (the wording
#: changed between versions; the pinned one says "Failing test case").
EXAMPLE_PREFIXES = ("Failing test case", "Falsifying example")

_FIXTURE_ARG = re.compile(r"^\s+(student|reference|expected)=")

#: Longest failure detail shown; the rest is cut (a student's exception can be huge).
MAX_DETAIL = 2000


def _first_leaf(exc: BaseException) -> BaseException:
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def _student_location(exc: BaseException, student_root: Path | None) -> str:
    if student_root is None:
        return ""
    root = student_root.resolve()
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if Path(frame.filename).resolve().is_relative_to(root)
        and not Path(frame.filename).resolve().is_relative_to(root / "tests")
    ]
    if not frames:
        return ""
    last = frames[-1]
    where = Path(last.filename).resolve().relative_to(root)
    return f" (in {where}, line {last.lineno}, in {last.name})"


def _cut(text: str) -> str:
    return text if len(text) <= MAX_DETAIL else text[:MAX_DETAIL] + " [...]"


def _examples(exc: BaseException) -> list[str]:
    """Hypothesis' shrunk example, without the fixture arguments (not the student's input)."""
    shown = []
    for note in getattr(exc, "__notes__", []):
        if not note.startswith(EXAMPLE_PREFIXES):
            continue
        lines = note.strip().splitlines()
        head = "Smallest failing input: " + lines[0].split(":", 1)[1].strip()
        body = [line for line in lines[1:] if not _FIXTURE_ARG.match(line)]
        shown.append("\n".join([head, *body]))
    return shown


def failure_kind(excinfo: ExceptionInfo[BaseException]) -> str:
    """``import``, ``timeout`` or ``error``: what kind of failure ended a test."""
    return getattr(_first_leaf(excinfo.value), "kind", "error")


def describe_failure(
    excinfo: ExceptionInfo[BaseException], message: str, student_root: Path | None
) -> str:
    """The feedback for a test that failed with ``excinfo``."""
    group = excinfo.value
    exc = _first_leaf(group)
    if excinfo.typename in ("Skipped", "XFailed"):
        detail = "The test was skipped; a skipped test earns no points."
    elif isinstance(exc, AssertionError):
        detail = str(exc) or "A check of your result failed."
    elif isinstance(exc, TodoLeft) or todo_left(type(exc).__name__, str(exc)):
        detail = f"Not written yet: {exc}"  # the same words in-process and sandboxed
    elif isinstance(exc, (StudentCodeError, FailsEveryInput)):
        detail = str(exc)
    else:
        text = str(exc)
        detail = f"{type(exc).__name__}{': ' + text if text else ''}"
        detail += _student_location(exc, student_root)
    lines = [message.strip(), _cut(detail)]
    lines += _examples(exc) or _examples(group)
    return "\n".join(lines)
