"""Layers from assignment 1 that this one builds on (given: nothing to write here).

The ReLU, the affine layer and the softmax loss, as you wrote them in a1_backprop, with its
conventions: an affine weight has the shape (D, M) and each example is flattened to a row of
length D; the loss is the mean cross-entropy over the batch.
"""

import numpy as np


def relu_forward(x):
    """out = max(0, x) elementwise; cache = x."""
    return np.maximum(0, x), x


def relu_backward(dout, cache):
    """dx = dout where x > 0, else 0 (the derivative at x = 0 is taken to be 0)."""
    return dout * (cache > 0)


def affine_forward(x, w, b):
    """out = x.reshape(N, D) @ w + b, of shape (N, M); cache = (x, w)."""
    return x.reshape(x.shape[0], -1) @ w + b, (x, w)


def affine_backward(dout, cache):
    """(dx of the shape of x, dw of shape (D, M), db of shape (M,))."""
    x, w = cache
    dx = (dout @ w.T).reshape(x.shape)
    return dx, x.reshape(x.shape[0], -1).T @ dout, dout.sum(axis=0)


def softmax_loss(scores, y):
    """(mean cross-entropy of scores (N, C) for labels y (N,), its gradient dscores)."""
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = scores.shape[0]
    dscores = np.exp(log_probs)
    dscores[np.arange(n), y] -= 1
    return float(-log_probs[np.arange(n), y].mean()), dscores / n
