"""The shared hypothesis strategies draw what their docstrings promise."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import find, given
from hypothesis import strategies as st

from autograder.testing import strategies as ast
from autograder.testing.strategies import attention, convolution, layers, mdp, sequences

TINY = np.finfo(np.float64).tiny


@st.composite
def bounds(draw: st.DrawFn, low: int = 0, high: int = 6) -> tuple[int, int]:
    """An ordered pair of ints, for min/max arguments."""
    a, b = draw(st.integers(low, high)), draw(st.integers(low, high))
    return min(a, b), max(a, b)


def assert_float64_within(x: np.ndarray, low: float, high: float) -> None:
    assert isinstance(x, np.ndarray)
    assert x.dtype == np.float64
    assert np.all(np.isfinite(x))
    assert np.all((x >= low) & (x <= high))


@given(data=st.data(), side_bounds=bounds(1, 8))
def test_sides_are_within_bounds(data, side_bounds):
    """sides(min, max) is an int in [min, max]; the default is [1, 5]."""
    low, high = side_bounds
    side = data.draw(ast.sides(low, high))
    assert isinstance(side, int)
    assert low <= side <= high
    assert 1 <= data.draw(ast.sides()) <= 5


@given(data=st.data(), dims=bounds(1, 4), side_bounds=bounds(1, 6))
def test_shapes_have_the_promised_number_of_axes_and_sides(data, dims, side_bounds):
    """shapes() has min_dims..max_dims axes, each of min_side..max_side."""
    shape = data.draw(ast.shapes(dims[0], dims[1], side_bounds[0], side_bounds[1]))
    assert isinstance(shape, tuple)
    assert dims[0] <= len(shape) <= dims[1]
    assert all(side_bounds[0] <= side <= side_bounds[1] for side in shape)


@given(shape=ast.shapes())
def test_default_shapes_have_one_to_four_axes_of_one_to_five(shape):
    """The default shape has 1-4 axes of length 1-5."""
    assert 1 <= len(shape) <= 4
    assert all(1 <= side <= 5 for side in shape)


@given(
    data=st.data(),
    feature_dims=bounds(1, 3),
    max_batch=st.integers(1, 6),
    max_side=st.integers(1, 5),
)
def test_batched_shapes_are_a_batch_then_feature_axes(data, feature_dims, max_batch, max_side):
    """batched_shapes() is (N, d1..dk) with N in [1, max_batch], k and each d within bounds."""
    shape = data.draw(ast.batched_shapes(feature_dims[0], feature_dims[1], max_batch, max_side))
    assert isinstance(shape, tuple)
    assert 1 <= shape[0] <= max_batch
    assert feature_dims[0] <= len(shape) - 1 <= feature_dims[1]
    assert all(1 <= side <= max_side for side in shape[1:])


@given(data=st.data(), low=st.floats(-100, 100, allow_subnormal=False), width=st.floats(0, 50))
def test_floats_are_finite_normal_and_within_bounds(data, low, width):
    """floats(low, high) is a finite float in [low, high], zero or at least the smallest normal."""
    high = low + width
    value = data.draw(ast.floats(low, high))
    assert isinstance(value, float)
    assert math.isfinite(value)
    assert low <= value <= high
    assert value == 0.0 or abs(value) >= TINY


@given(value=ast.floats())
def test_default_floats_are_within_minus_five_and_five(value):
    """The default range is [LOW, HIGH] = [-5, 5]."""
    assert (ast.LOW, ast.HIGH) == (-5.0, 5.0)
    assert -5.0 <= value <= 5.0


@given(x=ast.arrays((2, 3)))
def test_arrays_of_a_fixed_shape(x):
    """arrays(shape) has exactly that shape, float64 elements in [-5, 5]."""
    assert x.shape == (2, 3)
    assert_float64_within(x, -5.0, 5.0)


@given(data=st.data(), low=st.floats(-10, 10, allow_subnormal=False), width=st.floats(0, 10))
def test_arrays_of_a_drawn_shape_within_given_bounds(data, low, width):
    """arrays(shape strategy, low, high) draws the shape and keeps elements in [low, high]."""
    x = data.draw(ast.arrays(ast.shapes(1, 3, 1, 4), low, low + width))
    assert 1 <= x.ndim <= 3
    assert all(1 <= side <= 4 for side in x.shape)
    assert_float64_within(x, low, low + width)


@given(data=st.data(), n=st.integers(0, 8), classes=st.integers(1, 10))
def test_class_labels_are_int64_in_range(data, n, classes):
    """class_labels(n, C) is an int64 vector of n labels in [0, C)."""
    y = data.draw(ast.class_labels(n, classes))
    assert y.dtype == np.int64
    assert y.shape == (n,)
    assert np.all((y >= 0) & (y < classes))


@given(seed=ast.seeds())
def test_seeds_are_valid_default_rng_seeds(seed):
    """seeds() is an int in [0, 2**32) that np.random.default_rng accepts."""
    assert isinstance(seed, int)
    assert 0 <= seed < 2**32
    np.random.default_rng(seed)


@given(data=st.data(), feature_dims=bounds(1, 3))
def test_affine_inputs_have_consistent_shapes(data, feature_dims):
    """affine_inputs() is x (N, d1..dk), w (prod(d), M), b (M,), all float64 in [-5, 5]."""
    x, w, b = data.draw(layers.affine_inputs(feature_dims[0], feature_dims[1]))
    assert feature_dims[0] <= x.ndim - 1 <= feature_dims[1]
    assert 1 <= x.shape[0] <= 5
    assert w.ndim == 2
    assert w.shape[0] == math.prod(x.shape[1:])
    assert 1 <= w.shape[1] <= 5
    assert b.shape == (w.shape[1],)
    for array in (x, w, b):
        assert_float64_within(array, -5.0, 5.0)
    assert (x.reshape(x.shape[0], -1) @ w + b).shape == (x.shape[0], w.shape[1])


@given(data=st.data(), class_bounds=bounds(2, 8), scale=st.floats(0.5, 20))
def test_scores_and_labels_shapes_and_ranges(data, class_bounds, scale):
    """scores (N, C) in [-scale, scale] with C in [min, max], labels (N,) int64 in [0, C)."""
    scores, y = data.draw(layers.scores_and_labels(class_bounds[0], class_bounds[1], scale))
    n, classes = scores.shape
    assert 1 <= n <= 5
    assert class_bounds[0] <= classes <= class_bounds[1]
    assert_float64_within(scores, -scale, scale)
    assert y.dtype == np.int64
    assert y.shape == (n,)
    assert np.all((y >= 0) & (y < classes))


# --- away_from_kinks -------------------------------------------------------------------------


@st.composite
def spaced_kinks(draw: st.DrawFn, margin: float) -> tuple[float, ...]:
    """1-3 sorted kinks in about [-5, 5], at least 3 * margin apart (so moves cannot collide)."""
    start = draw(st.floats(-5, 0))
    gaps = draw(st.lists(st.floats(3 * margin, 3.0), min_size=0, max_size=2))
    return tuple(start + sum(gaps[:i]) for i in range(len(gaps) + 1))


@given(data=st.data(), margin=st.floats(1e-4, 0.3))
def test_away_from_kinks_moves_near_elements_and_keeps_far_ones(data, margin):
    """Near elements go to kink +- margin on their own side; the rest are unchanged bit for bit."""
    kinks = data.draw(spaced_kinks(margin), label="kinks")
    values = data.draw(ast.arrays(ast.shapes(max_dims=3)), label="values")
    # Put some elements on and right next to the kinks.
    flat = values.reshape(-1)
    for i, kink in enumerate(kinks):
        if i < flat.size:
            flat[i] = kink + data.draw(st.floats(-margin, margin), label=f"offset {i}")
    before = values.copy()

    out = ast.away_from_kinks(values, kinks, margin)

    assert out is not values
    assert out.dtype == np.float64
    assert out.shape == values.shape
    assert values.tobytes() == before.tobytes()
    for v, o in zip(before.reshape(-1), out.reshape(-1), strict=True):
        near = [k for k in kinks if abs(v - k) < margin]
        if not near:
            assert o == v
        else:
            (kink,) = near
            assert o == (kink - margin if v < kink else kink + margin)
        # At least margin from every kink, up to the rounding of kink + margin.
        assert all(abs(o - k) >= margin - 1e-12 for k in kinks)


@given(values=ast.arrays(ast.shapes()), margin=st.floats(1e-4, 1.0))
def test_away_from_kinks_default_kink_is_zero_and_exact(values, margin):
    """With the default kink 0 every element ends at least margin from 0 exactly, signs kept."""
    values.reshape(-1)[0] = 0.0
    out = ast.away_from_kinks(values, margin=margin)
    assert np.all(np.abs(out) >= margin)
    assert out.reshape(-1)[0] == margin  # exactly on the kink: moved up
    far = np.abs(values) >= margin
    assert np.array_equal(out[far], values[far])
    assert np.all(np.sign(out[~far & (values != 0)]) == np.sign(values[~far & (values != 0)]))


def test_away_from_kinks_default_margin_and_list_input():
    """The default margin is 1e-2, and a list input gives a float64 array."""
    out = ast.away_from_kinks([0.0, -0.001, 0.005, 0.5, -2])
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [0.01, -0.01, 0.01, 0.5, -2.0])


@pytest.mark.parametrize(
    ("value", "kinks", "expected"),
    [
        (1.005, (1.0,), 1.0 + 0.01),
        (0.995, (1.0,), 1.0 - 0.01),
        (-2.0, (-2.0, 2.0), -2.0 + 0.01),
        (2.0 - 1e-9, (-2.0, 2.0), 2.0 - 0.01),
    ],
)
def test_away_from_kinks_at_nonzero_kinks(value, kinks, expected):
    """An element next to a kink k goes to k + margin above it and k - margin below it."""
    assert ast.away_from_kinks(np.array([value]), kinks)[0] == expected


@given(inputs=convolution.conv_inputs())
def test_conv_inputs_fit_and_have_matching_shapes(inputs):
    x, w, b, stride, pad = inputs
    assert x.ndim == 4 and w.ndim == 4 and w.shape[1] == x.shape[1] and b.shape == (w.shape[0],)
    assert w.shape[2] <= x.shape[2] + 2 * pad and w.shape[3] <= x.shape[3] + 2 * pad
    assert stride >= 1 and pad >= 0


@given(inputs=convolution.pool_inputs())
def test_pool_inputs_are_distinct_and_windows_fit(inputs):
    x, pool_h, pool_w, stride = inputs
    assert pool_h <= x.shape[2] and pool_w <= x.shape[3] and stride >= 1
    values = np.sort(x.ravel())
    assert np.all(np.diff(values) >= 0.04)


@given(inputs=convolution.residual_inputs(kernels=(1, 3, 5)))
def test_residual_inputs_chain_back_to_the_input_channels(inputs):
    x, w1, b1, w2, b2 = inputs
    c = x.shape[1]
    f, k = w1.shape[0], w1.shape[2]
    assert w1.shape == (f, c, k, k) and w2.shape == (c, f, k, k) and k % 2 == 1
    assert b1.shape == (f,) and b2.shape == (c,)


#: The parameters each recurrent cell's functions take after its states, in order.
CELL_PARAMETERS = {
    "rnn": ("Wx", "Wh", "b"),
    "lstm": ("Wx", "Wh", "b"),
    "gru": ("Wx", "Wh", "bx", "bh"),
}


def assert_cell_parameters(inputs, cell, d, h):
    """The weights of ``cell`` for D inputs and H hidden units: Wx (D, GH), Wh (H, GH) and
    each bias (GH,), G the cell's number of gate blocks."""
    width = sequences.GATES[cell] * h
    assert inputs["Wx"].shape == (d, width) and inputs["Wh"].shape == (h, width)
    for name in CELL_PARAMETERS[cell][2:]:
        assert inputs[name].shape == (width,)
    for value in inputs.values():
        assert value.dtype == np.float64 and np.all(np.isfinite(value))


@given(data=st.data(), cell=st.sampled_from(["rnn", "lstm", "gru"]))
def test_step_inputs_are_named_and_shaped_as_the_step_parameters(data, cell):
    """step_inputs(cell) holds x (N, D), prev_h (N, H), prev_c only for the LSTM, then the
    cell's parameters, in the order of the step functions' parameters, within the sizes."""
    inputs = data.draw(sequences.step_inputs(cell, max_batch=2, max_features=4, max_hidden=3))
    states = ("prev_h", "prev_c") if cell == "lstm" else ("prev_h",)
    assert tuple(inputs) == ("x", *states, *CELL_PARAMETERS[cell])
    (n, d), h = inputs["x"].shape, inputs["prev_h"].shape[1]
    assert 1 <= n <= 2 and 1 <= d <= 4 and 1 <= h <= 3
    for state in states:
        assert inputs[state].shape == (n, h)
    assert_cell_parameters(inputs, cell, d, h)


@given(data=st.data(), cell=st.sampled_from(["rnn", "lstm", "gru"]), steps=bounds(1, 5))
def test_sequence_inputs_have_the_drawn_length_and_non_zero_states(data, cell, steps):
    """sequence_inputs(cell, min_steps, max_steps) holds x (N, T, D) with T within the
    bounds, non-zero h0 (and c0 for the LSTM only), then the cell's parameters."""
    inputs = data.draw(sequences.sequence_inputs(cell, *steps))
    states = ("h0", "c0") if cell == "lstm" else ("h0",)
    assert tuple(inputs) == ("x", *states, *CELL_PARAMETERS[cell])
    n, t, d = inputs["x"].shape
    h = inputs["h0"].shape[1]
    assert steps[0] <= t <= steps[1] and 1 <= n <= 3 and 1 <= d <= 3 and 1 <= h <= 3
    for state in states:
        assert inputs[state].shape == (n, h) and np.all(inputs[state] != 0)
    assert_cell_parameters(inputs, cell, d, h)


@pytest.mark.parametrize(
    ("where", "kept"), [("every step", [0, 1, 2]), ("last step", [2]), ("first step", [0])]
)
def test_only_at_keeps_the_named_steps_of_a_copy(where, kept):
    """only_at(dout, where) is a copy of dout (N, T, H) that is zero except at the steps
    ``where`` names; dout is left as it was."""
    dout = np.arange(1.0, 13.0).reshape(2, 3, 2)
    before = dout.copy()
    out = sequences.only_at(dout, where)
    np.testing.assert_array_equal(dout, before)
    assert out is not dout and out.shape == dout.shape
    for step in range(3):
        want = dout[:, step] if step in kept else np.zeros((2, 2))
        np.testing.assert_array_equal(out[:, step], want)


def test_only_at_refuses_another_place():
    """only_at names the places it knows when given another."""
    with pytest.raises(ValueError, match="every step"):
        sequences.only_at(np.ones((1, 2, 1)), "middle step")


@given(words=sequences.word_indices(max_batch=3, max_steps=4, max_vocabulary=6))
def test_word_indices_are_in_the_vocabulary_and_repeat_word_zero(words):
    """word_indices() is int64 tokens (N, T) in [0, V) with V in [1, max]; when there are
    two tokens or more, word 0 is at least two of them."""
    x, vocabulary = words
    assert x.dtype == np.int64 and 1 <= x.shape[0] <= 3 and 1 <= x.shape[1] <= 4
    assert 1 <= vocabulary <= 6 and x.min() >= 0 and x.max() < vocabulary
    if x.size >= 2:
        assert np.sum(x == 0) >= 2


@given(data=st.data(), n=st.integers(1, 4), t=st.integers(1, 4))
def test_masks_keep_one_step_and_drop_one(data, n, t):
    """masks(n, t) is boolean (n, t) with a True entry and, from two entries on, a False one."""
    mask = data.draw(sequences.masks(n, t))
    assert mask.dtype == np.bool_ and mask.shape == (n, t) and mask.any()
    if n * t >= 2:
        assert not mask.all()


@given(inputs=sequences.temporal_scores(max_batch=2, max_steps=3, max_classes=4))
def test_temporal_scores_have_labels_and_a_mask_of_their_shape(inputs):
    """temporal_scores() is scores (N, T, V) with 2 <= V <= max, int64 labels (N, T) in
    [0, V) and a mask (N, T)."""
    x, y, mask = inputs
    n, t, v = x.shape
    assert 1 <= n <= 2 and 1 <= t <= 3 and 2 <= v <= 4
    assert x.dtype == np.float64 and np.all(np.isfinite(x))
    assert y.dtype == np.int64 and y.shape == (n, t) and y.min() >= 0 and y.max() < v
    assert mask.shape == (n, t) and mask.any()


@given(inputs=sequences.temporal_affine_inputs(max_batch=2, max_steps=3, max_features=4, max_out=5))
def test_temporal_affine_inputs_chain(inputs):
    """temporal_affine_inputs() is x (N, T, D), w (D, M), b (M,), within the sizes."""
    x, w, b = inputs
    n, t, d = x.shape
    assert 1 <= n <= 2 and 1 <= t <= 3 and 1 <= d <= 4
    assert w.shape[0] == d and 1 <= w.shape[1] <= 5 and b.shape == (w.shape[1],)


@given(data=st.data(), masked=st.sampled_from([None, True, False]), fully_masked=st.booleans())
def test_attention_inputs_share_batch_axes_and_mask_as_asked(data, masked, fully_masked):
    """attention_inputs() is q (..., L, d_k), k (..., S, d_k), v (..., S, d_v) with at most
    two batch axes, and a boolean mask that broadcasts to the scores (..., L, S) (always with
    masked=True, never with masked=False) whose rows all keep a key, except exactly where
    fully_masked asks for a row that keeps none."""
    inputs = data.draw(attention.attention_inputs(masked=masked, fully_masked=fully_masked))
    assert tuple(inputs) == ("q", "k", "v", "mask")
    q, k, v, mask = inputs.values()
    batch, (queries, d_k), keys = q.shape[:-2], q.shape[-2:], k.shape[-2]
    assert len(batch) <= 2 and k.shape == (*batch, keys, d_k)
    assert v.shape[:-1] == (*batch, keys) and 1 <= queries <= 4 and 1 <= keys <= 4
    if masked is False and not fully_masked:
        assert mask is None
        return
    assert mask is not None or masked is None
    if mask is not None:
        assert mask.dtype == np.bool_
        kept = np.broadcast_to(mask, (*batch, queries, keys)).any(axis=-1)
        assert kept.all() != fully_masked


def test_attention_masks_come_in_every_documented_form():
    """attention_masks draws each of MASK_FORMS: (L, S), (..., L, S) and (..., 1, S)."""
    shapes = set()

    @given(mask=attention.attention_masks((2, 3), 4, 5))
    def collect(mask):
        shapes.add(mask.shape)

    collect()
    assert shapes == {(4, 5), (2, 3, 4, 5), (2, 3, 1, 5)}


@given(data=st.data(), n=st.integers(1, 4), t=st.integers(1, 5), allow_empty=st.booleans())
def test_sequence_lengths_are_ragged_and_empty_only_when_allowed(data, n, t, allow_empty):
    """sequence_lengths(n, t) is int64 (n,) in [1, t] with one length t and, for n, t >= 2,
    one shorter; with allow_empty, in [0, t] and, for n >= 2, one length 0."""
    lengths = data.draw(attention.sequence_lengths(n, t, allow_empty))
    assert lengths.dtype == np.int64 and lengths.shape == (n,) and lengths.max() == t
    assert lengths.min() >= (0 if allow_empty else 1)
    if n >= 2 and t >= 2:
        assert lengths.min() < t
    if n >= 2 and allow_empty:
        assert lengths.min() == 0


@given(data=st.data(), self_attention=st.booleans(), allow_empty=st.booleans())
def test_multihead_inputs_follow_torchs_layout(data, self_attention, allow_empty):
    """multihead_inputs() holds multi-head attention's arguments in order: query (N, L, E),
    key and value (N, S, E) (query itself for self-attention), the projections (3E, E),
    (3E,), (E, E), (E,) with E = num_heads * d_head, and boolean masks (N, S) and (L, S)
    (causal for self-attention); every query keeps a key unless allow_empty."""
    inputs = data.draw(
        attention.multihead_inputs(
            self_attention, key_padding=True, attn=True, allow_empty=allow_empty
        )
    )
    assert tuple(inputs) == (
        "query", "key", "value", "in_proj_weight", "in_proj_bias", "out_proj_weight",
        "out_proj_bias", "num_heads", "key_padding_mask", "attn_mask",
    )  # fmt: skip
    n, length, e = inputs["query"].shape
    source = inputs["key"].shape[1]
    assert e % inputs["num_heads"] == 0 and inputs["value"].shape == (n, source, e)
    assert (inputs["key"] is inputs["query"]) == self_attention
    assert inputs["in_proj_weight"].shape == (3 * e, e) and inputs["in_proj_bias"].shape == (3 * e,)
    assert inputs["out_proj_weight"].shape == (e, e) and inputs["out_proj_bias"].shape == (e,)
    padding, attn = inputs["key_padding_mask"], inputs["attn_mask"]
    assert padding.shape == (n, source) and attn.shape == (length, source)
    if self_attention:
        np.testing.assert_array_equal(attn, np.tril(np.ones((length, length), dtype=bool)))
    if not allow_empty:
        assert (padding[:, None, :] & attn).any(axis=-1).all()


@given(P=mdp.mdps(min_states=2, max_states=4, max_actions=2, max_outcomes=3))
def test_mdps_are_transition_tables_of_probability_rows(P):
    """mdps() is a list P[s][a] of (prob, next_state, reward, terminated) tuples of plain
    Python types, within the sizes asked, every row's probabilities summing to 1, rewards
    quarters in [-2, 2], every state having the same actions."""
    n_states, n_actions = mdp.table_size(P)
    assert 2 <= n_states <= 4 and 1 <= n_actions <= 2
    for row in P:
        assert len(row) == n_actions
        for outcomes in row:
            assert 1 <= len(outcomes) <= 3
            assert abs(sum(p for p, *_ in outcomes) - 1.0) < 1e-12
            for p, s2, r, done in outcomes:
                assert type(p) is float and type(s2) is int and type(r) is float
                assert type(done) is bool and 0 < p <= 1 and 0 <= s2 < n_states
                assert -2 <= r <= 2 and r * 4 == int(r * 4)


def test_mdps_hold_what_makes_gymnasiums_tables_tricky():
    """Some drawn tables list a next state twice in one row (FrozenLake's slips), and some
    enter a state with terminated=True whose own row goes on (CliffWalking's goal)."""

    def twice(P):
        return any(len({s2 for _, s2, _, _ in o}) < len(o) for row in P for o in row)

    def goes_on_after_the_end(P):
        ends = {s2 for row in P for o in row for _, s2, _, done in o if done}
        return any(not done for s in ends for o in P[s] for *_, done in o)

    assert twice(find(mdp.mdps(), twice))
    assert goes_on_after_the_end(find(mdp.mdps(), goes_on_after_the_end))


@given(data=st.data(), size=st.tuples(st.integers(1, 5), st.integers(1, 4)))
def test_policies_are_rows_of_probabilities(data, size):
    """policies(nS, nA) is float64 (nS, nA), non-negative, each row summing to 1."""
    policy = data.draw(mdp.policies(*size))
    assert policy.shape == size and policy.dtype == np.float64
    assert np.all(policy >= 0) and np.allclose(policy.sum(axis=1), 1.0, rtol=0, atol=1e-12)


@given(data=st.data(), size=st.tuples(st.integers(1, 5), st.integers(1, 4)))
def test_q_tables_tie_when_asked_and_never_otherwise(data, size):
    """q_tables(ties=True) holds whole numbers in [-2, 2]; ties=False, distinct values."""
    tied = data.draw(mdp.q_tables(*size, ties=True))
    assert tied.shape == size and np.all(tied == np.round(tied)) and np.all(np.abs(tied) <= 2)
    distinct = data.draw(mdp.q_tables(*size, ties=False))
    assert distinct.shape == size and len(np.unique(distinct)) == distinct.size


@given(data=st.data(), size=st.tuples(st.integers(1, 4), st.integers(1, 3)), length=bounds(1, 8))
def test_transitions_follow_each_other_as_along_an_episode(data, size, length):
    """transitions() holds the TD updates' arrays by parameter name, of equal lengths within
    the bounds, in range; each state is the previous next state unless that one ended."""
    moves = data.draw(mdp.transitions(*size, min_length=length[0], max_length=length[1]))
    assert tuple(moves) == tuple(mdp.TRANSITION_KEYS)
    count = len(moves["state"])
    assert length[0] <= count <= length[1]
    for key, dtype in mdp.TRANSITION_KEYS.items():
        assert moves[key].dtype == dtype and moves[key].shape == (count,)
    for key, bound in (("state", 0), ("next_state", 0), ("action", 1), ("next_action", 1)):
        assert np.all((moves[key] >= 0) & (moves[key] < size[bound]))
    for i in range(1, count):
        assert moves["terminated"][i - 1] or moves["state"][i] == moves["next_state"][i - 1]


@given(data=st.data(), size=st.tuples(st.integers(1, 3), st.integers(1, 3)))
def test_episodes_revisit_their_first_pair(data, size):
    """episodes() holds states, actions and rewards of one length; from two steps on, the
    first state-action pair comes back later. visit_counts() are int64 in [0, 3]."""
    episode = data.draw(mdp.episodes(*size))
    states, actions = episode["states"], episode["actions"]
    assert states.shape == actions.shape == episode["rewards"].shape
    assert np.all(states < size[0]) and np.all(actions < size[1])
    pairs = list(zip(states.tolist(), actions.tolist(), strict=True))
    assert len(pairs) == 1 or pairs[0] in pairs[1:]
    counts = data.draw(mdp.visit_counts(*size))
    assert counts.dtype == np.int64 and np.all((counts >= 0) & (counts <= 3))


@given(data=st.data())
def test_discounts_are_within_the_bounds(data):
    """discounts(high, low) is a float in [low, high]; low is 0 by default."""
    assert 0.0 <= data.draw(mdp.discounts(0.9)) <= 0.9
    assert 0.1 <= data.draw(mdp.discounts(0.95, 0.1)) <= 0.95
