"""Hidden tests of the affine and ReLU layers: your results against the reference solution
on inputs hypothesis draws (derandomized: every student gets the same inputs)."""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, graded
from autograder.testing import strategies as st


@graded(
    part="affine",
    points=2,
    visibility="after_due_date",
    message="affine_forward must handle examples of any shape (d1, ..., dk): flatten each to "
    "a row of length D = d1 * ... * dk.",
)
@given(inputs=st.affine_inputs())
def test_affine_forward_any_shape(student, reference, inputs):
    out, _ = student.affine_forward(*inputs)
    want, _ = reference.affine_forward(*inputs)
    assert_close(out, want, "out")


@graded(
    part="affine",
    points=2,
    visibility="after_due_date",
    message="db is dout summed over the batch axis (axis 0), one entry per output unit.",
)
@given(inputs=st.affine_inputs(max_feature_dims=1), data=hs.data())
def test_affine_backward_db(student, reference, inputs, data):
    x, w, b = inputs
    dout = data.draw(st.arrays((x.shape[0], w.shape[1])), label="dout")
    _, _, db = student.affine_backward(dout, student.affine_forward(x, w, b)[1])
    _, _, want = reference.affine_backward(dout, reference.affine_forward(x, w, b)[1])
    assert_close(db, want, "db")


@graded(
    part="affine",
    points=3,
    visibility="after_due_date",
    message="affine_backward must flatten x to (N, D) for dw = x_flat.T @ dout, and give dx "
    "the original shape of x, also when each example has several axes.",
)
@given(inputs=st.affine_inputs(min_feature_dims=2), data=hs.data())
def test_affine_backward_multiaxis_input(student, reference, inputs, data):
    x, w, b = inputs
    dout = data.draw(st.arrays((x.shape[0], w.shape[1])), label="dout")
    dx, dw, _ = student.affine_backward(dout, student.affine_forward(x, w, b)[1])
    want_dx, want_dw, _ = reference.affine_backward(dout, reference.affine_forward(x, w, b)[1])
    assert_close(dx, want_dx, "dx")
    assert_close(dw, want_dw, "dw")


@graded(
    part="relu",
    points=1,
    visibility="after_due_date",
    message="relu_forward(x) is max(0, x) elementwise, for arrays of any shape.",
)
@given(x=st.arrays(st.shapes()))
def test_relu_forward_any_shape(student, reference, x):
    assert_close(student.relu_forward(x)[0], reference.relu_forward(x)[0], "out")


@graded(
    part="relu",
    points=2,
    visibility="after_due_date",
    message="relu_backward must block the gradient where x < 0 (and at x = 0) and pass dout "
    "through unchanged where x > 0.",
)
@given(x=st.arrays(st.shapes()), data=hs.data())
def test_relu_backward_blocks_negative_inputs(student, reference, x, data):
    dout = data.draw(st.arrays(x.shape), label="dout")
    dx = student.relu_backward(dout, student.relu_forward(x)[1])
    want = reference.relu_backward(dout, reference.relu_forward(x)[1])
    assert_close(dx, want, "dx")
