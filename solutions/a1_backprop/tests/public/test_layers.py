"""Public tests of the layers (layers.py): affine, the activations and dropout.

Forward passes are compared with stored expected values; backward passes with a numeric
gradient of your own forward pass (so fix a failing forward test first).
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_gradient, assert_matches_stored, graded
from autograder.testing import strategies as st
from autograder.testing.strategies import layers

#: dropout_forward's stored inputs, in the order of its parameters.
DROPOUT_ARGS = ("x", "p", "training", "seed")


@graded(
    part="affine",
    points=2,
    visibility="visible",
    message="affine_forward(x, w, b) returns out = x_flat @ w + b, where x_flat is x "
    "reshaped to (N, D).",
)
def test_affine_forward_values(student, expected):
    assert_matches_stored(
        student, expected, "affine_forward", args=("x", "w", "b"), returns=("out", None)
    )


@graded(
    part="affine",
    points=3,
    visibility="visible",
    message="affine_backward returns (dx, dw, db), the gradients of sum(out * dout) with "
    "respect to x, w and b; dx has the shape of x, db sums dout over the batch. (This test "
    "needs a correct affine_forward too.)",
)
@given(inputs=layers.affine_inputs(max_feature_dims=2, max_side=3), data=hs.data())
def test_affine_backward_gradient_check(student, expected, inputs, data):
    assert_matches_stored(
        student, expected, "affine_forward", args=("x", "w", "b"), returns=("out", None)
    )
    x, w, b = inputs
    dout = data.draw(st.arrays((x.shape[0], w.shape[1])), label="dout")
    _, cache = student.affine_forward(x, w, b)
    dx, dw, db = student.affine_backward(dout, cache)
    assert_gradient(lambda v: student.affine_forward(v, w, b)[0], x, dout, dx, "dx")
    assert_gradient(lambda v: student.affine_forward(x, v, b)[0], w, dout, dw, "dw")
    assert_gradient(lambda v: student.affine_forward(x, w, v)[0], b, dout, db, "db")


@graded(
    part="relu",
    points=1,
    visibility="visible",
    message="relu_forward(x) returns out = max(0, x) elementwise, with the shape of x.",
)
def test_relu_forward_values(student, expected):
    assert_matches_stored(student, expected, "relu_forward", args=("x",), returns=("out", None))


@graded(
    part="relu",
    points=2,
    visibility="visible",
    message="relu_backward passes dout through where x > 0 and gives 0 where x < 0. (This "
    "test needs a correct relu_forward too.)",
)
@given(x=st.arrays(st.shapes(max_dims=3, max_side=4)), data=hs.data())
def test_relu_backward_gradient_check(student, expected, x, data):
    assert_matches_stored(student, expected, "relu_forward", args=("x",), returns=("out", None))
    x = st.away_from_kinks(x)
    dout = data.draw(st.arrays(x.shape), label="dout")
    _, cache = student.relu_forward(x)
    dx = student.relu_backward(dout, cache)
    assert_gradient(lambda v: student.relu_forward(v)[0], x, dout, dx, "dx")


@graded(
    part="activations",
    points=1,
    visibility="visible",
    message="leaky_relu_forward gives x where x > 0 and negative_slope * x elsewhere; "
    "leaky_relu_backward passes dout where x > 0 and negative_slope * dout elsewhere.",
)
@given(x=st.arrays(st.shapes(max_dims=3, max_side=4)), data=hs.data())
def test_leaky_relu_gradient_check(student, expected, x, data):
    assert_matches_stored(
        student,
        expected,
        "leaky_relu_forward",
        args=("x", "negative_slope"),
        returns=("out", None),
    )
    x = st.away_from_kinks(x)
    slope = data.draw(st.floats(0.0, 0.5), label="negative_slope")
    dout = data.draw(st.arrays(x.shape), label="dout")
    dx = student.leaky_relu_backward(dout, student.leaky_relu_forward(x, slope)[1])
    assert_gradient(lambda v: student.leaky_relu_forward(v, slope)[0], x, dout, dx, "dx")


@graded(
    part="activations",
    points=1,
    visibility="visible",
    message="sigmoid_forward must be 1 / (1 + exp(-x)), with no overflow for |x| up to 1e3: "
    "never take exp of a positive number (use exp(x) / (1 + exp(x)) where x < 0).",
)
def test_sigmoid_forward_values_and_stability(student, expected):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert_matches_stored(
            student, expected, "sigmoid_forward", args=("x",), returns=("out", None)
        )


@graded(
    part="activations",
    points=1,
    visibility="visible",
    message="sigmoid_backward is dout * s * (1 - s) with s = sigmoid(x). (This test needs a "
    "correct sigmoid_forward too.)",
)
@given(x=st.arrays(st.shapes(max_dims=3, max_side=4)), data=hs.data())
def test_sigmoid_gradient_check(student, expected, x, data):
    assert_matches_stored(student, expected, "sigmoid_forward", args=("x",), returns=("out", None))
    dout = data.draw(st.arrays(x.shape), label="dout")
    dx = student.sigmoid_backward(dout, student.sigmoid_forward(x)[1])
    assert_gradient(lambda v: student.sigmoid_forward(v)[0], x, dout, dx, "dx")


@graded(
    part="activations",
    points=1,
    visibility="visible",
    message="tanh_forward is tanh(x) (np.tanh is stable) and tanh_backward is "
    "dout * (1 - tanh(x)**2).",
)
@given(x=st.arrays(st.shapes(max_dims=3, max_side=4)), data=hs.data())
def test_tanh_gradient_check(student, expected, x, data):
    assert_matches_stored(student, expected, "tanh_forward", args=("x",), returns=("out", None))
    dout = data.draw(st.arrays(x.shape), label="dout")
    dx = student.tanh_backward(dout, student.tanh_forward(x)[1])
    assert_gradient(lambda v: student.tanh_forward(v)[0], x, dout, dx, "dx")


@graded(
    part="dropout",
    points=1,
    visibility="visible",
    message="dropout_forward in training keeps each element where u >= p (u = "
    "np.random.default_rng(seed).random(x.shape)) and scales it by 1 / (1 - p); at test "
    "time it returns x unchanged.",
)
def test_dropout_forward_values(student, expected):
    for case in ("dropout_forward", "dropout_forward_test_time"):
        assert_matches_stored(
            student,
            expected,
            "dropout_forward",
            args=DROPOUT_ARGS,
            returns=("out", None),
            case=case,
        )


@graded(
    part="dropout",
    points=2,
    visibility="visible",
    message="dropout_backward must multiply dout by the very mask of the forward pass "
    "(kept elements scaled by 1 / (1 - p), dropped ones 0), and pass dout unchanged at test "
    "time. (This test needs a correct dropout_forward too.)",
)
@given(
    x=st.arrays(st.shapes(max_dims=3, max_side=4)),
    p=st.floats(0.0, 0.9),
    seed=st.seeds(),
    data=hs.data(),
)
def test_dropout_backward_gradient_check(student, expected, x, p, seed, data):
    assert_matches_stored(
        student, expected, "dropout_forward", args=DROPOUT_ARGS, returns=("out", None)
    )
    dout = data.draw(st.arrays(x.shape), label="dout")
    for training, name in ((True, "dx in training"), (False, "dx at test time")):
        dx = student.dropout_backward(dout, student.dropout_forward(x, p, training, seed)[1])

        def forward(v, training=training):
            return student.dropout_forward(v, p, training, seed)[0]

        assert_gradient(forward, x, dout, dx, name)
