"""Normalization layers: batch normalization and layer normalization, for inputs of shape
(N, D) (N examples of D features).

Both standardize x to zero mean and unit variance, then scale and shift it with learned
parameters gamma and beta, both of shape (D,):

    x_hat = (x - mu) / sqrt(var + eps)
    out   = gamma * x_hat + beta

They differ in what mu and var are taken over. Batch norm: each feature over the batch
(axis 0), so it needs running averages for test time, when there may be no batch. Layer norm:
each example over its features (axis 1), the same in training and at test time.

The variance that normalizes is the biased one, var = mean((x - mu)**2), as in PyTorch.
"""

import numpy as np


def batchnorm_forward(
    x, gamma, beta, running_mean, running_var, training=True, momentum=0.1, eps=1e-5
):
    """Forward pass of batch normalization.

    Inputs:
    - x: Data of shape (N, D). In training N must be at least 2.
    - gamma: Scale parameter of shape (D,).
    - beta: Shift parameter of shape (D,).
    - running_mean: Running average of the feature means, shape (D,) (start with zeros).
    - running_var: Running average of the feature variances, shape (D,) (start with ones).
    - training: True in training, False at test time.
    - momentum: The weight of the NEW batch in the running averages (PyTorch's convention;
      CS231n's notes write the same update with momentum = 0.9 as the weight of the OLD value).
    - eps: A small constant added to the variance, for numerical stability.

    In training, normalize with the statistics of this batch, per feature (axis 0):
          mu = mean(x, axis=0)                     shape (D,)
          var = mean((x - mu)**2, axis=0)          shape (D,), the biased variance
          x_hat = (x - mu) / sqrt(var + eps)
          out = gamma * x_hat + beta
    and update the running averages, with the UNBIASED variance of the batch:
          running_mean = (1 - momentum) * running_mean + momentum * mu
          running_var  = (1 - momentum) * running_var  + momentum * var * N / (N - 1)
    At test time, normalize with the running averages and leave them unchanged:
          out = gamma * (x - running_mean) / sqrt(running_var + eps) + beta
    This is PyTorch's torch.nn.BatchNorm1d(D, eps=eps, momentum=momentum) in train() and in
    eval() mode.

    Returns a tuple of:
    - out: Normalized data, of shape (N, D).
    - cache: Whatever batchnorm_backward needs (including the mode).
    - running_mean: The new running mean, shape (D,).
    - running_var: The new running variance, shape (D,).
    The running averages are returned, not written into the arrays you were given: never
    modify an input in place.

    Hint: at test time the batch's own statistics must not appear anywhere: a model would
    then give a different answer for an example depending on which others share its batch.
    """
    # TODO: In training, normalize with the batch's mean and biased variance over axis 0,
    #   scale and shift, and update the running averages (unbiased variance); at test time,
    #   normalize with the running averages. Return out, cache and the running averages.
    raise NotImplementedError(
        "TODO in batchnorm_forward: In training, normalize with the batch's mean and "
        "biased variance over axis 0, scale and shift, and update the running averages "
        "(unbiased variance); at test time, normalize with the running averages. "
        "Return out, cache and the running averages."
    )


def batchnorm_backward(dout, cache):
    """Backward pass of batch normalization.

    Inputs:
    - dout: Upstream gradient dL/dout, of shape (N, D).
    - cache: The cache returned by batchnorm_forward.

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, D).
    - dgamma: Gradient with respect to gamma, of shape (D,):
          dgamma = sum over the batch of dout * x_hat
    - dbeta: Gradient with respect to beta, of shape (D,):
          dbeta = sum over the batch of dout

    In training, mu and var depend on every x, so dx has three paths. With
    dx_hat = dout * gamma and std = sqrt(var + eps), per feature:
          dx = (dx_hat - mean(dx_hat, axis=0) - x_hat * mean(dx_hat * x_hat, axis=0)) / std
    At test time mu and var are constants (the running averages):
          dx = dout * gamma / std

    Hint: derive dx on paper through the graph x -> mu -> var -> x_hat -> out, or check
    yours against the formula above with your gradient checker.
    """
    # TODO: Compute dgamma and dbeta (sums over the batch), and dx: the three-path formula in
    #   training, dout * gamma / std at test time.
    raise NotImplementedError(
        "TODO in batchnorm_backward: Compute dgamma and dbeta (sums over the batch), "
        "and dx: the three-path formula in training, dout * gamma / std at test time."
    )


def layernorm_forward(x, gamma, beta, eps=1e-5):
    """Forward pass of layer normalization.

    Inputs:
    - x: Data of shape (N, D).
    - gamma: Scale parameter of shape (D,).
    - beta: Shift parameter of shape (D,).
    - eps: A small constant added to the variance, for numerical stability.

    Each example (row) is normalized over its own D features (axis 1):
          mu = mean(x, axis=1)                     shape (N, 1)
          var = mean((x - mu)**2, axis=1)          shape (N, 1), the biased variance
          x_hat = (x - mu) / sqrt(var + eps)
          out = gamma * x_hat + beta
    The same in training and at test time: nothing depends on the other examples, so there
    are no running averages. This is PyTorch's F.layer_norm(x, (D,), gamma, beta, eps).

    Returns a tuple of:
    - out: Normalized data, of shape (N, D).
    - cache: Whatever layernorm_backward needs.

    Hint: it is batch normalization with the roles of the axes swapped, for the statistics
    only; gamma and beta still act per feature. keepdims=True keeps mu and var (N, 1).
    """
    # TODO: Normalize each row by its own mean and biased variance over axis 1, then scale
    #   by gamma and shift by beta.
    raise NotImplementedError(
        "TODO in layernorm_forward: Normalize each row by its own mean and biased "
        "variance over axis 1, then scale by gamma and shift by beta."
    )


def layernorm_backward(dout, cache):
    """Backward pass of layer normalization.

    Inputs:
    - dout: Upstream gradient dL/dout, of shape (N, D).
    - cache: The cache returned by layernorm_forward.

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, D). With dx_hat = dout * gamma and
      std = sqrt(var + eps) of each row:
          dx = (dx_hat - mean(dx_hat, axis=1) - x_hat * mean(dx_hat * x_hat, axis=1)) / std
    - dgamma: Gradient with respect to gamma, of shape (D,): sum over the batch of
      dout * x_hat.
    - dbeta: Gradient with respect to beta, of shape (D,): sum over the batch of dout.

    Hint: the batch norm training formula, with every mean over axis 1 (keepdims=True)
    instead of axis 0; dgamma and dbeta are still sums over the batch (axis 0).
    """
    # TODO: Compute dgamma and dbeta (sums over axis 0) and dx with the per-row means over
    #   axis 1.
    raise NotImplementedError(
        "TODO in layernorm_backward: Compute dgamma and dbeta (sums over axis 0) and "
        "dx with the per-row means over axis 1."
    )
