"""Expected values for a6_rl's public tests, computed from the reference solution.

``autograder generate`` calls :func:`build` and stores the result in the student folder's
``tests/data/expected.npz``; the public tests read it through the ``expected`` fixture.
Inputs come from fixed seeds, so the file only changes when the reference does.

Each case is named after the function it checks; its inputs are keyed by the function's
parameter names and its outputs by the names the docstring returns
(autograder.testing.checks). The dynamic programming cases run on Gymnasium's FrozenLake
and CliffWalking, whose tables the tests read with transition_table (a table is not an
array), so their cases hold the other inputs and the outputs. The TD cases hold a list of
transitions (one array per parameter, an entry per update) and new_Q after each update,
stacked; the Q-tables tie for some maxima.
"""

import numpy as np

#: The TD updates' transitions: (state, action, reward, next_state, next_action,
#: terminated). They revisit pairs, end an episode twice, and the terminal ones point at
#: states whose Q-values are far from 0 (so a bootstrap from them shows).
TRANSITIONS = (
    (0, 1, -1.0, 1, 2, False),
    (1, 2, -1.0, 3, 0, True),
    (2, 0, 0.5, 0, 1, False),
    (0, 1, -1.0, 1, 0, False),
    (1, 0, 2.0, 2, 2, False),
    (2, 2, -1.0, 3, 1, True),
    (0, 1, 1.0, 2, 0, False),
    (1, 2, -0.5, 0, 1, False),
)
TRANSITION_KEYS = ("state", "action", "reward", "next_state", "next_action", "terminated")


def build(reference):
    """Named cases (inputs and the reference's outputs) for the public tests."""
    rng = np.random.default_rng(6)
    tables = _tables(reference)
    return {
        **_lookahead(reference, tables, rng),
        **_dynamic_programming(reference, tables, rng),
        "first_visit_mc_update": _monte_carlo(reference, rng),
        **_td_updates(reference),
    }


def _tables(reference):
    """FrozenLake 4x4 slippery and not, and CliffWalking, as transition tables."""
    environments = {
        "slippery": ("FrozenLake-v1", {}),
        "not_slippery": ("FrozenLake-v1", {"is_slippery": False}),
        "cliff": ("CliffWalking-v1", {}),
    }
    return {
        key: reference.transition_table(reference.make_env(name, **kwargs))
        for key, (name, kwargs) in environments.items()
    }


def _lookahead(reference, tables, rng):
    """q_from_v on slippery FrozenLake (outcomes listed twice) and on CliffWalking, whose
    goal (47) gets a value far from 0: a bootstrap from it shows in Q[35, 2]."""
    frozen = {"V": rng.standard_normal(16), "gamma": 0.9}
    cliff = {"V": -10.0 * rng.random(48), "gamma": 0.9}
    cliff["V"][47] = 50.0
    return {
        "q_from_v_frozen_lake": {**frozen, "Q": reference.q_from_v(tables["slippery"], **frozen)},
        "q_from_v_cliff_walking": {**cliff, "Q": reference.q_from_v(tables["cliff"], **cliff)},
    }


def _dynamic_programming(reference, tables, rng):
    """Evaluation of a random stochastic policy and improvement of its values on slippery
    FrozenLake, policy and value iteration on FrozenLake (both kinds) and CliffWalking."""
    policy = rng.random((16, 4))
    policy /= policy.sum(axis=1, keepdims=True)
    V = reference.policy_evaluation(tables["slippery"], policy, 0.95)
    improved = reference.policy_improvement(tables["slippery"], V, 0.95)
    cases = {
        "policy_evaluation": {"policy": policy, "gamma": 0.95, "V": V},
        "policy_improvement": {"V": V, "gamma": 0.95, "policy": improved},
    }
    runs = {
        "policy_iteration": ("policy_iteration", "slippery", 0.99),
        "policy_iteration_not_slippery": ("policy_iteration", "not_slippery", 0.9),
        "value_iteration": ("value_iteration", "slippery", 0.99),
        "value_iteration_cliff_walking": ("value_iteration", "cliff", 1.0),
    }
    for case, (function, table, gamma) in runs.items():
        V, policy = getattr(reference, function)(tables[table], gamma)
        cases[case] = {"gamma": gamma, "V": V, "policy": policy}
    return cases


def _monte_carlo(reference, rng):
    """One episode of 8 steps over 3 states and 2 actions, pairs (0, 1) and (2, 0)
    revisited, from Q-values and counts that are not all 0."""
    inputs = {
        "Q": rng.standard_normal((3, 2)),
        "counts": np.array([[0, 2], [1, 0], [3, 1]]),
        "states": np.array([0, 2, 1, 0, 2, 2, 1, 0]),
        "actions": np.array([1, 0, 1, 1, 0, 1, 0, 0]),
        "rewards": np.array([-1.0, 0.5, -1.0, 2.0, -1.0, 0.0, 1.0, 3.0]),
        "gamma": 0.9,
    }
    new_Q, new_counts = reference.first_visit_mc_update(*inputs.values())
    return {**inputs, "new_Q": new_Q, "new_counts": new_counts}


def _td_updates(reference):
    """Each TD update over TRANSITIONS from one Q-table (4 states, 3 actions, ties), the
    Q-table after every update stacked in new_Q (8, 4, 3)."""
    columns = dict(
        zip(TRANSITION_KEYS, (np.array(c) for c in zip(*TRANSITIONS, strict=True)), strict=True)
    )
    start = np.array([[0.0, 1.0, 1.0], [2.0, -1.0, 2.0], [-3.0, 0.5, 0.0], [5.0, -4.0, 5.0]])
    settings = {"alpha": 0.5, "gamma": 0.9}
    cases = {}
    for name, extra in (("sarsa", {}), ("q_learning", {}), ("expected_sarsa", {"epsilon": 0.2})):
        update = getattr(reference, f"{name}_update")
        Q, stacked = start, []
        for row in TRANSITIONS:
            s, a, r, s2, a2, done = row
            if name == "sarsa":
                Q = update(Q, s, a, r, s2, a2, done, **settings)
            else:
                Q = update(Q, s, a, r, s2, done, **settings, **extra)
            stacked.append(Q)
        kept = {k: v for k, v in columns.items() if name == "sarsa" or k != "next_action"}
        cases[f"{name}_update"] = {
            "Q": start,
            **kept,
            **settings,
            **extra,
            "new_Q": np.stack(stacked),
        }
    return cases
