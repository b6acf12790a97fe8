import numpy as np

from .losses import binary_cross_entropy_with_logits


def l2_penalty(w, reg):
    loss = 0.5 * reg * np.sum(w * w)
    dw = reg * w
    return float(loss), dw


def l1_penalty(w, reg):
    loss = reg * np.sum(np.abs(w))
    dw = reg * np.sign(w)
    return float(loss), dw


def logistic_regression_loss(w, b, X, y, reg=0.0, penalty="l2"):
    if penalty not in ("l2", "l1"):
        raise ValueError(f'penalty must be "l2" or "l1", not {penalty!r}')
    z = X.dot(w) + b
    loss, dz = binary_cross_entropy_with_logits(z, y)
    if penalty == "l2":
        loss += 0.5 * reg * np.sum(w * w)
    else:
        loss += reg * np.sum(np.abs(w))
    dw = X.T.dot(dz)
    db = float(np.sum(dz))
    return loss, dw, db
