"""Multi-head attention and a Transformer encoder block, in PyTorch.

This part is written with torch: autograd does the backward passes, so you write forward
methods only. The parameters are created for you, under the names
torch.nn.MultiheadAttention and torch.nn.TransformerEncoderLayer give theirs, so the same
state dict loads into your modules and into torch's: that is how the tests compare them.

Shapes are batch first: N sequences, L queries, S keys, E = d_model features, h heads of
d_head = E / h features each. Masks are boolean with True meaning "may attend", as in the
NumPy part and F.scaled_dot_product_attention. torch.nn.MultiheadAttention and
nn.TransformerEncoderLayer take the opposite polarity (True means "ignore"): to compare with
them yourself, pass ~mask.

Not allowed here (you are writing them): nn.MultiheadAttention,
F.scaled_dot_product_attention, F.multi_head_attention_forward, F.softmax, torch.softmax,
nn.Softmax and nn.Transformer*. Everything else in torch is allowed (torch.exp, amax,
masked_fill, matmul, nn.Linear, nn.LayerNorm, F.relu, ...).
"""

import math

import torch
from torch import nn


class MultiHeadAttention(nn.Module):
    """Multi-head attention, equal to nn.MultiheadAttention(E, h, batch_first=True).

    Attributes (created for you; their names match nn.MultiheadAttention's state dict):
    - in_proj_weight: (3E, E), W_q, W_k and W_v stacked in that order.
    - in_proj_bias: (3E,), b_q, b_k and b_v stacked.
    - out_proj: nn.Linear(E, E), the output projection.
    - dropout: the probability of zeroing an attention weight in training mode.
    """

    def __init__(self, embed_dim, num_heads, dropout=0.0):
        super().__init__()
        if embed_dim % num_heads:
            raise ValueError(f"embed_dim {embed_dim} is not divisible by num_heads {num_heads}")
        self.embed_dim, self.num_heads, self.dropout = embed_dim, num_heads, dropout
        self.in_proj_weight = nn.Parameter(torch.empty(3 * embed_dim, embed_dim))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * embed_dim))
        self.out_proj = nn.Linear(embed_dim, embed_dim)
        nn.init.xavier_uniform_(self.in_proj_weight)
        nn.init.zeros_(self.out_proj.bias)

    def forward(self, query, key, value, key_padding_mask=None, attn_mask=None):
        """Attend from every query to the keys, in h heads, and mix the heads.

        Inputs:
        - query: (N, L, E).
        - key, value: (N, S, E) (for self-attention, all three are the same tensor).
        - key_padding_mask: None, or a bool tensor (N, S): True for a real key, False for
          padding that no query may attend to.
        - attn_mask: None, or a bool tensor (L, S): True where query l may attend to key s
          (a causal mask is True on and below the diagonal).

        Returns a tuple of:
        - out: (N, L, E).
        - weights: (N, h, L, S), the attention weights of every head (after dropout, if
          training): each row sums to 1, or is all 0 where every key is masked.

        Formula:
            q, k, v = query @ W_q.T + b_q, key @ W_k.T + b_k, value @ W_v.T + b_v
            split each into h heads: (N, L, E) -> (N, h, L, d_head), head i taking
                features [i * d_head, (i + 1) * d_head)
            weights = softmax(q @ k.T / sqrt(d_head) with masked scores at -inf)
            out = (weights @ v, heads joined back to (N, L, E)) @ W_o.T + b_o
        A query whose keys are all masked gets weights 0 and output row b_o (its
        attention output is 0 before the projection).

        Note: work on the whole batch and every head at once (reshape, transpose and
        batched products: q @ k.transpose(-2, -1) multiplies every (sequence, head) pair in
        one call). The reversal test trains a model of your blocks within a time limit: a
        Python loop over the heads fits in it, a loop over the sequences of a batch does not.

        Hint: torch.amax(scores, dim=-1, keepdim=True) gives the row maxima to subtract;
        masked_fill(~allowed, float("-inf")) masks; nn.functional.dropout(weights, self.dropout,
        self.training) drops attention weights as nn.MultiheadAttention does.
        """
        # TODO: Project, split into heads, attend with masks, join the heads and project.
        n, length, embed = query.shape
        heads, d_head = self.num_heads, embed // self.num_heads
        w_q, w_k, w_v = self.in_proj_weight.chunk(3)
        b_q, b_k, b_v = self.in_proj_bias.chunk(3)

        def split(x, w, b):
            return (x @ w.T + b).reshape(n, x.shape[1], heads, d_head).transpose(1, 2)

        q, k, v = split(query, w_q, b_q), split(key, w_k, b_k), split(value, w_v, b_v)
        scores = q @ k.transpose(-2, -1) / math.sqrt(d_head)
        allowed = torch.ones(scores.shape, dtype=torch.bool, device=scores.device)
        if attn_mask is not None:
            allowed = allowed & attn_mask
        if key_padding_mask is not None:
            allowed = allowed & key_padding_mask[:, None, None, :]
        scores = scores.masked_fill(~allowed, float("-inf"))
        top = torch.amax(scores, dim=-1, keepdim=True)
        top = torch.where(torch.isfinite(top), top, torch.zeros_like(top))
        exp = torch.exp(scores - top)
        total = exp.sum(dim=-1, keepdim=True)
        weights = torch.nn.functional.softmax(scores, dim=-1).nan_to_num(0.0)
        weights = nn.functional.dropout(weights, self.dropout, self.training)
        joined = (weights @ v).transpose(1, 2).reshape(n, length, embed)
        return self.out_proj(joined), weights


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
