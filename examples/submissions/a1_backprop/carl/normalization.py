import numpy as np


def batchnorm_forward(
    x, gamma, beta, running_mean, running_var, training=True, momentum=0.1, eps=1e-5
):
    if training:
        n = len(x)
        mu, var = x.mean(0), x.var(0)
        running_mean = (1 - momentum) * running_mean + momentum * mu
        running_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    else:
        mu, var = running_mean, running_var
    std = np.sqrt(var + eps)
    xn = (x - mu) / std
    return gamma * xn + beta, (xn, gamma, std, training), running_mean.copy(), running_var.copy()


def batchnorm_backward(dout, cache):
    xn, gamma, std, training = cache
    g = dout * gamma
    if training:
        dx = (g - g.mean(0) - xn * (g * xn).mean(0)) / std
    else:
        dx = g / std
    return dx, (dout * xn).sum(0), dout.sum(0)


def layernorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(1, keepdims=True)
    std = np.sqrt(x.var(1, keepdims=True) + eps)
    xn = (x - mu) / std
    return gamma * xn + beta, (xn, gamma, std)


def layernorm_backward(dout, cache):
    xn, gamma, std = cache
    g = dout * gamma
    dx = (g - g.mean(1, keepdims=True) - xn * (g * xn).mean(1, keepdims=True)) / std
    return dx, (dout * xn).sum(0), dout.sum(0)
