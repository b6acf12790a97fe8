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
    """Multi-head attention: num_heads scaled dot-product attentions side by side, each on
    its own d_head features, then an output projection.

    Inputs:
    - query: Queries, of shape (N, L, E).
    - key: Keys, of shape (N, S, E).
    - value: Values, of shape (N, S, E).
    - in_proj_weight: W_q, W_k, W_v stacked, of shape (3E, E).
    - in_proj_bias: b_q, b_k, b_v stacked, of shape (3E,).
    - out_proj_weight: W_o, of shape (E, E).
    - out_proj_bias: b_o, of shape (E,).
    - num_heads: The number of heads, an integer that divides E; d_head = E // num_heads.
    - key_padding_mask: None, or booleans of shape (N, S): True where key s of example n is
      a real token, False where it is padding (no query may attend to it).
    - attn_mask: None, or booleans of shape (L, S): True where query i may attend to key j,
      the same for every example and head (a causal mask).

    Returns a tuple of:
    - out: The output, of shape (N, L, E).
    - cache: Whatever multi_head_attention_backward needs.

    Formula:
          Q = query @ W_q.T + b_q     K = key @ W_k.T + b_k     V = value @ W_v.T + b_v
          split Q, K, V into heads: (N, num_heads, L or S, d_head), head h holding
              features h * d_head .. (h + 1) * d_head - 1
          head outputs = scaled dot-product attention of each head, with the two masks
              combined (query i may attend to key j in example n when both allow it)
          concat = the heads put back side by side: (N, L, E)
          out = concat @ W_o.T + b_o
      The scores are divided by sqrt(d_head), the size of one head's queries, not by
      sqrt(E).

    Convention: torch.nn.MultiheadAttention(E, num_heads, batch_first=True) with dropout 0,
    except the polarity of the masks: pass torch key_padding_mask=~key_padding_mask and
    attn_mask=~attn_mask. A query that may attend to no key (every key padding, say) gets a
    head output of 0, as in scaled_dot_product_attention_forward, so its out row is b_o.

    Hint: np.split(in_proj_weight, 3) gives W_q, W_k and W_v. Call your
    scaled_dot_product_attention_forward once, on arrays with the batch axes (N, num_heads):
    it handles any leading axes. key_padding_mask[:, None, None, :] (N, 1, 1, S) and
    attn_mask (L, S) both broadcast against the scores (N, num_heads, L, S), and & combines
    them.
    """
    # TODO: Project the inputs, split the heads, attend with the combined mask, put the
    #   heads back side by side and project the result.
    N, L, E = query.shape
    d_head = E // num_heads
    w_q, w_k, w_v = np.split(in_proj_weight, 3)
    b_q, b_k, b_v = np.split(in_proj_bias, 3)
    projected = (query @ w_q.T + b_q, key @ w_k.T + b_k, value @ w_v.T + b_v)
    q, k, v = (p.reshape(N, -1, num_heads, d_head).swapaxes(1, 2) for p in projected)
    mask = None
    if key_padding_mask is not None:
        mask = key_padding_mask[:, None, None, :]
    if attn_mask is not None:
        mask = attn_mask if mask is None else mask & attn_mask
    heads, attention_cache = scaled_dot_product_attention_forward(q, k, v, mask)
    concat = heads.swapaxes(1, 2).reshape(N, L, E)
    out = concat @ out_proj_weight.T + out_proj_bias
    cache = (query, key, value, in_proj_weight, out_proj_weight, concat, attention_cache, num_heads)
    return out, cache


def multi_head_attention_backward(dout, cache):
    """Backward pass of multi-head attention.

    Inputs:
    - dout: Upstream gradient with respect to out, of shape (N, L, E).
    - cache: The cache returned by multi_head_attention_forward.

    Returns a tuple of:
    - dquery: Gradient with respect to query, of shape (N, L, E).
    - dkey: Gradient with respect to key, of shape (N, S, E).
    - dvalue: Gradient with respect to value, of shape (N, S, E).
    - din_proj_weight: Gradient with respect to in_proj_weight, of shape (3E, E).
    - din_proj_bias: Gradient with respect to in_proj_bias, of shape (3E,).
    - dout_proj_weight: Gradient with respect to out_proj_weight, of shape (E, E).
    - dout_proj_bias: Gradient with respect to out_proj_bias, of shape (E,).

    Formula, going back through the forward pass, with every sum over the batch and the
    sequence (the rows n, i of an (N, L, E) array):
          dout_proj_bias   = dout summed over n, i
          dout_proj_weight = sum over n, i of outer(dout[n, i], concat[n, i])
          dconcat          = dout @ W_o, then split into heads as in the forward pass
          dQ, dK, dV       = your scaled_dot_product_attention_backward, each with its
                             heads put back side by side: (N, L or S, E)
          dquery = dQ @ W_q      dW_q = sum over n, i of outer(dQ[n, i], query[n, i])
          db_q   = dQ summed over n, i      (and the same for the keys and the values)
          din_proj_weight stacks dW_q, dW_k, dW_v; din_proj_bias stacks db_q, db_k, db_v.

    Note: for self-attention (the same x as query, key and value) the gradient of x is
    dquery + dkey + dvalue: the caller adds them.

    Hint: reshape an (N, L, E) gradient to (N * L, E): the sum of outer products is then
    one product, dQ.T @ query. Splitting and merging the heads are reshapes and
    transposes: their backward passes are the same moves in reverse.
    """
    # TODO: Backpropagate through the output projection, the merging of the heads, your
    #   scaled dot-product attention, the splitting of the heads and the three input
    #   projections.
    query, key, value, in_proj_weight, out_proj_weight, concat, attention_cache, num_heads = cache
    N, L, E = query.shape
    dout_proj_bias = dout.sum(axis=(0, 1))
    dout_proj_weight = dout.reshape(-1, E).T @ concat.reshape(-1, E)
    dconcat = dout @ out_proj_weight
    dheads = dconcat.reshape(N, L, num_heads, E // num_heads).swapaxes(1, 2)
    head_grads = scaled_dot_product_attention_backward(dheads, attention_cache)
    dq, dk, dv = (g.swapaxes(1, 2).reshape(N, -1, E) for g in head_grads)
    w_q, w_k, w_v = np.split(in_proj_weight, 3)
    dquery, dkey, dvalue = dq @ w_q, dk @ w_k, dv @ w_v
    pairs = zip((dq, dk, dv), (query, key, value), strict=True)
    din_proj_weight = np.concatenate([g.reshape(-1, E).T @ x.reshape(-1, E) for g, x in pairs])
    din_proj_bias = np.concatenate([g.sum(axis=(0, 1)) for g in (dq, dk, dv)])
    return dquery, dkey, dvalue, din_proj_weight, din_proj_bias, dout_proj_weight, dout_proj_bias
