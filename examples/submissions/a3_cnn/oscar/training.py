"""Training a classifier with minibatch SGD with momentum (assignment 2's sgd_momentum).

Given code: nothing to write here. It works with any model that has a ``params`` dict and a
``loss(X, y)`` method returning ``(loss, grads)`` (grads with the keys of params), such as
your ConvNet.
"""

import numpy as np


def train_classifier(
    model, X, y, learning_rate=0.05, momentum=0.9, epochs=10, batch_size=32, seed=0
):
    """Train ``model`` in place and return the loss of every step.

    Every epoch visits the N examples once, in a new random order, in minibatches of
    ``batch_size``; every step updates each parameter p with its gradient dp and its
    velocity v (zeros at first), as torch.optim.SGD with momentum does:

        v = momentum * v + dp
        p = p - learning_rate * v

    Inputs:
    - model: An object with a dict ``params`` and a method ``loss(X, y) -> (loss, grads)``.
    - X: Training images, of shape (N, C, H, W).
    - y: Labels, of shape (N,).
    - learning_rate, momentum, epochs, batch_size: The schedule described above.
    - seed: Seed of the shuffling (np.random.default_rng).

    Returns:
    - losses: A list of floats, the minibatch loss of every step, in order.
    """
    rng = np.random.default_rng(seed)
    velocity = {name: np.zeros_like(p) for name, p in model.params.items()}
    losses = []
    for _ in range(epochs):
        order = rng.permutation(X.shape[0])
        for start in range(0, X.shape[0], batch_size):
            batch = order[start : start + batch_size]
            loss, grads = model.loss(X[batch], y[batch])
            velocity = {k: momentum * v + grads[k] for k, v in velocity.items()}
            model.params = {k: p - learning_rate * velocity[k] for k, p in model.params.items()}
            losses.append(float(loss))
    return losses


def accuracy(model, X, y):
    """The fraction of images whose highest score is their label, a float in [0, 1]."""
    return float(np.mean(np.argmax(model.loss(X), axis=1) == y))
