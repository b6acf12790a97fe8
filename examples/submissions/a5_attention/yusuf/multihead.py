"""Multi-head attention, as torch.nn.MultiheadAttention computes it (batch_first=True).

Shapes: N examples, L queries, S keys and values, each a vector of E = num_heads * d_head
features (the model's width, torch's embed_dim):
    query: (N, L, E)      key: (N, S, E)      value: (N, S, E)      out: (N, L, E)

Parameters, in torch's layout (y = x @ W.T + b, as torch.nn.Linear):
    in_proj_weight (3E, E): W_q, W_k and W_v stacked, in that order (rows 0..E-1 are W_q)
    in_proj_bias   (3E,):   b_q, b_k and b_v stacked
    out_proj_weight (E, E), out_proj_bias (E,): the output projection
So torch.nn.MultiheadAttention(E, num_heads, batch_first=True)'s in_proj_weight,
in_proj_bias, out_proj.weight and out_proj.bias are these four arrays, as they are.

Head h uses features h * d_head, ..., (h + 1) * d_head - 1 of the projected queries, keys
and values: reshape (N, L, E) to (N, L, num_heads, d_head), then move the head axis before
the sequence axis, (N, num_heads, L, d_head).

Masks: True means "may attend", as in attention.py. torch.nn.MultiheadAttention uses the
OPPOSITE polarity for both of its boolean masks (True there means "ignore"): our
key_padding_mask is torch's ~key_padding_mask, our attn_mask torch's ~attn_mask.

For self-attention, pass the same x as query, key and value; x's gradient is then the sum
of the three: dx = dquery + dkey + dvalue.

As in the earlier assignments, the forward pass returns (out, cache) and the backward pass
takes (dout, cache); what you put in the cache is your choice. Arrays are float64; never
modify an argument in place. There is no dropout.
"""

import numpy as np

from .attention import scaled_dot_product_attention_backward, scaled_dot_product_attention_forward


def multi_head_attention_forward(
    query,
    key,
    value,
    in_proj_weight,
    in_proj_bias,
    out_proj_weight,
    out_proj_bias,
    num_heads,
    key_padding_mask=None,
    attn_mask=None,
):
    """A loop over the heads: head h projects with its own rows of W_q, W_k, W_v (no reshape
    of the projections) and calls the attention on (N, L, d_head) arrays, always with a full
    (N, L, S) mask; the heads are concatenated along the features."""
    n, length, e = query.shape
    source = key.shape[1]
    d_head = e // num_heads
    allowed = np.ones((n, length, source), dtype=bool)
    if key_padding_mask is not None:
        allowed = allowed & key_padding_mask[:, None, :]
    if attn_mask is not None:
        allowed = allowed & attn_mask[None, :, :]
    outputs, head_caches = [], []
    for h in range(num_heads):
        rows = [block * e + h * d_head + np.arange(d_head) for block in range(3)]
        q_h, k_h, v_h = (
            x @ in_proj_weight[r].T + in_proj_bias[r]
            for x, r in zip((query, key, value), rows, strict=True)
        )
        out_h, cache_h = scaled_dot_product_attention_forward(q_h, k_h, v_h, allowed)
        outputs.append(out_h)
        head_caches.append(cache_h)
    concat = np.concatenate(outputs, axis=-1)
    out = np.einsum("nle,fe->nlf", concat, out_proj_weight) + out_proj_bias
    cache = {
        "inputs": (query, key, value),
        "in_proj_weight": in_proj_weight,
        "out_proj_weight": out_proj_weight,
        "concat": concat,
        "heads": head_caches,
    }
    return out, cache


def multi_head_attention_backward(dout, cache):
    """The loop over the heads backwards: each head's slice of dconcat through its attention,
    its gradients added into its rows of din_proj_weight and din_proj_bias."""
    inputs, in_proj_weight = cache["inputs"], cache["in_proj_weight"]
    concat, heads = cache["concat"], cache["heads"]
    e = concat.shape[-1]
    d_head = e // len(heads)
    dout_proj_bias = np.einsum("nlf->f", dout)
    dout_proj_weight = np.einsum("nlf,nle->fe", dout, concat)
    dconcat = np.einsum("nlf,fe->nle", dout, cache["out_proj_weight"])
    dinputs = [np.zeros_like(x) for x in inputs]
    din_proj_weight = np.zeros_like(in_proj_weight)
    din_proj_bias = np.zeros(3 * e)
    for h, cache_h in enumerate(heads):
        columns = slice(h * d_head, (h + 1) * d_head)
        projected = scaled_dot_product_attention_backward(dconcat[:, :, columns], cache_h)
        for block, (x, dp) in enumerate(zip(inputs, projected, strict=True)):
            r = slice(block * e + h * d_head, block * e + (h + 1) * d_head)
            dinputs[block] = dinputs[block] + dp @ in_proj_weight[r]
            din_proj_weight[r] += np.einsum("nld,nle->de", dp, x)
            din_proj_bias[r] += dp.sum(axis=(0, 1))
    return (*dinputs, din_proj_weight, din_proj_bias, dout_proj_weight, dout_proj_bias)
