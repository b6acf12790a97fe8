"""Public tests of epsilon_greedy (exploration.py).

Your function is called 20,000 times in a row with one generator (the given
epsilon_greedy_actions does it), and each action must come out about as often as its
probability says: within 6 standard deviations of the expected count, a margin a correct
function misses about once in a billion draws; with a fixed seed your result is the same
on every run. Which numbers you draw, and how, is yours: only the frequencies count.
"""

import numpy as np

from autograder.testing import assert_frequencies, graded

#: Draws per frequency check.
DRAWS = 20_000


def probabilities(q_values, epsilon):
    """The epsilon-greedy probabilities the docstring gives: epsilon / nA for every action,
    plus 1 - epsilon for the first action of largest value."""
    p = np.full(len(q_values), epsilon / len(q_values))
    p[np.argmax(q_values)] += 1.0 - epsilon
    return p


@graded(
    part="exploration",
    points=3,
    visibility="visible",
    message="epsilon_greedy: with probability epsilon an action drawn uniformly from all nA "
    "actions, the greedy one included (Sutton and Barto), otherwise the greedy action, ties "
    "to the lowest index: for Q = [0.5, 2, -1, 2] and epsilon 0.3, action 1 has probability "
    "0.7 + 0.3 / 4 = 0.775 and the others 0.075 each; epsilon 0 always picks 1, epsilon 1 "
    "picks each action a quarter of the time. The usual mistake draws the random action "
    "among the non-greedy ones only (action 1 then comes out 70% of the time).",
)
def test_epsilon_greedy_frequencies(student):
    q_values = np.array([0.5, 2.0, -1.0, 2.0])
    for epsilon in (0.3, 0.0, 1.0):
        actions = student.epsilon_greedy_actions(q_values, epsilon, 0, DRAWS)
        where = f"epsilon_greedy(Q={q_values.tolist()}, epsilon={epsilon}): action"
        assert_frequencies(actions, probabilities(q_values, epsilon), where)


@graded(
    part="exploration",
    points=1,
    visibility="visible",
    message="epsilon_greedy draws only from the generator it is given: two generators with "
    "the same seed give the same actions, and another seed other actions. Drawing from "
    "np.random's global state, the random module or a generator of your own breaks this.",
)
def test_epsilon_greedy_draws_only_from_its_rng(student):
    q_values = np.array([1.0, -1.0, 0.0])
    first = student.epsilon_greedy_actions(q_values, 0.5, 7, 500)
    again = student.epsilon_greedy_actions(q_values, 0.5, 7, 500)
    other = student.epsilon_greedy_actions(q_values, 0.5, 8, 500)
    assert np.array_equal(first, again), (
        "epsilon_greedy gave other actions for a generator with the same seed: draw from rng only"
    )
    assert not np.array_equal(first, other), (
        "epsilon_greedy gave the same 500 actions for generators of different seeds: draw "
        "from the rng it is given"
    )
