import numpy as np


def softmax_loss(scores, y):
    n = len(y)
    top = np.max(scores, axis=1)
    z = scores - top[:, None]
    log_norm = np.log(np.sum(np.exp(z), axis=1))
    log_p = z - log_norm[:, None]
    total = 0.0
    for i in range(n):
        total -= log_p[i, y[i]]
    grad = np.exp(log_p)
    for i in range(n):
        grad[i, y[i]] -= 1.0
    return total / n, grad / n


def binary_cross_entropy_with_logits(logits, y):
    z = np.asarray(logits, dtype=float)
    m = z.size
    e = np.exp(-np.abs(z))
    per_element = np.maximum(z, 0.0) - z * y + np.log1p(e)
    prob = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return float(np.sum(per_element) / m), (prob - y) / m


def mse_loss(pred, target):
    diff = pred - target
    m = diff.size
    return float(np.sum(diff * diff) / m), 2.0 * diff / m
