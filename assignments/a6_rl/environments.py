"""The environments and the helpers around them (given: nothing to write here).

make_env builds a Gymnasium environment; transition_table reads its model as lists, the
form the dynamic programming functions take; greedy_path follows a Q-table's greedy
actions on a deterministic grid; epsilon_greedy_actions runs your epsilon_greedy many
times, as the grader does; draw_values and draw_paths draw values, policies and paths on
the grid, for the notebook.

Two grids, both from Gymnasium (1.4):
- FrozenLake-v1, 4x4: states 0..15 row by row from the start S (0) to the goal G (15);
  actions 0 left, 1 down, 2 right, 3 up. Reaching G gives reward 1, everything else 0;
  falling into a hole H (5, 7, 11, 12) or reaching G ends the episode, and so does the
  100th step (truncated). Slippery (the default): the move goes the intended way or to
  either side of it, with probability 1/3 each.
- CliffWalking-v1, 4x12: states 0..47 row by row; start 36 (bottom left), goal 47 (bottom
  right), the cliff 37..46 between them; actions 0 up, 1 right, 2 down, 3 left. Every step
  costs -1; stepping into the cliff costs -100 and sends the agent back to the start
  (the episode goes on); entering the goal ends it.
"""

import gymnasium as gym
import numpy as np

from .exploration import epsilon_greedy

#: The screen direction (right, up) of each action, for the arrows of draw_values.
ARROWS = {
    "FrozenLake-v1": ((-1, 0), (0, -1), (1, 0), (0, 1)),
    "CliffWalking-v1": ((0, 1), (1, 0), (0, -1), (-1, 0)),
}


def make_env(name, **kwargs):
    """gym.make(name, **kwargs): make_env("FrozenLake-v1", is_slippery=False),
    make_env("CliffWalking-v1")."""
    return gym.make(name, **kwargs)


def transition_table(env):
    """The model of ``env`` (its env.unwrapped.P, a dict of dicts) as lists of plain
    numbers, P[s][a] = [(prob, next_state, reward, terminated), ...], with prob and
    reward floats, next_state an int and terminated a bool."""
    table = env.unwrapped.P
    return [
        [
            [(float(p), int(s), float(r), bool(t)) for p, s, r, t in table[state][action]]
            for action in range(len(table[state]))
        ]
        for state in range(len(table))
    ]


def greedy_path(P, Q, start, max_steps=100):
    """The states visited by following the greedy actions of ``Q`` (np.argmax, ties to
    the lowest index) from ``start`` through a deterministic table ``P`` (one outcome per
    state and action), ``start`` first: it ends with the state a terminated transition
    enters, or after ``max_steps`` moves (a policy that walks in circles)."""
    path = [int(start)]
    for _ in range(max_steps):
        outcomes = P[path[-1]][int(np.argmax(Q[path[-1]]))]
        if len(outcomes) != 1:
            raise ValueError("greedy_path needs a deterministic table (is_slippery=False)")
        _, next_state, _, terminated = outcomes[0]
        path.append(int(next_state))
        if terminated:
            break
    return path


def epsilon_greedy_actions(q_values, epsilon, seed, num_draws):
    """The actions of ``num_draws`` calls of your epsilon_greedy(q_values, epsilon, rng),
    all with one rng = np.random.default_rng(seed): an int64 array of shape (num_draws,).
    np.bincount(actions, minlength=nA) / num_draws estimates the probability of each."""
    rng = np.random.default_rng(seed)
    return np.array(
        [epsilon_greedy(q_values, epsilon, rng) for _ in range(num_draws)], dtype=np.int64
    )


def draw_values(ax, V, policy, shape, env_name, hide=()):
    """Draw the values ``V`` (nS,) on the grid of ``shape`` (rows, columns) as a heat map
    on the matplotlib axes ``ax``, each cell with its value and an arrow for the action
    policy[s] favours (none for the states in ``hide``: holes, goal, cliff). ``env_name``
    ("FrozenLake-v1" or "CliffWalking-v1") says which way each action points."""
    grid = np.asarray(V, dtype=np.float64).reshape(shape)
    image = ax.imshow(grid, cmap="viridis")
    ax.figure.colorbar(image, ax=ax, shrink=0.8)
    rows, cols = np.unravel_index(np.arange(grid.size), shape)
    shown = np.array([s not in hide for s in range(grid.size)])
    moves = np.array(ARROWS[env_name], dtype=np.float64)[np.argmax(policy, axis=1)]
    ax.quiver(cols[shown], rows[shown], moves[shown, 0], moves[shown, 1], color="white")
    for s in range(grid.size):
        ax.text(cols[s], rows[s] + 0.35, f"{grid.flat[s]:.2f}", ha="center", fontsize=7)
    ax.set_xticks([])
    ax.set_yticks([])


def draw_paths(ax, paths, shape, labels, cliff=()):
    """Draw each state path of ``paths`` (lists of states, as greedy_path returns) on the
    grid of ``shape`` (rows, columns) on the matplotlib axes ``ax``, with its label; the
    states of ``cliff`` are shaded."""
    shade = np.zeros(shape)
    shade.flat[list(cliff)] = 1.0
    ax.imshow(shade, cmap="Greys", vmin=0.0, vmax=2.0)
    for offset, (path, label) in enumerate(zip(paths, labels, strict=True)):
        rows, cols = np.unravel_index(np.asarray(path), shape)
        shift = 0.1 * (offset - (len(paths) - 1) / 2)
        ax.plot(cols + shift, rows + shift, marker="o", markersize=3, label=label)
    ax.legend(loc="upper left", fontsize=8)
    ax.set_xticks(np.arange(shape[1]))
    ax.set_yticks(np.arange(shape[0]))
