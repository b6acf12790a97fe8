"""Hidden tests of the temporal affine layer and the masked softmax loss against the
reference, on larger sizes and, for the loss, scores in the hundreds."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import (
    assert_close,
    assert_matches_reference,
    graded,
    modified_in_place,
)
from autograder.testing import strategies as st
from autograder.testing.strategies import sequences


@graded(
    part="temporal",
    points=2,
    visibility="after_due_date",
    message="temporal_affine_forward: out[n, t] = x[n, t] @ w + b; temporal_affine_backward: "
    "dx = dout @ w.T, dw and db summed over the batch and the time axes.",
)
@given(inputs=sequences.temporal_affine_inputs(5, 6, 6, 6), data=hs.data())
def test_temporal_affine_matches_reference(student, reference, inputs, data):
    (out, cache), (_, want_cache) = assert_matches_reference(
        student, reference, "temporal_affine_forward", *inputs, returns=("out", None)
    )
    dout = data.draw(st.arrays(np.shape(out)), label="dout")
    grads = student.temporal_affine_backward(dout, cache)
    want = reference.temporal_affine_backward(dout, want_cache)
    for name, got, right in zip(("dx", "dw", "db"), grads, want, strict=True):
        assert_close(got, right, f"temporal_affine_backward: {name}")


@graded(
    part="temporal",
    points=4,
    visibility="after_due_date",
    message="temporal_softmax_loss: the mean cross-entropy over the unmasked steps (divided "
    "by their number), dx zero at the masked steps, no overflow for scores in the hundreds, "
    "and the scores given left as they were (subtract the max into a new array, not "
    "x -= ...).",
)
@given(
    inputs=sequences.temporal_scores(5, 6, 8),
    scale=hs.sampled_from([1.0, 10.0, 30.0]),
)
def test_temporal_softmax_loss_matches_reference(student, reference, inputs, scale):
    x, y, mask = inputs
    x = scale * x
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        (loss, dx), changed = modified_in_place(student.temporal_softmax_loss, x, y, mask)
    want_loss, want_dx = reference.temporal_softmax_loss(x, y, mask)
    assert_close(loss, want_loss, "temporal_softmax_loss: loss")
    assert_close(dx, want_dx, "temporal_softmax_loss: dx")
    assert not changed, (
        f"temporal_softmax_loss modified {', '.join(changed)} in place: compute the shifted "
        "scores as a new array and leave x as it was; the caller may still need it."
    )
