"""Losses: each returns the loss (a Python float) and its gradient with respect to the
scores, so a network's backward pass starts from the loss's gradient.
"""

import numpy as np

from .layers import sigmoid_forward


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

    Convention:
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
    # BEGIN SOLUTION
    n = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(n)
    loss = float(-log_probs[rows, y].mean())
    dscores = np.exp(log_probs)
    dscores[rows, y] -= 1
    dscores /= n
    return loss, dscores
    # END SOLUTION


def binary_cross_entropy_with_logits(logits, y):
    """Binary cross-entropy on logits, averaged over every element, and its gradient.

    Each element of logits is the score z of a yes/no question; sigma(z) = 1 / (1 + exp(-z))
    is the predicted probability of "yes" and y the target probability (usually 0 or 1).

    Inputs:
    - logits: A numpy array of any shape, the scores z.
    - y: A numpy array of the same shape, targets in [0, 1].

    Returns a tuple of:
    - loss: A Python float, the mean over all M elements (M = logits.size):
          loss = -mean( y * log sigma(z) + (1 - y) * log(1 - sigma(z)) )
               =  mean( max(z, 0) - z * y + log(1 + exp(-|z|)) )      (the stable form)
    - dlogits: Gradient of the loss with respect to logits, of the shape of logits:
          dlogits = (sigma(z) - y) / M

    Convention: the mean over every element, as PyTorch's
    F.binary_cross_entropy_with_logits(z, y) (reduction="mean"). It must be stable for
    logits as large as 1e3 in magnitude: use the stable form (np.log1p(np.exp(-|z|)) never
    overflows) and a stable sigmoid for the gradient (your sigmoid_forward is one).

    Hint: the two forms are equal; check it for z > 0 and z < 0 on paper. The gradient is as
    simple as softmax_loss's: probability minus target.
    """
    # TODO: Compute the mean of max(z, 0) - z * y + log(1 + exp(-|z|)) and
    #   dlogits = (sigmoid(z) - y) / M, with no overflow for |z| up to 1e3.
    # BEGIN SOLUTION
    loss = float(np.mean(np.maximum(logits, 0) - logits * y + np.log1p(np.exp(-np.abs(logits)))))
    probs, _ = sigmoid_forward(logits)
    dlogits = (probs - y) / logits.size
    return loss, dlogits
    # END SOLUTION


def mse_loss(pred, target):
    """Mean squared error, averaged over every element, and its gradient.

    Inputs:
    - pred: A numpy array of any shape, the predictions.
    - target: A numpy array of the same shape, the targets.

    Returns a tuple of:
    - loss: A Python float, the mean over all M elements (M = pred.size):
          loss = mean( (pred - target)**2 )
    - dpred: Gradient of the loss with respect to pred, of the shape of pred:
          dpred = 2 * (pred - target) / M

    Convention: the mean over EVERY element (not over the batch only, and without the 1/2
    some textbooks put in front), as PyTorch's F.mse_loss(pred, target).

    Hint: the 2 comes from the square, the 1 / M from the mean.
    """
    # TODO: Compute loss = mean((pred - target)**2) and dpred = 2 * (pred - target) / M.
    # BEGIN SOLUTION
    diff = pred - target
    loss = float(np.mean(diff**2))
    dpred = 2 * diff / diff.size
    return loss, dpred
    # END SOLUTION
