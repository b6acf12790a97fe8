"""Softmax along the last axis, and its backward pass.

Attention turns each query's scores over the keys into weights that are positive and sum
to 1: a softmax along the LAST axis of an array of any shape (..., S). Every other axis is a
batch axis (examples, heads, queries), and each row along the last axis is normalized on its
own.

As in the earlier assignments, the forward pass returns (out, cache) and the backward pass
takes (dout, cache); what you put in the cache is your choice. Arrays are float64; never
modify an argument in place.
"""

import numpy as np


def softmax_forward(x):
    """Softmax along the last axis.

    Inputs:
    - x: Scores, an array of any shape (..., S), S >= 1. Entries may be -inf (a masked
      score, see attention.py) as long as each row has at least one finite entry.

    Returns a tuple of:
    - out: The softmax of each row, of the same shape as x:
          out[..., j] = exp(x[..., j]) / sum over s of exp(x[..., s])
      Every entry is in [0, 1] and every row sums to 1.
    - cache: Whatever softmax_backward needs.

    Convention: the softmax runs along the last axis (axis=-1), whatever the number of axes;
    this is torch.softmax(x, dim=-1).

    Hint: exp(1000) overflows to inf, and inf / inf is nan. The softmax of a row does not
    change when you subtract the same number from every entry, so subtract the row's
    maximum first (np.max with keepdims=True): the largest exponent is then exp(0) = 1.
    """
    # TODO: Subtract each row's maximum, exponentiate, and divide by the row's sum (all
    #   along the last axis).
    shifted = x - np.max(x, axis=-1, keepdims=True)
    e = np.exp(shifted)
    out = e / np.sum(e, axis=-1, keepdims=True)
    return out, out


def softmax_backward(dout, cache):
    """Backward pass of the softmax along the last axis.

    Inputs:
    - dout: Upstream gradient with respect to out, of the same shape as x.
    - cache: The cache returned by softmax_forward.

    Returns:
    - dx: Gradient with respect to x, of the same shape as x.

    Formula: row by row, with p = out,
          dx[..., j] = p[..., j] * (dout[..., j] - sum over s of dout[..., s] * p[..., s])
      (the Jacobian dp_i / dx_j = p_i * (delta_ij - p_j), applied to dout without building
      it).

    Hint: the sum is along the last axis too; keep its axis (keepdims=True) so that it
    broadcasts against dout.
    """
    # TODO: Apply the softmax's Jacobian to dout, row by row, without building it.
    out = cache
    return out * (dout - np.sum(dout * out, axis=-1, keepdims=True))
