"""Public tests of dynamic programming (dynamic_programming.py) on Gymnasium's FrozenLake
4x4 and CliffWalking, whose tables the tests read with the given transition_table.

Values and policies are compared with stored expected values, and with the figures the
docstrings state (FrozenLake slippery, gamma 0.99: V[0] = 0.542026; not slippery, gamma
0.9: V[0] = 0.9**5; CliffWalking, gamma 1: V[36] = -13). The tests of policy_evaluation,
policy_improvement, policy_iteration and value_iteration run your own q_from_v if you
built them from it: fix q_from_v's tests first.
"""

import numpy as np

from autograder.testing import assert_close, assert_returns, graded

#: FrozenLake 4x4 (slippery unless said otherwise) and CliffWalking, by the name the
#: stored cases use.
ENVIRONMENTS = {
    "slippery": ("FrozenLake-v1", {}),
    "not_slippery": ("FrozenLake-v1", {"is_slippery": False}),
    "cliff": ("CliffWalking-v1", {}),
}

#: Two chains of three states with one action each: 2 -> 1 -> 0 -> end (reward 1) and
#: 3 -> 4 -> 5 -> end (reward 1). A value reaches the far end of a chain one sweep at a
#: time when every sweep uses the previous sweep's values only; updated in place, it runs
#: down the first chain (in the order 0, 1, 2) or the second (in the order 5, 4, 3) in one.
CHAINS = [
    [[(1.0, 0, 1.0, True)]],
    [[(1.0, 0, 0.0, False)]],
    [[(1.0, 1, 0.0, False)]],
    [[(1.0, 4, 0.0, False)]],
    [[(1.0, 5, 0.0, False)]],
    [[(1.0, 5, 1.0, True)]],
]


def table(student, key):
    """The transition table of the environment ``key`` of ENVIRONMENTS."""
    name, kwargs = ENVIRONMENTS[key]
    return student.transition_table(student.make_env(name, **kwargs))


def check_figure(function, V, state, figure):
    """V[state] equals the figure the docstring gives."""
    got = float(np.asarray(V)[state])
    assert abs(got - figure) <= 1e-6, (
        f"{function}: V[{state}] is {got:.6f}, not {figure:.6f} (the figure its docstring gives)"
    )


@graded(
    part="lookahead",
    points=2,
    visibility="visible",
    message="q_from_v on slippery FrozenLake: Q(s, a) adds p * (r + gamma * V(s')) over "
    "every outcome of P[s][a], and the table lists some outcomes twice (a slip into a wall): "
    "add each entry (Q[s, a] += ...), do not assign it.",
)
def test_q_from_v_frozen_lake(student, expected):
    case = expected["q_from_v_frozen_lake"]
    Q = student.q_from_v(table(student, "slippery"), case["V"], float(case["gamma"]))
    assert_close(Q, case["Q"], "q_from_v: Q")


@graded(
    part="lookahead",
    points=2,
    visibility="visible",
    message="q_from_v on CliffWalking: an outcome with terminated=True contributes its "
    "reward only (the value of a terminal state is 0), whatever V holds for its next state. "
    "Here V[47] (the goal) is 50, and the goal's own row in P is not absorbing, so reading "
    "V(s') there shows in Q[35, 2], Q[46, ...] and every step into the goal.",
)
def test_q_from_v_cliff_walking(student, expected):
    case = expected["q_from_v_cliff_walking"]
    Q = student.q_from_v(table(student, "cliff"), case["V"], float(case["gamma"]))
    assert_close(Q, case["Q"], "q_from_v: Q")


@graded(
    part="evaluation",
    points=2,
    visibility="visible",
    message="policy_evaluation of a stochastic policy on slippery FrozenLake (gamma 0.95), "
    "run to convergence with the default theta: V(s) = sum over a of pi(a | s) * Q(s, a), "
    "swept from V = 0 until no value changes by theta or more.",
)
def test_policy_evaluation_frozen_lake(student, expected):
    case = expected["policy_evaluation"]
    V = student.policy_evaluation(table(student, "slippery"), case["policy"], float(case["gamma"]))
    assert_close(V, case["V"], "policy_evaluation: V")


@graded(
    part="evaluation",
    points=2,
    visibility="visible",
    message="policy_evaluation is synchronous: sweep k + 1 computes every value from sweep "
    "k's values only. On two chains (2 -> 1 -> 0 -> end and 3 -> 4 -> 5 -> end, reward 1 at "
    "each end, gamma 0.5) a value moves one state per sweep: after 1, 2 and 3 sweeps "
    "(max_sweeps, theta=0) V is [1, 0, 0, 0, 0, 1], then [1, .5, 0, 0, .5, 1], then "
    "[1, .5, .25, .25, .5, 1]. Updating V[s] in place, in the same sweep, moves it faster.",
)
def test_policy_evaluation_is_synchronous(student):
    policy = np.ones((6, 1))
    for sweeps in (1, 2, 3):
        depth = np.array([0, 1, 2, 2, 1, 0])
        want = np.where(depth < sweeps, 0.5**depth, 0.0)
        V = student.policy_evaluation(CHAINS, policy, 0.5, theta=0.0, max_sweeps=sweeps)
        assert_close(V, want, f"policy_evaluation: V after max_sweeps={sweeps} (theta=0)")


@graded(
    part="improvement",
    points=2,
    visibility="visible",
    message="policy_improvement on slippery FrozenLake (gamma 0.95): a one-hot policy with "
    "policy[s, a] = 1 for the a of largest q_from_v(P, V, gamma)[s, a]; ties go to the "
    "lowest action index (the holes and the goal, where every action is worth 0 exactly, "
    "take action 0).",
)
def test_policy_improvement_frozen_lake(student, expected):
    case = expected["policy_improvement"]
    policy = student.policy_improvement(table(student, "slippery"), case["V"], float(case["gamma"]))
    assert_close(policy, case["policy"], "policy_improvement: policy")


@graded(
    part="policy_iteration",
    points=2,
    visibility="visible",
    message="policy_iteration returns (V, policy), the optimal values and the greedy "
    "policy: on slippery FrozenLake with gamma 0.99, V[0] = 0.542026; not slippery with "
    "gamma 0.9, V[0] = 0.9**5 = 0.59049 (the 6-step shortest path). Start from the uniform "
    "random policy and stop when improvement leaves the policy as it was.",
)
def test_policy_iteration_frozen_lake(student, expected):
    for case_name, key, figure in (
        ("policy_iteration", "slippery", 0.542026),
        ("policy_iteration_not_slippery", "not_slippery", 0.9**5),
    ):
        case = expected[case_name]
        got = student.policy_iteration(table(student, key), float(case["gamma"]))
        assert_returns("policy_iteration", got, (case["V"], case["policy"]), ("V", "policy"))
        check_figure("policy_iteration", got[0], 0, figure)


@graded(
    part="value_iteration",
    points=2,
    visibility="visible",
    message="value_iteration returns (V, policy): on slippery FrozenLake with gamma 0.99, "
    "V[0] = 0.542026, and the policy greedy with respect to V (ties to the lowest action).",
)
def test_value_iteration_frozen_lake(student, expected):
    case = expected["value_iteration"]
    got = student.value_iteration(table(student, "slippery"), float(case["gamma"]))
    assert_returns("value_iteration", got, (case["V"], case["policy"]), ("V", "policy"))
    check_figure("value_iteration", got[0], 0, 0.542026)


@graded(
    part="value_iteration",
    points=2,
    visibility="visible",
    message="value_iteration on CliffWalking with gamma 1: V[36] = -13 (13 steps along the "
    "cliff edge) and V[s] = -(steps to the goal) elsewhere. The step into the goal "
    "terminates: bootstrapping from the goal's row, which is not absorbing in P, makes the "
    "values run away to minus infinity.",
)
def test_value_iteration_cliff_walking(student, expected):
    case = expected["value_iteration_cliff_walking"]
    got = student.value_iteration(table(student, "cliff"), float(case["gamma"]))
    assert_returns("value_iteration", got, (case["V"], case["policy"]), ("V", "policy"))
    check_figure("value_iteration", got[0], 36, -13.0)
