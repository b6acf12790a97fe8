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

from autograder.package_loader import load_package


class MissingFunctionError(AttributeError):
    """The student's package does not define a function a test calls."""


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
        return cls(load_package(path, name))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            value = getattr(self._module, name)
        except AttributeError:
            raise MissingFunctionError(
                f"your package {self._module.__name__} has no {name}: keep the name as given "
                f"and make sure __init__.py imports it (from .module import {name})"
            ) from None
        if callable(value) and not isinstance(value, type):
            return _copying(value)
        return value

    def __repr__(self) -> str:
        return f"<student package {self._module.__name__}>"


def _copying(function: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return function(*_copy_arrays(args), **_copy_arrays(kwargs))

    call.__name__ = getattr(function, "__name__", "function")
    return call
