import numpy as np


def batchnorm_forward(
    x, gamma, beta, running_mean, running_var, training=True, momentum=0.1, eps=1e-5
):
    batch_mean = np.mean(x, axis=0)
    batch_var = np.var(x, axis=0)
    if training:
        batch_size = x.shape[0]
        unbiased_var = batch_var * batch_size / (batch_size - 1)
        running_mean = (1 - momentum) * running_mean + momentum * batch_mean
        running_var = (1 - momentum) * running_var + momentum * unbiased_var
    std = np.sqrt(batch_var + eps)
    x_normalized = (x - batch_mean) / std
    out = gamma * x_normalized + beta
    cache = (x_normalized, gamma, std)
    return out, cache, running_mean, running_var


def batchnorm_backward(dout, cache):
    x_normalized, gamma, std = cache
    dgamma = np.sum(dout * x_normalized, axis=0)
    dbeta = np.sum(dout, axis=0)
    dx_normalized = dout * gamma
    dx = (
        dx_normalized
        - np.mean(dx_normalized, axis=0)
        - x_normalized * np.mean(dx_normalized * x_normalized, axis=0)
    ) / std
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, eps=1e-5):
    example_mean = np.mean(x, axis=1, keepdims=True)
    example_var = np.var(x, axis=1, keepdims=True)
    std = np.sqrt(example_var + eps)
    x_normalized = (x - example_mean) / std
    out = gamma * x_normalized + beta
    cache = (x_normalized, gamma, std)
    return out, cache


def layernorm_backward(dout, cache):
    x_normalized, gamma, std = cache
    dgamma = np.sum(dout * x_normalized, axis=0)
    dbeta = np.sum(dout, axis=0)
    dx_normalized = dout * gamma
    dx = (
        dx_normalized
        - np.mean(dx_normalized, axis=1, keepdims=True)
        - x_normalized * np.mean(dx_normalized * x_normalized, axis=1, keepdims=True)
    ) / std
    return dx, dgamma, dbeta
