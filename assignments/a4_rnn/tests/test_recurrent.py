"""Public tests of the recurrent layers: the tanh RNN (rnn.py), the LSTM (lstm.py) and the
GRU (gru.py), one step and a whole sequence.

Forward passes are compared with stored expected values; backward passes with a numeric
gradient of your own forward pass (so fix a failing forward test first). A sequence's
backward pass is checked three times, with the upstream gradient on every step, on only
the last step and on only the first: a failure says which.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_gradient, assert_matches_stored, graded
from autograder.testing import strategies as st
from autograder.testing.strategies import sequences

#: Each step forward pass's stored inputs, in the order of its parameters.
STEP_ARGS = {
    "rnn": ("x", "prev_h", "Wx", "Wh", "b"),
    "lstm": ("x", "prev_h", "prev_c", "Wx", "Wh", "b"),
    "gru": ("x", "prev_h", "Wx", "Wh", "bx", "bh"),
}
#: Each sequence forward pass's stored inputs, in the order of its parameters.
SEQUENCE_ARGS = {
    "rnn": ("x", "h0", "Wx", "Wh", "b"),
    "lstm": ("x", "h0", "c0", "Wx", "Wh", "b"),
    "gru": ("x", "h0", "Wx", "Wh", "bx", "bh"),
}
#: The states each layer returns before its cache: one step's, and a sequence's.
STEP_STATES = {"rnn": ("next_h",), "lstm": ("next_h", "next_c"), "gru": ("next_h",)}
SEQUENCE_STATES = {"rnn": ("h",), "lstm": ("h", "c"), "gru": ("h",)}

#: Small sizes: a numeric gradient calls the forward pass twice per entry of every input.
STEP_SIZES = {"max_batch": 2, "max_features": 3, "max_hidden": 3}
#: Sequences of 2 or 3 steps, so that the three places of the upstream gradient differ.
SEQUENCE_SIZES = {
    "min_steps": 2,
    "max_steps": 3,
    "max_batch": 2,
    "max_features": 2,
    "max_hidden": 2,
}


def check_stored_step(student, expected, layer):
    """The step forward pass of ``layer`` against its stored case."""
    function = f"{layer}_step_forward"
    returns = (*STEP_STATES[layer], None)
    assert_matches_stored(student, expected, function, args=STEP_ARGS[layer], returns=returns)


def check_stored_sequence(student, expected, layer):
    """The sequence forward pass of ``layer`` against its stored case."""
    function = f"{layer}_forward"
    returns = (*SEQUENCE_STATES[layer], None)
    assert_matches_stored(student, expected, function, args=SEQUENCE_ARGS[layer], returns=returns)


def check_gradients(student, forward, backward, inputs, upstreams):
    """For each ``label: upstream`` of ``upstreams``, ``backward(*upstream, cache)`` returns
    d<name> for every input of ``forward`` (in the order of ``inputs``), each the numeric
    gradient of sum(state * upstream) over the states ``forward`` returns, computed from the
    student's own ``forward`` (each perturbed input is run once, for every upstream)."""
    *_, cache = getattr(student, forward)(*inputs.values())
    names = [f"d{name}" for name in inputs]
    states = remembered_states(student, forward, inputs)
    for label, upstream in upstreams.items():
        grads = getattr(student, backward)(*upstream, cache)
        if not isinstance(grads, tuple | list) or len(grads) != len(names):
            count = len(grads) if isinstance(grads, tuple | list) else 1
            raise AssertionError(
                f"{backward} returned {count} values, not the {len(names)} its docstring says "
                f"it returns: {', '.join(names)}"
            )
        for (name, value), grad in zip(inputs.items(), grads, strict=True):
            where = f"{backward}: d{name}{label}"
            assert_gradient(states(name), value, np.stack(upstream), grad, where)


def remembered_states(student, forward, inputs):
    """``states(name)``: the function v -> the stacked states of the student's ``forward``
    with input ``name`` set to v, remembering every value it computed."""
    seen = {}

    def states(name):
        def run(v):
            key = (name, v.tobytes())
            if key not in seen:
                *out, _ = getattr(student, forward)(*{**inputs, name: v}.values())
                seen[key] = np.stack(out)
            return seen[key]

        return run

    return states


def check_step_backward(student, layer, inputs, data):
    """The step backward pass of ``layer`` against numeric gradients, with upstream
    gradients drawn for every state the step returns."""
    n, h = inputs["prev_h"].shape
    upstream = [data.draw(st.arrays((n, h)), label=f"d{s}") for s in STEP_STATES[layer]]
    forward, backward = f"{layer}_step_forward", f"{layer}_step_backward"
    check_gradients(student, forward, backward, inputs, {"": upstream})


def check_sequence_backward(student, layer, inputs, data):
    """The sequence backward pass of ``layer`` against numeric gradients, with the drawn
    upstream gradients kept on every step, then on only the last, then on only the first."""
    n, t, _ = inputs["x"].shape
    shape = (n, t, inputs["h0"].shape[1])
    upstream = [data.draw(st.arrays(shape), label=f"d{s}") for s in SEQUENCE_STATES[layer]]
    upstreams = {
        f" (upstream on {where})": [sequences.only_at(u, where) for u in upstream]
        for where in sequences.UPSTREAM
    }
    check_gradients(student, f"{layer}_forward", f"{layer}_backward", inputs, upstreams)


# ---- the tanh RNN ------------------------------------------------------------------------


@graded(
    part="rnn_step",
    points=1,
    visibility="visible",
    message="rnn_step_forward returns next_h = tanh(x @ Wx + prev_h @ Wh + b) and a cache.",
)
def test_rnn_step_forward_values(student, expected):
    check_stored_step(student, expected, "rnn")


@graded(
    part="rnn_step",
    points=3,
    visibility="visible",
    message="rnn_step_backward returns (dx, dprev_h, dWx, dWh, db), the gradients of "
    "sum(next_h * dnext_h): first da = dnext_h * (1 - next_h**2), then two affine backward "
    "passes; db sums da over the batch. (This test needs a correct rnn_step_forward too.)",
)
@given(inputs=sequences.step_inputs("rnn", **STEP_SIZES), data=hs.data())
def test_rnn_step_backward_gradient_check(student, expected, inputs, data):
    check_stored_step(student, expected, "rnn")
    check_step_backward(student, "rnn", inputs, data)


@graded(
    part="rnn",
    points=2,
    visibility="visible",
    message="rnn_forward returns h (N, T, H), the hidden state after every step starting "
    "from h0 (h0 itself is not in h), and a cache. (It runs your rnn_step_forward, if you "
    "call it: if the step's own test fails, fix that first.)",
)
def test_rnn_forward_values(student, expected):
    check_stored_sequence(student, expected, "rnn")


@graded(
    part="rnn",
    points=4,
    visibility="visible",
    message="rnn_backward returns (dx, dh0, dWx, dWh, db): going backwards in time, step t "
    "gets dh[:, t] plus the dprev_h of step t + 1; the weight gradients are summed over the "
    "steps; dh0 is the dprev_h left after step 0. Checked with the upstream gradient on "
    "every step, on only the last and on only the first. (It runs your step functions, if "
    "you call them, and needs a correct rnn_forward.)",
)
@given(inputs=sequences.sequence_inputs("rnn", **SEQUENCE_SIZES), data=hs.data())
def test_rnn_backward_gradient_check(student, expected, inputs, data):
    check_stored_sequence(student, expected, "rnn")
    check_sequence_backward(student, "rnn", inputs, data)


# ---- the LSTM ----------------------------------------------------------------------------


@graded(
    part="lstm_step",
    points=2,
    visibility="visible",
    message="lstm_step_forward returns (next_h, next_c, cache): a = x @ Wx + prev_h @ Wh + b "
    "split into the gates i, f, g, o in that order (sigmoid, sigmoid, tanh, sigmoid), "
    "next_c = f * prev_c + i * g and next_h = o * tanh(next_c).",
)
def test_lstm_step_forward_values(student, expected):
    check_stored_step(student, expected, "lstm")


@graded(
    part="lstm_step",
    points=4,
    visibility="visible",
    message="lstm_step_backward returns (dx, dprev_h, dprev_c, dWx, dWh, db), the gradients "
    "of sum(next_h * dnext_h + next_c * dnext_c): the cell gets dnext_c plus dnext_h * o * "
    "(1 - tanh(next_c)**2), and da holds the four gates' blocks in the order i, f, g, o. "
    "(This test needs a correct lstm_step_forward too.)",
)
@given(inputs=sequences.step_inputs("lstm", **STEP_SIZES), data=hs.data())
def test_lstm_step_backward_gradient_check(student, expected, inputs, data):
    check_stored_step(student, expected, "lstm")
    check_step_backward(student, "lstm", inputs, data)


@graded(
    part="lstm",
    points=2,
    visibility="visible",
    message="lstm_forward returns h and c (N, T, H), the hidden and cell states after every "
    "step starting from h0 and c0 (not in h and c), and a cache. (It runs your "
    "lstm_step_forward, if you call it: if the step's own test fails, fix that first.)",
)
def test_lstm_forward_values(student, expected):
    check_stored_sequence(student, expected, "lstm")


@graded(
    part="lstm",
    points=5,
    visibility="visible",
    message="lstm_backward returns (dx, dh0, dc0, dWx, dWh, db): going backwards in time, "
    "step t gets dh[:, t] plus the dprev_h of step t + 1 and dc[:, t] plus its dprev_c (the "
    "cell state's gradient is carried like the hidden state's); the weight gradients are "
    "summed over the steps. Checked with the upstream gradients on every step, on only the "
    "last and on only the first. (It runs your step functions, if you call them, and needs "
    "a correct lstm_forward.)",
)
@given(inputs=sequences.sequence_inputs("lstm", **SEQUENCE_SIZES), data=hs.data())
def test_lstm_backward_gradient_check(student, expected, inputs, data):
    check_stored_sequence(student, expected, "lstm")
    check_sequence_backward(student, "lstm", inputs, data)


# ---- the GRU -----------------------------------------------------------------------------


@graded(
    part="gru_step",
    points=2,
    visibility="visible",
    message="gru_step_forward: r and z from ax + ah (blocks r, z, n), n = tanh(ax_n + r * "
    "ah_n) where ah_n = prev_h @ Wh_n + bh_n includes its bias, and next_h = (1 - z) * n + "
    "z * prev_h (torch's convention).",
)
def test_gru_step_forward_values(student, expected):
    check_stored_step(student, expected, "gru")


@graded(
    part="gru_step",
    points=3,
    visibility="visible",
    message="gru_step_backward returns (dx, dprev_h, dWx, dWh, dbx, dbh), the gradients of "
    "sum(next_h * dnext_h); prev_h reaches next_h directly (z * prev_h) and through ah, and "
    "the n block of dah is dan * r. (This test needs a correct gru_step_forward too.)",
)
@given(inputs=sequences.step_inputs("gru", **STEP_SIZES), data=hs.data())
def test_gru_step_backward_gradient_check(student, expected, inputs, data):
    check_stored_step(student, expected, "gru")
    check_step_backward(student, "gru", inputs, data)


@graded(
    part="gru",
    points=1,
    visibility="visible",
    message="gru_forward returns h (N, T, H), the hidden state after every step starting "
    "from h0 (not in h), and a cache. (It runs your gru_step_forward, if you call it: if "
    "the step's own test fails, fix that first.)",
)
def test_gru_forward_values(student, expected):
    check_stored_sequence(student, expected, "gru")


@graded(
    part="gru",
    points=4,
    visibility="visible",
    message="gru_backward returns (dx, dh0, dWx, dWh, dbx, dbh): going backwards in time, "
    "step t gets dh[:, t] plus the dprev_h of step t + 1; weight and bias gradients are "
    "summed over the steps. Checked with the upstream gradient on every step, on only the "
    "last and on only the first. (It runs your step functions, if you call them, and needs "
    "a correct gru_forward.)",
)
@given(inputs=sequences.sequence_inputs("gru", **SEQUENCE_SIZES), data=hs.data())
def test_gru_backward_gradient_check(student, expected, inputs, data):
    check_stored_sequence(student, expected, "gru")
    check_sequence_backward(student, "gru", inputs, data)
