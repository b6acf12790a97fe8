import numpy as np


def batchnorm_forward(
    x, gamma, beta, running_mean, running_var, training=True, momentum=0.1, eps=1e-5
):
    if training:
        mean = x.mean(axis=0)
        var = x.var(axis=0)
        unbiased = x.var(axis=0, ddof=1)
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * unbiased
    else:
        mean, var = running_mean, running_var
    rstd = 1 / np.sqrt(var + eps)
    x_hat = (x - mean) * rstd
    y = gamma * x_hat + beta
    return y, {"x_hat": x_hat, "gamma": gamma, "rstd": rstd, "training": training}, np.array(
        running_mean
    ), np.array(running_var)


def batchnorm_backward(dout, cache):
    x_hat, gamma, rstd = cache["x_hat"], cache["gamma"], cache["rstd"]
    dgamma = np.sum(dout * x_hat, axis=0)
    dbeta = np.sum(dout, axis=0)
    dx_hat = dout * gamma
    if cache["training"]:
        dx = rstd * (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0))
    else:
        dx = rstd * dx_hat
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    rstd = 1 / np.sqrt(var + eps)
    x_hat = (x - mean) * rstd
    return gamma * x_hat + beta, {"x_hat": x_hat, "gamma": gamma, "rstd": rstd}


def layernorm_backward(dout, cache):
    x_hat, gamma, rstd = cache["x_hat"], cache["gamma"], cache["rstd"]
    dx_hat = dout * gamma
    dx = rstd * (
        dx_hat
        - dx_hat.mean(axis=-1, keepdims=True)
        - x_hat * (dx_hat * x_hat).mean(axis=-1, keepdims=True)
    )
    return dx, np.sum(dout * x_hat, axis=0), np.sum(dout, axis=0)
