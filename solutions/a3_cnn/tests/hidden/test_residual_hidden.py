"""Hidden tests of the residual block against the reference."""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, graded
from autograder.testing import strategies as st

#: Larger than the public tests, with 5x5 filters too.
INPUTS = st.residual_inputs(
    max_batch=3, max_channels=3, max_filters=4, kernels=(1, 3, 5), max_size=7
)


@graded(
    part="residual",
    points=7,
    visibility="after_due_date",
    message="residual_block_forward: relu(x + conv(relu(conv(x, w1, b1)), w2, b2)) with "
    "stride 1 and pad (K - 1) // 2; residual_block_backward: dx through both convolutions "
    "plus the skip's term, and dw1, db1, dw2, db2.",
)
@given(inputs=INPUTS, data=hs.data())
def test_residual_block_matches_reference(student, reference, inputs, data):
    out, cache = student.residual_block_forward(*inputs)
    want, want_cache = reference.residual_block_forward(*inputs)
    assert_close(out, want, "residual_block_forward: out")
    dout = data.draw(st.arrays(want.shape), label="dout")
    grads = student.residual_block_backward(dout, cache)
    wants = reference.residual_block_backward(dout, want_cache)
    for name, got, expected in zip(("dx", "dw1", "db1", "dw2", "db2"), grads, wants, strict=True):
        assert_close(got, expected, f"residual_block_backward: {name}")
