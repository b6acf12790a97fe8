import numpy as np


def affine_forward(x, w, b):
    N = x.shape[0]
    D = np.prod(x.shape[1:])
    x_row = x.reshape(N, D)
    out = x_row.dot(w) + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    N = x.shape[0]
    x_row = x.reshape(N, -1)
    dx = dout.dot(w.T).reshape(x.shape)
    dw = x_row.T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db


def relu_forward(x):
    out = x * (x > 0)
    cache = x
    return out, cache


def relu_backward(dout, cache):
    x = cache
    dx = dout * (x > 0)
    return dx


def leaky_relu_forward(x, negative_slope=0.01):
    out = x.copy()
    out[x < 0] *= negative_slope
    cache = (x, negative_slope)
    return out, cache


def leaky_relu_backward(dout, cache):
    x, negative_slope = cache
    dx = dout.copy()
    dx[x < 0] *= negative_slope
    return dx


def sigmoid_forward(x):
    out = np.empty_like(x, dtype=np.float64)
    pos = x >= 0
    neg = ~pos
    out[pos] = 1 / (1 + np.exp(-x[pos]))
    exp_x = np.exp(x[neg])
    out[neg] = exp_x / (1 + exp_x)
    cache = out
    return out, cache


def sigmoid_backward(dout, cache):
    out = cache
    dx = dout * out * (1 - out)
    return dx


def tanh_forward(x):
    out = np.tanh(x)
    cache = out
    return out, cache


def tanh_backward(dout, cache):
    out = cache
    dx = dout * (1 - out * out)
    return dx


def dropout_forward(x, p=0.5, training=True, seed=None):
    mask = None
    if training:
        rng = np.random.default_rng(seed)
        if p < 1:
            mask = (rng.random(x.shape) >= p) / (1 - p)
        else:
            mask = np.zeros(x.shape)
        out = x * mask
    else:
        out = x
    cache = (mask, training)
    return out, cache


def dropout_backward(dout, cache):
    mask, training = cache
    if training:
        dx = dout * mask
    else:
        dx = dout
    return dx
