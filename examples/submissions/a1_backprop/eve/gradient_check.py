import numpy as np


def eval_numerical_gradient(f, x, h=1e-5):
    g = np.zeros(x.shape)
    it = np.nditer(x, flags=["multi_index"])
    while not it.finished:
        i = it.multi_index
        saved = float(x[i])
        x[i] = saved + h
        up = f(x)
        x[i] = saved - h
        down = f(x)
        x[i] = saved
        g[i] = (up - down) / (2.0 * h)
        it.iternext()
    return g


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    return eval_numerical_gradient(lambda v: np.sum(f(v) * df), x, h)


def rel_error(x, y):
    num = np.abs(x - y)
    den = np.maximum(1e-8, np.abs(x) + np.abs(y))
    return float(np.max(num / den))
