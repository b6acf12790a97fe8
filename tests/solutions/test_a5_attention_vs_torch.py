"""The a5_attention reference's NumPy part, verified against PyTorch (float64).

softmax_forward equals torch.softmax(x, dim=-1) for one to four axes, scores up to +-1000
and -inf entries, and softmax_backward autograd's gradient of sum(out * dout).

scaled_dot_product_attention_forward equals F.scaled_dot_product_attention(q, k, v,
attn_mask=mask) with the same boolean mask (True = may attend in both), for zero to two
batch axes, masks of shape (L, S), (..., L, S) and (..., 1, S), and fully masked rows: torch
2.13 gives those rows an output of 0 and no gradient, as the reference's docstring says
(measured: nn.MultiheadAttention gives nan for them on its need_weights=True path and in
eval mode, 0 on the need_weights=False training path used here). Its backward pass equals
autograd's (dq, dk, dv). causal_mask(T) equals torch's lower triangle, and attention with it
equals F.scaled_dot_product_attention(is_causal=True); padding_mask(lengths, T) equals the
non-padding entries of torch.nn.utils.rnn.pad_sequence, a length of 0 included.

multi_head_attention_forward equals torch.nn.MultiheadAttention(E, num_heads,
batch_first=True) in float64 holding the same four parameters (in_proj_weight,
in_proj_bias, out_proj.weight, out_proj.bias, biases drawn non-zero), for self-attention
(one tensor passed three times) and cross-attention, with the masks translated to torch's
polarity (key_padding_mask=~ours, attn_mask=~ours): ragged padding, sequences that are all
padding (their out rows are out_proj.bias), causal and random attention masks.
multi_head_attention_backward's seven gradients equal autograd's; for self-attention x.grad
equals dquery + dkey + dvalue.

sinusoidal_positional_encoding equals its formula computed entry by entry with math.sin and
math.cos (torch has no such function), odd widths included. No function modifies its
arguments.

Sizes and values are hypothesis-drawn (autograder.testing.strategies.attention), all
derandomized so every run sees the same examples.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from torch_values import call_unchanged, leaf, numpy

from autograder.course import Assignment, find_course
from autograder.testing.compare import assert_close
from autograder.testing.strategies import attention

pytestmark = pytest.mark.solutions

REF = Assignment(find_course(Path(__file__).parent), "a5_attention").load_reference()

SETTINGS = settings(deadline=None, derandomize=True, max_examples=25)

#: NumPy and torch sum the same few products in another order; every value is O(1).
RTOL, ATOL = 1e-10, 1e-12

#: multi_head_attention_backward's gradients, in its order.
MULTIHEAD_GRADIENTS = (
    "dquery",
    "dkey",
    "dvalue",
    "din_proj_weight",
    "din_proj_bias",
    "dout_proj_weight",
    "dout_proj_bias",
)
#: The names of multi-head attention's three input arrays.
ARGS3 = ("query", "key", "value")


def upstream(data: st.DataObject, shape: tuple[int, ...]) -> np.ndarray:
    """An upstream gradient of ``shape``, standard normal from a drawn seed."""
    return np.random.default_rng(
        data.draw(st.integers(0, 2**32 - 1), label="seed")
    ).standard_normal(shape)


def assert_all_close(got, want, names) -> None:
    """Each of ``got`` close to its counterpart in ``want`` (NumPy arrays), named ``names``."""
    for value, right, name in zip(got, want, names, strict=True):
        assert_close(value, right, name, RTOL, ATOL)


# ---- softmax --------------------------------------------------------------------------------


@SETTINGS
@given(
    shape=st.lists(st.integers(1, 4), min_size=1, max_size=4).map(tuple),
    scale=st.sampled_from([1.0, 1e3]),
    seed=st.integers(0, 2**32 - 1),
)
def test_softmax_matches_torch_and_autograd(shape, scale, seed):
    """softmax_forward equals torch.softmax(x, dim=-1), with some entries -inf (each row
    keeps a finite one) and scores up to +-1000 without overflow; softmax_backward equals
    autograd's gradient of sum(out * dout)."""
    rng = np.random.default_rng(seed)
    x = scale * rng.standard_normal(shape)
    x[(rng.random(shape) < 0.3) & (np.arange(shape[-1]) > 0)] = -np.inf
    dout = rng.standard_normal(shape)
    tx = leaf(x)
    expected = torch.softmax(tx, dim=-1)
    (expected * torch.from_numpy(dout)).sum().backward()
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out, cache = call_unchanged(REF.softmax_forward, x)
        dx = call_unchanged(REF.softmax_backward, dout, cache)
    assert_close(out, numpy(expected), "out", RTOL, ATOL)
    assert_close(dx, numpy(tx.grad), "dx", RTOL, ATOL)


# ---- scaled dot-product attention and its masks ---------------------------------------------


@SETTINGS
@given(data=st.data(), fully_masked=st.booleans())
def test_attention_matches_torch_sdpa_and_autograd(data, fully_masked):
    """scaled_dot_product_attention_forward equals F.scaled_dot_product_attention with the
    same boolean mask (or none), for zero to two batch axes and every mask form, fully
    masked rows included (output 0, no gradient); its backward pass equals autograd's dq,
    dk and dv."""
    inputs = data.draw(attention.attention_inputs(fully_masked=fully_masked), label="inputs")
    q, k, v, mask = inputs.values()
    tq, tk, tv = leaf(q), leaf(k), leaf(v)
    attn_mask = None if mask is None else torch.from_numpy(mask)
    expected = F.scaled_dot_product_attention(tq, tk, tv, attn_mask=attn_mask)
    dout = upstream(data, tuple(expected.shape))
    (expected * torch.from_numpy(dout)).sum().backward()
    out, cache = call_unchanged(REF.scaled_dot_product_attention_forward, q, k, v, mask)
    grads = call_unchanged(REF.scaled_dot_product_attention_backward, dout, cache)
    assert_close(out, numpy(expected), "out", RTOL, ATOL)
    assert_all_close(grads, [numpy(t.grad) for t in (tq, tk, tv)], ("dq", "dk", "dv"))
    if fully_masked:
        blocked = ~np.broadcast_to(mask, (*q.shape[:-1], k.shape[-2])).any(axis=-1)
        assert np.all(out[blocked] == 0.0) and np.all(grads[0][blocked] == 0.0)


@SETTINGS
@given(t=st.integers(1, 8), data=st.data())
def test_causal_mask_is_torchs_lower_triangle_and_is_causal(t, data):
    """causal_mask(T) is torch's boolean lower triangle (diagonal included), and attention
    with it equals F.scaled_dot_product_attention(is_causal=True)."""
    mask = call_unchanged(REF.causal_mask, t)
    assert mask.dtype == np.bool_
    np.testing.assert_array_equal(mask, torch.ones(t, t, dtype=torch.bool).tril().numpy())
    batch = data.draw(attention.batch_shapes(), label="batch axes")
    rng = np.random.default_rng(t)
    q, k = rng.standard_normal((*batch, t, 3)), rng.standard_normal((*batch, t, 3))
    v = rng.standard_normal((*batch, t, 2))
    expected = F.scaled_dot_product_attention(*map(torch.from_numpy, (q, k, v)), is_causal=True)
    out, _ = REF.scaled_dot_product_attention_forward(q, k, v, mask)
    assert_close(out, numpy(expected), "out", RTOL, ATOL)


@SETTINGS
@given(n=st.integers(1, 4), t=st.integers(1, 6), data=st.data())
def test_padding_mask_marks_what_pad_sequence_does_not_pad(n, t, data):
    """padding_mask(lengths, T) is True exactly at the entries torch's pad_sequence fills
    from the sequences (not padding), ragged lengths from 0 to T."""
    lengths = data.draw(attention.sequence_lengths(n, t, allow_empty=True), label="lengths")
    sequences = [torch.ones(int(length)) for length in lengths]
    padded = torch.nn.utils.rnn.pad_sequence(sequences, batch_first=True, padding_value=0.0)
    expected = np.zeros((n, t), dtype=bool)
    expected[:, : padded.shape[1]] = padded.numpy() == 1.0
    mask = call_unchanged(REF.padding_mask, lengths, t)
    assert mask.dtype == np.bool_
    np.testing.assert_array_equal(mask, expected)


# ---- multi-head attention -------------------------------------------------------------------


def torch_multihead(inputs: dict) -> torch.nn.MultiheadAttention:
    """nn.MultiheadAttention(E, num_heads, batch_first=True) in float64 holding the inputs'
    four parameters."""
    e = inputs["query"].shape[-1]
    module = torch.nn.MultiheadAttention(
        e, inputs["num_heads"], batch_first=True, dtype=torch.float64
    )
    with torch.no_grad():
        module.in_proj_weight.copy_(torch.from_numpy(inputs["in_proj_weight"]))
        module.in_proj_bias.copy_(torch.from_numpy(inputs["in_proj_bias"]))
        module.out_proj.weight.copy_(torch.from_numpy(inputs["out_proj_weight"]))
        module.out_proj.bias.copy_(torch.from_numpy(inputs["out_proj_bias"]))
    return module


def torch_mask(mask: np.ndarray | None) -> torch.Tensor | None:
    """Our mask (True = may attend) in nn.MultiheadAttention's polarity (True = ignore)."""
    return None if mask is None else torch.from_numpy(~mask)


@SETTINGS
@given(
    inputs=attention.multihead_inputs(allow_empty=True, max_batch=3, max_length=4), data=st.data()
)
def test_multihead_matches_nn_multihead_attention_and_autograd(inputs, data):
    """multi_head_attention_forward equals nn.MultiheadAttention (need_weights=False, masks
    as ~ours), self- and cross-attention, ragged and empty padding, causal and random
    attention masks; multi_head_attention_backward's gradients equal autograd's, the input
    gradients summed for self-attention."""
    module = torch_multihead(inputs)
    self_attention = inputs["key"] is inputs["query"]
    tensors = [leaf(inputs["query"])] if self_attention else [leaf(inputs[n]) for n in ARGS3]
    query, key, value = tensors * 3 if self_attention else tensors
    expected, _ = module(
        query,
        key,
        value,
        key_padding_mask=torch_mask(inputs["key_padding_mask"]),
        attn_mask=torch_mask(inputs["attn_mask"]),
        need_weights=False,
    )
    dout = upstream(data, tuple(expected.shape))
    (expected * torch.from_numpy(dout)).sum().backward()
    out, cache = call_unchanged(REF.multi_head_attention_forward, *inputs.values())
    grads = call_unchanged(REF.multi_head_attention_backward, dout, cache)
    assert_close(out, numpy(expected), "out", RTOL, ATOL)
    parameters = (
        module.in_proj_weight,
        module.in_proj_bias,
        module.out_proj.weight,
        module.out_proj.bias,
    )
    assert_all_close(grads[3:], [numpy(p.grad) for p in parameters], MULTIHEAD_GRADIENTS[3:])
    if self_attention:
        assert_close(sum(grads[:3]), numpy(query.grad), "dquery + dkey + dvalue", RTOL, ATOL)
    else:
        assert_all_close(grads[:3], [numpy(t.grad) for t in tensors], MULTIHEAD_GRADIENTS[:3])


# ---- positional encoding --------------------------------------------------------------------


@SETTINGS
@given(t=st.integers(1, 64), d_model=st.integers(1, 33))
def test_positional_encoding_matches_its_formula_entry_by_entry(t, d_model):
    """sinusoidal_positional_encoding(T, d_model)[t, j] is sin(t / 10000 ** (2i / d_model))
    for j = 2i and cos of the same angle for j = 2i + 1, odd widths included."""
    pe = call_unchanged(REF.sinusoidal_positional_encoding, t, d_model)
    expected = np.empty((t, d_model))
    for position in range(t):
        for j in range(d_model):
            angle = position / 10000 ** (2 * (j // 2) / d_model)
            expected[position, j] = math.sin(angle) if j % 2 == 0 else math.cos(angle)
    assert pe.dtype == np.float64
    assert_close(pe, expected, "pe", RTOL, ATOL)
