import numpy as np


def affine_forward(x, w, b):
    out = x.reshape(len(x), -1) @ w + b
    return out, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(len(x), -1).T @ dout
    db = dout.sum(0)
    return dx, dw, db


def relu_forward(x):
    return np.maximum(x, 0), x


def relu_backward(dout, cache):
    return np.where(cache > 0, dout, 0)


def leaky_relu_forward(x, negative_slope=0.01):
    return np.where(x > 0, x, x * negative_slope), (x, negative_slope)


def leaky_relu_backward(dout, cache):
    x, slope = cache
    return np.where(x > 0, dout, dout * slope)


def sigmoid_forward(x):
    # exp(-|x|) <= 1, so nothing overflows
    e = np.exp(-np.abs(x))
    s = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
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
        return x.copy(), (p, False)
    rng = np.random.default_rng(seed)
    keep = rng.random(x.shape) >= p
    scale = 0.0 if p == 1 else 1 / (1 - p)
    return x * keep * scale, (p, True)


def dropout_backward(dout, cache):
    p, training = cache
    if not training:
        return dout.copy()
    return dout / (1 - p)
