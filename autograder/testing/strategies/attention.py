"""Draws for attention (a5): queries, keys and values with zero, one or two batch axes;
boolean masks that broadcast to the scores (True = may attend), with fully masked rows on
request; ragged sequence lengths; the inputs of multi-head attention in torch's layout.

Values come from a drawn seed (continuous, so no two scores tie): queries, keys, values and
inputs standard normal, projection weights standard normal over sqrt(E) and biases 0.5
times standard normal, so every score stays of order 1 and a numeric gradient is well
conditioned. A function's inputs come as a dict in the order of its parameters (``q, k, v,
mask``; ``query, key, value, in_proj_weight, ..., attn_mask``), so a test calls
``student.scaled_dot_product_attention_forward(*inputs.values())`` and names each gradient
``"d" + name``, as the docstrings do.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from autograder.testing.strategies.core import seeds, sides

#: The shapes a mask of scores (..., L, S) is drawn in: one (L, S) mask for every batch
#: entry (a causal mask), one per batch entry and query, or one per batch entry for every
#: query (a padding mask).
MASK_FORMS = ("(L, S)", "(..., L, S)", "(..., 1, S)")
#: Share of True entries in a random mask, before every row gets at least one.
KEEP = 0.6


def batch_shapes(max_axes: int = 2, max_side: int = 2) -> st.SearchStrategy[tuple[int, ...]]:
    """Leading batch axes: none, or up to ``max_axes`` axes of 1..``max_side`` each."""
    return st.integers(0, max_axes).flatmap(lambda count: st.tuples(*[sides(1, max_side)] * count))


def _keep_a_key_per_row(mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A copy of ``mask`` in which every row (along the last axis) has a True entry."""
    rows = np.array(mask).reshape(-1, mask.shape[-1])
    rows[np.arange(len(rows)), rng.integers(0, mask.shape[-1], len(rows))] = True
    return rows.reshape(mask.shape)


def _blank_a_row(mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A copy of ``mask`` with one row (along the last axis) all False."""
    rows = np.array(mask).reshape(-1, mask.shape[-1])
    rows[rng.integers(len(rows))] = False
    return rows.reshape(mask.shape)


@st.composite
def attention_masks(
    draw: st.DrawFn,
    batch: tuple[int, ...],
    queries: int,
    keys: int,
    fully_masked: bool = False,
) -> np.ndarray:
    """A boolean mask that broadcasts to scores of shape ``batch + (queries, keys)``, in one
    of :data:`MASK_FORMS`. Every row keeps at least one key, except, with
    ``fully_masked``, one row that keeps none (in the form (..., 1, S), every query of
    that batch entry)."""
    form = draw(st.sampled_from(MASK_FORMS), label="mask form")
    shape = {
        "(L, S)": (queries, keys),
        "(..., L, S)": (*batch, queries, keys),
        "(..., 1, S)": (*batch, 1, keys),
    }[form]
    rng = np.random.default_rng(draw(seeds()))
    mask = _keep_a_key_per_row(rng.random(shape) < KEEP, rng)
    return _blank_a_row(mask, rng) if fully_masked else mask


@st.composite
def attention_inputs(
    draw: st.DrawFn,
    masked: bool | None = None,
    fully_masked: bool = False,
    max_batch_axes: int = 2,
    max_batch: int = 2,
    max_length: int = 4,
    max_dim: int = 4,
) -> dict[str, np.ndarray | None]:
    """The inputs of scaled dot-product attention, by parameter name: ``q`` (..., L, d_k),
    ``k`` (..., S, d_k), ``v`` (..., S, d_v) with 0..``max_batch_axes`` batch axes, and
    ``mask``: None, or from :func:`attention_masks` (``masked`` True: always a mask, False:
    never, None: either). ``fully_masked`` implies a mask with a row that keeps no key."""
    batch = draw(batch_shapes(max_batch_axes, max_batch), label="batch axes")
    queries, keys = draw(sides(1, max_length)), draw(sides(1, max_length))
    d_k, d_v = draw(sides(1, max_dim)), draw(sides(1, max_dim))
    rng = np.random.default_rng(draw(seeds()))
    inputs: dict[str, np.ndarray | None] = {
        "q": rng.standard_normal((*batch, queries, d_k)),
        "k": rng.standard_normal((*batch, keys, d_k)),
        "v": rng.standard_normal((*batch, keys, d_v)),
        "mask": None,
    }
    if fully_masked or (draw(st.booleans()) if masked is None else masked):
        inputs["mask"] = draw(attention_masks(batch, queries, keys, fully_masked))
    return inputs


@st.composite
def sequence_lengths(draw: st.DrawFn, n: int, t: int, allow_empty: bool = False) -> np.ndarray:
    """Int64 lengths (n,) in [1, t] (in [0, t] with ``allow_empty``), ragged: one is t and,
    when n >= 2 and t >= 2, another is shorter; with ``allow_empty`` and n >= 2, another
    is 0 (a sequence that is all padding)."""
    rng = np.random.default_rng(draw(seeds()))
    lengths = rng.integers(0 if allow_empty else 1, t + 1, size=n)
    picked = rng.permutation(n)
    lengths[picked[0]] = t
    if n >= 2 and t >= 2:
        lengths[picked[1]] = rng.integers(1, t)
    if n >= 2 and allow_empty:
        lengths[picked[-1]] = 0
    return lengths.astype(np.int64)


@st.composite
def multihead_inputs(
    draw: st.DrawFn,
    self_attention: bool | None = None,
    key_padding: bool | None = None,
    attn: bool | None = None,
    allow_empty: bool = False,
    max_batch: int = 2,
    max_length: int = 3,
    max_heads: int = 3,
    max_head_dim: int = 2,
) -> dict[str, np.ndarray | int | None]:
    """The inputs of multi-head attention, by parameter name: ``query`` (N, L, E), ``key``
    and ``value`` (N, S, E), ``in_proj_weight`` (3E, E), ``in_proj_bias`` (3E,),
    ``out_proj_weight`` (E, E), ``out_proj_bias`` (E,), ``num_heads``, ``key_padding_mask``
    (N, S) and ``attn_mask`` (L, S), with E = num_heads * d_head.

    ``self_attention``: key and value are query itself (the same array; S = L); else three
    arrays. ``key_padding``: a padding mask (True = a real token) of lengths from
    :func:`sequence_lengths`; ``attn``: for self-attention the causal mask, else a random
    one. Each of the three is drawn when None. Every query keeps a real key (key 0), unless
    ``allow_empty``: then, with N >= 2, one sequence is all padding, and a random attention
    mask may keep only padding keys (queries that attend to nothing)."""
    flags = {"self_attention": self_attention, "key_padding": key_padding, "attn": attn}
    flags = {name: draw(st.booleans(), label=name) if v is None else v for name, v in flags.items()}
    n, length = draw(sides(1, max_batch)), draw(sides(1, max_length))
    heads, d_head = draw(sides(1, max_heads)), draw(sides(1, max_head_dim))
    source = length if flags["self_attention"] else draw(sides(1, max_length))
    e = heads * d_head
    rng = np.random.default_rng(draw(seeds()))
    query = rng.standard_normal((n, length, e))
    inputs: dict[str, np.ndarray | int | None] = {
        "query": query,
        "key": query if flags["self_attention"] else rng.standard_normal((n, source, e)),
        "value": query if flags["self_attention"] else rng.standard_normal((n, source, e)),
        "in_proj_weight": rng.standard_normal((3 * e, e)) / np.sqrt(e),
        "in_proj_bias": 0.5 * rng.standard_normal(3 * e),
        "out_proj_weight": rng.standard_normal((e, e)) / np.sqrt(e),
        "out_proj_bias": 0.5 * rng.standard_normal(e),
        "num_heads": heads,
        "key_padding_mask": None,
        "attn_mask": None,
    }
    if flags["key_padding"]:
        lengths = draw(sequence_lengths(n, source, allow_empty), label="lengths")
        inputs["key_padding_mask"] = _first_steps(lengths, source)
    if flags["attn"] and flags["self_attention"]:
        inputs["attn_mask"] = _first_steps(np.arange(1, length + 1), length)
    elif flags["attn"]:
        mask = _keep_a_key_per_row(rng.random((length, source)) < KEEP, rng)
        mask[:, 0] |= not allow_empty
        inputs["attn_mask"] = mask
    return inputs


def _first_steps(counts: np.ndarray, t: int) -> np.ndarray:
    """Booleans (len(counts), t), row r True at its first counts[r] steps: a padding mask
    for sequence lengths, the causal mask for counts 1, ..., t."""
    mask = np.zeros((len(counts), t), dtype=bool)
    for row, count in zip(mask, counts, strict=True):
        row[:count] = True
    return mask
