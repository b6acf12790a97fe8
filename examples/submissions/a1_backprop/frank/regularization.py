import numpy as np

from .losses import binary_cross_entropy_with_logits


def l2_penalty(w, reg):
    loss = 0.5 * reg * np.sum(w**2)
    dw = reg * w
    return float(loss), dw


def l1_penalty(w, reg):
    loss = reg * np.sum(np.abs(w))
    dw = reg * np.sign(w)
    return float(loss), dw


def logistic_regression_loss(w, b, X, y, reg=0.0, penalty="l2"):
    if penalty not in ("l2", "l1"):
        raise ValueError(f'penalty must be "l2" or "l1", not {penalty!r}')
    scores = X.dot(w) + b
    data_loss, dscores = binary_cross_entropy_with_logits(scores, y)
    if penalty == "l2":
        reg_loss, reg_dw = l2_penalty(w, reg)
    else:
        reg_loss, reg_dw = l1_penalty(w, reg)
    loss = data_loss + reg_loss
    dw = X.T.dot(dscores) + reg_dw
    db = float(np.sum(dscores))
    return loss, dw, db
