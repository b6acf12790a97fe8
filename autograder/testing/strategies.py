"""Hypothesis strategies shared by every assignment's tests.

Keep inputs small (a failing example is shown to the student, so it should fit on a screen)
and well-conditioned (values in a modest range, away from the kinks where a function's
derivative jumps). Every strategy draws float64 NumPy arrays unless it says otherwise.

Typical use in a test::

    @given(x=arrays(batched_shapes()), w_cols=sides())
    def test_something(student, x, w_cols): ...
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


@st.composite
def affine_inputs(
    draw: st.DrawFn, min_feature_dims: int = 1, max_feature_dims: int = 3, max_side: int = 4
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(x, w, b)`` for an affine layer: x (N, d1, ..., dk), w (D, M), b (M,), D = prod(d);
    every length at most ``max_side`` (keep it small for numeric gradient checks, which
    evaluate the layer twice per input element)."""
    shape = batched_shapes(min_feature_dims, max_feature_dims, max_side, max_side)
    x = draw(arrays(shape))
    features = int(np.prod(x.shape[1:]))
    outputs = draw(sides(1, max_side))
    return x, draw(arrays((features, outputs))), draw(arrays((outputs,)))


@st.composite
def scores_and_labels(
    draw: st.DrawFn, min_classes: int = 2, max_classes: int = 6, scale: float = HIGH
) -> tuple[np.ndarray, np.ndarray]:
    """``(scores, y)``: logits (N, C) in ``[-scale, scale]`` and labels (N,) in ``[0, C)``."""
    n, classes = draw(sides(1, 5)), draw(sides(min_classes, max_classes))
    return draw(arrays((n, classes), -scale, scale)), draw(class_labels(n, classes))


@st.composite
def normalization_inputs(
    draw: st.DrawFn,
    min_batch: int = 1,
    max_batch: int = 5,
    min_features: int = 1,
    max_features: int = 5,
    spread_axis: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(x, gamma, beta)`` for a normalization layer: x (N, D), gamma and beta (D,), with
    N in ``[min_batch, max_batch]``, D in ``[min_features, max_features]``, and gamma kept
    away from 0 (a zero scale hides every error of the normalized values).

    With ``spread_axis`` (0 for batch norm, 1 for layer norm), x is a fixed, evenly spread
    pattern along that axis plus noise in [-0.25, 0.25], so the variance that normalizes is
    never near 0 (give that axis at least 2 entries): a numeric gradient there is dominated
    by round-off, because the layer divides by sqrt(var + eps).
    """
    n, d = draw(sides(min_batch, max_batch)), draw(sides(min_features, max_features))
    gamma = away_from_kinks(draw(arrays((d,), -2.0, 2.0)), margin=0.1)
    beta = draw(arrays((d,), -2.0, 2.0))
    if spread_axis is None:
        return draw(arrays((n, d))), gamma, beta
    rows, cols = np.meshgrid(np.arange(n), np.arange(d), indexing="ij")
    along, across = (rows, cols) if spread_axis == 0 else (cols, rows)
    size = (n, d)[spread_axis]
    pattern = (along - (size - 1) / 2) * (1 + across)
    return pattern + draw(arrays((n, d), -0.25, 0.25)), gamma, beta


@st.composite
def conv_inputs(
    draw: st.DrawFn,
    max_batch: int = 2,
    max_channels: int = 2,
    max_filters: int = 3,
    max_size: int = 6,
    max_kernel: int = 3,
    max_stride: int = 3,
    max_pad: int = 2,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    """``(x, w, b, stride, pad)`` for a convolution: x (N, C, H, W), w (F, C, HH, WW) with
    HH and WW drawn apart (rectangular kernels), b (F,), and a kernel that fits the padded
    input (HH <= H + 2 * pad). H - HH + 2 * pad need not be divisible by the stride: those
    sizes are where an output size off by one shows. Keep the sizes small for numeric
    gradient checks (two forward passes per entry of x and w)."""
    n, c, f = draw(sides(1, max_batch)), draw(sides(1, max_channels)), draw(sides(1, max_filters))
    kernel_h, kernel_w = draw(sides(1, max_kernel)), draw(sides(1, max_kernel))
    stride, pad = draw(st.integers(1, max_stride)), draw(st.integers(0, max_pad))
    height = draw(st.integers(max(1, kernel_h - 2 * pad), max(max_size, kernel_h)))
    width = draw(st.integers(max(1, kernel_w - 2 * pad), max(max_size, kernel_w)))
    x = draw(arrays((n, c, height, width)))
    w = draw(arrays((f, c, kernel_h, kernel_w), -1.0, 1.0))
    return x, w, draw(arrays((f,))), stride, pad


@st.composite
def pool_inputs(
    draw: st.DrawFn, max_batch: int = 2, max_channels: int = 2, max_size: int = 7, max_pool: int = 3
) -> tuple[np.ndarray, int, int, int]:
    """``(x, pool_height, pool_width, stride)`` for pooling without padding: x (N, C, H, W)
    with H >= pool_height and W >= pool_width; windows may overlap (stride < pool size) and
    need not tile x. The entries of x come from a drawn seed, all distinct (no ties for a
    max to break) and at least 0.04 apart, so a numeric gradient never moves the max from
    one entry to another."""
    n, c = draw(sides(1, max_batch)), draw(sides(1, max_channels))
    pool_h, pool_w = draw(sides(1, max_pool)), draw(sides(1, max_pool))
    stride = draw(st.integers(1, max_pool))
    height = draw(st.integers(pool_h, max(max_size, pool_h)))
    width = draw(st.integers(pool_w, max(max_size, pool_w)))
    rng = np.random.default_rng(draw(seeds()))
    size = n * c * height * width
    x = (rng.permutation(size) * 0.05 + rng.uniform(0.0, 0.01, size)).reshape(n, c, height, width)
    return x - x.mean(), pool_h, pool_w, stride


@st.composite
def residual_inputs(
    draw: st.DrawFn,
    max_batch: int = 2,
    max_channels: int = 2,
    max_filters: int = 3,
    kernels: tuple[int, ...] = (1, 3),
    max_size: int = 4,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(x, w1, b1, w2, b2)`` for a residual block with "same" convolutions: x (N, C, H, W),
    w1 (F, C, K, K) and w2 (C, F, K, K) with K one of ``kernels`` (odd), b1 (F,), b2 (C,).
    The values come from a drawn seed: continuous, so no ReLU input sits at its kink, where
    a numeric gradient is meaningless (hypothesis' own arrays like exact zeros)."""
    n, c = draw(sides(1, max_batch)), draw(sides(1, max_channels))
    f, k = draw(sides(1, max_filters)), draw(st.sampled_from(kernels))
    height, width = draw(sides(1, max_size)), draw(sides(1, max_size))
    rng = np.random.default_rng(draw(seeds()))
    x = rng.normal(size=(n, c, height, width))
    w1, w2 = rng.normal(size=(f, c, k, k)) * 0.5, rng.normal(size=(c, f, k, k)) * 0.5
    return x, w1, rng.normal(size=f), w2, rng.normal(size=c)
