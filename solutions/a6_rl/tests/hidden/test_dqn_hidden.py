"""Hidden tests of dqn_targets and double_dqn_targets against the reference, on drawn
batches: 1 to 6 transitions, 1 to 4 actions, terminal and non-terminal rows, gamma from 0
to 1, and Q-values on a coarse grid so that the argmax is often tied."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs
from hypothesis.extra import numpy as hnp

from autograder.testing import assert_close, graded, modified_in_place
from autograder.testing import strategies as st

#: Q-values drawn from a few values, so that rows often hold ties.
GRID = (-2.0, -0.5, 0.0, 1.0, 3.0)


@hs.composite
def batches(draw):
    """(shape (B, A), rewards, terminated, gamma) of a drawn minibatch; the tests draw their
    Q-values of that shape, each under its own name."""
    shape = (draw(st.sides(1, 6), label="B"), draw(st.sides(1, 4), label="A"))
    rewards = draw(st.arrays((shape[0],), -2.0, 2.0), label="rewards")
    terminated = draw(hnp.arrays(np.bool_, (shape[0],)), label="terminated")
    gamma = draw(hs.sampled_from((0.0, 0.5, 0.9, 0.99, 1.0)), label="gamma")
    return shape, rewards, terminated, gamma


def q_values(shape):
    """Q-values of the given shape on GRID."""
    return hnp.arrays(np.float64, shape, elements=hs.sampled_from(GRID))


def call_without_modifying(function, name, *args):
    """The value of ``function(*args)``, after checking that it left its arguments alone."""
    value, changed = modified_in_place(function, *args)
    assert not changed, (
        f"{name} modified its argument(s) {', '.join(changed)} in place: compute the targets "
        "in a new array (rewards + ..., not rewards += ...)"
    )
    return value


@graded(
    part="dqn",
    points=2,
    visibility="after_due_date",
    message="dqn_targets must equal r + gamma * max_a next_q, with the next value 0 where "
    "terminated is True, on drawn batches (any gamma in [0, 1], one action or several), "
    "without modifying its arguments.",
)
@given(batch=batches(), data=hs.data())
def test_dqn_targets_match_reference(student, reference, batch, data):
    shape, rewards, terminated, gamma = batch
    next_q = data.draw(q_values(shape), label="next_q")
    args = (rewards, next_q, terminated, gamma)
    targets = call_without_modifying(student.dqn_targets, "dqn_targets", *args)
    assert_close(targets, reference.dqn_targets(*args), "dqn_targets: targets")


@graded(
    part="dqn",
    points=2,
    visibility="after_due_date",
    message="double_dqn_targets must select a* with the ONLINE Q-values (a tie goes to the "
    "lowest index) and evaluate it with the TARGET Q-values, with the next value 0 where "
    "terminated is True, on drawn batches whose online rows are often tied, without "
    "modifying its arguments.",
)
@given(batch=batches(), data=hs.data())
def test_double_dqn_targets_match_reference(student, reference, batch, data):
    shape, rewards, terminated, gamma = batch
    next_q_online = data.draw(q_values(shape), label="next_q_online")
    next_q_target = data.draw(q_values(shape), label="next_q_target")
    args = (rewards, next_q_online, next_q_target, terminated, gamma)
    targets = call_without_modifying(student.double_dqn_targets, "double_dqn_targets", *args)
    assert_close(targets, reference.double_dqn_targets(*args), "double_dqn_targets: targets")
