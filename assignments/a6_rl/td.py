"""Temporal-difference control (Sutton and Barto, chapter 6): the SARSA, Q-learning and
expected SARSA updates, and SARSA and Q-learning trained on an environment.

Each update moves one action value towards a target built from one transition
(S, A, R, S') and the current Q-table:
      Q(S, A) <- Q(S, A) + alpha * (target - Q(S, A))
and the three differ only in how the target values the next state. A Q-table is a float64
array of shape (nS, nA); states and actions are ints.

Conventions of every function here:
- The value of a terminal state is 0: when the transition has terminated=True, the target
  is R alone (no bootstrap from Q[S'], whatever Q[S'] holds).
- gamma discounts the next state's value, never the reward: R + gamma * (value of S').
- Greedy ties go to the lowest action index (np.argmax's rule).
- An update returns a new Q-table and leaves the one it was given as it was.
"""

import numpy as np

from .exploration import epsilon_greedy


def sarsa_update(Q, state, action, reward, next_state, next_action, terminated, alpha, gamma):
    """One SARSA update, on-policy: the target values S' by the action actually taken.

    Inputs:
    - Q: Action values, of shape (nS, nA).
    - state, action: S and A, ints.
    - reward: R, the reward that followed, a float.
    - next_state, next_action: S' and A', ints: A' is the action the behaviour policy
      chose in S' (the one that will be taken next).
    - terminated: True if the transition ended the episode (then S' and A' are not used).
    - alpha: Step size, a float in (0, 1].
    - gamma: Discount factor, a float in [0, 1].

    Returns:
    - new_Q: A copy of Q with Q[state, action] updated, of shape (nS, nA).

    Formula:
          target = R + gamma * Q(S', A')     (target = R if terminated)
          new_Q(S, A) = Q(S, A) + alpha * (target - Q(S, A))
    """
    # TODO: Copy Q and move Q[state, action] towards R + gamma * Q[next_state,
    #   next_action] (R alone if terminated).
    raise NotImplementedError(
        "TODO in sarsa_update: Copy Q and move Q[state, action] towards R + gamma * "
        "Q[next_state, next_action] (R alone if terminated)."
    )


def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    """One Q-learning update, off-policy: the target values S' by its greedy action.

    Inputs:
    - Q: Action values, of shape (nS, nA).
    - state, action: S and A, ints.
    - reward: R, the reward that followed, a float.
    - next_state: S', an int.
    - terminated: True if the transition ended the episode (then S' is not used).
    - alpha: Step size, a float in (0, 1].
    - gamma: Discount factor, a float in [0, 1].

    Returns:
    - new_Q: A copy of Q with Q[state, action] updated, of shape (nS, nA).

    Formula:
          target = R + gamma * max over a of Q(S', a)     (target = R if terminated)
          new_Q(S, A) = Q(S, A) + alpha * (target - Q(S, A))

    Note: the action the behaviour policy takes next plays no part (it is not even an
    argument): Q-learning learns the greedy policy's values while it explores.
    """
    # TODO: Copy Q and move Q[state, action] towards R + gamma * max of Q[next_state]
    #   (R alone if terminated).
    raise NotImplementedError(
        "TODO in q_learning_update: Copy Q and move Q[state, action] towards R + gamma "
        "* max of Q[next_state] (R alone if terminated)."
    )


def expected_sarsa_update(Q, state, action, reward, next_state, terminated, alpha, gamma, epsilon):
    """One expected SARSA update: the target values S' by the expectation of Q(S', .)
    under the epsilon-greedy policy of Q.

    Inputs:
    - Q: Action values, of shape (nS, nA).
    - state, action: S and A, ints.
    - reward: R, the reward that followed, a float.
    - next_state: S', an int.
    - terminated: True if the transition ended the episode (then S' is not used).
    - alpha: Step size, a float in (0, 1].
    - gamma: Discount factor, a float in [0, 1].
    - epsilon: The exploration rate of the epsilon-greedy policy, a float in [0, 1].

    Returns:
    - new_Q: A copy of Q with Q[state, action] updated, of shape (nS, nA).

    Formula, with g = argmax over a of Q(S', a) and the probabilities epsilon_greedy
    draws with (pi(g) = 1 - epsilon + epsilon / nA, pi(a) = epsilon / nA otherwise):
          target = R + gamma * sum over a of pi(a) * Q(S', a)     (target = R if terminated)
          new_Q(S, A) = Q(S, A) + alpha * (target - Q(S, A))
      The sum equals (1 - epsilon) * max over a of Q(S', a) + epsilon * mean of Q(S', .).

    Note: with epsilon = 0 this is Q-learning's update.
    """
    # TODO: Copy Q and move Q[state, action] towards R + gamma * (the expected value of
    #   Q[next_state] under epsilon-greedy), R alone if terminated.
    raise NotImplementedError(
        "TODO in expected_sarsa_update: Copy Q and move Q[state, action] towards R + "
        "gamma * (the expected value of Q[next_state] under epsilon-greedy), R alone "
        "if terminated."
    )


def train_sarsa(env, num_episodes, alpha=0.5, gamma=1.0, epsilon=0.1, seed=0):
    """SARSA control with a constant epsilon (Sutton and Barto, section 6.4).

    Inputs:
    - env: A Gymnasium environment with discrete states and actions (CliffWalking-v1).
    - num_episodes: How many episodes to play, an int >= 1.
    - alpha: Step size, a float in (0, 1].
    - gamma: Discount factor, a float in [0, 1].
    - epsilon: The exploration rate of every action choice, a float in [0, 1].
    - seed: Seeds both sources of randomness (see the convention).

    Returns a tuple of:
    - Q: The learned action values, of shape (nS, nA), with nS = env.observation_space.n
      and nA = env.action_space.n.
    - episode_rewards: Float array of shape (num_episodes,): the sum of the rewards of
      each episode (Sutton and Barto's figure 6.4 plots it).

    Formula: Q starts at 0. Each episode starts with state = env.reset() and
    action = epsilon_greedy(Q[state], epsilon, rng); then, until terminated or
    truncated: take the action (env.step), choose next_action =
    epsilon_greedy(Q[next_state], epsilon, rng), Q = sarsa_update(...) with both, and
    move on: state, action = next_state, next_action.

    Convention: rng = np.random.default_rng(seed) is created once, before the first
    episode, and the environment is seeded once, by the first episode's
    env.reset(seed=seed) (later episodes call env.reset() without a seed).

    Hint: env.step(action) returns (next_state, reward, terminated, truncated, info);
    pass terminated (not truncated) to the update: a truncated episode was cut short, its
    next state still has a value.
    """
    # TODO: Play num_episodes episodes, choosing actions with epsilon_greedy and updating
    #   Q with sarsa_update after every step; record each episode's sum of rewards.
    raise NotImplementedError(
        "TODO in train_sarsa: Play num_episodes episodes, choosing actions with "
        "epsilon_greedy and updating Q with sarsa_update after every step; record each "
        "episode's sum of rewards."
    )


def train_q_learning(env, num_episodes, alpha=0.5, gamma=1.0, epsilon=0.1, seed=0):
    """Q-learning control with a constant epsilon (Sutton and Barto, section 6.5).

    Inputs:
    - env: A Gymnasium environment with discrete states and actions (CliffWalking-v1).
    - num_episodes: How many episodes to play, an int >= 1.
    - alpha: Step size, a float in (0, 1].
    - gamma: Discount factor, a float in [0, 1].
    - epsilon: The exploration rate of every action choice, a float in [0, 1].
    - seed: Seeds both sources of randomness (see the convention).

    Returns a tuple of:
    - Q: The learned action values, of shape (nS, nA), with nS = env.observation_space.n
      and nA = env.action_space.n.
    - episode_rewards: Float array of shape (num_episodes,): the sum of the rewards of
      each episode.

    Formula: Q starts at 0. Each episode starts with state = env.reset(); then, until
    terminated or truncated: action = epsilon_greedy(Q[state], epsilon, rng), take it
    (env.step), Q = q_learning_update(...), state = next_state.

    Convention: rng = np.random.default_rng(seed) is created once, before the first
    episode, and the environment is seeded once, by the first episode's
    env.reset(seed=seed) (later episodes call env.reset() without a seed).

    Hint: the same loop as train_sarsa's, with the action chosen at the top of each step.
    """
    # TODO: Play num_episodes episodes, choosing actions with epsilon_greedy and updating
    #   Q with q_learning_update after every step; record each episode's sum of rewards.
    raise NotImplementedError(
        "TODO in train_q_learning: Play num_episodes episodes, choosing actions with "
        "epsilon_greedy and updating Q with q_learning_update after every step; record "
        "each episode's sum of rewards."
    )
