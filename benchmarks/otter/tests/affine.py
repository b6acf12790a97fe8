"""otter test of the a1 slice, part affine: the kit's five tests of affine_forward and
affine_backward (public and hidden, 12 points), on fixed inputs."""

from otter.test_files import test_case
from slice_checks import assert_close, assert_gradient, case, numbered

OK_FORMAT = False

name = "affine"


def check_stored_forward(affine_forward):
    """affine_forward on the kit's stored case."""
    stored = case("affine_forward")
    out, _ = affine_forward(stored["x"], stored["w"], stored["b"])
    assert_close(out, stored["out"], "affine_forward: out")


def check_gradients(affine_forward, affine_backward, x, w, b, dout):
    """dx, dw and db against numeric gradients of the student's own forward pass."""
    dx, dw, db = affine_backward(dout, affine_forward(x, w, b)[1])
    assert_gradient(lambda v: affine_forward(v, w, b)[0], x, dout, dx, "dx")
    assert_gradient(lambda v: affine_forward(x, v, b)[0], w, dout, dw, "dw")
    assert_gradient(lambda v: affine_forward(x, w, v)[0], b, dout, db, "db")


@test_case(name="test_affine_forward_values", points=2)
def test_affine_forward_values(affine_forward):
    check_stored_forward(affine_forward)


@test_case(name="test_affine_backward_gradient_check", points=3)
def test_affine_backward_gradient_check(affine_forward, affine_backward):
    check_stored_forward(affine_forward)
    for c in numbered("affine"):
        check_gradients(affine_forward, affine_backward, c["x"], c["w"], c["b"], c["dout"])


@test_case(name="test_affine_forward_any_shape", points=2, hidden=True)
def test_affine_forward_any_shape(affine_forward):
    for c in numbered("affine"):
        assert_close(affine_forward(c["x"], c["w"], c["b"])[0], c["out"], "affine_forward: out")


@test_case(name="test_affine_backward_db", points=2, hidden=True)
def test_affine_backward_db(affine_forward, affine_backward):
    for c in numbered("affine"):
        cache = affine_forward(c["x"], c["w"], c["b"])[1]
        assert_close(affine_backward(c["dout"], cache)[2], c["db"], "affine_backward: db")


@test_case(name="test_affine_backward_multiaxis_input", points=3, hidden=True)
def test_affine_backward_multiaxis_input(affine_forward, affine_backward):
    for c in numbered("affine"):
        if c["x"].ndim < 3:
            continue
        dx, dw, _ = affine_backward(c["dout"], affine_forward(c["x"], c["w"], c["b"])[1])
        assert_close(dx, c["dx"], "affine_backward: dx")
        assert_close(dw, c["dw"], "affine_backward: dw")
