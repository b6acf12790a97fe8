"""Assignment 6: reinforcement learning.

To be written.
"""

from .dqn import double_dqn_targets, dqn_targets
from .dynamic_programming import (
    policy_evaluation,
    policy_improvement,
    policy_iteration,
    value_iteration,
)
from .exploration import epsilon_greedy
from .monte_carlo import first_visit_mc_update, mc_control
from .replay import ReplayBuffer
from .td import (
    expected_sarsa_update,
    q_learning_update,
    sarsa_update,
    train_q_learning,
    train_sarsa,
)

__all__ = [
    "ReplayBuffer",
    "double_dqn_targets",
    "dqn_targets",
    "epsilon_greedy",
    "expected_sarsa_update",
    "first_visit_mc_update",
    "mc_control",
    "policy_evaluation",
    "policy_improvement",
    "policy_iteration",
    "q_learning_update",
    "sarsa_update",
    "train_q_learning",
    "train_sarsa",
    "value_iteration",
]
