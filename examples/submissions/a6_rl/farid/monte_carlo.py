"""First-visit Monte Carlo control with epsilon-greedy policies (Sutton and Barto,
section 5.4): play a whole episode, then move each action value towards the average of
the returns that followed its first visits.

Q-tables are float64 arrays of shape (nS, nA); visit counts int64 arrays of the same
shape. No function modifies its arguments: each returns new arrays.
"""

import numpy as np

from .exploration import epsilon_greedy


def first_visit_mc_update(Q, counts, states, actions, rewards, gamma):
    """The first-visit Monte Carlo update from one recorded episode.

    Inputs:
    - Q: Action values, of shape (nS, nA): the averages of the returns seen so far.
    - counts: counts[s, a] is how many returns Q[s, a] averages, int64 of shape (nS, nA).
    - states: S_0, ..., S_{T-1}, ints of shape (T,).
    - actions: A_0, ..., A_{T-1}, ints of shape (T,): A_t was taken in S_t.
    - rewards: R_1, ..., R_T, floats of shape (T,): rewards[t] followed A_t.
    - gamma: Discount factor, a float in [0, 1].

    Returns a tuple of:
    - new_Q: The updated action values, of shape (nS, nA).
    - new_counts: The updated counts, int64 of shape (nS, nA).

    Formula: the return that follows step t is
          G_t = rewards[t] + gamma * rewards[t + 1] + gamma**2 * rewards[t + 2] + ...
              = rewards[t] + gamma * G_{t+1},   G_{T-1} = rewards[T - 1]
    and for each step t that is the first visit of its pair (S_t, A_t) in the episode
    (no earlier step has the same state and action):
          new_counts[S_t, A_t] = counts[S_t, A_t] + 1
          new_Q[S_t, A_t] = Q[S_t, A_t] + (G_t - Q[S_t, A_t]) / new_counts[S_t, A_t]
    (the running average of the returns). A pair visited again later in the episode is
    updated once, with the return of its first visit; pairs not visited keep their values.

    Hint: compute every G_t in one backward pass over the episode, then walk it forwards
    and remember which pairs you have seen.
    """
    # TODO: Compute the returns G_t backwards, then update each pair once, at its first
    #   visit, with a running average; return new arrays.
    raise NotImplementedError(
        "TODO in first_visit_mc_update: Compute the returns G_t backwards, then update "
        "each pair once, at its first visit, with a running average; return new arrays."
    )


def mc_control(env, num_episodes, gamma, epsilon_decay=0.9995, min_epsilon=0.05, seed=0):
    """On-policy first-visit Monte Carlo control with a decaying epsilon.

    Inputs:
    - env: A Gymnasium environment with discrete states and actions (FrozenLake-v1).
    - num_episodes: How many episodes to play, an int >= 1.
    - gamma: Discount factor, a float in [0, 1].
    - epsilon_decay: The schedule's decay per episode, a float in (0, 1].
    - min_epsilon: The schedule's floor, a float in [0, 1].
    - seed: Seeds both sources of randomness (see the convention).

    Returns a tuple of:
    - Q: The learned action values, of shape (nS, nA), with nS = env.observation_space.n
      and nA = env.action_space.n.
    - episode_rewards: Float array of shape (num_episodes,): the sum of the rewards of
      each episode, undiscounted (on FrozenLake: 1 if it reached the goal, else 0).

    Formula: Q and the counts start at 0. Episode k = 0, 1, ... plays with
          epsilon_k = max(min_epsilon, epsilon_decay**k)
    (1 for the first episode, then decaying), choosing every action with
    epsilon_greedy(Q[state], epsilon_k, rng), until the environment says terminated or
    truncated (FrozenLake-v1 truncates an episode after 100 steps); Q only changes
    between episodes, by first_visit_mc_update on the whole episode.

    Convention: rng = np.random.default_rng(seed) is created once, before the first
    episode, and the environment is seeded once, by the first episode's
    env.reset(seed=seed) (later episodes call env.reset() without a seed).

    Hint: record the states, actions and rewards of an episode as you play it;
    env.step(action) returns (next_state, reward, terminated, truncated, info).
    """
    # TODO: Play num_episodes episodes with the decaying epsilon, update Q after each one
    #   with first_visit_mc_update, and record each episode's sum of rewards.
    raise NotImplementedError(
        "TODO in mc_control: Play num_episodes episodes with the decaying epsilon, "
        "update Q after each one with first_visit_mc_update, and record each episode's "
        "sum of rewards."
    )
