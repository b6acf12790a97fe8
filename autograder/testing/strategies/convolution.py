"""Draws for convolutional layers (a3): convolution, pooling and residual-block inputs."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from autograder.testing.strategies.core import arrays, seeds, sides


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
