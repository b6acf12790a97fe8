"""Generic draws every assignment uses: shapes, float64 arrays, scalars, labels, seeds.

Keep inputs small (a failing example is shown to the student, so it should fit on a screen)
and well-conditioned (values in a modest range, away from the kinks where a function's
derivative jumps). Every strategy draws float64 NumPy arrays unless it says otherwise.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

#: Default range of array elements: large enough to exercise signs and scale, small enough
#: that float64 round-off stays far below the tolerances of :mod:`autograder.testing.compare`.
LOW, HIGH = -5.0, 5.0


def sides(min_side: int = 1, max_side: int = 5) -> st.SearchStrategy[int]:
    """A single dimension length in ``[min_side, max_side]``."""
    return st.integers(min_side, max_side)


def shapes(
    min_dims: int = 1, max_dims: int = 4, min_side: int = 1, max_side: int = 5
) -> st.SearchStrategy[tuple[int, ...]]:
    """An array shape with ``min_dims..max_dims`` axes, each of ``min_side..max_side``."""
    return hnp.array_shapes(
        min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side
    )


def batched_shapes(
    min_feature_dims: int = 1, max_feature_dims: int = 3, max_batch: int = 5, max_side: int = 4
) -> st.SearchStrategy[tuple[int, ...]]:
    """A shape ``(N, d1, ..., dk)``: a batch of N examples with k feature axes."""
    return st.tuples(
        sides(1, max_batch),
        shapes(min_feature_dims, max_feature_dims, 1, max_side),
    ).map(lambda parts: (parts[0], *parts[1]))


def floats(low: float = LOW, high: float = HIGH) -> st.SearchStrategy[float]:
    """A finite float64 in ``[low, high]``, never subnormal."""
    return st.floats(low, high, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def arrays(
    shape: tuple[int, ...] | st.SearchStrategy[tuple[int, ...]],
    low: float = LOW,
    high: float = HIGH,
) -> st.SearchStrategy[np.ndarray]:
    """A float64 array of the given shape (or drawn shape) with elements in ``[low, high]``."""
    return hnp.arrays(np.float64, shape, elements=floats(low, high))


def away_from_kinks(
    values: np.ndarray, kinks: tuple[float, ...] = (0.0,), margin: float = 1e-2
) -> np.ndarray:
    """Return a copy of ``values`` with every element at least ``margin`` from each kink.

    An element within ``margin`` of a kink ``k`` is moved to ``k + margin`` (or ``k - margin``
    if it was below ``k``). Numeric gradients are meaningless across a kink (ReLU at 0), so
    gradient checks shift their inputs with this first, as MiniTorch's tests do.
    ``margin`` must be larger than the finite-difference step.
    """
    out = np.array(values, dtype=np.float64, copy=True)
    for kink in kinks:
        near = np.abs(out - kink) < margin
        out[near] = kink + np.where(out[near] < kink, -margin, margin)
    return out


def class_labels(n: int, num_classes: int) -> st.SearchStrategy[np.ndarray]:
    """An int64 vector of ``n`` labels in ``[0, num_classes)``."""
    return hnp.arrays(np.int64, (n,), elements=st.integers(0, num_classes - 1))


def seeds() -> st.SearchStrategy[int]:
    """A seed for ``np.random.default_rng``: drawn by hypothesis, so reproducible."""
    return st.integers(0, 2**32 - 1)
