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
    return np.where(x > 0, x, negative_slope * x), (x, negative_slope)


def leaky_relu_backward(dout, cache):
    x, slope = cache
    return np.where(x > 0, 1.0, slope) * dout


def sigmoid_forward(x):
    t = np.exp(-np.abs(x))
    s = np.where(x >= 0, 1 / (1 + t), t / (1 + t))
    return s, s


def sigmoid_backward(dout, cache):
    return dout * cache * (1 - cache)


def tanh_forward(x):
    t = np.tanh(x)
    return t, t


def tanh_backward(dout, cache):
    return dout * (1 - cache**2)


def dropout_forward(x, p=0.5, training=True, seed=None):
    if not training:
        return x.copy(), None
    keep = np.random.default_rng(seed).random(x.shape) >= p
    mask = keep / (1 - p) if p < 1 else np.zeros(x.shape)
    return x * mask, mask


def dropout_backward(dout, cache):
    return dout.copy() if cache is None else dout * cache
