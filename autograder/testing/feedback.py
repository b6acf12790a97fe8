"""Turn a failed test into the text a student sees.

The text is built from three things the grader controls, never from pytest's traceback
(which would print a hidden test's source and local variables):

1. the test's declared ``message`` (what it checks, the usual mistake);
2. what went wrong: an :func:`~autograder.testing.compare.assert_close` message, or the
   exception the student's code raised, with the line of *their* file it came from;
3. hypothesis' smallest failing example ("Failing test case: ..."), when there is one, with
   the values the test drew from ``data.draw`` ("Draw 1 (dout): ..."): hypothesis reports
   each as a note of its own, after the example's.

A test that did not run because the student's package did not import gets one line,
:data:`~autograder.testing.results.DID_NOT_IMPORT`: the import error itself is said once,
above all the tests.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pytest import ExceptionInfo

from autograder.testing.results import DID_NOT_IMPORT
from autograder.testing.student import (
    FailsEveryInput,
    StudentCodeError,
    TodoLeft,
    student_location,
    todo_left,
)

if sys.version_info < (3, 11):  # pragma: no cover - Python 3.10; pytest installs the backport
    from exceptiongroup import BaseExceptionGroup

#: How hypothesis introduces the shrunk example in an exception's notes (the wording
#: changed between versions; the pinned one says "Failing test case").
EXAMPLE_PREFIXES = ("Failing test case", "Falsifying example")

#: Lines of the example that are not the student's input: the fixtures, and the ``data``
#: object (``data=data(...)``), whose draws are shown instead.
_NOT_INPUT = re.compile(r"^\s+((student|reference|expected)=|\w+=data\(\.\.\.\),?$)")

#: How hypothesis notes a value drawn with ``data.draw`` (``Draw 1 (dout): array(...)``).
_DRAW = re.compile(r"^Draw \d+( \(.*?\))?: ")

#: Indentation of the example's arguments and of the draws.
_INDENT = "    "

#: Longest failure detail shown; the rest is cut (a student's exception can be huge).
MAX_DETAIL = 2000


def _first_leaf(exc: BaseException) -> BaseException:
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def _cut(text: str) -> str:
    return text if len(text) <= MAX_DETAIL else text[:MAX_DETAIL] + " [...]"


def _draw(note: str) -> str:
    """A ``Draw N (label): value`` note (one that matches :data:`_DRAW`), indented, its
    value's continuation lines aligned under the value's first line."""
    lines = note.strip().splitlines()
    pad = " " * _DRAW.match(note).end()
    return "\n".join([_INDENT + lines[0], *(_INDENT + pad + line for line in lines[1:])])


def _draws(notes: list[str]) -> list[str]:
    """The ``Draw N`` notes at the start of ``notes`` (those that follow the example's)."""
    draws = []
    for note in notes:
        if not _DRAW.match(note):
            break
        draws.append(_draw(note))
    return draws


def _examples(exc: BaseException) -> list[str]:
    """Hypothesis' shrunk example, without what is not the student's input (the fixtures,
    the ``data`` object), followed by the values the test drew."""
    notes = [str(note) for note in getattr(exc, "__notes__", [])]
    shown = []
    for at, note in enumerate(notes):
        if not note.startswith(EXAMPLE_PREFIXES):
            continue
        head, *rest = note.strip().splitlines()
        call = head.split(":", 1)[1].strip()
        body = [line for line in rest if not _NOT_INPUT.match(line)]
        has_input = not rest or any(line[:1].isspace() for line in body)
        draws = _draws(notes[at + 1 :])
        text = [f"Smallest failing input: {call}", *body] if has_input or not draws else []
        if draws:
            text.append(
                "Drawn in the test:" if text else "Smallest failing input, drawn in the test:"
            )
            text += draws
        shown.append("\n".join(text))
    return shown


def failure_kind(excinfo: ExceptionInfo[BaseException]) -> str:
    """``import``, ``timeout`` or ``error``: what kind of failure ended a test."""
    return getattr(_first_leaf(excinfo.value), "kind", "error")


def describe_failure(
    excinfo: ExceptionInfo[BaseException], message: str, student_root: Path | None
) -> str:
    """The feedback for a test that failed with ``excinfo``."""
    if failure_kind(excinfo) == "import":
        return DID_NOT_IMPORT
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
        detail += student_location(exc, student_root)
    lines = [message.strip(), _cut(detail)]
    lines += _examples(exc) or _examples(group)
    return "\n".join(lines)
