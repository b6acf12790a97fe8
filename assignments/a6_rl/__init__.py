"""Assignment 6: reinforcement learning, in NumPy, on Gymnasium's environments.

You will write dynamic programming on a known model (policy evaluation, policy improvement,
policy iteration, value iteration), epsilon-greedy exploration, first-visit Monte Carlo
control, the SARSA, Q-learning and expected SARSA updates and the loops that train SARSA and
Q-learning, and two pieces of deep Q-learning: a replay buffer and the DQN and double-DQN
targets; and you will see SARSA and Q-learning learn different paths past CliffWalking's
cliff (Sutton and Barto, example 6.6).

A model is a transition table P[s][a] = [(prob, next_state, reward, terminated), ...], the
form env.unwrapped.P of FrozenLake-v1 and CliffWalking-v1 has. States and actions are ints;
V has shape (nS,), Q (nS, nA), a policy (nS, nA) of action probabilities (one-hot when
deterministic); arrays are float64. Everywhere: the value of a terminal state is 0 (a
transition with terminated=True is not bootstrapped), gamma discounts the next state's
value and never the reward, greedy ties go to the lowest action index (np.argmax), and no
function modifies its arguments.

Modules, in the order to write them:
    dynamic_programming.py  q_from_v, policy_evaluation, policy_improvement,
                            policy_iteration, value_iteration
    exploration.py          epsilon_greedy
    monte_carlo.py          first_visit_mc_update, mc_control
    td.py                   sarsa_update, q_learning_update, expected_sarsa_update,
                            train_sarsa, train_q_learning
    replay.py               ReplayBuffer
    dqn.py                  dqn_targets, double_dqn_targets
Given (nothing to write): environments.py (make_env, transition_table, greedy_path,
epsilon_greedy_actions, draw_values, draw_paths).
"""

from .dqn import double_dqn_targets, dqn_targets
from .dynamic_programming import (
    policy_evaluation,
    policy_improvement,
    policy_iteration,
    q_from_v,
    value_iteration,
)
from .environments import (
    draw_paths,
    draw_values,
    epsilon_greedy_actions,
    greedy_path,
    make_env,
    transition_table,
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
    "draw_paths",
    "draw_values",
    "epsilon_greedy",
    "epsilon_greedy_actions",
    "expected_sarsa_update",
    "first_visit_mc_update",
    "greedy_path",
    "make_env",
    "mc_control",
    "policy_evaluation",
    "policy_improvement",
    "policy_iteration",
    "q_from_v",
    "q_learning_update",
    "sarsa_update",
    "train_q_learning",
    "train_sarsa",
    "transition_table",
    "value_iteration",
]
