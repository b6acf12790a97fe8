import numpy as np


def batchnorm_forward(
    x, gamma, beta, running_mean, running_var, training=True, momentum=0.1, eps=1e-5
):
    if training:
        n = x.shape[0]
        mean = np.mean(x, axis=0)
        centered = x - mean
        var = np.mean(centered**2, axis=0)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    else:
        mean, var = running_mean, running_var
        new_mean, new_var = np.copy(running_mean), np.copy(running_var)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    out = gamma * x_hat + beta
    return out, (x_hat, gamma, inv_std, training), new_mean, new_var


def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std, training = cache
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    g = dout * gamma
    if not training:
        return g * inv_std, dgamma, dbeta
    n = dout.shape[0]
    dx = inv_std / n * (n * g - np.sum(g, axis=0) - x_hat * np.sum(g * x_hat, axis=0))
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, eps=1e-5):
    mean = np.mean(x, axis=1, keepdims=True)
    var = np.mean((x - mean) ** 2, axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, (x_hat, gamma, inv_std)


def layernorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    d = dout.shape[1]
    g = dout * gamma
    dx = inv_std / d * (
        d * g - np.sum(g, axis=1, keepdims=True) - x_hat * np.sum(g * x_hat, axis=1, keepdims=True)
    )
    return dx, np.sum(dout * x_hat, axis=0), np.sum(dout, axis=0)
