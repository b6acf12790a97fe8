"""Hidden tests of the recurrent layers (the RNN, the LSTM, the GRU) against the reference,
on drawn sizes: T = 1 and longer sequences, non-zero initial states, and every sequence's
backward pass with the upstream gradient on every step, on only the last step and on only
the first. A sequence passes if it matches the reference, or the reference's loop run with
your own step functions (a step's mistake is charged in the step's tests only). No function
may modify its arguments (the cache excepted: it is yours)."""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_composition, graded, modified_in_place
from autograder.testing import strategies as st
from autograder.testing.strategies import sequences

#: The states each layer returns before its cache: one step's, and a sequence's.
STEP_STATES = {"rnn": ("next_h",), "lstm": ("next_h", "next_c"), "gru": ("next_h",)}
SEQUENCE_STATES = {"rnn": ("h",), "lstm": ("h", "c"), "gru": ("h",)}

#: Larger than the public tests, still small enough for loops over time.
STEP_SIZES = {"max_batch": 4, "max_features": 5, "max_hidden": 5}
#: Sequences of 2 to 6 steps (each test also runs the first step alone, T = 1).
SEQUENCE_SIZES = {
    "min_steps": 2,
    "max_steps": 6,
    "max_batch": 3,
    "max_features": 4,
    "max_hidden": 4,
}


def call_unchanged(student, function, *args):
    """``student.function(*args)``, failing if it modified an argument (other than a cache)
    in place."""
    value, changed = modified_in_place(getattr(student, function), *args)
    changed = [name for name in changed if not name.startswith("cache")]
    assert not changed, (
        f"{function} modified {', '.join(changed)} in place: compute new arrays instead (such "
        "as dh[:, t] + dprev_h, not dh[:, t] += dprev_h) and leave the given ones as they "
        "were; the caller may still need them."
    )
    return value


def check_values(function, names, got, want, where=""):
    """The values ``names`` of ``function``'s result ``got`` against ``want``."""
    if not isinstance(got, tuple | list) or len(got) != len(names):
        count = len(got) if isinstance(got, tuple | list) else 1
        raise AssertionError(
            f"{function} returned {count} values, not the {len(names)} its docstring says it "
            f"returns: {', '.join(names)}"
        )
    for name, value, right in zip(names, got, want, strict=True):
        assert_close(value, right, f"{function}: {name}{where}")


def check_step(student, reference, layer, inputs, data):
    """One step of ``layer`` forward and backward against the reference, with upstream
    gradients drawn for every state it returns."""
    forward, backward = f"{layer}_step_forward", f"{layer}_step_backward"
    *states, cache = call_unchanged(student, forward, *inputs.values())
    *want_states, want_cache = getattr(reference, forward)(*inputs.values())
    check_values(forward, STEP_STATES[layer], states, want_states)
    upstream = [
        data.draw(st.arrays(want_states[0].shape), label=f"d{s}") for s in STEP_STATES[layer]
    ]
    grads = call_unchanged(student, backward, *upstream, cache)
    want = getattr(reference, backward)(*upstream, want_cache)
    check_values(backward, [f"d{name}" for name in inputs], grads, want)


def check_sequence(student, reference, layer, inputs, data):
    """``layer`` run over the drawn sequence (T >= 2) and over its first step alone (T = 1),
    forward and backward (the upstream gradients on every step, on the last, on the first),
    against the reference, or the reference's loop made of the student's own step
    functions."""
    n, t, _ = inputs["x"].shape
    shape = (n, t, inputs["h0"].shape[1])
    upstream = [data.draw(st.arrays(shape), label=f"d{s}") for s in SEQUENCE_STATES[layer]]
    check_sequence_against(student, reference, layer, inputs, upstream, "")
    single = {**inputs, "x": inputs["x"][:, :1]}
    first = [u[:, :1] for u in upstream]
    check_sequence_against(student, reference, layer, single, first, ", on the first step alone")


def check_sequence_against(student, reference, layer, inputs, upstream, label):
    """One sequence of ``layer`` forward and backward against the reference (see
    :func:`check_sequence`); ``label`` says which, in a failure."""
    forward, backward = f"{layer}_forward", f"{layer}_backward"

    def run(package, call):
        *states, cache = call(package, forward, *inputs.values())
        grads = {
            where: call(package, backward, *(sequences.only_at(u, where) for u in upstream), cache)
            for where in sequences.UPSTREAM
        }
        return states, grads

    got_states, got_grads = run(student, call_unchanged)

    def check(want):
        want_states, want_grads = want
        check_values(forward, SEQUENCE_STATES[layer], got_states, want_states, label)
        for where, grads in got_grads.items():
            names = [f"d{name}" for name in inputs]
            where_label = f" (upstream on {where}{label})"
            check_values(backward, names, grads, want_grads[where], where_label)

    def run_reference():
        return run(reference, lambda package, function, *args: getattr(package, function)(*args))

    assert_composition(check, run_reference, student, reference, getattr(reference, forward))


@graded(
    part="rnn_step",
    points=4,
    visibility="after_due_date",
    message="rnn_step_forward: next_h = tanh(x @ Wx + prev_h @ Wh + b); rnn_step_backward: "
    "(dx, dprev_h, dWx, dWh, db) through tanh' = 1 - next_h**2, db summed over the batch.",
)
@given(inputs=sequences.step_inputs("rnn", **STEP_SIZES), data=hs.data())
def test_rnn_step_matches_reference(student, reference, inputs, data):
    check_step(student, reference, "rnn", inputs, data)


@graded(
    part="rnn",
    points=6,
    visibility="after_due_date",
    message="rnn_forward: h[:, t] is the state after step t, from h0 (T = 1 too); "
    "rnn_backward: dh[:, t] plus the gradient from step t + 1 at every step, weight "
    "gradients summed over the steps, dh0 returned; right with the upstream gradient on "
    "only the last step and on only the first.",
)
@given(inputs=sequences.sequence_inputs("rnn", **SEQUENCE_SIZES), data=hs.data())
def test_rnn_matches_reference(student, reference, inputs, data):
    check_sequence(student, reference, "rnn", inputs, data)


@graded(
    part="lstm_step",
    points=6,
    visibility="after_due_date",
    message="lstm_step_forward: gates i, f, g, o in that order, next_c = f * prev_c + i * g, "
    "next_h = o * tanh(next_c); lstm_step_backward: the cell's gradient is dnext_c plus "
    "dnext_h * o * (1 - tanh(next_c)**2), da in the blocks i, f, g, o, dprev_c = dc * f.",
)
@given(inputs=sequences.step_inputs("lstm", **STEP_SIZES), data=hs.data())
def test_lstm_step_matches_reference(student, reference, inputs, data):
    check_step(student, reference, "lstm", inputs, data)


@graded(
    part="lstm",
    points=7,
    visibility="after_due_date",
    message="lstm_forward: h and c after every step, from h0 and c0 (T = 1 too); "
    "lstm_backward: both dprev_h and dprev_c carried from step t + 1 to step t and added to "
    "dh[:, t] and dc[:, t], weight gradients summed over the steps, dh0 and dc0 returned; "
    "right with the upstream gradients on only the last step and on only the first.",
)
@given(inputs=sequences.sequence_inputs("lstm", **SEQUENCE_SIZES), data=hs.data())
def test_lstm_matches_reference(student, reference, inputs, data):
    check_sequence(student, reference, "lstm", inputs, data)


@graded(
    part="gru_step",
    points=5,
    visibility="after_due_date",
    message="gru_step_forward in torch's convention: r multiplies prev_h @ Wh_n + bh_n, and "
    "next_h = (1 - z) * n + z * prev_h; gru_step_backward: dprev_h adds the direct path "
    "z * dnext_h to dah @ Wh.T, and dbx and dbh differ in the n block.",
)
@given(inputs=sequences.step_inputs("gru", **STEP_SIZES), data=hs.data())
def test_gru_step_matches_reference(student, reference, inputs, data):
    check_step(student, reference, "gru", inputs, data)


@graded(
    part="gru",
    points=5,
    visibility="after_due_date",
    message="gru_forward: h after every step, from h0 (T = 1 too); gru_backward: dh[:, t] "
    "plus the gradient from step t + 1 at every step, weight and bias gradients summed over "
    "the steps, dh0 returned; right with the upstream gradient on only the last step and on "
    "only the first.",
)
@given(inputs=sequences.sequence_inputs("gru", **SEQUENCE_SIZES), data=hs.data())
def test_gru_matches_reference(student, reference, inputs, data):
    check_sequence(student, reference, "gru", inputs, data)
