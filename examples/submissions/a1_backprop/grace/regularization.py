import numpy as np

from .losses import binary_cross_entropy_with_logits


def l2_penalty(w, reg):
    loss = 0.5 * reg * np.sum(w**2)
    dw = 2 * reg * w
    return float(loss), dw


def l1_penalty(w, reg):
    loss = reg * np.abs(w).sum()
    dw = reg * np.sign(w)
    return float(loss), dw


def logistic_regression_loss(w, b, X, y, reg=0.0, penalty="l2"):
    if penalty not in ("l2", "l1"):
        raise ValueError(f'penalty must be "l2" or "l1", not {penalty!r}')
    loss, dz = binary_cross_entropy_with_logits(X @ w + b, y)
    reg_loss, reg_dw = l2_penalty(w, reg) if penalty == "l2" else l1_penalty(w, reg)
    return loss + reg_loss, X.T @ dz + reg_dw, float(dz.sum())
