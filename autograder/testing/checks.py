"""The two checks most tests are made of: a student's function against a stored case (public
tests) and against the reference on the same drawn input (hidden tests).

Both name what they compare the same way, ``function: name`` (``conv_forward_naive: out``),
after the values the function's docstring returns. A name of ``None`` skips a returned value
that is the student's own business, such as a cache::

    # public: the stored case "max_pool_forward" holds x, pool_height, pool_width, stride, out
    assert_matches_stored(student, expected, "max_pool_forward",
                          args=("x", "pool_height", "pool_width", "stride"),
                          returns=("out", None))

    # hidden: both called with the drawn inputs; the caches come back for a backward pass
    (out, cache), (want, want_cache) = assert_matches_reference(
        student, reference, "max_pool_forward", x, 2, 2, 2, returns=("out", None))

A stored case is named after the function it checks (``"max_pool_forward"``), or after the
function and a label when it has several (``"softmax_loss_large"``: pass ``case=``); its
inputs are named after the function's parameters and its outputs after the docstring's
return values. tests/test_repository.py holds every assignment to that.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from autograder.testing.compare import assert_close


def assert_matches_reference(
    student: Any,
    reference: Any,
    function: str,
    *args: Any,
    returns: Sequence[str | None] = ("out",),
    **kwargs: Any,
) -> tuple[Any, Any]:
    """Call ``function`` of the student and of the reference with the same arguments and
    compare the values named in ``returns`` (one name per returned value; a single name for
    a function that returns one value). Returns (the student's result, the reference's)."""
    got = getattr(student, function)(*args, **kwargs)
    want = getattr(reference, function)(*args, **kwargs)
    assert_returns(function, got, want, returns)
    return got, want


def assert_matches_stored(
    student: Any,
    expected: Any,
    function: str,
    args: Sequence[str],
    returns: Sequence[str | None],
    case: str | None = None,
) -> Any:
    """Call the student's ``function`` on the stored inputs ``args`` of ``case`` (by default
    the case named after the function), positionally, and compare the values named in
    ``returns`` with the stored ones. A stored 0-d array is passed as a Python number.
    Returns the student's result."""
    values = expected[case or function]
    got = getattr(student, function)(*(_argument(values[name]) for name in args))
    want = tuple(values[name] if name else None for name in returns)
    assert_returns(function, got, want if len(returns) > 1 else want[0], returns)
    return got


def _argument(value: np.ndarray) -> Any:
    """A stored value as a function receives it: 0-d arrays become Python numbers."""
    return value.item() if isinstance(value, np.ndarray) and value.ndim == 0 else value


def assert_returns(function: str, got: Any, want: Any, returns: Sequence[str | None]) -> None:
    """Compare what ``function`` returned (``got``) with ``want`` value by value, as
    ``returns`` names them (None: not compared). A result with fewer or more values than
    ``returns`` fails, saying so: an empty tuple never passes by comparing nothing."""
    if len(returns) == 1:
        got, want = (got,), (want,)
    elif not isinstance(got, tuple | list) or len(got) != len(returns):
        count = f"{len(got)} values" if isinstance(got, tuple | list) else "one value"
        raise AssertionError(
            f"{function} returned {count}, not the {len(returns)} values its docstring "
            "says it returns"
        )
    for name, value, right in zip(returns, got, want, strict=True):
        if name is not None:
            assert_close(value, right, f"{function}: {name}")
