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
    out = np.where(x > 0, x, x * negative_slope)
    return out, (x, negative_slope)


def leaky_relu_backward(dout, cache):
    x, negative_slope = cache
    return np.where(x > 0, dout, dout * negative_slope)


def sigmoid_forward(x):
    from scipy.special import expit

    out = expit(x)
    return out, out


def sigmoid_backward(dout, cache):
    return dout * cache * (1 - cache)


def tanh_forward(x):
    out = np.tanh(x)
    return out, out


def tanh_backward(dout, cache):
    return dout * (1 - np.square(cache))


def dropout_forward(x, p=0.5, training=True, seed=None):
    if not training:
        return x.copy(), ("eval", None)
    generator = np.random.default_rng(seed)
    survive = generator.random(x.shape) >= p
    mask = np.zeros(x.shape) if p == 1 else survive / (1 - p)
    return x * mask, ("train", mask)


def dropout_backward(dout, cache):
    mode, mask = cache
    if mode == "eval":
        return dout.copy()
    return dout * mask
