"""Public tests of the weight penalties and logistic regression (regularization.py)."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_matches_stored, graded, numeric_gradient
from autograder.testing import strategies as st


@graded(
    part="regularization",
    points=0.5,
    visibility="visible",
    message="l2_penalty returns 0.5 * reg * sum(w**2) and dw = reg * w (the 0.5 cancels the "
    "square's 2).",
)
def test_l2_penalty_values(student, expected):
    assert_matches_stored(
        student, expected, "l2_penalty", args=("w", "reg"), returns=("loss", "dw")
    )


@graded(
    part="regularization",
    points=0.5,
    visibility="visible",
    message="l1_penalty returns reg * sum(|w|) and dw = reg * sign(w), with sign(0) = 0.",
)
def test_l1_penalty_values(student, expected):
    assert_matches_stored(
        student, expected, "l1_penalty", args=("w", "reg"), returns=("loss", "dw")
    )


@hs.composite
def logistic_problems(draw, penalty):
    """(w, b, X, y, reg): D features, N examples with labels 0/1; for L1, w is kept away
    from 0, where |w| has a kink."""
    n, d = draw(st.sides(1, 5)), draw(st.sides(1, 4))
    w = draw(st.arrays((d,), -2.0, 2.0))
    if penalty == "l1":
        w = st.away_from_kinks(w, margin=0.05)
    X = draw(st.arrays((n, d)))
    y = draw(hs.lists(hs.sampled_from([0.0, 1.0]), min_size=n, max_size=n))
    return w, draw(st.floats(-2.0, 2.0)), X, np.array(y), draw(st.floats(0.0, 2.0))


def check_logistic_regression(student, expected, problem, penalty):
    """The stored loss, then dw and db against numeric gradients of the student's own loss."""
    assert_matches_stored(
        student,
        expected,
        "logistic_regression_loss",
        args=("w", "b", "X", "y", "reg", "penalty"),
        returns=("loss", None, None),
        case=f"logistic_regression_loss_{penalty}",
    )
    w, b, X, y, reg = problem

    def loss(w, b):
        return student.logistic_regression_loss(w, b, X, y, reg, penalty)[0]

    _, dw, db = student.logistic_regression_loss(w, b, X, y, reg, penalty)
    numeric_dw = numeric_gradient(lambda v: loss(v, b), w.copy())
    numeric_db = numeric_gradient(lambda v: loss(w, float(v[0])), np.array([b]))[0]
    assert_close(dw, numeric_dw, "dw (checked against a numeric gradient)", 1e-5, 1e-7)
    assert_close(db, numeric_db, "db (checked against a numeric gradient)", 1e-5, 1e-7)


@graded(
    part="regularization",
    points=1,
    visibility="visible",
    message="logistic_regression_loss with penalty='l2': dw and db must be the gradients of "
    "the loss it returns, the penalty's gradient included (once, on w only). (This test "
    "needs a correct loss too.)",
)
@given(problem=logistic_problems("l2"))
def test_logistic_regression_l2_gradient_check(student, expected, problem):
    check_logistic_regression(student, expected, problem, "l2")


@graded(
    part="regularization",
    points=1,
    visibility="visible",
    message="logistic_regression_loss with penalty='l1': dw must include reg * sign(w), db "
    "no penalty at all. (This test needs a correct loss too.)",
)
@given(problem=logistic_problems("l1"))
def test_logistic_regression_l1_gradient_check(student, expected, problem):
    check_logistic_regression(student, expected, problem, "l1")
