import numpy as np


def softmax_loss(scores, y):
    n = len(scores)
    z = scores - scores.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    loss = -logp[np.arange(n), y].mean()
    grad = np.exp(logp)
    grad[np.arange(n), y] -= 1
    return float(loss), grad / n


def binary_cross_entropy_with_logits(logits, y):
    e = np.exp(-np.abs(logits))
    loss = np.mean(np.maximum(logits, 0) - logits * y + np.log1p(e))
    sig = np.where(logits >= 0, 1 / (1 + e), e / (1 + e))
    return float(loss), (sig - y) / logits.size


def mse_loss(pred, target):
    diff = pred - target
    return float(np.mean(diff**2)), 2 * diff / diff.size
