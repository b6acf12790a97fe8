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
    """exp(x - logsumexp(x)), the log-sum-exp taken around each row's maximum; a dict cache."""
    top = np.max(x, axis=-1, keepdims=True)
    log_total = top + np.log(np.sum(np.exp(x - top), axis=-1, keepdims=True))
    p = np.exp(x - log_total)
    return p, {"p": p}


def softmax_backward(dout, cache):
    """The Jacobian diag(p) - p p^T of every row built and applied with np.einsum."""
    p = cache["p"]
    jacobian = np.einsum("...i,ij->...ij", p, np.eye(p.shape[-1])) - np.einsum(
        "...i,...j->...ij", p, p
    )
    return np.einsum("...ij,...i->...j", jacobian, dout)
