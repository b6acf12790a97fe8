"""The a6_rl reference solution, verified against exact computations and the book's figures.

Dynamic programming: the value of a policy is the solution of a linear system. With P_pi
the (nS, nS) matrix of the probabilities of going on from s to s' under pi (outcomes with
terminated=True left out: the value of a terminal state is 0) and r_pi the expected reward
of one step,
    v_pi = (I - gamma P_pi)^-1 r_pi,
built here from the table with dense arrays, independently of the reference. On drawn MDPs
(mdp.mdps: outcomes listed twice, terminated drawn per outcome, non-absorbing rows behind a
terminating transition) policy_evaluation equals the solve; value iteration's and policy
iteration's values equal the solve for their own policies and agree with each other; the
Bellman optimality residual max |V - max_a Q(V)| of both is below 1e-8; q_from_v equals the
dense form r + gamma P V. The figures Sutton and Barto's examples and the curriculum give:
FrozenLake 4x4 slippery, gamma 0.99: V(0) = 0.542026; not slippery, gamma 0.9: V(0) =
0.9^5; CliffWalking, gamma 1: V(36) = -13 and V(s) = -(steps to the goal).

Temporal differences: expected SARSA with epsilon 0 and SARSA with the greedy next action
are Q-learning; with epsilon 1 expected SARSA bootstraps from the mean. Control on
CliffWalking (1000 episodes, alpha 0.1, epsilon 0.1, gamma 1, the graded settings):
Q-learning's greedy path is the cliff edge and SARSA's a safe path for each seed of
CONTROL_SEEDS (the graded seeds 0 and 1 among them); Monte Carlo control on FrozenLake
(not slippery, 4000 episodes, epsilon decaying by 0.9995 an episode) finds a shortest
path for each of them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from autograder.course import Assignment, find_course
from autograder.testing.compare import assert_close
from autograder.testing.strategies import arrays, mdp

pytestmark = pytest.mark.solutions

REF = Assignment(find_course(Path(__file__).parent), "a6_rl").load_reference()

SETTINGS = settings(deadline=None, derandomize=True, max_examples=40)
#: Seeds of the control runs (0 and 1 are the graded ones).
CONTROL_SEEDS = range(6)
#: CliffWalking's start, goal and the optimal path along the cliff's edge.
START, GOAL = 36, 47
CLIFF_EDGE = [START, *range(24, 36), GOAL]


def dense(P):
    """(r, T): the expected reward r (nS, nA) of one step and the probabilities T (nS, nA,
    nS) of going on to each next state (terminating outcomes left out)."""
    n_states, n_actions = len(P), len(P[0])
    r, T = np.zeros((n_states, n_actions)), np.zeros((n_states, n_actions, n_states))
    for s in range(n_states):
        for a in range(n_actions):
            for p, s2, reward, terminated in P[s][a]:
                r[s, a] += p * reward
                T[s, a, s2] += 0.0 if terminated else p
    return r, T


def exact_values(P, policy, gamma):
    """v_pi = (I - gamma P_pi)^-1 r_pi."""
    r, T = dense(P)
    r_pi, P_pi = np.sum(policy * r, axis=1), np.einsum("sa,sat->st", policy, T)
    return np.linalg.solve(np.eye(len(P)) - gamma * P_pi, r_pi)


def bellman_residual(P, V, gamma):
    """max over s of |V(s) - max_a (r + gamma T V)(s, a)|."""
    r, T = dense(P)
    return float(np.max(np.abs(V - np.max(r + gamma * T @ V, axis=1))))


def table(name, **kwargs):
    """The transition table of Gymnasium's environment ``name``."""
    return REF.transition_table(REF.make_env(name, **kwargs))


@SETTINGS
@given(P=mdp.mdps(), gamma=mdp.discounts(), data=hs.data())
def test_q_from_v_equals_the_dense_form(P, gamma, data):
    V = data.draw(arrays((len(P),)))
    r, T = dense(P)
    assert_close(REF.q_from_v(P, V, gamma), r + gamma * T @ V, "Q", rtol=1e-12, atol=1e-12)


@SETTINGS
@given(P=mdp.mdps(), gamma=mdp.discounts(), data=hs.data())
def test_policy_evaluation_equals_the_linear_solve(P, gamma, data):
    policy = data.draw(mdp.policies(*mdp.table_size(P)))
    V = REF.policy_evaluation(P, policy, gamma)
    assert_close(V, exact_values(P, policy, gamma), "V", rtol=1e-8, atol=1e-8)


@SETTINGS
@given(P=mdp.mdps(), gamma=mdp.discounts())
def test_value_and_policy_iteration_agree_with_the_linear_solve(P, gamma):
    V_vi, policy_vi = REF.value_iteration(P, gamma)
    V_pi, policy_pi = REF.policy_iteration(P, gamma)
    assert_close(V_vi, exact_values(P, policy_vi, gamma), "value iteration", 1e-8, 1e-8)
    assert_close(V_pi, exact_values(P, policy_pi, gamma), "policy iteration", 1e-8, 1e-8)
    assert_close(V_vi, V_pi, "value iteration against policy iteration", 1e-8, 1e-8)
    assert bellman_residual(P, V_vi, gamma) < 1e-8
    assert bellman_residual(P, V_pi, gamma) < 1e-8


def test_frozen_lake_and_cliff_walking_figures():
    slippery, not_slippery = table("FrozenLake-v1"), table("FrozenLake-v1", is_slippery=False)
    for solve in (REF.value_iteration, REF.policy_iteration):
        V, policy = solve(slippery, 0.99)
        assert round(V[0], 6) == 0.542026
        assert_close(V, exact_values(slippery, policy, 0.99), "slippery", 1e-8, 1e-8)
        V, _ = solve(not_slippery, 0.9)
        assert abs(V[0] - 0.9**5) < 1e-12
    cliff = table("CliffWalking-v1")
    V, policy = REF.value_iteration(cliff, 1.0)
    steps = np.abs(np.arange(12) - 11)[None, :] + np.abs(np.arange(4) - 3)[:, None]
    want = -steps.ravel().astype(float)
    want[START], want[GOAL] = -13.0, -1.0  # the start goes up first; 47's own row is not absorbing
    assert_close(V[:37], want[:37], "CliffWalking", 1e-12, 1e-12)
    assert_close(V, exact_values(cliff, policy, 1.0), "CliffWalking", 1e-12, 1e-12)
    assert REF.greedy_path(cliff, policy, START) == CLIFF_EDGE


@SETTINGS
@given(data=hs.data())
def test_td_updates_meet_each_other(data):
    """Expected SARSA at epsilon 0 and SARSA with the greedy next action are Q-learning;
    expected SARSA at epsilon 1 bootstraps from the mean of Q(S', .)."""
    Q = data.draw(mdp.q_tables(3, 3))
    moves = data.draw(mdp.transitions(3, 3))
    for i in range(len(moves["state"])):
        s, a, r, s2, _, done = (moves[key][i].item() for key in mdp.TRANSITION_KEYS)
        q = REF.q_learning_update(Q, s, a, r, s2, done, 0.5, 0.9)
        assert_close(REF.expected_sarsa_update(Q, s, a, r, s2, done, 0.5, 0.9, 0.0), q, "e0")
        greedy = int(np.argmax(Q[s2]))
        assert_close(REF.sarsa_update(Q, s, a, r, s2, greedy, done, 0.5, 0.9), q, "greedy")
        mean = REF.sarsa_update(Q, s, a, r, s2, 0, done, 0.5, 0.9)
        mean[s, a] = Q[s, a] + 0.5 * (r + (0.0 if done else 0.9 * Q[s2].mean()) - Q[s, a])
        assert_close(REF.expected_sarsa_update(Q, s, a, r, s2, done, 0.5, 0.9, 1.0), mean, "e1")


@pytest.mark.parametrize("seed", CONTROL_SEEDS)
def test_cliff_walking_paths_of_example_6_6(seed):
    env = REF.make_env("CliffWalking-v1")
    cliff = REF.transition_table(env)
    Q, _ = REF.train_q_learning(env, 1000, alpha=0.1, gamma=1.0, epsilon=0.1, seed=seed)
    assert REF.greedy_path(cliff, Q, START) == CLIFF_EDGE
    Q, rewards = REF.train_sarsa(env, 1000, alpha=0.1, gamma=1.0, epsilon=0.1, seed=seed)
    path = REF.greedy_path(cliff, Q, START)
    assert sum(24 < s < 35 for s in set(path)) <= 2 and START not in path[1:]
    assert np.mean(rewards[-200:]) > -35


@pytest.mark.parametrize("seed", CONTROL_SEEDS)
def test_monte_carlo_control_finds_a_shortest_path(seed):
    env = REF.make_env("FrozenLake-v1", is_slippery=False)
    Q, rewards = REF.mc_control(env, 4000, 0.9, epsilon_decay=0.9995, seed=seed)
    path = REF.greedy_path(REF.transition_table(env), Q, 0)
    assert path[-1] == 15 and len(path) == 7
    assert np.mean(rewards[-100:]) >= 0.5
