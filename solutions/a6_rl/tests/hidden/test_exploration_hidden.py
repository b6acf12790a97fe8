"""Hidden tests of epsilon_greedy on drawn action values (2 to 5 actions, often tied for
the maximum) and rates of exploration: the frequency of every action over 20,000 calls with
one seeded generator (the given epsilon_greedy_actions), within 6 standard deviations of
the docstring's probabilities. Only the frequencies count, never which numbers you draw."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as hs

from autograder.testing import assert_frequencies, graded
from autograder.testing.strategies import mdp

#: Draws per frequency check.
DRAWS = 20_000


@graded(
    part="exploration",
    points=2,
    visibility="after_due_date",
    message="epsilon_greedy on drawn Q-values (ties for the maximum included) and epsilons: "
    "epsilon / nA for every action plus 1 - epsilon for the greedy one (the lowest index "
    "among the tied); the uniform share includes the greedy action.",
)
@settings(max_examples=8)
@given(
    q_values=hs.integers(2, 5).flatmap(lambda n: mdp.q_tables(1, n)).map(lambda q: q[0]),
    epsilon=hs.sampled_from((0.05, 0.2, 0.5, 0.9)),
)
def test_epsilon_greedy_matches_its_distribution(student, q_values, epsilon):
    p = np.full(len(q_values), epsilon / len(q_values))
    p[np.argmax(q_values)] += 1.0 - epsilon
    actions = student.epsilon_greedy_actions(q_values, epsilon, 1, DRAWS)
    assert_frequencies(actions, p, f"epsilon_greedy(epsilon={epsilon}): action")
