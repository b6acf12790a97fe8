import numpy as np


def eval_numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for index in np.ndindex(*x.shape):
        original = x[index]
        x[index] = original + h
        f_plus = f(x)
        x[index] = original - h
        f_minus = f(x)
        x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    grad = np.zeros(x.shape)
    for index in np.ndindex(*x.shape):
        original = x[index]
        x[index] = original + h
        f_plus = np.sum(f(x) * df)
        x[index] = original - h
        f_minus = np.sum(f(x) * df)
        x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad


def rel_error(x, y):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.size == 0:
        return 0.0
    denominator = np.maximum(1e-8, np.abs(x) + np.abs(y))
    return float(np.max(np.abs(x - y) / denominator))
