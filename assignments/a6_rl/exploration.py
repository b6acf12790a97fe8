"""Epsilon-greedy action selection, the exploration every control method here uses."""

import numpy as np


def epsilon_greedy(q_values, epsilon, rng):
    """Pick an action epsilon-greedily from the action values of one state.

    Inputs:
    - q_values: Action values Q(s, .) of the current state, of shape (nA,).
    - epsilon: Probability of exploring, a float in [0, 1].
    - rng: A np.random.Generator (np.random.default_rng(seed)): the only source of
      randomness.

    Returns:
    - action: An int in [0, nA).

    Formula, with g = argmax over a of q_values[a] (the greedy action):
          with probability epsilon:      an action drawn uniformly from all nA actions
          with probability 1 - epsilon:  g
      so pi(g) = 1 - epsilon + epsilon / nA and pi(a) = epsilon / nA for every a != g.

    Convention: as Sutton and Barto (section 5.4), the uniform draw includes the greedy
    action itself; ties for the maximum go to the lowest index (np.argmax's rule).
    epsilon = 0 is greedy, epsilon = 1 uniform.

    Note: draw only from rng (never np.random.random or the random module), so that the
    same generator state gives the same action. How you draw is yours (the grader counts
    how often each action comes out over many calls, it never compares your draws with
    its own): rng.random() < epsilon to decide, then rng.integers(nA), is one way.
    """
    # TODO: With probability epsilon return a uniformly drawn action (any of the nA,
    #   the greedy one included), otherwise the greedy action; draw only from rng.
    raise NotImplementedError(
        "TODO in epsilon_greedy: With probability epsilon return a uniformly drawn "
        "action (any of the nA, the greedy one included), otherwise the greedy action; "
        "draw only from rng."
    )
