"""Hidden tests of the NumPy attention (softmax.py, attention.py, multihead.py) against the
reference, on drawn sizes: zero to two batch axes, masks of every shape the docstrings list,
fully masked rows, ragged padding and sequences that are all padding.

A forward pass and its backward pass are checked together. Scaled dot-product attention
passes if it matches the reference, or the reference built with your own softmax; multi-head
attention if it matches the reference, or the reference built with your own scaled
dot-product attention (a mistake is charged in its own function's tests only). No function
may modify its arguments (the cache excepted: it is yours).
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_composition, graded, modified_in_place
from autograder.testing import strategies as st
from autograder.testing.strategies import attention

#: The gradients each backward pass returns, in its order.
GRADIENTS = {
    "softmax": ("dx",),
    "scaled_dot_product_attention": ("dq", "dk", "dv"),
    "multi_head_attention": (
        "dquery",
        "dkey",
        "dvalue",
        "din_proj_weight",
        "din_proj_bias",
        "dout_proj_weight",
        "dout_proj_bias",
    ),
}
#: Larger than the public tests' sizes.
ATTENTION_SIZES = {"max_batch_axes": 2, "max_batch": 3, "max_length": 6, "max_dim": 5}
MULTIHEAD_SIZES = {"max_batch": 3, "max_length": 5, "max_heads": 4, "max_head_dim": 3}
#: Which of multi-head attention's masks a masked test gives.
MULTIHEAD_MASKS = {
    "key padding": {"key_padding": True, "attn": False},
    "attention": {"key_padding": False, "attn": True},
    "both": {"key_padding": True, "attn": True},
}


def call_unchanged(student, function, *args):
    """``student.function(*args)``, failing if it modified an argument (other than a cache)
    in place."""
    value, changed = modified_in_place(getattr(student, function), *args)
    changed = [name for name in changed if not name.startswith("cache")]
    assert not changed, (
        f"{function} modified {', '.join(changed)} in place: compute new arrays instead (such "
        "as np.where(mask, scores, -np.inf), not scores[~mask] = -np.inf on an argument) and "
        "leave the given ones as they were; the caller may still need them."
    )
    return value


def check_layer(student, reference, layer, inputs, out_shape, data, composed=True):
    """``layer``_forward on ``inputs`` and ``layer``_backward on a drawn upstream gradient of
    shape ``out_shape``, against the reference; with ``composed``, or against the reference
    built from the student's own parts."""
    forward, backward = f"{layer}_forward", f"{layer}_backward"
    dout = data.draw(st.arrays(out_shape), label="dout")
    result = call_unchanged(student, forward, *inputs.values())
    assert isinstance(result, tuple | list) and len(result) == 2, (
        f"{forward} must return two values, (out, cache)"
    )
    out, cache = result
    grads = call_unchanged(student, backward, dout, cache)
    names = GRADIENTS[layer]
    if len(names) > 1 and (not isinstance(grads, tuple | list) or len(grads) != len(names)):
        raise AssertionError(f"{backward} must return {len(names)} values: {', '.join(names)}")
    grads = grads if len(names) > 1 else (grads,)

    def run_reference():
        want_out, want_cache = getattr(reference, forward)(*inputs.values())
        want_grads = getattr(reference, backward)(dout, want_cache)
        return want_out, want_grads if len(names) > 1 else (want_grads,)

    def check(want):
        want_out, want_grads = want
        assert_close(out, want_out, f"{forward}: out")
        for name, got, right in zip(names, grads, want_grads, strict=True):
            assert_close(got, right, f"{backward}: {name}")

    if composed:
        parts_of = getattr(reference, forward)
        assert_composition(check, run_reference, student, reference, parts_of)
    else:
        check(run_reference())


def attention_out_shape(inputs):
    """The shape (..., L, d_v) of scaled dot-product attention's output."""
    return (*inputs["q"].shape[:-1], inputs["v"].shape[-1])


# ---- softmax -----------------------------------------------------------------------------


@graded(
    part="softmax",
    points=3,
    visibility="after_due_date",
    message="softmax_forward: the softmax along the last axis, for one to four axes; "
    "softmax_backward: dx = p * (dout - sum(dout * p, axis=-1, keepdims=True)); x left as "
    "it was.",
)
@given(x=st.arrays(st.shapes(1, 4, max_side=5)), data=hs.data())
def test_softmax_matches_reference(student, reference, x, data):
    check_layer(student, reference, "softmax", {"x": x}, x.shape, data, composed=False)


@graded(
    part="softmax",
    points=1,
    visibility="after_due_date",
    message="softmax_forward and softmax_backward must not overflow for scores up to +-1000: "
    "subtract each row's maximum before np.exp.",
)
@given(x=st.arrays(st.shapes(1, 3, max_side=5), -1e3, 1e3), data=hs.data())
def test_softmax_stable_for_large_inputs(student, reference, x, data):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        check_layer(student, reference, "softmax", {"x": x}, x.shape, data, composed=False)


# ---- scaled dot-product attention --------------------------------------------------------


@graded(
    part="attention",
    points=5,
    visibility="after_due_date",
    message="scaled_dot_product_attention_forward without a mask: softmax(q @ k.T / "
    "sqrt(d_k)) @ v over the keys, d_k = q.shape[-1], for zero to two batch axes and L != S, "
    "d_k != d_v; its backward pass's dq, dk and dv both scaled by 1 / sqrt(d_k); q, k and v "
    "left as they were.",
)
@given(inputs=attention.attention_inputs(masked=False, **ATTENTION_SIZES), data=hs.data())
def test_scaled_dot_product_attention_matches_reference(student, reference, inputs, data):
    shape = attention_out_shape(inputs)
    check_layer(student, reference, "scaled_dot_product_attention", inputs, shape, data)


@graded(
    part="attention",
    points=5,
    visibility="after_due_date",
    message="scaled_dot_product_attention_forward with a mask of shape (L, S), (..., L, S) or "
    "(..., 1, S) (True = may attend): -inf before the softmax; a query that may attend to no "
    "key has weights 0, an output row of 0 and no gradient; the backward pass matches; the "
    "mask and the inputs left as they were.",
)
@given(fully_masked=hs.booleans(), data=hs.data())
def test_scaled_dot_product_attention_masked_matches_reference(
    student, reference, fully_masked, data
):
    inputs = data.draw(
        attention.attention_inputs(masked=True, fully_masked=fully_masked, **ATTENTION_SIZES),
        label="inputs",
    )
    shape = attention_out_shape(inputs)
    check_layer(student, reference, "scaled_dot_product_attention", inputs, shape, data)


# ---- masks -------------------------------------------------------------------------------


@graded(
    part="masks",
    points=2,
    visibility="after_due_date",
    message="causal_mask(T): (T, T), True on and below the diagonal (j <= i), for T from 1 to 10.",
)
@given(T=st.sides(1, 10))
def test_causal_mask_matches_reference(student, reference, T):
    assert_close(student.causal_mask(T), reference.causal_mask(T), "causal_mask: mask")


@graded(
    part="masks",
    points=2,
    visibility="after_due_date",
    message="padding_mask(lengths, T): (N, T), True where t < lengths[n], for ragged lengths "
    "from 0 (all padding) to T.",
)
@given(n=st.sides(1, 4), T=st.sides(1, 8), data=hs.data())
def test_padding_mask_matches_reference(student, reference, n, T, data):
    lengths = data.draw(attention.sequence_lengths(n, T, allow_empty=True), label="lengths")
    want = reference.padding_mask(lengths, T)
    assert_close(student.padding_mask(lengths, T), want, "padding_mask: mask")


# ---- multi-head attention ----------------------------------------------------------------


@graded(
    part="multihead",
    points=7,
    visibility="after_due_date",
    message="multi_head_attention_forward/backward without masks, self- and cross-attention, "
    "1 to 4 heads: torch's layout (W_q, W_k, W_v stacked in in_proj_weight, y = x @ W.T + "
    "b), head h on features h * d_head .. (h + 1) * d_head - 1, scores over sqrt(d_head); "
    "every gradient summed over the batch and the sequence; the inputs left as they were.",
)
@given(
    inputs=attention.multihead_inputs(key_padding=False, attn=False, **MULTIHEAD_SIZES),
    data=hs.data(),
)
def test_multi_head_attention_matches_reference(student, reference, inputs, data):
    shape = inputs["query"].shape
    check_layer(student, reference, "multi_head_attention", inputs, shape, data)


@graded(
    part="multihead",
    points=5,
    visibility="after_due_date",
    message="multi_head_attention_forward/backward with a key padding mask (N, S), an "
    "attention mask (L, S) or both, True = may attend (the opposite of torch's): a query "
    "attends to a key where both allow it; ragged lengths, a sequence that is all padding "
    "(its queries' head outputs are 0, so their out rows are b_o).",
)
@given(masks=hs.sampled_from(sorted(MULTIHEAD_MASKS)), data=hs.data())
def test_multi_head_attention_masked_matches_reference(student, reference, masks, data):
    strategy = attention.multihead_inputs(
        **MULTIHEAD_MASKS[masks], allow_empty=True, **MULTIHEAD_SIZES
    )
    inputs = data.draw(strategy, label="inputs")
    shape = inputs["query"].shape
    check_layer(student, reference, "multi_head_attention", inputs, shape, data)
