"""Numeric gradient checks the tests trust: central differences in float64.

These are the grader's own checkers. Students write theirs (``eval_numerical_gradient`` in
a1_backprop) and are graded on them; the tests never rely on student code to judge student
code.

Formulas, for a step ``h`` and the unit vector ``e_i``:

- scalar function ``f: R^n -> R``:     ``df/dx_i ~= (f(x + h e_i) - f(x - h e_i)) / (2h)``
- array function ``f`` with upstream gradient ``dout`` (the gradient of some loss L with
  respect to ``f(x)``): ``dL/dx_i ~= sum((f(x + h e_i) - f(x - h e_i)) * dout) / (2h)``

The truncation error is O(h^2) and the round-off error about eps * |f| / h, so ``h = 1e-5``
gives about 1e-10 absolute accuracy for well-scaled float64 functions.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from autograder.testing.replay import evaluate_each

#: Default finite-difference step.
STEP = 1e-5

#: Denominator floor of :func:`relative_error`: below this magnitude the error is, in
#: effect, absolute (scaled by 1e8), so two vectors of near-zeros compare as close.
RELATIVE_ERROR_FLOOR = 1e-8


def numeric_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, h: float = STEP
) -> np.ndarray:
    """Central-difference gradient of the scalar function ``f`` at ``x`` (any shape).

    ``x`` is perturbed in place one element at a time and restored; the result has the shape
    of ``x``. Where ``f`` calls sandboxed student code, its 2n evaluations cross to the
    worker in one round trip, not 2n (:func:`autograder.testing.replay.evaluate_each`).
    """
    x = np.asarray(x, dtype=np.float64)
    changes = []
    for i in np.ndindex(x.shape):  # indexes x itself, so a non-contiguous view works too
        changes += [(i, x[i] + h), (i, x[i] - h)]
    values = evaluate_each(lambda v: float(f(v)), x, changes)
    grad = np.zeros_like(x)
    for k, i in enumerate(np.ndindex(x.shape)):
        grad[i] = (values[2 * k] - values[2 * k + 1]) / (2 * h)
    return grad


def numeric_gradient_array(
    f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, dout: np.ndarray, h: float = STEP
) -> np.ndarray:
    """Central-difference gradient of ``sum(f(x) * dout)`` with respect to ``x``.

    This is the gradient that a layer's backward pass returns for input ``x`` when it
    receives ``dout`` from above.
    """
    dout = np.asarray(dout, dtype=np.float64)
    return numeric_gradient(lambda v: float(np.sum(np.asarray(f(v)) * dout)), x, h)


def relative_error(a: np.ndarray, b: np.ndarray, floor: float = RELATIVE_ERROR_FLOOR) -> float:
    """Largest elementwise ``|a - b| / max(floor, |a| + |b|)``; 0.0 for empty arrays."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(floor, np.abs(a) + np.abs(b))))
