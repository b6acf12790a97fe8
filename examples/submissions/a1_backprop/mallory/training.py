"""Training a classifier with minibatch stochastic gradient descent.

Given code: nothing to write here. It works with any model that has a ``params`` dict and a
``loss(X, y)`` method returning ``(loss, grads)`` (grads with the keys of params), such as
your FullyConnectedNet. Assignment 2 is about better update rules than this one.
"""

import numpy as np


def train_classifier(
    model, X, y, learning_rate=0.5, epochs=200, batch_size=64, seed=0, lr_decay=1.0
):
    """Train ``model`` in place with minibatch SGD and return the loss of every step.

    Every epoch visits the N examples once, in a new random order, in minibatches of
    ``batch_size``; every step updates each parameter p with its gradient dp:

        p = p - learning_rate * dp

    and after every epoch the learning rate is multiplied by ``lr_decay``.

    Inputs:
    - model: An object with a dict ``params`` and a method ``loss(X, y) -> (loss, grads)``.
    - X: Training data, of shape (N, D).
    - y: Labels, of shape (N,).
    - learning_rate, epochs, batch_size, lr_decay: The schedule described above.
    - seed: Seed of the shuffling (np.random.default_rng).

    Returns:
    - losses: A list of floats, the minibatch loss of every step, in order.
    """
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(X.shape[0])
        for start in range(0, X.shape[0], batch_size):
            batch = order[start : start + batch_size]
            loss, grads = model.loss(X[batch], y[batch])
            model.params = {k: p - learning_rate * grads[k] for k, p in model.params.items()}
            losses.append(float(loss))
        learning_rate *= lr_decay
    return losses


def accuracy(model, X, y):
    """The fraction of examples whose highest score is their label, a float in [0, 1].

    Inputs:
    - model: An object whose ``loss(X)`` (no labels: test mode) returns scores (N, C).
    - X: Data, of shape (N, D).
    - y: Labels, of shape (N,).
    """
    return float(np.mean(np.argmax(model.loss(X), axis=1) == y))
