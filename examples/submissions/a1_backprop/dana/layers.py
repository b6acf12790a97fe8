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
