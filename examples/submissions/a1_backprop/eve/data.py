"""Datasets the assignment generates itself (nothing to download).

Given code: nothing to write here.
"""

import numpy as np


def make_spirals(n_per_class=100, n_classes=3, noise=0.2, seed=0):
    """Points on interleaved spiral arms, one arm per class: a classic dataset that no
    linear classifier can separate.

    Arm k starts at the origin and winds outwards; point i of it has radius r = i / n in
    [0, 1] and angle theta = 4 r + 2 pi k / n_classes (plus Gaussian noise of std ``noise``
    on the angle), for n = n_per_class - 1.

    Inputs:
    - n_per_class: Points per class, an int >= 2.
    - n_classes: Number of classes (arms), an int >= 2.
    - noise: Standard deviation of the noise added to each angle, in radians.
    - seed: Seed of np.random.default_rng: the same seed gives the same points.

    Returns a tuple of:
    - X: Points, of shape (n_classes * n_per_class, 2), every coordinate in [-1, 1].
    - y: Labels, of shape (n_classes * n_per_class,), integers in [0, n_classes).
    """
    rng = np.random.default_rng(seed)
    radius = np.linspace(0.0, 1.0, n_per_class)
    xs, ys = [], []
    for k in range(n_classes):
        theta = 4 * radius + 2 * np.pi * k / n_classes + noise * rng.normal(size=n_per_class)
        xs.append(np.column_stack([radius * np.sin(theta), radius * np.cos(theta)]))
        ys.append(np.full(n_per_class, k))
    return np.concatenate(xs), np.concatenate(ys)
