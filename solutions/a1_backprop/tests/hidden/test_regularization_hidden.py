"""Hidden tests of the weight penalties and logistic regression against the reference."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import (
    assert_composition,
    assert_matches_reference,
    assert_returns,
    graded,
)
from autograder.testing import strategies as st


def weights_with_zeros(data, shape):
    """Weights of ``shape`` where about a third of the entries are exactly 0."""
    w = data.draw(st.arrays(shape), label="w")
    return np.where(data.draw(st.arrays(shape), label="zeros") > 1.5, 0.0, w)


@graded(
    part="regularization",
    points=1,
    visibility="after_due_date",
    message="l2_penalty is 0.5 * reg * sum(w**2) with gradient reg * w (not 2 * reg * w: the "
    "0.5 cancels the square's 2).",
)
@given(shape=st.shapes(max_dims=3), reg=st.floats(0.0, 3.0), data=hs.data())
def test_l2_penalty_matches_reference(student, reference, shape, reg, data):
    w = weights_with_zeros(data, shape)
    assert_matches_reference(student, reference, "l2_penalty", w, reg, returns=("loss", "dw"))


@graded(
    part="regularization",
    points=1,
    visibility="after_due_date",
    message="l1_penalty is reg * sum(|w|) with subgradient reg * sign(w) and sign(0) = 0.",
)
@given(shape=st.shapes(max_dims=3), reg=st.floats(0.0, 3.0), data=hs.data())
def test_l1_penalty_matches_reference(student, reference, shape, reg, data):
    w = weights_with_zeros(data, shape)
    assert_matches_reference(student, reference, "l1_penalty", w, reg, returns=("loss", "dw"))


@hs.composite
def logistic_problems(draw):
    """(w, b, X, y, reg) with labels 0/1 and some weights exactly 0."""
    n, d = draw(st.sides(1, 6)), draw(st.sides(1, 5))
    w = draw(st.arrays((d,), -2.0, 2.0))
    w = np.where(draw(st.arrays((d,))) > 2.0, 0.0, w)
    y = np.array(draw(hs.lists(hs.sampled_from([0.0, 1.0]), min_size=n, max_size=n)))
    return w, draw(st.floats(-2.0, 2.0)), draw(st.arrays((n, d))), y, draw(st.floats(0.1, 3.0))


def check_against_reference(student, reference, problem, penalty):
    """The student's loss and gradients against the reference's, or against the reference's
    made with the student's own penalties and losses (their mistakes are charged in their
    own tests: autograder.testing.composition)."""
    got = student.logistic_regression_loss(*problem, penalty)

    def check(want):
        assert_returns("logistic_regression_loss", got, want, ("loss", "dw", "db"))

    assert_composition(
        check,
        lambda: reference.logistic_regression_loss(*problem, penalty),
        student,
        reference,
        reference.logistic_regression_loss,
    )


@graded(
    part="regularization",
    points=2,
    visibility="after_due_date",
    message="logistic_regression_loss with penalty='l2': the mean binary cross-entropy of "
    "X @ w + b plus 0.5 * reg * sum(w**2); dw gets reg * w added exactly once, db none.",
)
@given(problem=logistic_problems())
def test_logistic_regression_l2_matches_reference(student, reference, problem):
    check_against_reference(student, reference, problem, "l2")


@graded(
    part="regularization",
    points=2,
    visibility="after_due_date",
    message="logistic_regression_loss with penalty='l1': plus reg * sum(|w|); dw gets "
    "reg * sign(w) added (0 where w is exactly 0), db none.",
)
@given(problem=logistic_problems())
def test_logistic_regression_l1_matches_reference(student, reference, problem):
    check_against_reference(student, reference, problem, "l1")
