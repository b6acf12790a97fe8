import numpy as np


def affine_forward(x, w, b):
    n = x.shape[0]
    rows = np.reshape(x, (n, np.prod(x.shape[1:], dtype=int)))
    return np.dot(rows, w) + b[None, :], (x, w)


def affine_backward(dout, cache):
    x, w = cache
    n = x.shape[0]
    rows = np.reshape(x, (n, -1))
    grad_rows = np.dot(dout, np.transpose(w))
    return np.reshape(grad_rows, np.shape(x)), np.dot(np.transpose(rows), dout), np.sum(dout, 0)


def relu_forward(x):
    mask = x > 0
    return np.where(mask, x, 0.0), mask


def relu_backward(dout, cache):
    return np.where(cache, dout, 0.0)


def leaky_relu_forward(x, negative_slope=0.01):
    mask = x > 0
    return np.where(mask, x, negative_slope * x), (mask, negative_slope)


def leaky_relu_backward(dout, cache):
    mask, negative_slope = cache
    return np.where(mask, dout, negative_slope * dout)


def sigmoid_forward(x):
    e = np.exp(-np.abs(x))
    s = np.empty(np.shape(x))
    pos = x >= 0
    s[pos] = 1.0 / (1.0 + e[pos])
    s[~pos] = e[~pos] / (1.0 + e[~pos])
    return s, s


def sigmoid_backward(dout, cache):
    s = cache
    return dout * s * (1.0 - s)


def tanh_forward(x):
    t = np.tanh(x)
    return t, t


def tanh_backward(dout, cache):
    t = cache
    return dout * (1.0 - t * t)


def dropout_forward(x, p=0.5, training=True, seed=None):
    if not training:
        return np.array(x, copy=True), None
    rng = np.random.default_rng(seed)
    keep = rng.random(np.shape(x)) >= p
    if p >= 1:
        mask = np.zeros(np.shape(x))
    else:
        mask = keep / (1.0 - p)
    return x * mask, mask


def dropout_backward(dout, cache):
    mask = cache
    if mask is None:
        return np.array(dout, copy=True)
    return dout * mask
