"""Hidden tests of the PyTorch part against torch's own modules, on drawn batches, lengths,
heads, masks (ragged padding, causal, drawn), self- and cross-attention, both norm orders;
the gradients autograd gives through the student's attention; and the rule for a query
whose keys are all masked."""

import numpy as np
import torch
from hypothesis import given, settings
from hypothesis import strategies as hs
from torch import nn

from autograder.testing import assert_close, assert_one_of, graded, torch_gradients
from autograder.testing.strategies import transformer


def tensor(array):
    """A NumPy array (or None) as a torch tensor (or None)."""
    return None if array is None else torch.from_numpy(np.asarray(array))


def values(value):
    """A tensor's values as a NumPy array."""
    return value.detach().numpy()


def torch_attention(call, seed):
    """nn.MultiheadAttention for ``call``, float64, its weights drawn with ``seed`` (biases
    too: torch starts them at zero)."""
    torch.manual_seed(seed)
    theirs = nn.MultiheadAttention(call.embed_dim, call.heads, batch_first=True).double()
    with torch.no_grad():
        theirs.in_proj_bias.normal_()
        theirs.out_proj.bias.normal_()
    return theirs


def opposite(mask):
    """A mask in torch's polarity (True = ignore), or None."""
    return None if mask is None else ~tensor(mask)


@graded(
    part="transformer",
    points=6,
    visibility="after_due_date",
    message="MultiHeadAttention equals nn.MultiheadAttention(batch_first=True) with the same "
    "weights, for self- and cross-attention (L queries, S keys), 1 to 3 heads, and masks "
    "(ragged padding, causal, any attn_mask) alone or together: out (N, L, E) and weights "
    "(N, H, L, S). The usual mistakes: scaling by sqrt(E) instead of sqrt(E / H), heads "
    "split along the wrong axis, a mask polarity inverted or applied after the softmax.",
)
@given(call=transformer.attention_calls(), seed=hs.integers(0, 2**16))
@settings(max_examples=30)
def test_multi_head_attention_matches_torch_drawn(student, call, seed):
    theirs = torch_attention(call, seed)
    mine = student.MultiHeadAttention(call.embed_dim, call.heads).double()
    mine.load_state_dict(theirs.state_dict())
    query, key, value = tensor(call.query), tensor(call.key), tensor(call.value)
    want, want_weights = theirs(
        query,
        key,
        value,
        key_padding_mask=opposite(call.key_padding_mask),
        attn_mask=opposite(call.attn_mask),
        average_attn_weights=False,
    )
    out, weights = mine(
        query,
        key,
        value,
        key_padding_mask=tensor(call.key_padding_mask),
        attn_mask=tensor(call.attn_mask),
    )
    assert_close(values(out), values(want), "MultiHeadAttention: out")
    assert_close(values(weights), values(want_weights), "MultiHeadAttention: weights")


@graded(
    part="transformer",
    points=2,
    visibility="after_due_date",
    message="Gradients flow through MultiHeadAttention as through nn.MultiheadAttention: "
    "autograd's gradients for query, key, value, in_proj_weight, in_proj_bias and out_proj "
    "are torch's. A .detach(), .numpy() or torch.no_grad() in forward, or an in-place "
    "change of a tensor autograd needs, breaks them.",
)
@given(call=transformer.attention_calls(self_attention=False), seed=hs.integers(0, 2**16))
@settings(max_examples=10)
def test_multi_head_attention_gradients_match_torch(student, call, seed):
    theirs = torch_attention(call, seed)
    mine = student.MultiHeadAttention(call.embed_dim, call.heads).double()
    mine.load_state_dict(theirs.state_dict())
    inputs = {name: tensor(getattr(call, name)) for name in ("query", "key", "value")}
    masks = {"key_padding_mask": tensor(call.key_padding_mask), "attn_mask": tensor(call.attn_mask)}
    upstream = torch.from_numpy(np.random.default_rng(seed).normal(size=call.query.shape))
    _, gradients = torch_gradients(mine, *inputs.values(), **masks, upstream=(upstream, None))
    leaves = {name: x.clone().requires_grad_(True) for name, x in inputs.items()}
    want, _ = theirs(
        *leaves.values(),
        key_padding_mask=opposite(call.key_padding_mask),
        attn_mask=opposite(call.attn_mask),
    )
    want.backward(upstream)
    for name, leaf in leaves.items():
        got = gradients["inputs"].get(name)
        assert got is not None, f"no gradient reached {name}: the graph is cut before it"
        assert_close(values(got), values(leaf.grad), f"MultiHeadAttention: d{name}")
    for name, parameter in theirs.named_parameters():
        got = gradients["parameters"].get(name)
        assert got is not None, f"no gradient reached the parameter {name}"
        assert_close(values(got), values(parameter.grad), f"MultiHeadAttention: d{name}")


@graded(
    part="transformer",
    points=1,
    visibility="after_due_date",
    message="A query whose keys are all masked attends to nothing: its weights are all 0 and "
    "its output row is out_proj's bias (0 before the projection), never NaN (torch's own "
    "module gives NaN there; the docstring states this assignment's rule).",
)
def test_multi_head_attention_fully_masked_query(student):
    torch.manual_seed(3)
    mine = student.MultiHeadAttention(4, 2).double()
    bias = torch.arange(4, dtype=torch.float64)
    mine.load_state_dict({**mine.state_dict(), "out_proj.bias": bias})
    x = torch.from_numpy(np.random.default_rng(3).normal(size=(2, 3, 4)))
    padding = torch.tensor([[True, True, False], [False, False, False]])
    out, weights = mine(x, x, x, key_padding_mask=padding)
    assert_close(values(weights[1]), np.zeros((2, 3, 3)), "weights of sequence 1 (all masked)")
    assert_close(values(out[1]), np.tile(values(bias), (3, 1)), "out of sequence 1 (all masked)")
    assert np.all(np.isfinite(values(out))), "out holds NaN or inf"


class _Attention(nn.Module):
    """The student's attention module, as a submodule of the reference block."""

    def __init__(self, attention):
        super().__init__()
        self.attention = attention

    def forward(self, *args, **kwargs):
        return self.attention(*args, **kwargs)


@graded(
    part="transformer",
    points=7,
    visibility="after_due_date",
    message="TransformerEncoderBlock equals nn.TransformerEncoderLayer(batch_first=True) with "
    "the same weights, post-norm and pre-norm, with drawn widths, dropout off (eval mode, "
    "whatever the dropout probability) and masks (ragged padding, causal, any src_mask). The "
    "usual mistakes: the residual around the wrong sublayer (adding the normed value back), "
    "the norms swapped, masks not passed to self-attention. (A mistake in your "
    "MultiHeadAttention is not charged here: the block is also accepted if it equals "
    "torch's block built around your attention.)",
)
@given(
    call=transformer.attention_calls(self_attention=True),
    norm_first=hs.booleans(),
    width=hs.integers(1, 6),
    dropout=hs.sampled_from([0.0, 0.3]),
    seed=hs.integers(0, 2**16),
)
@settings(max_examples=20)
def test_encoder_block_matches_torch_drawn(
    student, reference, call, norm_first, width, dropout, seed
):
    torch.manual_seed(seed)
    sizes = (call.embed_dim, call.heads, width, dropout)
    theirs = nn.TransformerEncoderLayer(*sizes, batch_first=True, norm_first=norm_first)
    theirs = theirs.double().eval()
    with torch.no_grad():
        for parameter in theirs.parameters():
            parameter.add_(0.1 * torch.randn_like(parameter))
    state = theirs.state_dict()
    mine = student.TransformerEncoderBlock(*sizes, norm_first=norm_first).double().eval()
    mine.load_state_dict(state)
    src = tensor(call.query)
    masks = {
        "src_mask": tensor(call.attn_mask),
        "src_key_padding_mask": tensor(call.key_padding_mask),
    }
    out = values(mine(src, **masks))
    right = theirs(
        src, src_mask=opposite(call.attn_mask), src_key_padding_mask=opposite(call.key_padding_mask)
    )

    def around_student_attention():
        attention = student.MultiHeadAttention(call.embed_dim, call.heads, dropout)
        attention = attention.double().eval()
        prefix = "self_attn."
        attention.load_state_dict(
            {k[len(prefix) :]: v for k, v in state.items() if k.startswith(prefix)}
        )
        block = reference.TransformerEncoderBlock(*sizes, norm_first=norm_first).double()
        block.load_state_dict(state)
        block.self_attn = _Attention(attention)
        return values(block.eval()(src, **masks))

    order = "pre-norm" if norm_first else "post-norm"
    assert_one_of(
        lambda want: assert_close(out, want, f"TransformerEncoderBlock ({order}): out"),
        lambda: values(right),
        around_student_attention,
    )
