"""Hidden tests of the residual block against the reference."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, graded
from autograder.testing import strategies as st


@hs.composite
def residual_inputs(draw):
    """(x, w1, b1, w2, b2) with K in {1, 3, 5} and as many hidden channels F as drawn."""
    n, c, f = draw(st.sides(1, 3)), draw(st.sides(1, 3)), draw(st.sides(1, 4))
    k = draw(hs.sampled_from([1, 3, 5]))
    height, width = draw(st.sides(2, 7)), draw(st.sides(2, 7))
    rng = np.random.default_rng(draw(st.seeds()))
    x = rng.normal(size=(n, c, height, width))
    w1, w2 = rng.normal(size=(f, c, k, k)) * 0.5, rng.normal(size=(c, f, k, k)) * 0.5
    return x, w1, rng.normal(size=f), w2, rng.normal(size=c)


@graded(
    part="residual",
    points=7,
    visibility="after_due_date",
    message="residual_block_forward: relu(x + conv(relu(conv(x, w1, b1)), w2, b2)) with "
    "stride 1 and pad (K - 1) // 2; residual_block_backward: dx through both convolutions "
    "plus the skip's term, and dw1, db1, dw2, db2.",
)
@given(inputs=residual_inputs(), data=hs.data())
def test_residual_block_matches_reference(student, reference, inputs, data):
    out, cache = student.residual_block_forward(*inputs)
    want, want_cache = reference.residual_block_forward(*inputs)
    assert_close(out, want, "residual_block_forward: out")
    dout = data.draw(st.arrays(want.shape), label="dout")
    grads = student.residual_block_backward(dout, cache)
    wants = reference.residual_block_backward(dout, want_cache)
    for name, got, expected in zip(("dx", "dw1", "db1", "dw2", "db2"), grads, wants, strict=True):
        assert_close(got, expected, f"residual_block_backward: {name}")
