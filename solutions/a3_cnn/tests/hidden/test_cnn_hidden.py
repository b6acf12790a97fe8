"""Hidden tests of ConvNet against the reference network.

Both nets get parameters drawn by the test (the student's initialization has tests of its
own), so the order in which a student draws the initial weights never costs points; a net
that differs from the reference passes if it equals the reference net made of the student's
own layers (their mistakes are charged in their own tests)."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_composition, graded
from autograder.testing import strategies as st


@hs.composite
def configurations(draw):
    """ConvNet keyword arguments for small nets, and a batch (X, y) for them."""
    channels, height, width = (
        draw(st.sides(1, 2)),
        2 * draw(st.sides(2, 4)),
        2 * draw(st.sides(2, 4)),
    )
    config = {
        "input_dim": (channels, height, width),
        "num_filters": draw(st.sides(1, 4)),
        "filter_size": draw(hs.sampled_from([1, 3, 5])),
        "hidden_dim": draw(st.sides(2, 6)),
        "num_classes": draw(st.sides(2, 4)),
        "weight_scale": 0.5,
        "reg": draw(hs.sampled_from([0.0, 0.05, 0.5])),
        "seed": draw(st.seeds()),
    }
    rng = np.random.default_rng(config["seed"])
    X = rng.normal(size=(draw(st.sides(1, 4)), channels, height, width))
    y = rng.integers(0, config["num_classes"], size=X.shape[0])
    return config, X, y


def check_against_reference(student, reference, config, X, y):
    """The student's ConvNet against a reference net with the same parameters, or against
    the reference net made of the student's own layers (a layer's mistake is charged in its
    own tests, not again here: autograder.testing.composition)."""
    net = student.ConvNet(**config)
    shapes = {k: np.shape(v) for k, v in net.params.items()}
    want_shapes = {k: v.shape for k, v in reference.ConvNet(**config).params.items()}
    assert shapes == want_shapes, f"params has the shapes {shapes}, expected {want_shapes}"
    # Parameters drawn here, for both nets (never the student's own: a network whose
    # parameters are all zero has a closed-form loss that would compare equal).
    rng = np.random.default_rng(config["seed"])
    params = {k: 0.5 * rng.normal(size=shape) for k, shape in want_shapes.items()}
    net.params = {k: v.copy() for k, v in params.items()}

    def run(network):
        return network.loss(X), network.loss(X, y)

    def run_reference():
        twin = reference.ConvNet(**config)
        twin.params = {k: v.copy() for k, v in params.items()}
        return run(twin)

    scores, (loss, grads) = run(net)

    def check(want):
        want_scores, (want_loss, want_grads) = want
        assert_close(scores, want_scores, "scores, loss(X)")
        assert_close(loss, want_loss, f"loss with reg={config['reg']}")
        for name, want_grad in want_grads.items():
            assert name in grads, f"grads has no entry for {name}"
            assert_close(grads[name], want_grad, f"grads[{name!r}] with reg={config['reg']}")

    assert_composition(check, run_reference, student, reference, reference.ConvNet)


@graded(
    part="convnet",
    points=8,
    visibility="after_due_date",
    message="ConvNet: parameters of the documented shapes; loss(X) the scores of conv - relu "
    "- 2x2 max pool - affine - relu - affine; loss(X, y) the mean softmax loss plus "
    "0.5 * reg * sum(W**2) over W1, W2, W3, and the gradient of every parameter.",
)
@given(problem=configurations())
def test_convnet_matches_reference(student, reference, problem):
    check_against_reference(student, reference, *problem)


@graded(
    part="convnet",
    points=4,
    visibility="after_due_date",
    message="ConvNet with L2 regularization: the penalty 0.5 * reg * sum(W**2) for W1, W2 and "
    "W3 (not the biases) in the loss, and reg * W in each weight's gradient, exactly once.",
)
@given(problem=configurations(), reg=hs.sampled_from([0.3, 1.0, 3.0]))
def test_convnet_regularization_matches_reference(student, reference, problem, reg):
    config, X, y = problem
    check_against_reference(student, reference, {**config, "reg": reg}, X, y)
