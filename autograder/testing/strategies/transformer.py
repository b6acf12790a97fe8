"""Draws for a5's PyTorch part: the sizes of an attention call and its masks, as NumPy, for
tests that compare a student's module with torch's on the same weights.

Masks are boolean with True meaning "may attend" (the assignment's polarity); every query
keeps at least one key it may attend to, since torch's modules answer NaN for a query whose
keys are all masked (the assignment defines that case apart, and tests it apart).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from autograder.testing.strategies.core import arrays, sides


@dataclass(frozen=True)
class AttentionCall:
    """The inputs of one multi-head attention call: ``query`` (N, L, E), ``key`` and
    ``value`` (N, S, E) (the same array as ``query`` for self-attention), ``heads`` with
    E = heads * d_head, and the masks (None, or bool with True = may attend):
    ``key_padding_mask`` (N, S) and ``attn_mask`` (L, S)."""

    query: np.ndarray
    key: np.ndarray
    value: np.ndarray
    heads: int
    key_padding_mask: np.ndarray | None
    attn_mask: np.ndarray | None

    @property
    def embed_dim(self) -> int:
        """E, the model width."""
        return self.query.shape[-1]


def padding(n: int, length: int) -> st.SearchStrategy[np.ndarray]:
    """A key-padding mask (n, length), ragged: sequence i has a drawn length in
    [1, length], True for its real tokens and False for the padding after them."""
    lengths = st.lists(st.integers(1, length), min_size=n, max_size=n)
    return lengths.map(lambda ls: np.arange(length)[None, :] < np.array(ls)[:, None])


def causal(length: int) -> np.ndarray:
    """The causal mask (length, length): True on and below the diagonal."""
    return np.tril(np.ones((length, length), dtype=bool))


@st.composite
def attention_calls(draw: st.DrawFn, self_attention: bool | None = None) -> AttentionCall:
    """An attention call with drawn batch (1-3), lengths (1-5), heads (1-3), head width
    (1-3), values in [-2, 2], and masks: none, ragged padding, causal (self-attention) or
    drawn, alone or together, never masking every key of a query. ``self_attention``:
    True or False to fix the kind, None to draw it."""
    n, heads, d_head = draw(sides(1, 3), label="N"), draw(sides(1, 3)), draw(sides(1, 3))
    embed = heads * d_head
    if self_attention is None:
        self_attention = draw(st.booleans(), label="self_attention")
    length = draw(sides(1, 5), label="L")
    source = length if self_attention else draw(sides(1, 5), label="S")
    query = draw(arrays((n, length, embed), -2.0, 2.0), label="query")
    if self_attention:
        key = value = query
    else:
        key = draw(arrays((n, source, embed), -2.0, 2.0), label="key")
        value = draw(arrays((n, source, embed), -2.0, 2.0), label="value")
    pad = draw(st.none() | padding(n, source), label="key_padding_mask")
    kinds = ["none", "drawn"] + (["causal"] if self_attention else [])
    kind = draw(st.sampled_from(kinds), label="attn_mask")
    attn = None
    if kind == "causal":
        attn = causal(length)
    elif kind == "drawn":
        attn = draw(st.lists(st.booleans(), min_size=length * source, max_size=length * source))
        attn = np.array(attn, dtype=bool).reshape(length, source)
        attn[:, 0] = True  # key 0 is never padding: every query keeps one key
    return AttentionCall(query, key, value, heads, pad, attn)
