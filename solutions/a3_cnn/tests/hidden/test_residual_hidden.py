"""Hidden tests of the residual block against the reference."""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_composition, assert_returns, graded
from autograder.testing import strategies as st
from autograder.testing.strategies import convolution

#: Larger than the public tests, with 5x5 filters too.
INPUTS = convolution.residual_inputs(
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
    dout = data.draw(st.arrays(reference.residual_block_forward(*inputs)[0].shape), label="dout")
    grads = student.residual_block_backward(dout, cache)

    def run_reference():
        want, want_cache = reference.residual_block_forward(*inputs)
        return want, reference.residual_block_backward(dout, want_cache)

    def check(want):
        want_out, wants = want
        assert_close(out, want_out, "residual_block_forward: out")
        names = ("dx", "dw1", "db1", "dw2", "db2")
        assert_returns("residual_block_backward", grads, wants, names)

    assert_composition(check, run_reference, student, reference, reference.residual_block_forward)
