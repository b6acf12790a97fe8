"""Losses: each returns the loss (a Python float) and its gradient with respect to the
scores, so a network's backward pass starts from the loss's gradient.
"""

import numpy as np


def softmax_loss(scores, y):
    """Softmax cross-entropy loss, averaged over the batch, and its gradient.

    Row i of scores holds the unnormalized log-probabilities (logits) of example i for each
    of the C classes, and y[i] is its correct class. The softmax turns each row into
    probabilities; the loss is the mean negative log-probability of the correct classes.

    Inputs:
    - scores: A numpy array of shape (N, C), the logits; scores[i, j] is the score of class
      j for example i.
    - y: A numpy array of integer labels of shape (N,), with 0 <= y[i] < C.

    Returns a tuple of:
    - loss: A Python float, the mean cross-entropy over the batch:
          p_ij = exp(s_ij - max_k s_ik) / sum_k exp(s_ik - max_k s_ik)
          loss = -mean_i log p_{i, y_i}
    - dscores: Gradient of the loss with respect to scores, of shape (N, C):
          dscores = (p - onehot(y)) / N
      where onehot(y)[i, j] = 1 if j == y[i] else 0.

    Conventions:
    - The loss is the MEAN over the batch, not the sum (PyTorch's
      F.cross_entropy(scores, y, reduction="mean")); hence the 1 / N in dscores.
    - It must be numerically stable for logits as large as 1e3 in magnitude: exp(1000)
      overflows to inf, so subtract each row's maximum before exponentiating (this does not
      change p), and compute log p from the shifted scores with log-sum-exp,
          log p_ij = (s_ij - max_k s_ik) - log sum_k exp(s_ik - max_k s_ik),
      rather than taking the log of p (which can underflow to log 0 = -inf).
      No warnings, no inf, no nan.

    Hint: scores.max(axis=1, keepdims=True) keeps the shape (N, 1) so it broadcasts across
    the row. scores[np.arange(N), y] picks the correct-class entry of every row.
    """
    # TODO: Shift each row by its max, compute log-probabilities with log-sum-exp, the mean
    #   loss -mean_i log p_{i, y_i}, and dscores = (p - onehot(y)) / N.
    raise NotImplementedError(
        "TODO in softmax_loss: Shift each row by its max, compute log-probabilities "
        "with log-sum-exp, the mean loss -mean_i log p_{i, y_i}, and dscores = (p - "
        "onehot(y)) / N."
    )
