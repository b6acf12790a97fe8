"""Composite tests that charge a mistake once: the reference built from the student's parts.

A network is made of layers, and each layer has tests of its own. If a network test compared
the student's network only with the reference network, a mistake in one layer would be
charged twice: in the layer's tests and again in every network test. So a composite test
compares the student's result with the reference's, and, when they differ, with the
reference's composition of the student's own parts (the reference network calling the
student's ``affine_forward``, ``relu_backward``, ...). The student's network passes if it
matches either: a wrong composition is charged here, a wrong layer only in its own tests.

Usage in a hidden test::

    got = student_net.loss(X, y)
    assert_composition(
        lambda want: compare(got, want),       # raises AssertionError if they differ
        lambda: new_reference_net().loss(X, y),
        student, reference, reference.FullyConnectedNet,
    )
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np


def swappable_parts(reference_object: Any, package: Any) -> list[str]:
    """The public functions of the reference ``package`` that the module defining
    ``reference_object`` calls by name (it defines them or imports them), ``reference_object``
    itself excepted: the parts a composition of them is made of."""
    module = sys.modules[reference_object.__module__]
    return sorted(
        name
        for name, value in vars(module).items()
        if inspect.isfunction(value)
        and not name.startswith("_")
        and getattr(package, name, None) is value
        and value is not reference_object
    )


@contextmanager
def built_from_student_parts(
    reference_object: Any, student: Any, package: Any, parts: Sequence[str] | None = None
) -> Iterator[None]:
    """Within the block, the reference module defining ``reference_object`` calls the
    student's functions instead of its own parts (see :func:`swappable_parts`), or only
    those named in ``parts``: a part that takes what cannot cross the sandbox's channel (a
    random generator of the grader's) stays the reference's.

    Grading runs one submission per process, so rebinding the reference module's names for
    the length of a block is seen by this test alone; they are restored on the way out.
    """
    module = sys.modules[reference_object.__module__]
    names = swappable_parts(reference_object, package)
    if parts is not None:
        unknown = sorted(set(parts) - set(names))
        if unknown:
            raise ValueError(f"{unknown} are not parts of {reference_object.__name__}: {names}")
        names = list(parts)
    saved = {name: getattr(module, name) for name in names}
    try:
        for name in names:
            setattr(module, name, getattr(student, name))
        yield
    finally:
        for name, value in saved.items():
            setattr(module, name, value)


def assert_one_of(
    check: Callable[[Any], None],
    right: Callable[[], Any],
    *given_own_parts: Callable[[], Any],
) -> None:
    """``check(right())``, or else ``check(make())`` for one of ``given_own_parts``: the
    values a result would have with the student's own (possibly wrong) parts. A maker that
    raises or returns None is skipped, and so is a value that is all zeros when the right one
    is not (parts that return zeros make a composite that returns zeros look right: answers
    that implement nothing earn nothing). If no check passes, the failure is the
    comparison with ``right()``, so the feedback shows the right values.
    """
    want = right()
    try:
        check(want)
    except AssertionError as mismatch:
        for make in given_own_parts:
            try:
                value = make()
                if value is not None and not (_all_zero(value) and not _all_zero(want)):
                    check(value)
                    return
            except Exception:
                continue
        raise mismatch from None


def _all_zero(value: Any) -> bool:
    """Whether ``value`` (an array, a number, or a tuple, list or dict of them) holds nothing
    but zeros; anything else (a string, an object) counts as not zero."""
    if isinstance(value, dict):
        return all(_all_zero(v) for v in value.values())
    if isinstance(value, tuple | list):
        return all(_all_zero(v) for v in value)
    try:
        return not np.any(np.asarray(value, dtype=float))
    except (TypeError, ValueError):
        return False


def assert_composition(
    check: Callable[[Any], None],
    run_reference: Callable[[], Any],
    student: Any,
    reference: Any,
    reference_object: Any,
    parts: Sequence[str] | None = None,
) -> None:
    """``check(run_reference())``, or else ``check`` of the same run built from the student's
    own parts (all of them, or those named in ``parts``): a composite result passes if it is
    right, or if it is right given the student's parts (their mistakes are charged in their
    own tests).

    ``run_reference`` must build what it runs afresh on every call (a network with running
    averages is run twice).
    """

    def composed() -> Any:
        with built_from_student_parts(reference_object, student, reference, parts):
            return run_reference()

    assert_one_of(check, run_reference, composed)
