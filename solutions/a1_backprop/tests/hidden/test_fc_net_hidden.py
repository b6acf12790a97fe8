"""Hidden tests of FullyConnectedNet against the reference network, run on the SAME
parameters (drawn by the test and given to both), so only the forward and backward passes
are compared, not the random initialization."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_composition, graded
from autograder.testing import strategies as st


@hs.composite
def networks(
    draw,
    normalizations=(None, "batchnorm", "layernorm"),
    dropouts=(0.0, 0.25, 0.5),
    min_reg=0.0,
):
    """((hidden_dims, D, C), options, X, y): a small network's arguments and a minibatch of
    N >= 2 examples."""
    hidden = draw(hs.lists(st.sides(1, 4), max_size=2), label="hidden_dims")
    d, c, n = draw(st.sides(1, 4)), draw(st.sides(2, 4)), draw(st.sides(2, 5))
    options = {
        "normalization": draw(hs.sampled_from(normalizations)),
        "dropout": draw(hs.sampled_from(dropouts)),
        "reg": draw(st.floats(min_reg, 1.0)),
        "weight_scale": 0.5,
        "seed": 0,
        "dropout_seed": draw(hs.integers(0, 100)),
    }
    X = draw(st.arrays((n, d), -2.0, 2.0))
    return (hidden, d, c), options, X, draw(st.class_labels(n, c))


def networks_with_drawn_parameters(student, reference, dims, options):
    """The student's network, and a maker of reference networks, all given the same
    parameters, drawn here (so the order of the student's initialization never matters):
    random weights, and biases and betas away from 0, so that no ReLU input sits exactly at
    its kink. (With zero biases, an all-zero X or a dropped layer puts every input of the
    next ReLU at 0, where a relu_backward with another convention at 0, charged in the relu
    part already, would be charged again here.)"""
    net = student.FullyConnectedNet(*dims, **options)
    shapes = {k: np.shape(v) for k, v in net.params.items()}
    want = {k: np.shape(v) for k, v in reference.FullyConnectedNet(*dims, **options).params.items()}
    assert shapes == want, f"params has the shapes {shapes}, expected {want}"
    rng = np.random.default_rng(0)
    params = {
        k: 1.0 + 0.1 * rng.normal(size=shape)
        if k.startswith("gamma")
        else 0.5 * rng.normal(size=shape)
        for k, shape in want.items()
    }
    net.params = {k: v.copy() for k, v in params.items()}

    def new_twin():
        twin = reference.FullyConnectedNet(*dims, **options)
        twin.params = {k: v.copy() for k, v in params.items()}
        return twin

    return net, new_twin


def assert_same_loss_and_grads(got, want):
    """The student's (loss, grads) against the reference's."""
    loss, grads = got
    want_loss, want_grads = want
    assert_close(loss, want_loss, "loss")
    missing = sorted(set(want_grads) - set(grads))
    assert not missing, f"grads has no entry for {', '.join(missing)}"
    for name in want_grads:
        assert_close(grads[name], want_grads[name], f"grads[{name!r}]")


def assert_like_reference(student, reference, new_twin, check, run_twin):
    """``check(run_twin(new_twin()))``, or else ``check`` of the same run with the
    reference network made of the student's own layers: a layer's mistake is charged in the
    layer's tests, not again here (autograder.testing.composition)."""
    assert_composition(
        check,
        lambda: run_twin(new_twin()),
        student,
        reference,
        reference.FullyConnectedNet,
    )


def check_loss_and_grads(student, reference, network):
    """The student's loss(X, y) and grads on ``network`` against the reference network's,
    both given the same drawn parameters (or made of the student's own layers)."""
    dims, options, X, y = network
    net, new_twin = networks_with_drawn_parameters(student, reference, dims, options)
    got = net.loss(X, y)
    assert_like_reference(
        student,
        reference,
        new_twin,
        lambda want: assert_same_loss_and_grads(got, want),
        lambda twin: twin.loss(X, y),
    )


@graded(
    part="fc_net",
    points=3,
    visibility="after_due_date",
    message="loss(X, y) must chain affine, [batch/layer norm], relu, [dropout] for every "
    "hidden layer and a last affine layer into softmax_loss, and backpropagate through all "
    "of them in reverse order; dropout layer i uses the seed dropout_seed + i.",
)
@given(network=networks())
def test_fc_net_loss_and_grads_match_reference(student, reference, network):
    check_loss_and_grads(student, reference, network)


@graded(
    part="fc_net",
    points=2,
    visibility="after_due_date",
    message="The loss includes 0.5 * reg * sum(W**2) for every weight matrix W (not the "
    "biases), so grads['W{i}'] gets reg * W{i} added exactly once: not missing, not doubled.",
)
@given(network=networks(normalizations=(None,), dropouts=(0.0,), min_reg=0.5))
def test_fc_net_regularization_gradient(student, reference, network):
    check_loss_and_grads(student, reference, network)


@graded(
    part="fc_net",
    points=1,
    visibility="after_due_date",
    message="loss(X) without labels is test mode: no dropout, and batch norm with the "
    "running averages that the training calls updated (kept in self.running).",
)
@given(network=networks(normalizations=("batchnorm",)), data=hs.data())
def test_fc_net_test_mode_uses_running_averages(student, reference, network, data):
    dims, options, X, y = network
    net, new_twin = networks_with_drawn_parameters(student, reference, dims, options)
    X_test = data.draw(st.arrays((1, X.shape[1]), -2.0, 2.0), label="X_test")

    def train_twice_then_score(network):
        for _ in range(2):
            network.loss(X, y)
        return network.loss(X_test)

    got = train_twice_then_score(net)
    assert_like_reference(
        student,
        reference,
        new_twin,
        lambda want: assert_close(got, want, "scores in test mode"),
        train_twice_then_score,
    )
