import numpy as np


def batchnorm_forward(
    x, gamma, beta, running_mean, running_var, training=True, momentum=0.1, eps=1e-5
):
    if training:
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        n = x.shape[0]
        running_mean = (1 - momentum) * running_mean + momentum * mu
        running_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    else:
        mu = running_mean
        var = running_var
    std = np.sqrt(var + eps)
    xh = (x - mu) / std
    return gamma * xh + beta, (xh, gamma, std, training), running_mean, running_var


def batchnorm_backward(dout, cache):
    xh, gamma, std, training = cache
    dgamma = (dout * xh).sum(axis=0)
    dbeta = dout.sum(axis=0)
    dxh = dout * gamma
    if training:
        dx = (dxh - dxh.mean(axis=0) - xh * (dxh * xh).mean(axis=0)) / std
    else:
        dx = dxh / std
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=1, keepdims=True)
    std = np.sqrt(x.var(axis=1, keepdims=True) + eps)
    xh = (x - mu) / std
    return gamma * xh + beta, (xh, gamma, std)


def layernorm_backward(dout, cache):
    xh, gamma, std = cache
    dxh = dout * gamma
    dx = (dxh - dxh.mean(axis=1, keepdims=True) - xh * (dxh * xh).mean(axis=1, keepdims=True)) / std
    return dx, (dout * xh).sum(axis=0), dout.sum(axis=0)
