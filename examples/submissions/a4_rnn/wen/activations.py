"""The logistic sigmoid that the LSTM's and the GRU's gates use (given: nothing to write).

A gate is a number in (0, 1) that multiplies another signal: 0 blocks it, 1 lets it through.
"""

import numpy as np


def sigmoid(x):
    """The logistic sigmoid 1 / (1 + exp(-x)), elementwise, without overflow.

    Written as exp(-log(1 + exp(-x))) with np.logaddexp, which never overflows, so that
    large negative inputs give 0 instead of a warning. Its derivative is
    sigmoid(x) * (1 - sigmoid(x)).
    """
    return np.exp(-np.logaddexp(0.0, -x))
