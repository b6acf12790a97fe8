"""Draws for tabular reinforcement learning (a6): small MDPs in Gymnasium's transition-table
form, policies, Q-tables, lists of transitions for the TD updates and recorded episodes for
Monte Carlo.

An MDP is ``P[s][a]``, a list of ``(prob, next_state, reward, terminated)`` tuples, as
``env.unwrapped.P`` of FrozenLake and CliffWalking holds it (there a dict of dicts; here
lists, which cross the sandbox's channel as data). The draws keep what makes those tables
tricky: an outcome may be listed twice (FrozenLake lists a slip into the same wall twice),
``terminated`` is drawn per outcome, and the row of a state that some transition enters
with ``terminated=True`` is an ordinary row, not necessarily absorbing (CliffWalking's goal
row is not). Probabilities are small integer weights normalized, rewards quarters in
[-2, 2], so values stay of order 1 and ties between actions happen.

A transition list is a dict of arrays by the TD updates' parameter names (``state``,
``action``, ``reward``, ``next_state``, ``next_action``, ``terminated``), one entry per
update, drawn from a few states so that updates revisit what earlier ones changed.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from autograder.testing.strategies.core import seeds, sides

#: One outcome of a transition table: (prob, next_state, reward, terminated).
Outcome = tuple[float, int, float, bool]
#: A transition table, P[s][a] = [outcome, ...].
Table = list[list[list[Outcome]]]


#: The arrays of a transition list and their dtypes, in the order of the TD updates'
#: parameters.
TRANSITION_KEYS = {
    "state": np.int64,
    "action": np.int64,
    "reward": np.float64,
    "next_state": np.int64,
    "next_action": np.int64,
    "terminated": np.bool_,
}


def _reward(rng: np.random.Generator) -> float:
    """A reward, a quarter in [-2, 2]."""
    return float(rng.integers(-8, 9)) / 4.0


def _outcomes(rng: np.random.Generator, num_states: int, max_outcomes: int) -> list[Outcome]:
    """The outcomes of one state-action pair: 1 to ``max_outcomes`` of them, weights 1 to 3
    normalized to probabilities, next states drawn with repetition, each terminated with
    probability 1/3."""
    count = int(rng.integers(1, max_outcomes + 1))
    weights = rng.integers(1, 4, size=count)
    return [
        (
            float(w / weights.sum()),
            int(rng.integers(num_states)),
            _reward(rng),
            bool(rng.random() < 1 / 3),
        )
        for w in weights
    ]


@st.composite
def mdps(
    draw: st.DrawFn,
    min_states: int = 1,
    max_states: int = 5,
    max_actions: int = 3,
    max_outcomes: int = 3,
) -> Table:
    """A transition table ``P[s][a]`` of ``min_states..max_states`` states, 1 to
    ``max_actions`` actions (the same in every state) and 1 to ``max_outcomes`` outcomes
    per state-action pair (see the module's docstring). Every probability row sums to 1
    within round-off."""
    num_states, num_actions = draw(sides(min_states, max_states)), draw(sides(1, max_actions))
    rng = np.random.default_rng(draw(seeds()))
    return [
        [_outcomes(rng, num_states, max_outcomes) for _ in range(num_actions)]
        for _ in range(num_states)
    ]


def table_size(P: Table) -> tuple[int, int]:
    """(number of states, number of actions) of a transition table."""
    return len(P), len(P[0])


def discounts(high: float = 0.95, low: float = 0.0) -> st.SearchStrategy[float]:
    """A discount factor gamma in [``low``, ``high``], both included (below 1, so that
    every policy's values are finite and iterations converge)."""
    return st.one_of(st.just(low), st.just(high), st.floats(low, high))


@st.composite
def policies(draw: st.DrawFn, num_states: int, num_actions: int) -> np.ndarray:
    """A stochastic policy, float64 (num_states, num_actions), every row a probability
    vector; each row is one-hot (a deterministic choice) with probability 1/3, else weights
    0 to 3 (at least one positive) normalized, so some actions have probability 0."""
    rng = np.random.default_rng(draw(seeds()))
    probabilities = np.zeros((num_states, num_actions))
    for row in probabilities:
        if rng.random() < 1 / 3:
            row[rng.integers(num_actions)] = 1.0
            continue
        weights = rng.integers(0, 4, size=num_actions).astype(np.float64)
        weights[rng.integers(num_actions)] += 1.0
        row[:] = weights / weights.sum()
    return probabilities


@st.composite
def q_tables(
    draw: st.DrawFn, num_states: int, num_actions: int, ties: bool | None = None
) -> np.ndarray:
    """A Q-table, float64 (num_states, num_actions). With ``ties`` (drawn when None) its
    values are whole numbers in [-2, 2], so actions often tie for the maximum; otherwise
    standard normal, so they never do."""
    rng = np.random.default_rng(draw(seeds()))
    if ties is None:
        ties = draw(st.booleans())
    if ties:
        return rng.integers(-2, 3, size=(num_states, num_actions)).astype(np.float64)
    return rng.standard_normal((num_states, num_actions))


@st.composite
def transitions(
    draw: st.DrawFn,
    num_states: int,
    num_actions: int,
    min_length: int = 1,
    max_length: int = 8,
) -> dict[str, np.ndarray]:
    """``min_length..max_length`` transitions, as a dict of arrays by the TD updates'
    parameter names: ``state``, ``action``, ``next_state``, ``next_action`` int64,
    ``reward`` float64 (quarters in [-2, 2]), ``terminated`` bool (with probability 1/4).
    Each transition's state is the previous one's next state unless that one terminated
    (then it is drawn afresh), as along an episode."""
    length = draw(sides(min_length, max_length))
    rng = np.random.default_rng(draw(seeds()))
    columns: dict[str, list] = {key: [] for key in TRANSITION_KEYS}
    state = int(rng.integers(num_states))
    for _ in range(length):
        terminated = bool(rng.random() < 0.25)
        row = {
            "state": state,
            "action": int(rng.integers(num_actions)),
            "reward": _reward(rng),
            "next_state": int(rng.integers(num_states)),
            "next_action": int(rng.integers(num_actions)),
            "terminated": terminated,
        }
        for key, value in row.items():
            columns[key].append(value)
        state = int(rng.integers(num_states)) if terminated else row["next_state"]
    return {key: np.array(values, dtype=TRANSITION_KEYS[key]) for key, values in columns.items()}


@st.composite
def episodes(
    draw: st.DrawFn, num_states: int, num_actions: int, max_length: int = 8
) -> dict[str, np.ndarray]:
    """A recorded episode of 1 to ``max_length`` steps, as a dict of arrays: ``states`` and
    ``actions`` int64 (S_0..S_{T-1}, A_0..A_{T-1}), ``rewards`` float64 (R_1..R_T, quarters
    in [-2, 2]). Whenever it has two steps or more, its first state-action pair comes back
    at a later step, where first-visit and every-visit Monte Carlo differ."""
    length = draw(sides(1, max_length))
    rng = np.random.default_rng(draw(seeds()))
    states = rng.integers(num_states, size=length)
    actions = rng.integers(num_actions, size=length)
    if length >= 2:
        again = int(rng.integers(1, length))
        states[again], actions[again] = states[0], actions[0]
    rewards = np.array([_reward(rng) for _ in range(length)])
    return {
        "states": states.astype(np.int64),
        "actions": actions.astype(np.int64),
        "rewards": rewards,
    }


@st.composite
def visit_counts(draw: st.DrawFn, num_states: int, num_actions: int) -> np.ndarray:
    """How many first visits each state-action pair has had, int64 (num_states,
    num_actions), each 0 to 3."""
    rng = np.random.default_rng(draw(seeds()))
    return rng.integers(0, 4, size=(num_states, num_actions)).astype(np.int64)
