"""Expected values for a5_attention's public tests, computed from the reference solution.

``autograder generate`` calls :func:`build` and stores the result in the student folder's
``tests/data/expected.npz``; the public tests read it through the ``expected`` fixture.
Inputs come from fixed seeds, so the file only changes when the reference does.

Each case is named after the function it checks (a label after it when a function has
several, ``softmax_forward_large``); its inputs are keyed by the function's parameter names
and its outputs by the names the docstring returns (autograder.testing.checks). A topic's
cases come from one function below, each drawing from the one generator in turn: add a new
topic's at the end of :func:`build`, so the cases before it keep their values.
"""

import numpy as np


def build(reference):
    """Named cases (inputs and the reference's outputs) for the public tests."""
    rng = np.random.default_rng(5)
    return {
        **_softmax(reference, rng),
        **_attention(reference, rng),
        **_masks(reference),
        **_multihead(reference, rng),
        **_positional(reference),
    }


def _softmax(reference, rng):
    """softmax_forward on x (2, 3, 4) (rows of different scales, one of equal entries, one
    with a -inf entry, as a masked score), and softmax_forward_large on scores near +-1000
    (exp overflows unless each row's maximum is subtracted)."""
    x = 3.0 * rng.normal(size=(2, 3, 4))
    x[0, 1] = 2.5
    x[1, 0] += 50.0
    x[1, 2, 1] = -np.inf
    large = np.array([[1000.0, 999.0, -1000.0, 0.0], [-1000.0, -1001.0, -1002.0, -999.5]])
    return {
        "softmax_forward": {"x": x, "out": reference.softmax_forward(x)[0]},
        "softmax_forward_large": {"x": large, "out": reference.softmax_forward(large)[0]},
    }


def _attention(reference, rng):
    """scaled_dot_product_attention_forward on one batch axis of 2, L = 3 queries, S = 5
    keys, d_k = 4, d_v = 3: without a mask, and with a mask (3, 5) for both batch entries
    (every query keeps some keys and loses others)."""
    q, k, v = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 3))
    mask = np.array(
        [
            [True, False, True, True, False],
            [False, True, False, False, True],
            [True, True, True, False, True],
        ]
    )
    out, _ = reference.scaled_dot_product_attention_forward(q, k, v)
    masked, _ = reference.scaled_dot_product_attention_forward(q, k, v, mask)
    return {
        "scaled_dot_product_attention_forward": {"q": q, "k": k, "v": v, "out": out},
        "scaled_dot_product_attention_forward_masked": {
            "q": q,
            "k": k,
            "v": v,
            "mask": mask,
            "out": masked,
        },
    }


def _masks(reference):
    """causal_mask(4), and padding_mask of lengths 3, 0, 5 and 1 padded to T = 5."""
    lengths = np.array([3, 0, 5, 1])
    return {
        "causal_mask": {"T": np.array(4), "mask": reference.causal_mask(4)},
        "padding_mask": {
            "lengths": lengths,
            "T": np.array(5),
            "mask": reference.padding_mask(lengths, 5),
        },
    }


def _parameters(rng, e):
    """Multi-head attention's parameters for width ``e``, in torch's layout."""
    return {
        "in_proj_weight": rng.normal(size=(3 * e, e)) / np.sqrt(e),
        "in_proj_bias": 0.5 * rng.normal(size=3 * e),
        "out_proj_weight": rng.normal(size=(e, e)) / np.sqrt(e),
        "out_proj_bias": 0.5 * rng.normal(size=e),
    }


def _multihead(reference, rng):
    """multi_head_attention_forward as cross-attention without masks (N = 2, L = 3, S = 4,
    3 heads of 2 features), and as self-attention with both masks (N = 3, T = 4, 2 heads of
    3 features): sequences of lengths 4, 2 and 1 and the causal mask (every query keeps a
    key: the public multi-head tests leave the fully masked rows to the attention's own)."""
    cross = {
        "query": rng.normal(size=(2, 3, 6)),
        "key": rng.normal(size=(2, 4, 6)),
        "value": rng.normal(size=(2, 4, 6)),
        **_parameters(rng, 6),
        "num_heads": np.array(3),
    }
    x = rng.normal(size=(3, 4, 6))
    own = {
        "query": x,
        "key": x,
        "value": x,
        **_parameters(rng, 6),
        "num_heads": np.array(2),
        "key_padding_mask": reference.padding_mask(np.array([4, 2, 1]), 4),
        "attn_mask": reference.causal_mask(4),
    }
    return {
        f"multi_head_attention_forward{label}": {
            **inputs,
            "out": reference.multi_head_attention_forward(
                *(v.item() if v.ndim == 0 else v for v in inputs.values())
            )[0],
        }
        for label, inputs in (("", cross), ("_masked", own))
    }


def _positional(reference):
    """sinusoidal_positional_encoding for T = 12, d_model = 8, and for an odd width, T = 5,
    d_model = 7 (the last column a sine)."""
    return {
        f"sinusoidal_positional_encoding{label}": {
            "T": np.array(t),
            "d_model": np.array(d),
            "pe": reference.sinusoidal_positional_encoding(t, d),
        }
        for label, t, d in (("", 12, 8), ("_odd", 5, 7))
    }
