"""Hidden tests of the layers (affine, the activations, dropout): your results against the
reference solution on inputs hypothesis draws (derandomized: every student gets the same inputs)."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_matches_reference, graded
from autograder.testing import strategies as st
from autograder.testing.strategies import layers


@graded(
    part="affine",
    points=2,
    visibility="after_due_date",
    message="affine_forward must handle examples of any shape (d1, ..., dk): flatten each to "
    "a row of length D = d1 * ... * dk.",
)
@given(inputs=layers.affine_inputs())
def test_affine_forward_any_shape(student, reference, inputs):
    assert_matches_reference(student, reference, "affine_forward", *inputs, returns=("out", None))


@graded(
    part="affine",
    points=2,
    visibility="after_due_date",
    message="db is dout summed over the batch axis (axis 0), one entry per output unit.",
)
@given(inputs=layers.affine_inputs(max_feature_dims=1), data=hs.data())
def test_affine_backward_db(student, reference, inputs, data):
    x, w, b = inputs
    dout = data.draw(st.arrays((x.shape[0], w.shape[1])), label="dout")
    _, _, db = student.affine_backward(dout, student.affine_forward(x, w, b)[1])
    _, _, want = reference.affine_backward(dout, reference.affine_forward(x, w, b)[1])
    assert_close(db, want, "affine_backward: db")


@graded(
    part="affine",
    points=3,
    visibility="after_due_date",
    message="affine_backward must flatten x to (N, D) for dw = x_flat.T @ dout, and give dx "
    "the original shape of x, also when each example has several axes.",
)
@given(inputs=layers.affine_inputs(min_feature_dims=2), data=hs.data())
def test_affine_backward_multiaxis_input(student, reference, inputs, data):
    x, w, b = inputs
    dout = data.draw(st.arrays((x.shape[0], w.shape[1])), label="dout")
    dx, dw, _ = student.affine_backward(dout, student.affine_forward(x, w, b)[1])
    want_dx, want_dw, _ = reference.affine_backward(dout, reference.affine_forward(x, w, b)[1])
    assert_close(dx, want_dx, "affine_backward: dx")
    assert_close(dw, want_dw, "affine_backward: dw")


@graded(
    part="relu",
    points=1,
    visibility="after_due_date",
    message="relu_forward(x) is max(0, x) elementwise, for arrays of any shape.",
)
@given(x=st.arrays(st.shapes()))
def test_relu_forward_any_shape(student, reference, x):
    assert_matches_reference(student, reference, "relu_forward", x, returns=("out", None))


@graded(
    part="relu",
    points=2,
    visibility="after_due_date",
    message="relu_backward must block the gradient where x < 0 (and at x = 0) and pass dout "
    "through unchanged where x > 0.",
)
@given(x=st.arrays(st.shapes()), data=hs.data())
def test_relu_backward_blocks_negative_inputs(student, reference, x, data):
    x = x.copy()
    x.flat[::2] = 0.0  # every other input exactly 0, where the gradient is blocked too
    dout = data.draw(st.arrays(x.shape), label="dout")
    dx = student.relu_backward(dout, student.relu_forward(x)[1])
    want = reference.relu_backward(dout, reference.relu_forward(x)[1])
    assert_close(dx, want, "relu_backward: dx")


@graded(
    part="activations",
    points=2,
    visibility="after_due_date",
    message="leaky_relu: out = x where x > 0 and negative_slope * x where x <= 0; the "
    "gradient is negative_slope * dout where x <= 0 (also at x = 0, as PyTorch), for any "
    "negative_slope you are given.",
)
@given(x=st.arrays(st.shapes()), slope=st.floats(0.0, 1.0), data=hs.data())
def test_leaky_relu_matches_reference(student, reference, x, slope, data):
    x = np.where(data.draw(st.arrays(x.shape), label="zeros") > 3, 0.0, x)
    dout = data.draw(st.arrays(x.shape), label="dout")
    (_, cache), (_, want_cache) = assert_matches_reference(
        student, reference, "leaky_relu_forward", x, slope, returns=("out", None)
    )
    assert_close(
        student.leaky_relu_backward(dout, cache),
        reference.leaky_relu_backward(dout, want_cache),
        "leaky_relu_backward: dx",
    )


@graded(
    part="activations",
    points=2,
    visibility="after_due_date",
    message="sigmoid must be stable for |x| up to 1e3: no overflow, no inf, no nan, and a "
    "gradient that is exactly dout * s * (1 - s). Never take exp of a positive number.",
)
@given(x=st.arrays(st.shapes(max_dims=2), -1e3, 1e3), data=hs.data())
def test_sigmoid_stable_for_large_inputs(student, reference, x, data):
    dout = data.draw(st.arrays(x.shape), label="dout")
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        (_, cache), (_, want_cache) = assert_matches_reference(
            student, reference, "sigmoid_forward", x, returns=("out", None)
        )
        dx = student.sigmoid_backward(dout, cache)
    assert_close(dx, reference.sigmoid_backward(dout, want_cache), "sigmoid_backward: dx")


@graded(
    part="activations",
    points=1,
    visibility="after_due_date",
    message="tanh_forward must be tanh(x) without overflow for |x| up to 1e3, and "
    "tanh_backward dout * (1 - tanh(x)**2).",
)
@given(x=st.arrays(st.shapes(max_dims=2), -1e3, 1e3), data=hs.data())
def test_tanh_matches_reference(student, reference, x, data):
    dout = data.draw(st.arrays(x.shape), label="dout")
    with np.errstate(over="raise", invalid="raise"):
        (_, cache), (_, want_cache) = assert_matches_reference(
            student, reference, "tanh_forward", x, returns=("out", None)
        )
        dx = student.tanh_backward(dout, cache)
    assert_close(dx, reference.tanh_backward(dout, want_cache), "tanh_backward: dx")


@graded(
    part="dropout",
    points=2,
    visibility="after_due_date",
    message="In training, dropout keeps the elements where u >= p, with "
    "u = np.random.default_rng(seed).random(x.shape), and scales them by 1 / (1 - p) (inverted "
    "dropout), so that the expected output equals x; at test time out = x.",
)
@given(x=st.arrays(st.shapes()), p=st.floats(0.0, 0.95), seed=st.seeds())
def test_dropout_forward_scales_survivors(student, reference, x, p, seed):
    for training in (True, False):
        out, _ = student.dropout_forward(x, p, training, seed)
        want, _ = reference.dropout_forward(x, p, training, seed)
        mode = "in training" if training else "at test time"
        assert_close(out, want, f"dropout_forward: out {mode}")


@graded(
    part="dropout",
    points=2,
    visibility="after_due_date",
    message="dropout_backward must reuse the forward pass's mask (kept from the cache), "
    "scaled by 1 / (1 - p): a new random mask, or no mask, gives the wrong gradient. Also "
    "with seed=None (the network's default), after another forward pass: drawing the mask "
    "again from the seed is not reusing it.",
)
@given(x=st.arrays(st.shapes()), p=st.floats(0.05, 0.95), seed=st.seeds(), data=hs.data())
def test_dropout_backward_reuses_mask(student, reference, x, p, seed, data):
    dout = data.draw(st.arrays(x.shape), label="dout")
    dx = student.dropout_backward(dout, student.dropout_forward(x, p, True, seed)[1])
    want = reference.dropout_backward(dout, reference.dropout_forward(x, p, True, seed)[1])
    assert_close(dx, want, "dropout_backward: dx")
    x = st.away_from_kinks(x, margin=0.1)  # no zeros: out != 0 exactly where x is kept
    out, cache = student.dropout_forward(x, p, True, None)
    student.dropout_forward(x, p, True, None)
    kept = np.asarray(out) != 0
    assert_close(
        student.dropout_backward(dout, cache),
        dout * kept / (1 - p),
        "dropout_backward: dx with seed=None, after a second forward pass",
    )


@graded(
    part="dropout",
    points=1,
    visibility="after_due_date",
    message="With p = 1 every element is dropped (out = 0, no 0 / 0), and with p = 0 none "
    "is (out = x).",
)
@given(x=st.arrays(st.shapes()), seed=st.seeds())
def test_dropout_extreme_probabilities(student, x, seed):
    out, _ = student.dropout_forward(x, 1.0, True, seed)
    assert_close(out, np.zeros_like(x), "dropout_forward: out with p = 1")
    out, _ = student.dropout_forward(x, 0.0, True, seed)
    assert_close(out, x, "dropout_forward: out with p = 0")
