"""Hidden tests of gradient clipping against the reference."""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_close_each, graded, modified_in_place
from autograder.testing import strategies as st

#: What a student reads when a clipping function changed the gradients it was given.
IN_PLACE = (
    ": return new arrays (np.clip(g, ...), g * scale) and leave the given ones as they were; "
    "the caller may still need the unclipped gradients."
)


@hs.composite
def gradient_lists(draw, min_count=1):
    """A list of ``min_count`` to 4 gradients of drawn shapes, each with its own scale."""
    count = draw(hs.integers(min_count, 4))
    scales = hs.sampled_from([1e-3, 0.2, 1.0, 20.0])
    return [draw(st.arrays(st.shapes(max_dims=3))) * draw(scales) for _ in range(count)]


@graded(
    part="clipping",
    points=2,
    visibility="after_due_date",
    message="clip_grad_value: every entry of every array clipped to [-clip_value, "
    "clip_value], one new array per gradient (the arrays given are left as they were).",
)
@given(grads=gradient_lists(), clip_value=st.floats(0.01, 3.0))
def test_clip_grad_value_matches_reference(student, reference, grads, clip_value):
    got, changed = modified_in_place(student.clip_grad_value, grads, clip_value)
    want = reference.clip_grad_value(grads, clip_value)
    assert_close_each(got, want, "clip_grad_value: clipped")
    assert not changed, f"clip_grad_value modified {', '.join(changed)} in place" + IN_PLACE


@graded(
    part="clipping",
    points=4,
    visibility="after_due_date",
    message="clip_grad_norm: one global norm over all the arrays, one scale "
    "min(1, max_norm / (total_norm + 1e-6)) for all of them; returns a new list and the norm "
    "before clipping (the arrays given are left as they were).",
)
@given(grads=gradient_lists(min_count=2), ratio=st.floats(0.05, 2.0))
def test_clip_grad_norm_matches_reference(student, reference, grads, ratio):
    _, norm = reference.clip_grad_norm(grads, 1.0)
    max_norm = max(ratio * norm, 1e-3)
    (got, got_norm), changed = modified_in_place(student.clip_grad_norm, grads, max_norm)
    want, want_norm = reference.clip_grad_norm(grads, max_norm)
    assert_close(got_norm, want_norm, "clip_grad_norm: total_norm")
    assert_close_each(got, want, "clip_grad_norm: clipped")
    assert not changed, f"clip_grad_norm modified {', '.join(changed)} in place" + IN_PLACE
