# %% [markdown]
# # Assignment 6: Reinforcement learning
#
# This notebook uses **your** code in this folder. It solves FrozenLake with your value
# iteration and policy iteration, checks both against the exact solution of the Bellman
# equations (a linear system) and draws the optimal values with the greedy policy's arrows;
# then it trains your SARSA and your Q-learning on CliffWalking, plots their learning curves
# and draws the paths they learned (Sutton and Barto, example 6.6); last, it shows why double
# DQN exists, with your DQN targets.
#
# The checks print relative errors: about 1e-8 or less means your function is right, 1e-3 or
# more almost always means a bug. When a cell raises `NotImplementedError`, the message says
# which TODO is still open. The whole notebook runs in a few seconds.

# %%
import pathlib
import sys

import matplotlib.pyplot as plt
import numpy as np

# The notebook sits inside the a6_rl folder: make its parent importable.
sys.path.insert(0, str(pathlib.Path.cwd().parent))
import a6_rl as rl


def relative_error(a, b):
    """The largest relative difference between a and b, entry by entry (0 for empty arrays)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def exact_values(P, policy, gamma):
    """The values v_pi of ``policy`` from the Bellman equations solved as a linear system,
    (I - gamma P_pi) v = r_pi, with no iteration at all:
        P_pi[s, s2] = sum over a of pi(a | s) * (the probability that a leads from s to s2
                      without ending the episode)
        r_pi[s]     = sum over a of pi(a | s) * (the expected reward of a in s)
    An outcome that ends the episode adds its reward and nothing after it (terminal value 0).
    """
    n = len(P)
    moves, rewards = np.zeros((n, n)), np.zeros(n)
    for s in range(n):
        for a in range(len(P[s])):
            for prob, s2, reward, ends in P[s][a]:
                rewards[s] += policy[s, a] * prob * reward
                moves[s, s2] += 0.0 if ends else policy[s, a] * prob
    return np.linalg.solve(np.eye(n) - gamma * moves, rewards)


# %% [markdown]
# ## FrozenLake: the values of the optimal policy
# FrozenLake 4x4 is slippery: each move goes the intended way or to either side with
# probability 1/3. Reaching the goal (bottom right) pays 1; the holes end the episode with
# nothing. With gamma = 0.99 the start's optimal value is 0.542026: even the best policy
# reaches the goal only about half the time, discounted.
#
# Value iteration and policy iteration get there by repeated sweeps; `exact_values` solves
# the Bellman equations of the policy they return in one linear solve. The two must agree,
# and so must the two algorithms.

# %%
frozen = rl.transition_table(rl.make_env("FrozenLake-v1"))
V, policy = rl.value_iteration(frozen, gamma=0.99)
print(f"V(start) = {V[0]:.6f} (the known figure: 0.542026)")
print(
    "value iteration against the exact values of its policy, error:",
    relative_error(V, exact_values(frozen, policy, 0.99)),
)
V_pi, policy_pi = rl.policy_iteration(frozen, gamma=0.99)
print(
    "policy iteration against the exact values of its policy, error:",
    relative_error(V_pi, exact_values(frozen, policy_pi, 0.99)),
)
print("policy iteration against value iteration, error:", relative_error(V_pi, V))
print("the same greedy policy:", np.array_equal(policy, policy_pi))
residual = np.max(np.abs(V - rl.q_from_v(frozen, V, 0.99).max(axis=1)))
print(f"Bellman optimality residual max |V - max_a Q(., a)|: {residual:.1e}")
uniform = np.full((16, 4), 0.25)
print(
    "policy evaluation of the uniform random policy against the exact values, error:",
    relative_error(
        rl.policy_evaluation(frozen, uniform, 0.99), exact_values(frozen, uniform, 0.99)
    ),
)

# %% [markdown]
# Without the slippery ice every move goes where it is meant to, and the shortest path takes
# 6 steps: the reward 1 arrives on the 6th, so V(start) = 0.9**5 with gamma = 0.9.

# %%
solid = rl.transition_table(rl.make_env("FrozenLake-v1", is_slippery=False))
V_solid, policy_solid = rl.value_iteration(solid, gamma=0.9)
print("not slippery: V(start) against 0.9**5, error:", relative_error(V_solid[0], 0.9**5))

# %% [markdown]
# The optimal values as a heat map, with the greedy action of every state that is not a
# hole or the goal. On the slippery lake the best move often points *away* from the goal:
# against a hole's edge, the agent moves along the wall so that a slip cannot drop it in.

# %%
holes_and_goal = (5, 7, 11, 12, 15)
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
rl.draw_values(axes[0], V, policy, (4, 4), "FrozenLake-v1", hide=holes_and_goal)
axes[0].set_title("Slippery, gamma 0.99")
rl.draw_values(axes[1], V_solid, policy_solid, (4, 4), "FrozenLake-v1", hide=holes_and_goal)
axes[1].set_title("Not slippery, gamma 0.9")
plt.show()

# %% [markdown]
# ## CliffWalking: SARSA against Q-learning
# Every step costs -1, stepping into the cliff (the bottom row between start and goal)
# costs -100 and sends the agent back to the start. Both methods explore with epsilon = 0.1
# all the time. Q-learning learns the values of the greedy policy, which walks along the
# cliff edge (13 steps); SARSA learns the values of the policy it actually follows, random
# slips included, and prefers a path further from the edge. While learning, Q-learning's
# exploring steps fall off the cliff now and then, so its sum of rewards per episode is
# worse than SARSA's (Sutton and Barto, figure 6.4), though its greedy path is shorter.
#
# The runs below are the ones the tests make: 1000 episodes, alpha 0.1, epsilon 0.1,
# gamma 1, seed 0.

# %%
cliff_env = rl.make_env("CliffWalking-v1")
cliff = rl.transition_table(cliff_env)
runs = {
    "SARSA": rl.train_sarsa(cliff_env, 1000, alpha=0.1, gamma=1.0, epsilon=0.1, seed=0),
    "Q-learning": rl.train_q_learning(cliff_env, 1000, alpha=0.1, gamma=1.0, epsilon=0.1, seed=0),
}
window = 20
fig, ax = plt.subplots(figsize=(8, 4))
for name, (_, episode_rewards) in runs.items():
    smooth = np.convolve(episode_rewards, np.ones(window) / window, mode="valid")
    ax.plot(np.arange(window, len(episode_rewards) + 1), smooth, label=name)
    last = episode_rewards[-100:].mean()
    print(f"{name}: mean sum of rewards over the last 100 episodes {last:.1f}")
ax.set_ylim(-100, 0)
ax.set_xlabel("episode")
ax.set_ylabel(f"sum of rewards per episode ({window}-episode average)")
ax.legend()
plt.show()

# %% [markdown]
# The greedy path of each learned Q-table, from the start (bottom left) to the goal (bottom
# right), the cliff shaded.

# %%
paths = {name: rl.greedy_path(cliff, Q, start=36) for name, (Q, _) in runs.items()}
for name, path in paths.items():
    rows = sorted({s // 12 for s in path})
    print(f"{name}: {len(path) - 1} steps, through the rows {rows} (0 = top, 3 = the cliff's)")
fig, ax = plt.subplots(figsize=(10, 4))
rl.draw_paths(ax, list(paths.values()), (4, 12), list(paths), cliff=range(37, 47))
ax.set_title("Greedy paths learned on CliffWalking")
plt.show()

# %% [markdown]
# ## Why double DQN
# Suppose every action of a state is truly worth 0, and a network's estimates of them carry
# independent noise. DQN's target takes the max of the estimates, and the max of noisy
# numbers is above their mean: the targets are biased upwards, and the bias feeds itself
# through bootstrapping. Double DQN lets one network choose the action and another value
# it, with noise of its own: the value of a chosen action is then unbiased.

# %%
noise = np.random.default_rng(0)
batch, actions = 10_000, 4
rewards, terminated = np.zeros(batch), np.zeros(batch, dtype=bool)
online = noise.normal(size=(batch, actions))
target = noise.normal(size=(batch, actions))
print(
    f"mean DQN target (true value 0): {rl.dqn_targets(rewards, target, terminated, 1.0).mean():.3f}"
)
double = rl.double_dqn_targets(rewards, online, target, terminated, 1.0)
print(f"mean double-DQN target (true value 0): {double.mean():.3f}")
