"""Layers applied at every time step: an affine layer and a masked softmax loss.

Shapes: N sequences, T time steps, D input features, M outputs, V classes (a vocabulary of
V words). They are what turns an RNN's hidden states (N, T, H) into a score per word and per
step, and those scores into a loss.
"""

import numpy as np


def temporal_affine_forward(x, w, b):
    """An affine layer applied to every time step, with the same weights.

    Inputs:
    - x: Inputs, of shape (N, T, D).
    - w: Weights, of shape (D, M).
    - b: Biases, of shape (M,).

    Returns a tuple of:
    - out: Outputs, of shape (N, T, M):
          out[n, t] = x[n, t] @ w + b
    - cache: Whatever temporal_affine_backward needs.

    Convention: as in assignment 1, w is (D, M), the transpose of torch's nn.Linear(D, M)
    weight: out equals F.linear(x, w.T, b).

    Hint: x @ w broadcasts over the first two axes already.
    """
    # TODO: Compute out[n, t] = x[n, t] @ w + b for every n and t, and cache what the
    #   backward pass needs.
    return np.einsum("ntd,dm->ntm", x, w) + b, (x, w)


def temporal_affine_backward(dout, cache):
    """Backward pass of the temporal affine layer.

    Inputs:
    - dout: Upstream gradient, of shape (N, T, M).
    - cache: The cache returned by temporal_affine_forward.

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, T, D):  dx = dout @ w.T
    - dw: Gradient with respect to w, of shape (D, M): the sum over every n and t of
          the outer product x[n, t][:, None] * dout[n, t][None, :]
    - db: Gradient with respect to b, of shape (M,): dout summed over N and T.

    Hint: reshape x to (N * T, D) and dout to (N * T, M), and it is assignment 1's affine
    backward pass.
    """
    # TODO: Compute dx, and dw and db summed over both the batch and the time axes.
    x, w = cache
    dx = np.einsum("ntm,dm->ntd", dout, w)
    dw = np.einsum("ntd,ntm->dm", x, dout)
    db = np.einsum("ntm->m", dout)
    return dx, dw, db


def temporal_softmax_loss(x, y, mask):
    """Softmax cross-entropy loss over every time step that the mask keeps.

    Inputs:
    - x: Scores, of shape (N, T, V).
    - y: Target classes, integers of shape (N, T), each in [0, V).
    - mask: Booleans, of shape (N, T): True where the step counts (a real word), False
      where it does not (padding after the end of a short sequence). At least one entry is
      True.

    Returns a tuple of:
    - loss: A float, the mean cross-entropy over the unmasked steps:
          loss = -sum over (n, t) with mask[n, t] of log softmax(x[n, t])[y[n, t]]
                 / (number of True entries of mask)
    - dx: Gradient of loss with respect to x, of shape (N, T, V): zero at masked steps.

    Convention: the loss is divided by the number of unmasked steps, not by N: it is the
    average loss per word, what torch's F.cross_entropy(x[mask], y[mask]) (reduction
    "mean") computes, and what a language model's perplexity exp(loss) is made of. Masked
    steps contribute neither to the loss, nor to the count, nor to dx, whatever their y.

    Hint: subtract each row's maximum before np.exp (the softmax does not change, and nothing
    overflows). Reshaping x to (N * T, V) and mask and y to (N * T,) makes it assignment 1's
    softmax loss with a weight of 0 or 1 per row.
    """
    # TODO: Compute the log-softmax of every step's scores, average -log p[y] over the
    #   unmasked steps, and its gradient, zero at the masked steps.
    N, T, V = x.shape
    z = x - x.max(axis=2, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=2, keepdims=True))
    # average over every step of every sequence
    loss = -np.take_along_axis(logp, y[:, :, None], axis=2).mean()
    dx = np.exp(logp)
    onehot = np.eye(V)[y]
    dx = (dx - onehot) / (N * T)
    return float(loss), dx
