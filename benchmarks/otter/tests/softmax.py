"""otter test of the a1 slice, part softmax: the kit's five tests of softmax_loss (public
and hidden, 12 points), on fixed inputs."""

import numpy as np
from otter.test_files import test_case
from slice_checks import assert_close, assert_gradient, case, numbered

OK_FORMAT = False

name = "softmax"


def check_stored(softmax_loss, name):
    """softmax_loss on the kit's stored case ``name``: the loss and dscores."""
    stored = case(name)
    with np.errstate(all="ignore"):
        loss, dscores = softmax_loss(stored["scores"], stored["y"])
    assert_close(loss, stored["loss"], "softmax_loss: loss")
    assert_close(dscores, stored["dscores"], "softmax_loss: dscores")


def check_gradient(softmax_loss, scores, y):
    """log(C) for equal scores, and dscores against a numeric gradient of the loss."""
    uniform, _ = softmax_loss(np.zeros_like(scores), y)
    assert_close(uniform, np.log(scores.shape[1]), "loss when all scores are equal")
    dscores = softmax_loss(scores, y)[1]
    assert_gradient(lambda s: softmax_loss(s, y)[0], scores, 1.0, dscores, "dscores")


@test_case(name="test_softmax_loss_values", points=2)
def test_softmax_loss_values(softmax_loss):
    check_stored(softmax_loss, "softmax_loss")


@test_case(name="test_softmax_loss_gradient_check", points=2)
def test_softmax_loss_gradient_check(softmax_loss):
    for c in numbered("softmax"):
        check_gradient(softmax_loss, c["scores"], c["y"])


@test_case(name="test_softmax_loss_large_logits_values", points=2)
def test_softmax_loss_large_logits_values(softmax_loss):
    check_stored(softmax_loss, "softmax_loss_large")


@test_case(name="test_softmax_loss_mean_over_batch", points=3, hidden=True)
def test_softmax_loss_mean_over_batch(softmax_loss):
    for c in numbered("softmax"):
        loss, dscores = softmax_loss(c["scores"], c["y"])
        assert_close(loss, c["loss"], "softmax_loss: loss")
        assert_close(dscores, c["dscores"], "softmax_loss: dscores")


@test_case(name="test_softmax_loss_stable_for_large_logits", points=3, hidden=True)
def test_softmax_loss_stable_for_large_logits(softmax_loss):
    for c in numbered("softmax_large"):
        with np.errstate(all="ignore"):
            loss, dscores = softmax_loss(c["scores"], c["y"])
        assert_close(loss, c["loss"], "softmax_loss: loss")
        assert_close(dscores, c["dscores"], "softmax_loss: dscores")
