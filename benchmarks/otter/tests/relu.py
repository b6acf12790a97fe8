"""otter test of the a1 slice, part relu: the kit's four tests of relu_forward and
relu_backward (public and hidden, 6 points), on fixed inputs."""

import numpy as np
from otter.test_files import test_case
from slice_checks import assert_close, assert_gradient, case, numbered

OK_FORMAT = False

name = "relu"


def check_stored_forward(relu_forward):
    """relu_forward on the kit's stored case."""
    stored = case("relu_forward")
    assert_close(relu_forward(stored["x"])[0], stored["out"], "relu_forward: out")


@test_case(name="test_relu_forward_values", points=1)
def test_relu_forward_values(relu_forward):
    check_stored_forward(relu_forward)


@test_case(name="test_relu_backward_gradient_check", points=2)
def test_relu_backward_gradient_check(relu_forward, relu_backward):
    check_stored_forward(relu_forward)
    for c in numbered("relu"):
        # A numeric gradient is meaningless at the kink: move every input 0.01 away from 0.
        x = np.where(np.abs(c["x"]) < 1e-2, np.where(c["x"] < 0, -1e-2, 1e-2), c["x"])
        dx = relu_backward(c["dout"], relu_forward(x)[1])
        assert_gradient(lambda v: relu_forward(v)[0], x, c["dout"], dx, "dx")


@test_case(name="test_relu_forward_any_shape", points=1, hidden=True)
def test_relu_forward_any_shape(relu_forward):
    for c in numbered("relu"):
        assert_close(relu_forward(c["x"])[0], c["out"], "relu_forward: out")


@test_case(name="test_relu_backward_blocks_negative_inputs", points=2, hidden=True)
def test_relu_backward_blocks_negative_inputs(relu_forward, relu_backward):
    for c in numbered("relu"):
        dx = relu_backward(c["dout"], relu_forward(c["x"])[1])
        assert_close(dx, c["dx"], "relu_backward: dx")
