import numpy as np


def affine_forward(x, w, b):
    batch_size = x.shape[0]
    x_flat = x.reshape(batch_size, -1)
    out = x_flat.dot(w) + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    batch_size = x.shape[0]
    x_flat = x.reshape(batch_size, -1)
    dx = dout.dot(w.T).reshape(x.shape)
    dw = x_flat.T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db


def relu_forward(x):
    out = np.maximum(0, x)
    cache = x
    return out, cache


def relu_backward(dout, cache):
    x = cache
    dx = dout.copy()
    dx[x <= 0] = 0
    return dx


def leaky_relu_forward(x, negative_slope=0.01):
    out = np.where(x > 0, x, negative_slope * x)
    cache = (x, negative_slope)
    return out, cache


def leaky_relu_backward(dout, cache):
    x, negative_slope = cache
    dx = np.where(x > 0, dout, negative_slope * dout)
    return dx


def sigmoid_forward(x):
    exp_neg_abs = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1 / (1 + exp_neg_abs), exp_neg_abs / (1 + exp_neg_abs))
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
    dx = dout * (1 - out**2)
    return dx


def dropout_forward(x, p=0.5, training=True, seed=None):
    if training:
        rng = np.random.default_rng(seed)
        mask = rng.random(x.shape) >= p
        out = x * mask
    else:
        mask = None
        out = x.copy()
    cache = (mask, training)
    return out, cache


def dropout_backward(dout, cache):
    mask, training = cache
    if training:
        dx = dout * mask
    else:
        dx = dout.copy()
    return dx
