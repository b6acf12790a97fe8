"""The ``student`` object tests call: the student's package, reached only through calls.

Tests never import student code. They call ``student.affine_forward(x, w, b)`` and look at
what comes back. On the student's machine ``student`` is an :class:`InProcessStudent` over
their own package; in grading it is a proxy to a sandboxed worker with the same behaviour,
so each test runs unchanged in both places. To keep the two alike, the in-process version
copies array arguments too (a student function that modifies its input in place cannot
corrupt the test's data) and explains a missing function instead of a bare AttributeError.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from autograder.contract import TODO_PREFIX
from autograder.sandbox.inside.codec import is_tensor
from autograder.sandbox.inside.observe import observed_call
from autograder.sandbox.inside.package_loader import load_package
from autograder.testing.expected import stored_case


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
    :mod:`autograder.testing.sandboxed`).

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


class FailedOnStoredInput(FailsEveryInput):
    """The student's code raised on a stored input (a value of the ``expected`` fixture).
    The stored case is the same whatever hypothesis drew, so the test ends at once, and the
    feedback names that case instead of a drawn input that played no part. ``error_type``
    names the student's exception, as :class:`StudentCodeError`'s does."""

    def __init__(self, message: str, error_type: str | None) -> None:
        super().__init__(message)
        self.error_type = error_type


def stored_argument(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    """The stored case of the first argument that is a stored value (itself, or an item of a
    list, tuple or dict argument), or None."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, dict):
            items = list(value.values())
        else:
            items = list(value) if isinstance(value, (list, tuple)) else [value]
        for item in items:
            case = stored_case(item)
            if case is not None:
                return case
    return None


def failed_on_stored_input(
    error: str, error_type: str | None, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> FailedOnStoredInput | None:
    """:class:`FailedOnStoredInput` for a call with ``args`` that raised ``error`` (its text
    as feedback shows it), if one of the arguments is a stored value."""
    case = stored_argument(args, kwargs)
    if case is None:
        return None
    return FailedOnStoredInput(f'{error}\nFailing input: the stored case "{case}".', error_type)


def student_location(exc: BaseException, student_root: Path | None) -> str:
    """`` (in FILE, line N, in FUNCTION)``: the last line of the student's own code (not its
    tests) in ``exc``'s traceback; empty if there is none."""
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
    if is_tensor(value):  # as the sandbox receives it: data, not the test's graph
        return value.detach().clone()
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
            file = getattr(self._module, "__file__", None)
            return _copying(value, Path(file).parent if file else None)
        return value

    def __repr__(self) -> str:
        return f"<student package {self._module.__name__}>"


def _copying(function: Callable[..., Any], root: Path | None) -> Callable[..., Any]:
    """``function`` called with copies of its array arguments; a TODO left, or an exception
    on a stored input, fails as in the sandbox (``root``: the package's folder). Its
    ``observing`` also answers what the call did besides its value (see
    :func:`modified_in_place` and :func:`lines_executed`)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return run(function, args, kwargs)

    def observing(observe: dict[str, Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
        def observed(*copies: Any, **kwcopies: Any) -> dict[str, Any]:
            return observed_call(function, copies, kwcopies, observe, root or Path("/"))

        return run(observed, args, kwargs)

    def run(target: Callable[..., Any], args: tuple, kwargs: dict) -> Any:
        try:
            return target(*_copy_arrays(args), **_copy_arrays(kwargs))
        except Exception as exc:
            todo = todo_left(type(exc).__name__, str(exc))
            if todo is not None:
                raise todo from None
            text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            stored = failed_on_stored_input(
                text + student_location(exc, root), type(exc).__name__, args, kwargs
            )
            if stored is None:
                raise
            raise stored from exc

    call.__name__ = getattr(function, "__name__", "function")
    call.observing = observing  # type: ignore[attr-defined]
    return call


def _observe(
    caller: str, function: Callable[..., Any], what: str, needs: Any, *args: Any, **kwargs: Any
) -> Any:
    """``(value, what was observed)`` of a call to a student's function (see
    :mod:`autograder.sandbox.inside.observe`), the same in-process and sandboxed; ``needs``
    is what the observation needs (the upstream gradient, or None); ``caller`` names the
    test API function, for the error a test author reads."""
    observing = getattr(function, "observing", None)
    if observing is None and _is_module(function):  # a student's module, in-process
        observing = _copying(function, None).observing
    if observing is None:
        raise TypeError(f"{caller} takes a student's function (student.NAME) or module")
    answer = observing({what: needs}, *args, **kwargs)
    return answer["value"], answer[what]


def _is_module(value: Any) -> bool:
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(value, torch.nn.Module)


def modified_in_place(
    function: Callable[..., Any], *args: Any, **kwargs: Any
) -> tuple[Any, list[str]]:
    """``(function(*args, **kwargs), the names of the array arguments it modified in place)``
    for a student function (``student.sgd``); names as the function's signature gives them,
    ``state['m']`` or ``grads[1]`` inside a dict or list argument. The check happens where
    the call runs (in the sandboxed worker, which receives copies of the test's arrays), the
    same in-process and sandboxed: a docstring that says "never modifies its arguments" is
    graded with ``assert not modified_in_place(student.sgd, w, dw, None, lr=0.1)[1]``."""
    return _observe("modified_in_place", function, "modified", None, *args, **kwargs)


def lines_executed(function: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, int]:
    """``(function(*args, **kwargs), the number of lines of the student's own code the call
    executed)``: counted work, the same on an idle machine and a busy one. A docstring that
    promises a vectorized function is graded by it: a Python loop over an array's entries
    executes a line per entry, a vectorized function a few dozen in all."""
    return _observe("lines_executed", function, "lines", None, *args, **kwargs)


def torch_gradients(
    function: Callable[..., Any], *args: Any, upstream: Any, **kwargs: Any
) -> tuple[Any, dict[str, dict[str, Any]]]:
    """``(output, gradients)`` of a student's torch module or function, for the upstream
    gradient ``upstream`` (a tensor of the output's shape; for an output that is a tuple, a
    tuple with None for the items that get none). Autograd runs where the student's code
    runs, so only tensors cross: ``gradients["inputs"]`` maps each floating-point tensor
    argument's name (as the signature names it) to its gradient, ``gradients["parameters"]``
    each parameter of the module (``block.named_parameters()``) to its gradient, None where
    none flowed. ``function`` is a module the test built (``student.Block(...)``) or
    ``student.NAME``; the same in-process and sandboxed. A forward that cuts the graph
    (``.detach()``, ``.numpy()``, ``torch.no_grad()``) fails with a message that says so."""
    return _observe("torch_gradients", function, "gradients", upstream, *args, **kwargs)


def exception_raised(function: Callable[..., Any], *args: Any, **kwargs: Any) -> str | None:
    """The name of the exception class that ``function(*args, **kwargs)`` raised, or None if
    it returned. The same in-process and sandboxed: a test checks that a student's function
    refuses bad input with ``exception_raised(student.f, bad) == "ValueError"``.

    Failures that are not the student function's own exception (a missing function, a TODO
    left, a timeout) propagate and fail the test as usual.
    """
    return _outcome(function, args, kwargs)[1]


def result_or_none(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """What ``function(*args, **kwargs)`` returns, or None if it raised an exception of its
    own. A test that accepts a composite result made with the student's own helper (so that
    a mistake in the helper is charged once, in the helper's test) calls the helper this way.

    As in :func:`exception_raised`, a missing function, a TODO left or a timeout still fails
    the test.
    """
    return _outcome(function, args, kwargs)[0]


def _outcome(function: Callable[..., Any], args: tuple, kwargs: dict) -> tuple[Any, str | None]:
    """(what the call returned, None) or (None, the name of the exception it raised)."""
    try:
        return function(*args, **kwargs), None
    except FailedOnStoredInput as exc:
        return None, exc.error_type
    except StudentCodeError as exc:
        if exc.error_type is None:
            raise
        return None, exc.error_type
    except Exception as exc:  # in-process: the student's exception itself
        return None, type(exc).__name__
