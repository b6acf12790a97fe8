"""Draws for recurrent layers (a4): sequences and single steps of an RNN, LSTM or GRU with
their initial states and weights, upstream gradients on every step or on one, word indices
with repeated words, scores with labels and masks.

Values come from a drawn seed (continuous, so no two entries tie and no gate saturates):
inputs and states standard normal, weights and biases 0.5 times standard normal, so a
pre-activation stays of order 1 and a numeric gradient is well conditioned. A layer's
inputs come as a dict in the order of its function's parameters (``x, h0, c0, Wx, Wh, b``;
``bx, bh`` for the GRU), so a test calls ``student.lstm_forward(*inputs.values())`` and
names each gradient ``"d" + name``, as the docstrings do.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from autograder.testing.strategies.core import seeds, sides

#: The gate blocks along the G * H axis of each cell's weights (LSTM: i, f, g, o; GRU: r, z, n).
GATES = {"rnn": 1, "lstm": 4, "gru": 3}
#: Where a sequence layer's upstream gradient is non-zero: on every step, or on only the
#: last or only the first (where the bugs of backpropagation through time show).
UPSTREAM = ("every step", "last step", "first step")


def _parameters(rng: np.random.Generator, cell: str, d: int, h: int) -> dict[str, np.ndarray]:
    """``Wx`` (D, GH), ``Wh`` (H, GH) and the bias ``b`` (GH,), or the GRU's two biases
    ``bx`` and ``bh``, each 0.5 times standard normal."""
    width = GATES[cell] * h
    weights = {
        "Wx": 0.5 * rng.standard_normal((d, width)),
        "Wh": 0.5 * rng.standard_normal((h, width)),
    }
    biases = ("bx", "bh") if cell == "gru" else ("b",)
    return {**weights, **{name: 0.5 * rng.standard_normal(width) for name in biases}}


def _states(
    rng: np.random.Generator, cell: str, names: tuple[str, str], n: int, h: int
) -> dict[str, np.ndarray]:
    """The initial hidden state, and for the LSTM the cell state, standard normal (N, H)."""
    count = 2 if cell == "lstm" else 1
    return {name: rng.standard_normal((n, h)) for name in names[:count]}


@st.composite
def step_inputs(
    draw: st.DrawFn, cell: str, max_batch: int = 3, max_features: int = 3, max_hidden: int = 3
) -> dict[str, np.ndarray]:
    """The inputs of one step of ``cell`` ("rnn", "lstm" or "gru"), by parameter name:
    ``x`` (N, D), ``prev_h`` (N, H), ``prev_c`` (N, H) for the LSTM, then the parameters
    (see the module's docstring)."""
    n, d, h = draw(sides(1, max_batch)), draw(sides(1, max_features)), draw(sides(1, max_hidden))
    rng = np.random.default_rng(draw(seeds()))
    x = {"x": rng.standard_normal((n, d))}
    return {**x, **_states(rng, cell, ("prev_h", "prev_c"), n, h), **_parameters(rng, cell, d, h)}


@st.composite
def sequence_inputs(
    draw: st.DrawFn,
    cell: str,
    min_steps: int = 1,
    max_steps: int = 4,
    max_batch: int = 3,
    max_features: int = 3,
    max_hidden: int = 3,
) -> dict[str, np.ndarray]:
    """The inputs of ``cell`` ("rnn", "lstm" or "gru") run over a sequence, by parameter
    name: ``x`` (N, T, D) with T in [min_steps, max_steps], ``h0`` (N, H), ``c0`` (N, H)
    for the LSTM, then the parameters (see the module's docstring). The initial states are
    non-zero."""
    n, t = draw(sides(1, max_batch)), draw(sides(min_steps, max_steps))
    d, h = draw(sides(1, max_features)), draw(sides(1, max_hidden))
    rng = np.random.default_rng(draw(seeds()))
    x = {"x": rng.standard_normal((n, t, d))}
    return {**x, **_states(rng, cell, ("h0", "c0"), n, h), **_parameters(rng, cell, d, h)}


def only_at(dout: np.ndarray, where: str) -> np.ndarray:
    """A copy of the upstream gradient ``dout`` (N, T, ...) kept where ``where`` (one of
    :data:`UPSTREAM`) says, zero at every other step."""
    if where not in UPSTREAM:
        raise ValueError(f"where must be one of {UPSTREAM}, not {where!r}")
    if where == "every step":
        return np.array(dout, dtype=np.float64)
    keep = np.zeros(np.shape(dout)[1], dtype=bool)
    keep[-1 if where == "last step" else 0] = True
    return np.where(keep.reshape(1, -1, *([1] * (np.ndim(dout) - 2))), dout, 0.0)


@st.composite
def word_indices(
    draw: st.DrawFn, max_batch: int = 3, max_steps: int = 4, max_vocabulary: int = 5
) -> tuple[np.ndarray, int]:
    """``(x, V)``: int64 tokens x (N, T) in [0, V) and the vocabulary size V. Words repeat:
    whenever x has two entries or more, word 0 is at least two of them (the first word of
    the vocabulary, and a repeated word, are where an embedding's backward pass goes wrong)."""
    n, t = draw(sides(1, max_batch)), draw(sides(1, max_steps))
    vocabulary = draw(sides(1, max_vocabulary))
    rng = np.random.default_rng(draw(seeds()))
    x = rng.integers(0, vocabulary, size=(n, t))
    if x.size >= 2:
        x.flat[rng.choice(x.size, size=2, replace=False)] = 0
    return x.astype(np.int64), vocabulary


@st.composite
def masks(draw: st.DrawFn, n: int, t: int) -> np.ndarray:
    """A boolean mask (N, T) with at least one True entry and, when it has two entries or
    more, at least one False entry."""
    rng = np.random.default_rng(draw(seeds()))
    mask = rng.random((n, t)) < 0.6
    cells = rng.choice(n * t, size=min(2, n * t), replace=False)
    mask.flat[cells[0]] = True
    if cells.size == 2:
        mask.flat[cells[1]] = False
    return mask


@st.composite
def temporal_scores(
    draw: st.DrawFn,
    max_batch: int = 3,
    max_steps: int = 4,
    max_classes: int = 5,
    scale: float = 3.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(x, y, mask)`` for a loss over time steps: scores x (N, T, V), ``scale`` times
    standard normal, V >= 2; int64 labels y (N, T) in [0, V); a mask from :func:`masks`."""
    n, t, v = draw(sides(1, max_batch)), draw(sides(1, max_steps)), draw(sides(2, max_classes))
    rng = np.random.default_rng(draw(seeds()))
    x = scale * rng.standard_normal((n, t, v))
    y = rng.integers(0, v, size=(n, t)).astype(np.int64)
    return x, y, draw(masks(n, t))


@st.composite
def temporal_affine_inputs(
    draw: st.DrawFn, max_batch: int = 3, max_steps: int = 4, max_features: int = 4, max_out: int = 4
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(x, w, b)`` for an affine layer at every step: x (N, T, D) standard normal, w (D, M)
    and b (M,) 0.5 times standard normal."""
    n, t = draw(sides(1, max_batch)), draw(sides(1, max_steps))
    d, m = draw(sides(1, max_features)), draw(sides(1, max_out))
    rng = np.random.default_rng(draw(seeds()))
    return (
        rng.standard_normal((n, t, d)),
        0.5 * rng.standard_normal((d, m)),
        0.5 * rng.standard_normal(m),
    )
