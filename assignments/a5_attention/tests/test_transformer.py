"""Public tests of the PyTorch part (transformer.py): your MultiHeadAttention against
torch.nn.MultiheadAttention, and your TransformerEncoderBlock against
torch.nn.TransformerEncoderLayer, with the same weights, in float64 and without dropout.

torch's modules take masks of the opposite polarity (True means "ignore"), so these tests
give them ~mask; yours take True as "may attend"."""

import numpy as np
import torch
from torch import nn

from autograder.testing import assert_close, graded

#: N sequences of T tokens of width E, in H heads, and the real lengths of the sequences.
N, T, E, H = 2, 5, 6, 2
LENGTHS = [5, 3]


def inputs():
    """A fixed batch (N, T, E) in float64, its causal mask (T, T) and its padding (N, T)."""
    x = torch.tensor(np.random.default_rng(5).normal(size=(N, T, E)))
    causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
    padding = torch.arange(T)[None, :] < torch.tensor(LENGTHS)[:, None]
    return x, causal, padding


def perturbed(module):
    """``module`` in float64 with every parameter moved off torch's initial values (biases
    start at 0 and norms at 1, where a forgotten bias or a swapped norm would not show)."""
    module = module.double()
    with torch.no_grad():
        for parameter in module.parameters():
            parameter.add_(0.1 * torch.randn_like(parameter))
    return module


def values(tensor):
    """A tensor's values as a NumPy array (for the comparisons' messages)."""
    return tensor.detach().numpy()


@graded(
    part="transformer",
    points=3,
    visibility="visible",
    message="MultiHeadAttention(E, H) equals nn.MultiheadAttention(E, H, batch_first=True) "
    "with the same weights: project with in_proj_weight (W_q, W_k, W_v stacked), split E "
    "into H heads of E / H features (head h takes features [h * E / H, (h + 1) * E / H)), "
    "scale the scores by 1 / sqrt(E / H) (the head's width, not E), mask with -inf before "
    "the softmax, join the heads and apply out_proj; weights is (N, H, T, T).",
)
def test_multi_head_attention_matches_torch(student):
    torch.manual_seed(0)
    x, causal, padding = inputs()
    theirs = perturbed(nn.MultiheadAttention(E, H, batch_first=True))
    mine = student.MultiHeadAttention(E, H).double()
    mine.load_state_dict(theirs.state_dict())
    want, want_weights = theirs(
        x, x, x, key_padding_mask=~padding, attn_mask=~causal, average_attn_weights=False
    )
    out, weights = mine(x, x, x, key_padding_mask=padding, attn_mask=causal)
    assert_close(values(out), values(want), "MultiHeadAttention: out")
    assert_close(values(weights), values(want_weights), "MultiHeadAttention: weights")


@graded(
    part="transformer",
    points=3,
    visibility="visible",
    message="TransformerEncoderBlock equals nn.TransformerEncoderLayer(batch_first=True) with "
    "the same weights, post-norm (norm1(x + sa(x)), then norm2(x + ff(x))) and pre-norm "
    "(x + sa(norm1(x)), then x + ff(norm2(x))), with a causal and a padding mask: the "
    "residual adds each sublayer's input back. (This test runs your MultiHeadAttention "
    "inside your block: test_multi_head_attention_matches_torch checks it alone.)",
)
def test_encoder_block_matches_torch(student):
    torch.manual_seed(1)
    x, causal, padding = inputs()
    for norm_first in (False, True):
        theirs = perturbed(
            nn.TransformerEncoderLayer(
                E, H, dim_feedforward=8, dropout=0.0, batch_first=True, norm_first=norm_first
            )
        )
        mine = student.TransformerEncoderBlock(
            E, H, dim_feedforward=8, dropout=0.0, norm_first=norm_first
        ).double()
        mine.load_state_dict(theirs.state_dict())
        want = theirs(x, src_mask=~causal, src_key_padding_mask=~padding)
        out = mine(x, src_mask=causal, src_key_padding_mask=padding)
        order = "pre-norm" if norm_first else "post-norm"
        assert_close(values(out), values(want), f"TransformerEncoderBlock ({order}): out")
