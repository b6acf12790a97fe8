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
    """A Transformer encoder block, equal to nn.TransformerEncoderLayer(d_model, nhead,
    dim_feedforward, dropout, norm_first=norm_first, batch_first=True) (ReLU activation,
    LayerNorm eps 1e-5).

    Attributes (created for you; their names match nn.TransformerEncoderLayer's state dict):
    - self_attn: your MultiHeadAttention(d_model, nhead, dropout).
    - linear1 (d_model -> dim_feedforward), dropout, linear2 (dim_feedforward -> d_model):
      the feed-forward sublayer, ff(x) = linear2(dropout(relu(linear1(x)))).
    - norm1, norm2: nn.LayerNorm(d_model, eps=1e-5).
    - dropout1, dropout2: dropout on each sublayer's output, before the residual sum.
    - norm_first: which order the block uses (see forward).
    """

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, norm_first=False):
        super().__init__()
        self.self_attn = MultiHeadAttention(d_model, nhead, dropout)
        self.linear1 = nn.Linear(d_model, dim_feedforward)
        self.dropout = nn.Dropout(dropout)
        self.linear2 = nn.Linear(dim_feedforward, d_model)
        self.norm1 = nn.LayerNorm(d_model, eps=1e-5)
        self.norm2 = nn.LayerNorm(d_model, eps=1e-5)
        self.dropout1 = nn.Dropout(dropout)
        self.dropout2 = nn.Dropout(dropout)
        self.norm_first = norm_first

    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        """One encoder block: self-attention, then a feed-forward network, each inside a
        residual connection with a layer norm.

        Inputs:
        - src: (N, T, d_model).
        - src_mask: None, or a bool tensor (T, T): True where position t may attend to s.
        - src_key_padding_mask: None, or a bool tensor (N, T): True for real tokens.

        Returns:
        - out: (N, T, d_model).

        Formula, with sa(x) = dropout1(self_attn(x, x, x, masks)[0]) and
        ff(x) = dropout2(linear2(dropout(relu(linear1(x))))):
            post-norm (norm_first=False, the original Transformer):
                x = norm1(src + sa(src));  out = norm2(x + ff(x))
            pre-norm (norm_first=True):
                x = src + sa(norm1(src));  out = x + ff(norm2(x))

        Note: the residual goes around each sublayer: what is added back is the sublayer's
        input (src, then x), never the normed value.
        """

        # TODO: Write both orders, with the masks passed to self-attention.
        def sa(x):
            out, _ = self.self_attn(
                x, x, x, key_padding_mask=src_key_padding_mask, attn_mask=src_mask
            )
            return self.dropout1(out)

        def ff(x):
            return self.dropout2(self.linear2(self.dropout(torch.relu(self.linear1(x)))))

        if self.norm_first:
            x = self.norm1(src) + sa(self.norm1(src))
            return x + ff(self.norm2(x))
        x = self.norm1(src + sa(src))
        return self.norm2(x + ff(x))
