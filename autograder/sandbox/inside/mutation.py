"""Which array arguments a call changed in place.

A docstring may promise that a function never modifies its arguments (a2's update rules and
clipping). The grader's arrays never reach the student's code: the worker receives copies,
and so does the in-process student. So the check happens where the call runs: the arrays
among the arguments (also inside a list, tuple or dict argument, such as an optimizer's
state or a list of gradients) are copied before the call and compared after it.

Arguments are named as the function's signature names them (``w``, ``state['m']``,
``grads[1]``), or by position (``argument 2``) when the signature cannot be read.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

#: ``(name, the array the call receives, a copy of it from before the call)``.
Snapshot = list[tuple[str, np.ndarray, np.ndarray]]


_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def _named(function: Callable[..., Any], args: tuple, kwargs: dict) -> Iterator[tuple[str, Any]]:
    """Each argument with its parameter name (its position, past the named ones)."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature
        parameters = []
    names = [p.name for p in parameters if p.kind in _POSITIONAL]
    for index, value in enumerate(args):
        yield (names[index] if index < len(names) else f"argument {index + 1}"), value
    yield from kwargs.items()


def snapshot(function: Callable[..., Any], args: tuple, kwargs: dict) -> Snapshot:
    """Copies of the array arguments of ``function(*args, **kwargs)``, taken before the call."""
    found: Snapshot = []
    for name, value in _named(function, args, kwargs):
        if isinstance(value, dict):
            items = [(f"{name}[{key!r}]", item) for key, item in value.items()]
        elif isinstance(value, (list, tuple)):
            items = [(f"{name}[{index}]", item) for index, item in enumerate(value)]
        else:
            items = [(name, value)]
        found += [(label, a, a.copy()) for label, a in items if isinstance(a, np.ndarray)]
    return found


def modified(before: Snapshot) -> list[str]:
    """The names of the arrays of ``before`` that are no longer what they were."""
    changed = []
    for name, array, copy in before:
        try:
            same = array.shape == copy.shape and np.array_equal(array, copy, equal_nan=True)
        except TypeError:  # a dtype without NaN
            same = array.shape == copy.shape and np.array_equal(array, copy)
        if not same:
            changed.append(name)
    return changed
