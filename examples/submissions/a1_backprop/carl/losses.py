import numpy as np


def softmax_loss(scores, y)
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = len(y)
    p = np.exp(log_p)
    p[np.arange(n), y] -= 1
    return -log_p[np.arange(n), y].mean(), p / n


def binary_cross_entropy_with_logits(logits, y):
    t = np.exp(-np.abs(logits))
    loss = np.mean(np.maximum(logits, 0) - logits * y + np.log1p(t))
    s = np.where(logits >= 0, 1 / (1 + t), t / (1 + t))
    return float(loss), (s - y) / logits.size


def mse_loss(pred, target):
    d = pred - target
    return float(np.mean(d**2)), 2 * d / d.size
