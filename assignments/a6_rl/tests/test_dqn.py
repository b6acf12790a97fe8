"""Public tests of dqn_targets and double_dqn_targets (dqn.py), on small batches worked out
by hand: every value below follows from the docstrings' formulas."""

import numpy as np

from autograder.testing import assert_close, graded

REWARDS = np.array([1.0, -1.0, 0.5, 0.0])
NEXT_Q = np.array([[1.0, 2.0, 0.0], [3.0, 0.0, -1.0], [-2.0, -4.0, -3.0], [10.0, 10.0, 10.0]])
TERMINATED = np.array([False, True, False, True])


@graded(
    part="dqn",
    points=2,
    visibility="visible",
    message="dqn_targets is r + gamma * max_a next_q for each transition, and r alone where "
    "terminated is True (a terminal state's value is 0, whatever next_q says). With rewards "
    "[1, -1, 0.5, 0], next_q [[1, 2, 0], [3, 0, -1], [-2, -4, -3], [10, 10, 10]], "
    "terminated [F, T, F, T] and gamma 0.9 the targets are [2.8, -1, -1.3, 0]. The usual "
    "mistakes: no terminal mask (-1 becomes 1.7), gamma applied to the reward too.",
)
def test_dqn_targets_worked_example(student):
    targets = student.dqn_targets(REWARDS, NEXT_Q, TERMINATED, 0.9)
    assert_close(targets, np.array([2.8, -1.0, -1.3, 0.0]), "targets of the worked example")
    targets = student.dqn_targets(REWARDS, NEXT_Q, TERMINATED, 0.0)
    assert_close(targets, REWARDS, "targets with gamma = 0 (the rewards alone)")


@graded(
    part="dqn",
    points=2,
    visibility="visible",
    message="double_dqn_targets picks a* = argmax of the ONLINE Q-values (ties to the lowest "
    "index) and values it with the TARGET Q-values: y = r + gamma * next_q_target[a*], r "
    "alone where terminated. With rewards [1, 0, -1, 2], online [[1, 3, 2], [0.5, 0.5, 0], "
    "[4, 0, 1], [0, 5, 0]], target [[2, -1, 5], [3, 6, 9], [1, 2, 3], [7, 7, 7]], "
    "terminated [F, F, F, T] and gamma 0.5 the targets are [0.5, 1.5, -0.5, 2]. The usual "
    "mistakes: selecting with the target network ([3.5, 4.5, 0.5, 2]: that is DQN), "
    "evaluating with the online one ([2.5, 0.25, 1, 2]), the last index of a tie (row 1: 3).",
)
def test_double_dqn_targets_worked_example(student):
    online = np.array([[1.0, 3.0, 2.0], [0.5, 0.5, 0.0], [4.0, 0.0, 1.0], [0.0, 5.0, 0.0]])
    target = np.array([[2.0, -1.0, 5.0], [3.0, 6.0, 9.0], [1.0, 2.0, 3.0], [7.0, 7.0, 7.0]])
    rewards, terminated = np.array([1.0, 0.0, -1.0, 2.0]), np.array([False, False, False, True])
    targets = student.double_dqn_targets(rewards, online, target, terminated, 0.5)
    assert_close(targets, np.array([0.5, 1.5, -0.5, 2.0]), "targets of the worked example")
