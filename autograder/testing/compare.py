"""Comparisons whose failure messages teach, and never reveal a hidden expected value.

Every check raises :class:`AssertionError` (:class:`StoredValueMismatch` where the expected
value is a stored one) with a message of the form::

    dw: max relative error 3.1e-01 at index (2, 0) (allowed 1e-06); your value there is 0.4172

It names the output, where it differs and by how much, and shows the student's own value,
but never the expected one: hidden tests compare against the reference solution, and its
values on hidden inputs are not the student's to see.

Tolerances are for float64 with room to spare: a correct implementation that sums in a
different order (loops instead of matrix products) passes. float64 is the contract: where a
difference has the size of float32 round-off and the student's values are float32 numbers,
the message says so (a float32 step inside a longer computation can exceed the tolerance).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from autograder.testing.expected import stored_case
from autograder.testing.gradcheck import STEP, numeric_gradient_array
from autograder.testing.student import FailsEveryInput

#: Default relative tolerance: room for another summation order in float64; a single float32
#: rounding (about 6e-8) passes, a computation carried out in float32 may not.
RTOL = 1e-6
#: Default absolute tolerance, for expected values at or near zero.
ATOL = 1e-9


def _index(flat: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(flat, shape)) if shape else ()


class StoredValueMismatch(FailsEveryInput):
    """A student's result differs from a stored expected value (the ``expected`` fixture's).

    The stored case's inputs are fixed, so the failure is the same whatever hypothesis drew:
    it ends the test at once (see :class:`FailsEveryInput`), and the feedback names the
    stored case instead of a drawn input that played no part."""


def _failure(message: str, expected: object) -> BaseException:
    """The exception for a failed comparison with ``expected``: a
    :class:`StoredValueMismatch` naming its case if it is a stored value, else an
    AssertionError."""
    case = stored_case(expected)
    if case is None:
        return AssertionError(message)
    return StoredValueMismatch(f'{message}\nFailing input: the stored case "{case}".')


def assert_close(
    actual: object,
    expected: object,
    name: str,
    rtol: float = RTOL,
    atol: float = ATOL,
) -> None:
    """Assert that ``actual`` (student) equals ``expected`` elementwise within tolerance.

    Passes where ``|actual - expected| <= atol + rtol * |expected|`` everywhere. Checks, in
    order, that ``actual`` is a number or an array of numbers, that the shapes agree, that it
    has no NaN or infinity where ``expected`` is finite, and then the values. Where
    ``expected`` is a stored value, a failure is a :class:`StoredValueMismatch`.
    """
    message = _difference(actual, expected, name, rtol, atol)
    if message is not None:
        raise _failure(message, expected)


def _difference(
    actual: object, expected: object, name: str, rtol: float, atol: float
) -> str | None:
    """What :func:`assert_close` reports about ``actual`` and ``expected``, or None if they
    are close."""
    got = _numeric(actual)
    if got is None:
        return f"{name}: expected a number or a NumPy array of numbers, got {type(actual).__name__}"
    want = np.asarray(expected, dtype=np.float64)
    if got.shape != want.shape:
        return f"{name}: has shape {got.shape}, expected shape {want.shape}"
    bad = ~np.isfinite(got) & np.isfinite(want)
    if bad.any():
        where = _index(int(np.flatnonzero(bad)[0]), got.shape)
        return (
            f"{name}: contains {got[where]} at index {where}, where a finite value is expected "
            "(an overflow, a division by zero or a log of zero?)"
        )
    infinite = ~np.isfinite(want)
    wrong_infinity = infinite & ~((got == want) | (np.isnan(got) & np.isnan(want)))
    if wrong_infinity.any():
        where = _index(int(np.flatnonzero(wrong_infinity)[0]), got.shape)
        return f"{name}: differs at index {where}; your value there is {got[where]}"
    finite_got = np.where(infinite, 0.0, got)
    finite_want = np.where(infinite, 0.0, want)
    error = np.abs(finite_got - finite_want)
    allowed = atol + rtol * np.abs(finite_want)
    outside = error > allowed
    if not outside.any():
        return None
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        excess = np.where(outside, error / allowed, -1.0)  # inf where nothing is allowed
        worst = _index(int(np.argmax(excess)), got.shape)
        rel = error[worst] / max(abs(want[worst]), atol, np.finfo(np.float64).tiny)
    note = FLOAT32_NOTE if _float32_sized(actual, got, want, rel) else ""
    return (
        f"{name}: max relative error {rel:.1e} at index {worst} (allowed {rtol:.0e}); "
        f"your value there is {got[worst]:.6g}, off by {error[worst]:.1e}{note}"
    )


#: What a student reads when the difference looks like float32 arithmetic.
FLOAT32_NOTE = (
    ". That is the size of float32 round-off: your result has float32's precision (about 7 "
    "digits), and the course computes in float64. An array made float32 anywhere (np.float32, "
    "dtype='float32', astype) rounds everything computed from it."
)


def _float32_sized(actual: object, got: np.ndarray, want: np.ndarray, rel: float) -> bool:
    """Whether a difference of relative size ``rel`` looks like float32 arithmetic: the
    student's array is float32, or every value of it is a float32 number (cast back to
    float64) where the expected values are not; and the error is a few float32 roundings."""
    if not 1e-8 < rel < 1e-3:
        return False
    if np.asarray(actual).dtype == np.float32:
        return True
    finite = np.isfinite(got) & np.isfinite(want)
    as_float32 = got[finite].astype(np.float32).astype(np.float64)
    exact_want = want[finite].astype(np.float32).astype(np.float64)
    return bool(
        np.array_equal(as_float32, got[finite]) and not np.array_equal(exact_want, want[finite])
    )


def assert_close_each(
    actual: object, expected: Sequence[object], name: str, rtol: float = RTOL, atol: float = ATOL
) -> None:
    """:func:`assert_close` for a list of arrays (of any shapes, such as one gradient per
    parameter): as many arrays as ``expected``, each close to its counterpart, named
    ``name[i]`` in the message."""
    items = list(actual) if isinstance(actual, (list, tuple)) else None
    if items is None or len(items) != len(expected):
        got = str(len(items)) if items is not None else type(actual).__name__
        message = f"{name}: expected a list of {len(expected)} arrays, got {got}"
        raise _failure(message, expected[0] if len(expected) else None)
    for i, (got_i, want_i) in enumerate(zip(items, expected, strict=True)):
        assert_close(got_i, want_i, f"{name}[{i}]", rtol, atol)


def _numeric(actual: object) -> np.ndarray | None:
    """``actual`` as a float64 array, or None if it is not numbers."""
    try:
        array = np.asarray(actual)
    except ValueError:  # ragged nesting
        return None
    if array.dtype.kind not in "biuf":
        return None
    return array.astype(np.float64)


def assert_gradient(
    forward: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    dout: np.ndarray,
    analytic: object,
    name: str,
    rtol: float = 1e-5,
    atol: float = 1e-7,
    h: float = STEP,
) -> None:
    """Assert that ``analytic`` is the gradient of ``sum(forward(x) * dout)`` at ``x``.

    The reference is :func:`autograder.testing.gradcheck.numeric_gradient_array` (central
    differences in float64), so the tolerances are looser than :func:`assert_close`'s: the
    numeric gradient itself is accurate to about 1e-9.
    """
    numeric = numeric_gradient_array(forward, np.array(x, dtype=np.float64), dout, h)
    assert_close(analytic, numeric, f"{name} (checked against a numeric gradient)", rtol, atol)
