"""Correct a5_attention functions written as students of other courses write them.

Each top-level definition replaces the reference's of the same name (test_variants.py); each
is right by its reference's docstring, and written differently on purpose: the softmax
through log-sum-exp and its backward pass through the explicit Jacobian; attention with
np.einsum, an additive -inf mask and its own softmax, whose fully masked rows come out as 0
by dividing 0 by a safe 1, and a dict cache; the masks by comparison and by a loop; multi-head
attention as a loop over the heads, each with its own slices of the weights and its own call
of the attention, with a full (N, L, S) mask always passed; the positional encoding entry by
entry with math.sin and math.cos. This file is never imported; its imports are for reading
and linting it. A definition uses what the module it goes into imports, or imports the rest
inside itself.
"""

import math

import numpy as np
import torch
from torch import nn


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


def sinusoidal_positional_encoding(T, d_model):
    """Entry by entry with math.sin and math.cos, the pair's exponent from the column's index
    rounded down to even."""
    import math

    pe = np.empty((T, d_model))
    for t in range(T):
        for j in range(d_model):
            angle = t / 10000.0 ** ((j - j % 2) / d_model)
            pe[t, j] = math.sin(angle) if j % 2 == 0 else math.cos(angle)
    return pe


def beam_search(step_fn, start, beam_width, max_len, eos, length_penalty=0.0):
    """A loop over the beam, hypotheses as (tokens, sum) tuples, the kept candidates chosen
    with heapq.nlargest (stable: equal sums keep the order in which they were made, row by
    row, token by token), and the ended ones sorted at the end, shorter first."""
    import heapq

    live = [((start,), 0.0)]
    ended = []  # (tokens, score), in the order they ended
    for t in range(1, max_len + 1):
        if not live:
            break
        if ended:
            bound = live[0][1] / ((5 + max_len) / 6) ** length_penalty
            if max(score for _, score in ended) >= bound:
                break
        log_probs = step_fn(np.array([tokens for tokens, _ in live], dtype=np.int64))
        candidates = []
        for (tokens, total), row in zip(live, log_probs, strict=True):
            for token, value in enumerate(row):
                candidates.append(((*tokens, token), total + float(value)))
        kept = heapq.nlargest(beam_width, candidates, key=lambda c: c[1])
        live = []
        for tokens, total in kept:
            if tokens[-1] == eos or t == max_len:
                ended.append((tokens, total / ((5 + t) / 6) ** length_penalty))
            else:
                live.append((tokens, total))
    tokens, score = sorted(ended, key=lambda e: (-e[1], len(e[0])))[0]
    return np.array(tokens, dtype=np.int64), float(score)


class MultiHeadAttention(nn.Module):
    """Heads in a Python loop, slices of the weights through F.linear, einsum for the
    scores, the softmax through logsumexp, masks as one (N, L, S) tensor."""

    def __init__(self, embed_dim, num_heads, dropout=0.0):
        super().__init__()
        self.embed_dim, self.num_heads, self.dropout = embed_dim, num_heads, dropout
        self.in_proj_weight = nn.Parameter(torch.empty(3 * embed_dim, embed_dim))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * embed_dim))
        self.out_proj = nn.Linear(embed_dim, embed_dim)
        nn.init.xavier_uniform_(self.in_proj_weight)

    def forward(self, query, key, value, key_padding_mask=None, attn_mask=None):
        E, d = self.embed_dim, self.embed_dim // self.num_heads
        W, b = self.in_proj_weight, self.in_proj_bias
        q = nn.functional.linear(query, W[:E], b[:E])
        k = nn.functional.linear(key, W[E : 2 * E], b[E : 2 * E])
        v = nn.functional.linear(value, W[2 * E :], b[2 * E :])
        keep = torch.ones(query.shape[0], query.shape[1], key.shape[1], dtype=torch.bool)
        if attn_mask is not None:
            keep = keep & attn_mask[None]
        if key_padding_mask is not None:
            keep = keep & key_padding_mask[:, None, :]
        outs, maps = [], []
        for h in range(self.num_heads):
            cols = slice(h * d, (h + 1) * d)
            scores = torch.einsum("nld,nsd->nls", q[..., cols], k[..., cols]) * d**-0.5
            scores = torch.where(keep, scores, torch.full_like(scores, -math.inf))
            lse = torch.logsumexp(scores, dim=-1, keepdim=True)
            lse = torch.where(torch.isinf(lse), torch.zeros_like(lse), lse)
            w = torch.where(keep, torch.exp(scores - lse), torch.zeros_like(scores))
            w = nn.functional.dropout(w, self.dropout, self.training)
            outs.append(w @ v[..., cols])
            maps.append(w)
        return self.out_proj(torch.cat(outs, dim=-1)), torch.stack(maps, dim=1)


class TransformerEncoderBlock(nn.Module):
    """Both orders written out, the feed-forward network as a method, attention's masks
    passed by position."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, norm_first=False):
        super().__init__()
        self.norm_first = norm_first
        self.self_attn = MultiHeadAttention(d_model, nhead, dropout)
        self.linear1, self.linear2 = (
            nn.Linear(d_model, dim_feedforward),
            nn.Linear(dim_feedforward, d_model),
        )
        self.norm1, self.norm2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)
        self.dropout, self.dropout1, self.dropout2 = (nn.Dropout(dropout) for _ in range(3))

    def feed_forward(self, x):
        return self.linear2(self.dropout(nn.functional.relu(self.linear1(x))))

    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        if not self.norm_first:
            attended = self.self_attn(src, src, src, src_key_padding_mask, src_mask)[0]
            hidden = self.norm1(src + self.dropout1(attended))
            return self.norm2(hidden + self.dropout2(self.feed_forward(hidden)))
        normed = self.norm1(src)
        attended = self.self_attn(normed, normed, normed, src_key_padding_mask, src_mask)[0]
        hidden = src + self.dropout1(attended)
        return hidden + self.dropout2(self.feed_forward(self.norm2(hidden)))
