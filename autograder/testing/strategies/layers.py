"""Draws for layers of a fully connected network (a1): affine inputs, scores and labels,
normalization inputs."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from autograder.testing.strategies.core import (
    HIGH,
    arrays,
    away_from_kinks,
    batched_shapes,
    class_labels,
    sides,
)


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
