import numpy as np


def softmax_loss(scores, y):
    n = len(y)
    top = np.max(scores, axis=1)
    z = scores - top[:, None]
    log_norm = np.log(np.sum(np.exp(z), axis=1))
    log_p = z - log_norm[:, None]
    total = 0.0
    for i in range(n):
        total -= log_p[i, y[i]]
    grad = np.exp(log_p)
    for i in range(n):
        grad[i, y[i]] -= 1.0
    return total / n, grad / n
