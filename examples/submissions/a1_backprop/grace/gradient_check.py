import numpy as np


def eval_numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    flat_x = x.reshape(-1)  # a view: writing to it changes x
    flat_grad = grad.reshape(-1)
    for k in range(flat_x.size):
        old = flat_x[k]
        flat_x[k] = old + h
        fp = f(x)
        flat_x[k] = old - h
        fm = f(x)
        flat_x[k] = old
        flat_grad[k] = (fp - fm) / (2 * h)
    return grad


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    return eval_numerical_gradient(lambda v: np.sum(f(v) * df), x, h)


def rel_error(x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.size == 0:
        return 0.0
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))
