import numpy as np

from .losses import binary_cross_entropy_with_logits


def l2_penalty(w, reg):
    return float(0.5 * reg * np.square(w).sum()), reg * w


def l1_penalty(w, reg):
    return float(reg * np.abs(w).sum()), reg * np.sign(w)


def logistic_regression_loss(w, b, X, y, reg=0.0, penalty="l2"):
    if penalty not in ("l2", "l1"):
        raise ValueError(f'penalty must be "l2" or "l1", not {penalty!r}')
    logits = X @ w + b
    bce, dlogits = binary_cross_entropy_with_logits(logits, y)
    if penalty == "l1":
        pen, dpen = l1_penalty(w, reg)
    else:
        pen, dpen = l2_penalty(w, reg)
    return bce + pen, X.T @ dlogits + dpen, float(dlogits.sum())
