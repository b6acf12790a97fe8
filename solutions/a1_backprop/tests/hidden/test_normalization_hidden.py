"""Hidden tests of batch and layer normalization against the reference solution."""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_matches_reference, assert_returns, graded
from autograder.testing import strategies as st
from autograder.testing.strategies import layers


def running_averages(data, d):
    """A running mean (D,) and a positive running variance (D,)."""
    return (
        data.draw(st.arrays((d,)), label="running_mean"),
        data.draw(st.arrays((d,), 0.1, 3.0), label="running_var"),
    )


@graded(
    part="batchnorm",
    points=2,
    visibility="after_due_date",
    message="batchnorm_forward in training: normalize each feature over the batch (axis 0) "
    "with the biased variance, and update running_mean and running_var as "
    "(1 - momentum) * old + momentum * new, with the unbiased variance N / (N - 1) * var.",
)
@given(
    inputs=layers.normalization_inputs(min_batch=2),
    momentum=st.floats(0.0, 1.0),
    data=hs.data(),
)
def test_batchnorm_training_matches_reference(student, reference, inputs, momentum, data):
    mean, var = running_averages(data, inputs[0].shape[1])
    assert_matches_reference(
        student,
        reference,
        "batchnorm_forward",
        *inputs,
        mean,
        var,
        training=True,
        momentum=momentum,
        returns=("out", None, "running_mean", "running_var"),
    )


@graded(
    part="batchnorm",
    points=2,
    visibility="after_due_date",
    message="At test time batch norm must use running_mean and running_var, never the "
    "statistics of the batch it is given (a single example, or a batch of identical ones, "
    "must still be normalized), and return the running averages unchanged.",
)
@given(inputs=layers.normalization_inputs(), data=hs.data())
def test_batchnorm_test_mode_uses_running_averages(student, reference, inputs, data):
    mean, var = running_averages(data, inputs[0].shape[1])
    # The reference returns mean and var unchanged, as the student must.
    assert_matches_reference(
        student,
        reference,
        "batchnorm_forward",
        *inputs,
        mean,
        var,
        training=False,
        returns=("out", None, "running_mean", "running_var"),
    )


@graded(
    part="batchnorm",
    points=1,
    visibility="after_due_date",
    message="batchnorm_backward: dgamma = sum(dout * x_hat), dbeta = sum(dout) over the "
    "batch; dx through the batch mean and variance in training, dout * gamma / std at test "
    "time.",
)
@given(inputs=layers.normalization_inputs(min_batch=2), training=hs.booleans(), data=hs.data())
def test_batchnorm_backward_matches_reference(student, reference, inputs, training, data):
    x = inputs[0]
    mean, var = running_averages(data, x.shape[1])
    dout = data.draw(st.arrays(x.shape), label="dout")
    cache = student.batchnorm_forward(*inputs, mean, var, training=training)[1]
    want_cache = reference.batchnorm_forward(*inputs, mean, var, training=training)[1]
    grads = student.batchnorm_backward(dout, cache)
    want = reference.batchnorm_backward(dout, want_cache)
    assert_returns("batchnorm_backward", grads, want, ("dx", "dgamma", "dbeta"))


@graded(
    part="layernorm",
    points=2,
    visibility="after_due_date",
    message="layernorm_forward normalizes each example over its own features (axis 1), not "
    "over the batch: it must give the same row for an example whatever else is in the batch.",
)
@given(inputs=layers.normalization_inputs())
def test_layernorm_forward_normalizes_each_example(student, reference, inputs):
    assert_matches_reference(
        student, reference, "layernorm_forward", *inputs, returns=("out", None)
    )


@graded(
    part="layernorm",
    points=1,
    visibility="after_due_date",
    message="layernorm_backward: batch norm's training formula with the means over axis 1 "
    "(keepdims=True); dgamma and dbeta sum over the batch.",
)
@given(inputs=layers.normalization_inputs(), data=hs.data())
def test_layernorm_backward_matches_reference(student, reference, inputs, data):
    dout = data.draw(st.arrays(inputs[0].shape), label="dout")
    grads = student.layernorm_backward(dout, student.layernorm_forward(*inputs)[1])
    want = reference.layernorm_backward(dout, reference.layernorm_forward(*inputs)[1])
    assert_returns("layernorm_backward", grads, want, ("dx", "dgamma", "dbeta"))
