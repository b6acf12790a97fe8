import numpy as np


def softmax_loss(scores, y)
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = len(y)
    p = np.exp(log_p)
    p[np.arange(n), y] -= 1
    return -log_p[np.arange(n), y].mean(), p / n
