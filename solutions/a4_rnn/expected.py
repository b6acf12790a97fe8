"""Expected values for a4_rnn's public tests, computed from the reference solution.

``autograder generate`` calls :func:`build` and stores the result in the student folder's
``tests/data/expected.npz``; the public tests read it through the ``expected`` fixture.
Inputs come from fixed seeds, so the file only changes when the reference does.

Each case is named after the function it checks; its inputs are keyed by the function's
parameter names and its outputs by the names the docstring returns
(autograder.testing.checks). The recurrent layers' cases have several steps (T = 4), a
batch of two, non-zero initial states and random weights (so that gates in another order,
or a forgotten bias, give other values); the loss's mask drops some steps, with labels
there too; gradient_norms has one case per cell, gradient_norms_rnn and gradient_norms_lstm.
"""

import numpy as np

#: N sequences, T steps, D input features, H hidden units of the recurrent layers' cases.
N, T, D, H = 2, 4, 3, 3
#: The gate blocks of each layer's weights (LSTM: i, f, g, o; GRU: r, z, n).
GATES = {"rnn": 1, "lstm": 4, "gru": 3}


def build(reference):
    """Named cases (inputs and the reference's outputs) for the public tests."""
    rng = np.random.default_rng(4)
    return {
        **_recurrent(reference, rng),
        "word_embedding_forward": _embedding(reference, rng),
        "temporal_affine_forward": _temporal_affine(reference, rng),
        "temporal_softmax_loss": _softmax_loss(reference, rng),
        **_gradient_norms(reference, rng),
    }


def _parameters(rng, layer):
    """Wx (D, GH), Wh (H, GH) and the bias b (GH,), or the GRU's bx and bh."""
    width = GATES[layer] * H
    params = {"Wx": 0.5 * rng.normal(size=(D, width)), "Wh": 0.5 * rng.normal(size=(H, width))}
    for name in ("bx", "bh") if layer == "gru" else ("b",):
        params[name] = 0.5 * rng.normal(size=width)
    return params


def _recurrent(reference, rng):
    """The step and sequence forward passes of the RNN, the LSTM and the GRU."""
    cases = {}
    for layer in GATES:
        params = _parameters(rng, layer)
        x, h0, c0 = rng.normal(size=(N, T, D)), rng.normal(size=(N, H)), rng.normal(size=(N, H))
        if layer == "lstm":
            step = {"x": x[:, 0], "prev_h": h0, "prev_c": c0, **params}
            next_h, next_c, _ = reference.lstm_step_forward(*step.values())
            cases["lstm_step_forward"] = {**step, "next_h": next_h, "next_c": next_c}
            sequence = {"x": x, "h0": h0, "c0": c0, **params}
            h, c, _ = reference.lstm_forward(*sequence.values())
            cases["lstm_forward"] = {**sequence, "h": h, "c": c}
            continue
        step = {"x": x[:, 0], "prev_h": h0, **params}
        next_h, _ = getattr(reference, f"{layer}_step_forward")(*step.values())
        cases[f"{layer}_step_forward"] = {**step, "next_h": next_h}
        sequence = {"x": x, "h0": h0, **params}
        h, _ = getattr(reference, f"{layer}_forward")(*sequence.values())
        cases[f"{layer}_forward"] = {**sequence, "h": h}
    return cases


def _embedding(reference, rng):
    """word_embedding_forward's case: 6 words, word 0 and others repeated."""
    x = np.array([[0, 3, 0, 5], [2, 3, 3, 0]])
    W = rng.normal(size=(6, 3))
    out, _ = reference.word_embedding_forward(x, W)
    return {"x": x, "W": W, "out": out}


def _temporal_affine(reference, rng):
    """temporal_affine_forward's case: x (2, 3, 4), w (4, 5)."""
    x, w, b = rng.normal(size=(2, 3, 4)), rng.normal(size=(4, 5)), rng.normal(size=5)
    out, _ = reference.temporal_affine_forward(x, w, b)
    return {"x": x, "w": w, "b": b, "out": out}


def _softmax_loss(reference, rng):
    """temporal_softmax_loss's case: 2 sequences of 4 steps, the second two steps shorter
    (its last two steps masked, with labels and large scores there all the same)."""
    x = 3.0 * rng.normal(size=(2, 4, 5))
    x[1, 2:] *= 10.0
    y = rng.integers(0, 5, size=(2, 4))
    mask = np.array([[True, True, True, True], [True, True, False, False]])
    loss, dx = reference.temporal_softmax_loss(x, y, mask)
    return {"x": x, "y": y, "mask": mask, "loss": np.array(loss), "dx": dx}


def _gradient_norms(reference, rng):
    """gradient_norms_rnn and gradient_norms_lstm: 6 steps, one batch of inputs for both."""
    x, h0 = rng.normal(size=(N, 6, D)), rng.normal(size=(N, H))
    cases = {}
    for cell in ("rnn", "lstm"):
        inputs = {"x": x, "h0": h0, **_parameters(rng, cell), "cell": np.array(cell)}
        norms = reference.gradient_norms(*inputs.values())
        cases[f"gradient_norms_{cell}"] = {**inputs, "norms": norms}
    return cases
