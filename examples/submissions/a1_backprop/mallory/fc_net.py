import numpy as np


class FullyConnectedNet:
    def __init__(self, hidden_dims, input_dim, num_classes, **kwargs):
        self.params = {}
        self.running = []

    def loss(self, X, y=None):
        scores = np.zeros((len(X), 1))
        if y is None:
            return scores
        return 0.0, {}
