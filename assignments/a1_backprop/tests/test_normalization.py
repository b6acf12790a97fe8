"""Public tests of batch and layer normalization (normalization.py).

Forward passes are compared with stored expected values; backward passes with a numeric
gradient of your own forward pass, on inputs spread out enough that the variance is never
near 0.
"""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_gradient, assert_matches_stored, graded
from autograder.testing import strategies as st
from autograder.testing.strategies import layers

#: batchnorm_forward's stored inputs at test time, in the order of its parameters; the
#: training case adds momentum.
BATCHNORM_ARGS = ("x", "gamma", "beta", "running_mean", "running_var", "training")


@graded(
    part="batchnorm",
    points=2,
    visibility="visible",
    message="batchnorm_forward in training normalizes each feature with the batch's mean "
    "and biased variance (axis 0), then returns running_mean and running_var updated with "
    "(1 - momentum) * old + momentum * new, where the new variance is the UNBIASED one.",
)
def test_batchnorm_forward_training_values(student, expected):
    assert_matches_stored(
        student,
        expected,
        "batchnorm_forward",
        args=(*BATCHNORM_ARGS, "momentum"),
        returns=("out", None, "new_running_mean", "new_running_var"),
    )


@graded(
    part="batchnorm",
    points=2,
    visibility="visible",
    message="batchnorm_forward at test time normalizes with running_mean and running_var "
    "(not the batch's statistics) and returns them unchanged.",
)
def test_batchnorm_forward_test_mode_values(student, expected):
    assert_matches_stored(
        student,
        expected,
        "batchnorm_forward",
        args=BATCHNORM_ARGS,
        returns=("out", None, "running_mean", "running_var"),
        case="batchnorm_forward_test_time",
    )


@graded(
    part="batchnorm",
    points=2,
    visibility="visible",
    message="batchnorm_backward returns (dx, dgamma, dbeta), the gradients of "
    "sum(out * dout); in training dx has three paths (through x_hat, the mean and the "
    "variance). (This test needs a correct batchnorm_forward too.)",
)
@given(inputs=layers.normalization_inputs(min_batch=2, max_batch=4, spread_axis=0), data=hs.data())
def test_batchnorm_backward_gradient_check(student, expected, inputs, data):
    for case, args in (
        ("batchnorm_forward", (*BATCHNORM_ARGS, "momentum")),
        ("batchnorm_forward_test_time", BATCHNORM_ARGS),
    ):
        assert_matches_stored(
            student,
            expected,
            "batchnorm_forward",
            args=args,
            returns=("out", None, None, None),
            case=case,
        )
    x, gamma, beta = inputs
    d = x.shape[1]
    mean, var = (
        data.draw(st.arrays((d,)), label="running_mean"),
        data.draw(st.arrays((d,), 0.5, 2.0), label="running_var"),
    )
    dout = data.draw(st.arrays(x.shape), label="dout")
    for training in (True, False):
        mode = "in training" if training else "at test time"

        def forward(x, gamma, beta, training=training):
            return student.batchnorm_forward(x, gamma, beta, mean, var, training=training)[0]

        _, cache, _, _ = student.batchnorm_forward(x, gamma, beta, mean, var, training=training)
        dx, dgamma, dbeta = student.batchnorm_backward(dout, cache)
        assert_gradient(lambda v: forward(v, gamma, beta), x, dout, dx, f"dx {mode}")
        assert_gradient(lambda v: forward(x, v, beta), gamma, dout, dgamma, f"dgamma {mode}")
        assert_gradient(lambda v: forward(x, gamma, v), beta, dout, dbeta, f"dbeta {mode}")


@graded(
    part="layernorm",
    points=1,
    visibility="visible",
    message="layernorm_forward normalizes each example (row) over its own features (axis 1), "
    "then scales by gamma and shifts by beta per feature.",
)
def test_layernorm_forward_values(student, expected):
    assert_matches_stored(
        student, expected, "layernorm_forward", args=("x", "gamma", "beta"), returns=("out", None)
    )


@graded(
    part="layernorm",
    points=2,
    visibility="visible",
    message="layernorm_backward returns (dx, dgamma, dbeta): batch norm's training formula "
    "with the means over axis 1; dgamma and dbeta still sum over the batch. (This test needs "
    "a correct layernorm_forward too.)",
)
@given(
    inputs=layers.normalization_inputs(min_features=2, max_features=4, spread_axis=1),
    data=hs.data(),
)
def test_layernorm_backward_gradient_check(student, expected, inputs, data):
    assert_matches_stored(
        student, expected, "layernorm_forward", args=("x", "gamma", "beta"), returns=("out", None)
    )
    x, gamma, beta = inputs
    dout = data.draw(st.arrays(x.shape), label="dout")

    def forward(x, gamma, beta):
        return student.layernorm_forward(x, gamma, beta)[0]

    dx, dgamma, dbeta = student.layernorm_backward(dout, student.layernorm_forward(*inputs)[1])
    assert_gradient(lambda v: forward(v, gamma, beta), x, dout, dx, "dx")
    assert_gradient(lambda v: forward(x, v, beta), gamma, dout, dgamma, "dgamma")
    assert_gradient(lambda v: forward(x, gamma, v), beta, dout, dbeta, "dbeta")
