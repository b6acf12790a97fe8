"""Scaled dot-product attention, and the two masks that say which keys a query may see.

Shapes: a query attends over the keys. L queries of size d_k, S keys of size d_k and S
values of size d_v:
    q: (..., L, d_k)      k: (..., S, d_k)      v: (..., S, d_v)      out: (..., L, d_v)
The leading axes "..." are batch axes (examples, heads): none, one, two or more, the same
for q, k and v. Attention is computed for each of them on its own.

Masks are boolean arrays in which True means "may attend", exactly as the boolean attn_mask
of torch.nn.functional.scaled_dot_product_attention: mask[..., i, j] is True when query i
may look at key j. (Careful: torch.nn.MultiheadAttention's masks use the opposite polarity,
see multihead.py.)

As in the earlier assignments, the forward pass returns (out, cache) and the backward pass
takes (dout, cache); what you put in the cache is your choice. Arrays are float64; never
modify an argument in place.
"""

import numpy as np

from .softmax import softmax_backward, softmax_forward


def scaled_dot_product_attention_forward(q, k, v, mask=None):
    """Scaled dot-product attention: each query's output is an average of the values,
    weighted by how well the query matches each key.

    Inputs:
    - q: Queries, of shape (..., L, d_k).
    - k: Keys, of shape (..., S, d_k).
    - v: Values, of shape (..., S, d_v).
    - mask: None (every query may attend to every key), or a boolean array that broadcasts
      to (..., L, S): True where query i may attend to key j. Typical shapes are (L, S), the
      same for every batch entry (a causal mask), (..., 1, S), the same for every query (a
      padding mask), and (..., L, S).

    Returns a tuple of:
    - out: The attention output, of shape (..., L, d_v).
    - cache: Whatever scaled_dot_product_attention_backward needs.

    Formula, for each batch entry:
          scores  = q @ k.T / sqrt(d_k)                         (L, S)
          scores[i, j] = -inf wherever mask[i, j] is False
          weights = softmax of scores along the last axis (over the keys)
          out     = weights @ v                                 (L, d_v)
      d_k is the size of one query (q.shape[-1]), not the model's width.

    Convention: a fully masked row (a query whose mask is False for every key: it may
    attend to nothing) has attention weights all 0 and an output row of 0, and no gradient
    flows through it (its dq row is 0, and it adds nothing to dk and dv). Softmax of a row
    of -inf alone would be 0 / 0 = nan; torch 2.13's F.scaled_dot_product_attention gives 0
    there too (torch.nn.MultiheadAttention gives nan in some of its code paths).

    Hint: np.swapaxes(k, -1, -2) transposes the last two axes whatever the batch axes, and
    @ (np.matmul) multiplies the last two axes batch by batch. np.broadcast_to gives the mask
    the shape of the scores, and np.where(mask, scores, -np.inf) masks them in a new array.
    Call your softmax_forward. Find the fully masked rows with .any(axis=-1, keepdims=True),
    give the softmax something finite there (the unmasked scores do) and set their weights
    to 0 afterwards.
    """
    # TODO: Compute the scaled scores, mask them with -inf, take the softmax over the keys
    #   (fully masked rows get weights 0) and average the values with the weights.
    scale = 1.0
    scores = q @ np.swapaxes(k, -1, -2) * scale
    allowed = np.ones(scores.shape, dtype=bool)
    if mask is not None:
        allowed = np.broadcast_to(mask, scores.shape)
    empty = ~np.any(allowed, axis=-1, keepdims=True)
    masked = np.where(allowed | empty, scores, -np.inf)
    probs, softmax_cache = softmax_forward(masked)
    keep = allowed & ~empty
    weights = np.where(keep, probs, 0.0)
    out = weights @ v
    cache = (q, k, v, scale, keep, weights, softmax_cache)
    return out, cache


def scaled_dot_product_attention_backward(dout, cache):
    """Backward pass of scaled dot-product attention.

    Inputs:
    - dout: Upstream gradient with respect to out, of shape (..., L, d_v).
    - cache: The cache returned by scaled_dot_product_attention_forward.

    Returns a tuple of:
    - dq: Gradient with respect to q, of shape (..., L, d_k).
    - dk: Gradient with respect to k, of shape (..., S, d_k).
    - dv: Gradient with respect to v, of shape (..., S, d_v).

    Formula, for each batch entry, going back through the forward pass:
          dweights = dout @ v.T                                 (L, S)
          dv       = weights.T @ dout                           (S, d_v)
          dscores  = softmax_backward(dweights, ...)            (L, S)
          dq       = dscores @ k / sqrt(d_k)
          dk       = dscores.T @ q / sqrt(d_k)
      A masked score is a constant (-inf), so its dscores is 0; a fully masked row's weights
      are the constant 0, so its dweights, dscores and dq are 0.

    Hint: the masked entries need no care of their own: their weights are 0, and the
    softmax's backward pass multiplies by the weights. The fully masked rows do: zero their
    dweights before the softmax's backward pass. Transpose with np.swapaxes(..., -1, -2).
    """
    # TODO: Backpropagate through out = weights @ v, the softmax (your softmax_backward)
    #   and the scaled product q @ k.T.
    q, k, v, scale, keep, weights, softmax_cache = cache
    dv = np.swapaxes(weights, -1, -2) @ dout
    dweights = np.where(keep, dout @ np.swapaxes(v, -1, -2), 0.0)
    dscores = softmax_backward(dweights, softmax_cache)
    dq = dscores @ k * scale
    dk = np.swapaxes(dscores, -1, -2) @ q * scale
    return dq, dk, dv


def causal_mask(T):
    """Key index at most query index, by broadcasting a column against a row."""
    steps = np.arange(T)
    return steps[:, None] >= steps[None, :]


def padding_mask(lengths, T):
    """A loop over the sequences, each row's first lengths[n] entries set."""
    mask = np.zeros((len(lengths), T), dtype=bool)
    for n, length in enumerate(lengths):
        mask[n, : int(length)] = True
    return mask
