"""Public tests of the causal and the padding mask (attention.py), against stored values."""

import numpy as np

from autograder.testing import assert_matches_stored, graded


def check_boolean(function, mask):
    """``mask``, returned by ``function``, is a NumPy array of booleans."""
    dtype = getattr(mask, "dtype", type(mask).__name__)
    assert isinstance(mask, np.ndarray) and mask.dtype == np.bool_, (
        f"{function} returned {dtype}, not a NumPy array of booleans (dtype=bool): ~ turns an "
        "integer mask's 1 into -2 and its 0 into -1, both true, where it negates booleans"
    )


@graded(
    part="masks",
    points=1,
    visibility="visible",
    message="causal_mask(T) is a (T, T) boolean array, True on and below the diagonal "
    "(query i may attend to keys 0..i, itself included) and False above it. The usual "
    "mistakes: the transpose (np.triu), or the diagonal left out.",
)
def test_causal_mask_values(student, expected):
    mask = assert_matches_stored(student, expected, "causal_mask", args=("T",), returns=("mask",))
    check_boolean("causal_mask", mask)


@graded(
    part="masks",
    points=1,
    visibility="visible",
    message="padding_mask(lengths, T) is an (N, T) boolean array, True where t < lengths[n] "
    "(a real token) and False at the padding, a length of 0 included. The usual mistake is "
    "the opposite polarity, torch.nn.MultiheadAttention's (True = padding).",
)
def test_padding_mask_values(student, expected):
    mask = assert_matches_stored(
        student, expected, "padding_mask", args=("lengths", "T"), returns=("mask",)
    )
    check_boolean("padding_mask", mask)
