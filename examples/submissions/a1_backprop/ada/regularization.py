import numpy as np

from .losses import binary_cross_entropy_with_logits


def l2_penalty(w, reg):
    return float(0.5 * reg * np.sum(w * w)), reg * w


def l1_penalty(w, reg):
    return float(reg * np.sum(np.abs(w))), reg * np.sign(w)


def logistic_regression_loss(w, b, X, y, reg=0.0, penalty="l2"):
    if penalty not in ("l2", "l1"):
        raise ValueError(f'penalty must be "l2" or "l1", not {penalty!r}')
    z = np.dot(X, w) + b
    data_loss, dz = binary_cross_entropy_with_logits(z, y)
    if penalty == "l2":
        reg_loss, reg_grad = l2_penalty(w, reg)
    else:
        reg_loss, reg_grad = l1_penalty(w, reg)
    dw = np.dot(np.transpose(X), dz) + reg_grad
    return data_loss + reg_loss, dw, float(np.sum(dz))
