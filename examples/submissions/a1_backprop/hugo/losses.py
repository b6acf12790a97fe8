import numpy as np


def softmax_loss(scores, y):
    N = scores.shape[0]
    shifted_logits = scores - np.max(scores, axis=1, keepdims=True)
    Z = np.sum(np.exp(shifted_logits), axis=1, keepdims=True)
    log_probs = shifted_logits - np.log(Z)
    probs = np.exp(log_probs)
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    dx /= N
    return float(loss), dx


def binary_cross_entropy_with_logits(logits, y):
    M = logits.size
    loss = np.sum(np.maximum(logits, 0) - logits * y + np.log1p(np.exp(-np.abs(logits)))) / M
    z = np.exp(-np.abs(logits))
    sig = np.where(logits >= 0, 1 / (1 + z), z / (1 + z))
    dlogits = (sig - y) / M
    return float(loss), dlogits


def mse_loss(pred, target):
    M = pred.size
    diff = pred - target
    loss = np.sum(diff**2) / M
    dpred = 2 * diff / M
    return float(loss), dpred
