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
    """Key index at most query index, by broadcasting a column against a row."""
    steps = np.arange(T)
    return steps[:, None] >= steps[None, :]


def padding_mask(lengths, T):
    """A loop over the sequences, each row's first lengths[n] entries set."""
    mask = np.zeros((len(lengths), T), dtype=bool)
    for n, length in enumerate(lengths):
        mask[n, : int(length)] = True
    return mask
