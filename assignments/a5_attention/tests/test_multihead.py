"""Public tests of multi-head attention (multihead.py).

The forward pass is compared with stored expected values: cross-attention without masks,
and self-attention with a padding mask and the causal mask. The backward pass is compared
with a numeric gradient of your own forward pass (so fix a failing forward test first), on
drawn sizes, heads and masks.

These tests run your multi-head attention as it is: if it calls your
scaled_dot_product_attention_forward/backward (it should), a mistake there shows here too.
Fix the attention's and the softmax's own tests first.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_gradient, assert_matches_stored, graded
from autograder.testing import strategies as st
from autograder.testing.strategies import attention

#: The stored case's inputs, in the order of the parameters (the masks left at None).
ARGS = (
    "query",
    "key",
    "value",
    "in_proj_weight",
    "in_proj_bias",
    "out_proj_weight",
    "out_proj_bias",
    "num_heads",
)
#: The arrays multi_head_attention_backward returns the gradients of, in its order.
DIFFERENTIABLE = ARGS[:-1]


def check_stored_multihead(student, expected, masked=False):
    """multi_head_attention_forward against its stored cross-attention case (no masks), or
    with ``masked`` its self-attention case with both masks."""
    args = (*ARGS, "key_padding_mask", "attn_mask") if masked else ARGS
    assert_matches_stored(
        student,
        expected,
        "multi_head_attention_forward",
        args=args,
        returns=("out", None),
        case="multi_head_attention_forward_masked" if masked else None,
    )


@graded(
    part="multihead",
    points=2,
    visibility="visible",
    message="multi_head_attention_forward returns (out, cache) as torch.nn.MultiheadAttention "
    "(batch_first=True): Q, K, V = x @ W.T + b with W_q, W_k, W_v the three blocks of rows "
    "of in_proj_weight; head h takes features h * d_head .. (h + 1) * d_head - 1; scores "
    "divided by sqrt(d_head), not sqrt(E); out = concat @ W_o.T + b_o. Here cross-attention "
    "(L = 3 queries, S = 4 keys), 3 heads. (It runs your scaled dot-product attention, if "
    "you call it.)",
)
def test_multi_head_attention_forward_values(student, expected):
    check_stored_multihead(student, expected)


@graded(
    part="multihead",
    points=2,
    visibility="visible",
    message="multi_head_attention_forward with masks, both True = may attend (the opposite of "
    "torch's): query i of example n attends to key j when key_padding_mask[n, j] and "
    "attn_mask[i, j] both allow it. Here self-attention of 3 padded sequences (lengths 4, 2, "
    "1) with the causal mask. (It runs your scaled dot-product attention, if you call it.)",
)
def test_multi_head_attention_forward_masked_values(student, expected):
    check_stored_multihead(student, expected, masked=True)


@graded(
    part="multihead",
    points=4,
    visibility="visible",
    message="multi_head_attention_backward returns (dquery, dkey, dvalue, din_proj_weight, "
    "din_proj_bias, dout_proj_weight, dout_proj_bias), each the gradient of sum(out * dout): "
    "weight and bias gradients summed over the batch and the sequence, the heads split and "
    "merged back as in the forward pass, din_proj_* stacked in the order q, k, v. (It needs "
    "a correct forward pass, and runs your attention's backward pass if you call it.)",
)
@given(
    inputs=attention.multihead_inputs(max_batch=2, max_length=3, max_heads=2, max_head_dim=2),
    data=hs.data(),
)
def test_multi_head_attention_backward_gradient_check(student, expected, inputs, data):
    check_stored_multihead(student, expected)
    out, cache = student.multi_head_attention_forward(*inputs.values())
    dout = data.draw(st.arrays(np.shape(out)), label="dout")
    grads = student.multi_head_attention_backward(dout, cache)
    assert isinstance(grads, tuple | list) and len(grads) == len(DIFFERENTIABLE), (
        "multi_head_attention_backward must return seven gradients: "
        + ", ".join(f"d{name}" for name in DIFFERENTIABLE)
    )
    for name, grad in zip(DIFFERENTIABLE, grads, strict=True):

        def forward(value, name=name):
            return student.multi_head_attention_forward(*{**inputs, name: value}.values())[0]

        where = f"multi_head_attention_backward: d{name}"
        assert_gradient(forward, inputs[name], dout, grad, where)
