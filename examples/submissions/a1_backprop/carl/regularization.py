import numpy as np

from .losses import binary_cross_entropy_with_logits


def l2_penalty(w, reg):
    return float(reg * np.sum(w**2) / 2), reg * w


def l1_penalty(w, reg):
    return float(reg * np.sum(np.abs(w))), reg * np.sign(w)


def logistic_regression_loss(w, b, X, y, reg=0.0, penalty="l2"):
    if penalty not in ("l2", "l1"):
        raise ValueError(f'penalty must be "l2" or "l1", not {penalty!r}')
    penalty_fn = {"l2": l2_penalty, "l1": l1_penalty}[penalty]
    bce, dz = binary_cross_entropy_with_logits(X @ w + b, y)
    pen, dpen = penalty_fn(w, reg)
    return bce + pen, X.T @ dz + dpen, float(np.sum(dz))
