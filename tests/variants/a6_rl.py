"""Correct a6_rl functions written as students of other courses write them.

Each top-level definition replaces the reference's of the same name (test_variants.py); each
is right by its reference's docstring, and written differently on purpose: dynamic
programming with dense arrays and loops, ties broken by a strict comparison, epsilon-greedy
through one rng.choice, Monte Carlo with the first visits found first and returns summed
forwards, the TD targets in other algebraic forms, and training loops that draw their random
numbers in another order than the reference (the CliffWalking tests must not depend on it);
the replay buffer and the DQN targets are engineer "deep"'s (a deque, loops, take_along_axis).
This file is never imported; its imports are for reading and linting it. A definition
uses what the module it goes into imports, or imports the rest inside itself.
"""

import numpy as np


def q_from_v(P, V, gamma):
    """Dense arrays: the expected reward and the masked transition matrix, np.add.at for
    outcomes listed twice, then one matrix product."""
    n_states, n_actions = len(P), len(P[0])
    expected_reward = np.zeros((n_states, n_actions))
    going_on = np.zeros((n_states, n_actions, n_states))
    for s in range(n_states):
        for a in range(n_actions):
            for p, s2, r, done in P[s][a]:
                expected_reward[s, a] += p * r
                if not done:
                    np.add.at(going_on, (s, a, s2), p)
    return expected_reward + gamma * going_on @ np.asarray(V, dtype=float)


def policy_evaluation(P, policy, gamma, theta=1e-10, max_sweeps=10_000):
    """A while loop over a sweep counter, the new values state by state into a second
    array (never the one being read)."""
    V = np.zeros(len(P))
    sweeps = 0
    while sweeps < max_sweeps:
        sweeps += 1
        Q = q_from_v(P, V, gamma)
        new_V = np.array(
            [sum(policy[s, a] * Q[s, a] for a in range(Q.shape[1])) for s in range(len(P))]
        )
        delta = max(abs(new_V[s] - V[s]) for s in range(len(P)))
        V = new_V
        if delta < theta:
            break
    return V


def policy_improvement(P, V, gamma):
    """The greedy action by a loop that only moves on for a strictly larger value."""
    Q = q_from_v(P, V, gamma)
    policy = np.zeros(Q.shape)
    for s in range(Q.shape[0]):
        best = 0
        for a in range(1, Q.shape[1]):
            if Q[s, a] > Q[s, best]:
                best = a
        policy[s, best] = 1.0
    return policy


def policy_iteration(P, gamma, theta=1e-10, max_iterations=1_000):
    """The policy kept as action indices, compared as such."""
    n_actions = len(P[0])
    policy = np.ones((len(P), n_actions)) / n_actions
    actions = None
    for _ in range(max_iterations):
        V = policy_evaluation(P, policy, gamma, theta=theta)
        improved = policy_improvement(P, V, gamma)
        new_actions = improved.argmax(axis=1)
        if actions is not None and np.all(new_actions == actions):
            break
        actions, policy = new_actions, improved
    return V, policy


def value_iteration(P, gamma, theta=1e-10, max_sweeps=10_000):
    """The maximum state by state, the stop test on a running delta."""
    V = np.zeros(len(P))
    for _ in range(max_sweeps):
        Q = q_from_v(P, V, gamma)
        delta = 0.0
        new_V = np.empty_like(V)
        for s in range(len(P)):
            new_V[s] = max(Q[s])
            delta = max(delta, abs(new_V[s] - V[s]))
        V = new_V
        if delta < theta:
            break
    return V, policy_improvement(P, V, gamma)


def epsilon_greedy(q_values, epsilon, rng):
    """The probability vector first, then one rng.choice."""
    n = len(q_values)
    probs = np.full(n, epsilon / n)
    probs[int(np.argmax(q_values))] += 1.0 - epsilon
    return int(rng.choice(n, p=probs))


def first_visit_mc_update(Q, counts, states, actions, rewards, gamma):
    """The first visit of each pair found first, each return summed forwards."""
    new_Q = np.array(Q, dtype=float)
    new_counts = np.array(counts, copy=True)
    first = {}
    for t, pair in enumerate(zip(states, actions, strict=True)):
        first.setdefault((int(pair[0]), int(pair[1])), t)
    for (s, a), t in first.items():
        G = sum(gamma**k * rewards[t + k] for k in range(len(rewards) - t))
        new_counts[s, a] += 1
        new_Q[s, a] = new_Q[s, a] * (1 - 1 / new_counts[s, a]) + G / new_counts[s, a]
    return new_Q, new_counts


def mc_control(env, num_episodes, gamma, epsilon_decay=0.9995, min_epsilon=0.05, seed=0):
    """An episode kept as a list of (state, action, reward) triples; the schedule computed
    by multiplying epsilon down after each episode."""
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    counts = np.zeros_like(Q, dtype=np.int64)
    rng = np.random.default_rng(seed)
    episode_rewards = []
    decayed = 1.0
    for episode in range(num_episodes):
        epsilon = max(min_epsilon, decayed)
        state, _ = env.reset(seed=seed) if episode == 0 else env.reset()
        trajectory = []
        while True:
            action = epsilon_greedy(Q[state], epsilon, rng)
            next_state, reward, terminated, truncated, _ = env.step(action)
            trajectory.append((state, action, reward))
            if terminated or truncated:
                break
            state = next_state
        states, actions, rewards = (np.array(column) for column in zip(*trajectory, strict=True))
        Q, counts = first_visit_mc_update(Q, counts, states, actions, rewards, gamma)
        episode_rewards.append(float(rewards.sum()))
        decayed *= epsilon_decay
    return Q, np.array(episode_rewards)


def sarsa_update(Q, state, action, reward, next_state, next_action, terminated, alpha, gamma):
    """The TD error first, the bootstrap switched off by a factor."""
    new_Q = np.array(Q, dtype=float)
    bootstrap = 0.0 if terminated else 1.0
    td_error = reward + gamma * bootstrap * Q[next_state][next_action] - Q[state][action]
    new_Q[state][action] = Q[state][action] + alpha * td_error
    return new_Q


def q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma):
    """The weighted average form: (1 - alpha) * Q + alpha * target."""
    new_Q = Q.copy()
    target = reward + (0.0 if terminated else gamma * max(Q[next_state]))
    new_Q[state, action] = (1 - alpha) * Q[state, action] + alpha * target
    return new_Q


def expected_sarsa_update(Q, state, action, reward, next_state, terminated, alpha, gamma, epsilon):
    """The expectation as (1 - epsilon) * max + epsilon * mean."""
    new_Q = Q.copy()
    row = Q[next_state]
    expected = (1 - epsilon) * row.max() + epsilon * row.mean()
    target = reward if terminated else reward + gamma * expected
    new_Q[state, action] += alpha * (target - Q[state, action])
    return new_Q


def train_sarsa(env, num_episodes, alpha=0.5, gamma=1.0, epsilon=0.1, seed=0):
    """No next action drawn once the episode is over (other draws than the reference's);
    the rewards summed into a list."""
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    rng = np.random.default_rng(seed)
    totals = []
    for episode in range(num_episodes):
        state, _ = env.reset(seed=seed if episode == 0 else None)
        action = epsilon_greedy(Q[state], epsilon, rng)
        total = 0.0
        while True:
            next_state, reward, terminated, truncated, _ = env.step(action)
            total += reward
            if terminated:
                Q = sarsa_update(Q, state, action, reward, next_state, 0, True, alpha, gamma)
                break
            next_action = epsilon_greedy(Q[next_state], epsilon, rng)
            Q = sarsa_update(Q, state, action, reward, next_state, next_action, False, alpha, gamma)
            if truncated:
                break
            state, action = next_state, next_action
        totals.append(total)
    return Q, np.array(totals)


def train_q_learning(env, num_episodes, alpha=0.5, gamma=1.0, epsilon=0.1, seed=0):
    """Its own exploration draw order (the action drawn first, then the coin), written
    inline instead of through epsilon_greedy."""
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    rng = np.random.default_rng(seed)
    totals = np.zeros(num_episodes)
    for episode in range(num_episodes):
        state, _ = env.reset(seed=seed) if episode == 0 else env.reset()
        done = False
        while not done:
            random_action = int(rng.integers(Q.shape[1]))
            action = random_action if rng.random() < epsilon else int(np.argmax(Q[state]))
            next_state, reward, terminated, truncated, _ = env.step(action)
            Q = q_learning_update(Q, state, action, reward, next_state, terminated, alpha, gamma)
            totals[episode] += reward
            state, done = next_state, terminated or truncated
    return Q, totals


class ReplayBuffer:
    """A deque of (state, action, reward, next_state, terminated) tuples, oldest first."""

    def __init__(self, capacity, seed=None):
        """The deque drops its oldest item itself once it holds maxlen."""
        from collections import deque

        self.capacity = capacity
        self.size = 0
        self.rng = np.random.default_rng(seed)
        self.memory = deque(maxlen=capacity)

    def __len__(self):
        """The number of transitions stored."""
        return self.size

    def add(self, state, action, reward, next_state, terminated):
        """Append a copy of the transition; size is the deque's length."""
        self.memory.append(
            (
                np.array(state, dtype=float),
                action,
                reward,
                np.array(next_state, dtype=float),
                terminated,
            )
        )
        self.size = len(self.memory)

    def sample(self, batch_size):
        """The first batch_size entries of a permutation, stacked field by field."""
        if not 1 <= batch_size <= len(self.memory):
            raise ValueError(f"batch_size must be in [1, {len(self.memory)}], not {batch_size}")
        picked = [self.memory[i] for i in self.rng.permutation(len(self.memory))[:batch_size]]
        states, actions, rewards, next_states, terminated = zip(*picked, strict=True)
        return (
            np.stack(states).astype(np.float64),
            np.array(actions, dtype=np.int64),
            np.array(rewards, dtype=np.float64),
            np.stack(next_states).astype(np.float64),
            np.array(terminated, dtype=bool),
        )


def dqn_targets(rewards, next_q, terminated, gamma):
    """One transition at a time, the best next value found by a loop."""
    targets = np.empty(len(rewards))
    for k in range(len(rewards)):
        best = next_q[k, 0]
        for value in next_q[k, 1:]:
            best = max(best, value)
        targets[k] = rewards[k] if terminated[k] else rewards[k] + gamma * best
    return targets


def double_dqn_targets(rewards, next_q_online, next_q_target, terminated, gamma):
    """np.take_along_axis for the evaluation, the mask as a factor (1 - terminated)."""
    chosen = next_q_online.argmax(axis=1)[:, None]
    evaluated = np.take_along_axis(next_q_target, chosen, axis=1)[:, 0]
    return rewards + (1.0 - terminated.astype(float)) * gamma * evaluated
