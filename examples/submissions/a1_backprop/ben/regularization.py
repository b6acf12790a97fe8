import numpy as np

from .losses import binary_cross_entropy_with_logits


def l2_penalty(w, reg):
    return 0.5 * reg * np.sum(w**2), reg * w


def l1_penalty(w, reg):
    return reg * np.sum(np.abs(w)), reg * np.sign(w)


def logistic_regression_loss(w, b, X, y, reg=0.0, penalty="l2"):
    if penalty not in ("l2", "l1"):
        raise ValueError(f'penalty must be "l2" or "l1", not {penalty!r}')
    loss, dz = binary_cross_entropy_with_logits(X @ w + b, y)
    if penalty == "l2":
        r, dr = l2_penalty(w, reg)
    else:
        r, dr = l1_penalty(w, reg)
    return loss + r, X.T @ dz + dr, dz.sum()
