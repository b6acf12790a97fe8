"""Hidden tests of dynamic programming against the reference, on drawn MDPs of 1 to 5
states and 1 to 3 actions: outcomes listed twice, terminated drawn per outcome (the row of
a state entered by a terminating transition is an ordinary row, as CliffWalking's goal),
rewards and discounts of every size in [0.1, 0.95] ([0, 0.95] for q_from_v).

Policies are compared action for action, except where two actions' values are equal to
within 1e-7 (a tie up to round-off, which another summation order may break the other
way). policy_evaluation, policy_improvement, policy_iteration and value_iteration pass if
they match the reference, or the reference built from your own parts (q_from_v,
policy_evaluation, policy_improvement): a part's mistake is charged in its own tests only.
No function may modify its arguments.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import (
    assert_close,
    assert_composition,
    assert_one_of,
    graded,
    modified_in_place,
    result_or_none,
)
from autograder.testing import strategies as st
from autograder.testing.composition import built_from_student_parts
from autograder.testing.strategies import mdp

#: Two actions whose values differ by less than this count as tied.
TIE = 1e-7


@hs.composite
def problems(draw, min_gamma=0.1):
    """(P, gamma): a drawn MDP and a discount factor in [min_gamma, 0.95] (q_from_v's test
    takes 0 too; with gamma 0 a composite made of a q_from_v that returns zeros would look
    right)."""
    P = draw(mdp.mdps(), label="P")
    return P, draw(mdp.discounts(0.95, min_gamma), label="gamma")


def call_unchanged(student, function, *args, **kwargs):
    """``student.function(*args, **kwargs)``, failing if it modified an argument in place."""
    value, changed = modified_in_place(getattr(student, function), *args, **kwargs)
    assert not changed, (
        f"{function} modified {', '.join(changed)} in place: build new arrays and leave the "
        "given ones as they were."
    )
    return value


def check_policy(function, policy, want, Q):
    """``policy`` equals the one-hot policy ``want`` but where the action values ``Q``
    (nS, nA) of the two actions chosen are tied (within TIE)."""
    policy = np.asarray(policy, dtype=np.float64)
    assert policy.shape == want.shape, (
        f"{function}: policy has shape {policy.shape}, expected shape {want.shape}"
    )
    one_hot = np.all((policy == 0) | (policy == 1)) and np.all(policy.sum(axis=1) == 1)
    assert one_hot, f"{function}: policy is not one-hot (a single 1 in every row, 0 elsewhere)"
    chosen, right = np.argmax(policy, axis=1), np.argmax(want, axis=1)
    rows = np.arange(len(right))
    gap = np.abs(Q[rows, chosen] - Q[rows, right]) / (1.0 + np.abs(Q[rows, right]))
    wrong = np.flatnonzero((chosen != right) & (gap > TIE))
    if wrong.size:
        s = int(wrong[0])
        raise AssertionError(
            f"{function}: policy[{s}] picks action {chosen[s]}, which is not the greedy "
            f"action there (its value is off by {gap[s]:.1e}); ties go to the lowest index"
        )


def check_solution(function, got, want):
    """``got`` = (V, policy) against ``want`` = (V, policy, Q of the wanted V)."""
    if not isinstance(got, tuple | list) or len(got) != 2:
        raise AssertionError(f"{function} must return a tuple (V, policy)")
    assert_close(got[0], want[0], f"{function}: V")
    check_policy(function, got[1], want[1], want[2])


@graded(
    part="lookahead",
    points=4,
    visibility="after_due_date",
    message="q_from_v: Q(s, a) = sum over the outcomes of P[s][a] of p * (r + gamma * V(s') "
    "* (1 - terminated)) on drawn MDPs: every entry of P[s][a] added (the same next state "
    "may come twice), no bootstrap past a terminating outcome, gamma on V(s') only; V left "
    "as it was.",
)
@given(problem=problems(min_gamma=0.0), data=hs.data())
def test_q_from_v_matches_reference(student, reference, problem, data):
    P, gamma = problem
    V = data.draw(st.arrays((len(P),)), label="V")
    Q = call_unchanged(student, "q_from_v", P, V, gamma)
    assert_close(Q, reference.q_from_v(P, V, gamma), "q_from_v: Q")


@graded(
    part="evaluation",
    points=4,
    visibility="after_due_date",
    message="policy_evaluation on drawn MDPs and policies: synchronous sweeps from V = 0, "
    "stopped after max_sweeps (1, 2 or 3, theta=0) or, by default, once a sweep changes no "
    "value by theta or more; the policy left as it was.",
)
@given(problem=problems(), sweeps=hs.sampled_from((1, 2, 3, None)), data=hs.data())
def test_policy_evaluation_matches_reference(student, reference, problem, sweeps, data):
    P, gamma = problem
    policy = data.draw(mdp.policies(*mdp.table_size(P)), label="policy")
    limits = {} if sweeps is None else {"theta": 0.0, "max_sweeps": sweeps}
    V = call_unchanged(student, "policy_evaluation", P, policy, gamma, **limits)
    assert_composition(
        lambda want: assert_close(V, want, "policy_evaluation: V"),
        lambda: reference.policy_evaluation(P, policy, gamma, **limits),
        student,
        reference,
        reference.policy_evaluation,
    )


@graded(
    part="improvement",
    points=4,
    visibility="after_due_date",
    message="policy_improvement on drawn MDPs and values: the one-hot policy of the greedy "
    "action of q_from_v(P, V, gamma) in every state, ties to the lowest index; V left as it "
    "was.",
)
@given(problem=problems(), data=hs.data())
def test_policy_improvement_matches_reference(student, reference, problem, data):
    P, gamma = problem
    V = data.draw(st.arrays((len(P),)), label="V")
    policy = call_unchanged(student, "policy_improvement", P, V, gamma)

    def own():
        Q = result_or_none(student.q_from_v, P, V, gamma)
        if Q is None:
            return None
        with built_from_student_parts(reference.policy_improvement, student, reference):
            return reference.policy_improvement(P, V, gamma), np.asarray(Q, dtype=np.float64)

    assert_one_of(
        lambda want: check_policy("policy_improvement", policy, *want),
        lambda: (reference.policy_improvement(P, V, gamma), reference.q_from_v(P, V, gamma)),
        own,
    )


def check_iteration(student, reference, function, P, gamma):
    """``function`` (policy_iteration or value_iteration) against the reference, or the
    reference built from the student's parts."""
    got = call_unchanged(student, function, P, gamma)
    solve = getattr(reference, function)

    def right():
        V, policy = solve(P, gamma)
        return V, policy, reference.q_from_v(P, V, gamma)

    def own():
        with built_from_student_parts(solve, student, reference):
            V, policy = solve(P, gamma)
        Q = result_or_none(student.q_from_v, P, V, gamma)
        return None if Q is None else (V, policy, np.asarray(Q, dtype=np.float64))

    assert_one_of(lambda want: check_solution(function, got, want), right, own)


@graded(
    part="policy_iteration",
    points=4,
    visibility="after_due_date",
    message="policy_iteration on drawn MDPs (gamma up to 0.95): from the uniform random "
    "policy, evaluate and improve until the policy is stable; returns the optimal values "
    "and the greedy policy (ties to the lowest action).",
)
@given(problem=problems())
def test_policy_iteration_matches_reference(student, reference, problem):
    check_iteration(student, reference, "policy_iteration", *problem)


@graded(
    part="value_iteration",
    points=4,
    visibility="after_due_date",
    message="value_iteration on drawn MDPs (gamma up to 0.95): synchronous sweeps of "
    "V(s) = max over a of Q(s, a) from V = 0 until no value changes by theta or more, then "
    "the greedy policy of the last V (ties to the lowest action).",
)
@given(problem=problems())
def test_value_iteration_matches_reference(student, reference, problem):
    check_iteration(student, reference, "value_iteration", *problem)
