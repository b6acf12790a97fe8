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
    """np.einsum for both products, an additive mask of 0 and -inf, a softmax of its own whose
    fully masked rows divide 0 by 1; the cache is a dict."""
    scale = 1.0 / np.sqrt(q.shape[-1])
    scores = np.einsum("...id,...jd->...ij", q, k) * scale
    allowed = (
        np.ones(scores.shape, dtype=bool) if mask is None else np.broadcast_to(mask, scores.shape)
    )
    penalty = np.where(allowed, 0.0, -np.inf)
    some = allowed.any(axis=-1, keepdims=True)
    top = np.where(some, np.max(scores + penalty, axis=-1, keepdims=True), 0.0)
    e = np.exp(scores + penalty - top)
    total = e.sum(axis=-1, keepdims=True)
    weights = e / np.where(total > 0.0, total, 1.0)
    out = np.einsum("...ij,...jd->...id", weights, v)
    return out, {"q": q, "k": k, "v": v, "weights": weights, "scale": scale}


def scaled_dot_product_attention_backward(dout, cache):
    """The softmax's backward pass written out with the weights (0 on masked entries and
    fully masked rows, so nothing flows there), np.einsum for every product."""
    q, k, v, weights, scale = (cache[name] for name in ("q", "k", "v", "weights", "scale"))
    dweights = np.einsum("...id,...jd->...ij", dout, v)
    dscores = weights * (dweights - np.sum(weights * dweights, axis=-1, keepdims=True))
    dq = np.einsum("...ij,...jd->...id", dscores, k) * scale
    dk = np.einsum("...ij,...id->...jd", dscores, q) * scale
    dv = np.einsum("...ij,...id->...jd", weights, dout)
    return dq, dk, dv


def causal_mask(T):
    """The causal mask of a sequence of T steps: step t may attend to steps 0, ..., t only.

    Inputs:
    - T: The length of the sequence, an integer >= 1.

    Returns:
    - mask: A boolean array of shape (T, T): mask[i, j] is True when j <= i (on and below
      the diagonal), False when j > i (a step in the future).

    Convention: True means "may attend", as in scaled_dot_product_attention_forward's mask
    and F.scaled_dot_product_attention's boolean attn_mask. Its rows are queries and its
    columns keys, so each query i sees keys 0..i, itself included.

    Example: causal_mask(3) is
          [[ True, False, False],
           [ True,  True, False],
           [ True,  True,  True]]

    Hint: np.tril of a (T, T) array of ones keeps the lower triangle; make it dtype=bool.
    """
    # TODO: Return the (T, T) boolean lower-triangular mask, diagonal included.
    return np.tril(np.ones((T, T), dtype=bool))


def padding_mask(lengths, T):
    """Which steps of a batch of padded sequences are real tokens.

    Inputs:
    - lengths: Integers of shape (N,): sequence n has lengths[n] real tokens, followed by
      padding up to T. Each length is in [0, T].
    - T: The padded length, an integer >= 1.

    Returns:
    - mask: A boolean array of shape (N, T): mask[n, t] is True when t < lengths[n] (a real
      token), False where step t of sequence n is padding.

    Convention: True means a real token, one a query may attend to: pass it as
    multi_head_attention_forward's key_padding_mask, or as mask[:, None, :] (N, 1, T) to
    scaled_dot_product_attention_forward. (torch.nn.MultiheadAttention's key_padding_mask
    uses the opposite polarity: True there means padding, to ignore.)

    Example: padding_mask(np.array([3, 1]), 4) is
          [[ True,  True,  True, False],
           [ True, False, False, False]]

    Hint: compare np.arange(T) with the lengths, broadcast against each other: a (1, T)
    row and an (N, 1) column give an (N, T) array.
    """
    # TODO: Return the (N, T) boolean mask, True at the steps before each sequence's length.
    return np.arange(T)[None, :] < np.asarray(lengths)[:, None]
