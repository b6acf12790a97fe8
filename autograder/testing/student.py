"""The ``student`` object tests call: the student's package, reached only through calls.

Tests never import student code. They call ``student.affine_forward(x, w, b)`` and look at
what comes back. On the student's machine ``student`` is an :class:`InProcessStudent` over
their own package; in grading it is a proxy to a sandboxed worker with the same behaviour,
so each test runs unchanged in both places. To keep the two alike, the in-process version
copies array arguments too (a student function that modifies its input in place cannot
corrupt the test's data) and explains a missing function instead of a bare AttributeError.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from autograder.authoring.markers import TODO_PREFIX
from autograder.sandbox.inside.package_loader import load_package


class StudentCodeError(Exception):
    """A failure of the student's code, already worded for the student: feedback shows the
    message as it is. ``kind`` tells the gradebook what happened (see :mod:`.results`).
    ``error_type`` names the exception class the student's code raised, where one did (a
    sandboxed call's ``ValueError`` arrives as a ``StudentCodeError``)."""

    kind = "error"

    def __init__(self, message: str, error_type: str | None = None) -> None:
        super().__init__(message)
        self.error_type = error_type


class FailsEveryInput(BaseException):
    """A failure that does not depend on the test's input, worded for the student like
    :class:`StudentCodeError`: the package did not import, a TODO is left, or the worker
    timed out or crashed (after which the rest of the test fails at once, see
    :mod:`autograder.sandbox.proxy`).

    A ``BaseException``, so that hypothesis lets it through on the first example instead
    of treating it as a falsifying example: shrinking an input that plays no part replays
    the test hundreds of times (about a second per test, minutes for a submission that does
    not import) and shows the student nothing. A test cannot catch it with
    ``except Exception`` either.
    """

    kind = "error"


class StudentImportError(FailsEveryInput):
    """The student's package could not be imported; every test that needs it fails."""

    kind = "import"


class MissingFunctionError(StudentCodeError, AttributeError):
    """The student's package does not define a function a test calls."""


class TodoLeft(FailsEveryInput):
    """The student's function still raises the skeleton's ``NotImplementedError("TODO in
    ...")``: the test fails at once, with the TODO as its feedback."""


def todo_left(error_type: str, message: str) -> TodoLeft | None:
    """A :class:`TodoLeft` if ``error_type: message`` is the skeleton's unfinished TODO."""
    if error_type == "NotImplementedError" and message.startswith(TODO_PREFIX):
        return TodoLeft(message)
    return None


def missing_function_message(package: str, name: str) -> str:
    """What a student reads when their package lacks ``name``."""
    return (
        f"Your package {package} has no {name}: keep the name as given and make sure "
        f"__init__.py imports it (from .module import {name})."
    )


def import_failure_message(exc: BaseException) -> str:
    """What a student reads when importing their package raised ``exc``."""
    if isinstance(exc, SyntaxError) and exc.filename:
        where = f" (in {Path(exc.filename).name}, line {exc.lineno})"
        return f"Your package did not import: SyntaxError: {exc.msg}{where}"
    return f"Your package did not import: {type(exc).__name__}: {exc}"


def _copy_arrays(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a namedtuple
        return type(value)(*(_copy_arrays(v) for v in value))
    if isinstance(value, (list, tuple)):
        return type(value)(_copy_arrays(v) for v in value)
    if isinstance(value, dict):
        return {k: _copy_arrays(v) for k, v in value.items()}
    return value


class InProcessStudent:
    """Calls into a student package imported in this process.

    ``student.NAME(*args, **kwargs)`` calls ``package.NAME`` with copies of the array
    arguments; other attributes (classes, constants) are returned as they are.
    """

    def __init__(self, module: ModuleType) -> None:
        self._module = module

    @classmethod
    def load(cls, path: Path, name: str) -> InProcessStudent:
        """Import the package in folder ``path`` under its assignment name ``name``."""
        try:
            return cls(load_package(path, name))
        except Exception as exc:  # whatever the student's import raised
            raise StudentImportError(import_failure_message(exc)) from exc

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            value = getattr(self._module, name)
        except AttributeError:
            raise MissingFunctionError(
                missing_function_message(self._module.__name__, name)
            ) from None
        if callable(value) and not isinstance(value, type):
            return _copying(value)
        return value

    def __repr__(self) -> str:
        return f"<student package {self._module.__name__}>"


def _copying(function: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*_copy_arrays(args), **_copy_arrays(kwargs))
        except NotImplementedError as exc:
            todo = todo_left(type(exc).__name__, str(exc))
            if todo is None:
                raise
            raise todo from None

    call.__name__ = getattr(function, "__name__", "function")
    return call


def exception_raised(function: Callable[..., Any], *args: Any, **kwargs: Any) -> str | None:
    """The name of the exception class that ``function(*args, **kwargs)`` raised, or None if
    it returned. The same in-process and sandboxed: a test checks that a student's function
    refuses bad input with ``exception_raised(student.f, bad) == "ValueError"``.

    Failures that are not the student function's own exception (a missing function, a TODO
    left, a timeout) propagate and fail the test as usual.
    """
    try:
        function(*args, **kwargs)
    except StudentCodeError as exc:
        if exc.error_type is None:
            raise
        return exc.error_type
    except Exception as exc:  # in-process: the student's exception itself
        return type(exc).__name__
    return None
