"""Public tests of gradient clipping (clipping.py)."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_close_each, graded
from autograder.testing import strategies as st


def stored_list(case, name):
    """The stored list ``name``: its arrays ``name0``, ``name1``, ... in order."""
    return [case[f"{name}{i}"] for i in range(sum(key.startswith(name) for key in case))]


@graded(
    part="clipping",
    points=1,
    visibility="visible",
    message="clip_grad_value clips every entry to [-clip_value, clip_value] and returns a new "
    "list, the gradients left as they were.",
)
def test_clip_grad_value_values(student, expected):
    case = expected["clip_grad_value"]
    clipped = student.clip_grad_value(stored_list(case, "grads"), float(case["clip_value"]))
    assert_close_each(clipped, stored_list(case, "clipped"), "clip_grad_value: clipped")


@graded(
    part="clipping",
    points=1,
    visibility="visible",
    message="clip_grad_norm scales every array by min(1, max_norm / (total_norm + 1e-6)), "
    "total_norm being the norm of all the gradients together, and returns the list and "
    "total_norm.",
)
def test_clip_grad_norm_values(student, expected):
    case = expected["clip_grad_norm"]
    clipped, norm = student.clip_grad_norm(stored_list(case, "grads"), float(case["max_norm"]))
    assert_close_each(clipped, stored_list(case, "clipped"), "clip_grad_norm: clipped")
    assert_close(norm, case["total_norm"], "clip_grad_norm: total_norm")


@hs.composite
def gradient_lists(draw):
    """A list of 1 to 4 gradients of drawn shapes, all scaled by one drawn factor."""
    count = draw(hs.integers(1, 4))
    scale = draw(hs.sampled_from([0.01, 0.3, 1.0, 5.0]))
    return [draw(st.arrays(st.shapes(max_dims=2))) * scale for _ in range(count)]


@graded(
    part="clipping",
    points=3,
    visibility="visible",
    message="clip_grad_norm: the norm is global, sqrt of the sum of g**2 over every entry of "
    "every array (not one norm per array), and every array is scaled by the same factor "
    "min(1, max_norm / (total_norm + 1e-6)), so the direction is kept.",
)
@given(grads=gradient_lists(), max_norm=st.floats(0.1, 5.0))
def test_clip_grad_norm_is_global(student, grads, max_norm):
    total_norm = np.sqrt(sum(np.sum(g**2) for g in grads))
    scale = min(1, max_norm / (total_norm + 1e-6))
    clipped, norm = student.clip_grad_norm(grads, max_norm)
    assert_close(norm, total_norm, "clip_grad_norm: total_norm (before clipping)")
    assert_close_each(clipped, [scale * g for g in grads], "clip_grad_norm: clipped")
