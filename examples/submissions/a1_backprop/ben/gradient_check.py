import numpy as np


def eval_numerical_gradient(f, x, h=1e-5):
    raise NotImplementedError("did not get to it")


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    raise NotImplementedError("did not get to it")


def rel_error(x, y):
    return np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y)))
