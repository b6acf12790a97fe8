"""Public tests of the residual block (residual.py)."""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_gradient, assert_matches_stored, graded
from autograder.testing import strategies as st
from autograder.testing.strategies import convolution

#: The stored inputs of residual_block_forward, in the order of its parameters.
RESIDUAL_ARGS = ("x", "w1", "b1", "w2", "b2")


@graded(
    part="residual",
    points=2,
    visibility="visible",
    message="residual_block_forward: h = relu(conv(x, w1, b1)), out = relu(x + conv(h, w2, "
    "b2)), both convolutions with stride 1 and pad (K - 1) // 2; the last ReLU after the sum.",
)
def test_residual_block_forward_values(student, expected):
    assert_matches_stored(
        student, expected, "residual_block_forward", args=RESIDUAL_ARGS, returns=("out", None)
    )


@graded(
    part="residual",
    points=4,
    visibility="visible",
    message="residual_block_backward returns (dx, dw1, db1, dw2, db2), the gradients of "
    "sum(out * dout); dx has two terms, one through the convolutions and one straight through "
    "the skip connection. (This test needs a correct forward pass too.)",
)
@given(inputs=convolution.residual_inputs(), data=hs.data())
def test_residual_block_backward_gradient_check(student, expected, inputs, data):
    assert_matches_stored(
        student, expected, "residual_block_forward", args=RESIDUAL_ARGS, returns=("out", None)
    )
    out, cache = student.residual_block_forward(*inputs)
    dout = data.draw(st.arrays(out.shape), label="dout")
    grads = student.residual_block_backward(dout, cache)
    names = ("dx", "dw1", "db1", "dw2", "db2")
    for index, (name, grad) in enumerate(zip(names, grads, strict=True)):

        def forward(v, index=index):
            values = list(inputs)
            values[index] = v
            return student.residual_block_forward(*values)[0]

        assert_gradient(forward, inputs[index], dout, grad, f"residual_block_backward: {name}")
