"""Hidden tests of gradient_norms against the reference, on drawn sequences (T from 2 to 6,
and the first step alone; non-zero h0): it passes if it matches the reference, or the
reference run with your own step functions (a step's mistake is charged in the step's tests
only)."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_composition, exception_raised, graded
from autograder.testing.strategies import sequences


@hs.composite
def norms_inputs(draw):
    """(x, h0, Wx, Wh, b, cell): a drawn RNN's or LSTM's sequence (T >= 2) and parameters."""
    cell = draw(hs.sampled_from(["rnn", "lstm"]), label="cell")
    inputs = draw(sequences.sequence_inputs(cell, 2, 6, max_batch=3, max_hidden=4))
    return inputs["x"], inputs["h0"], inputs["Wx"], inputs["Wh"], inputs["b"], cell


def check_norms(student, reference, inputs, label=""):
    """The student's gradient_norms on ``inputs`` against the reference's, or the reference
    built from the student's own step functions."""
    got = student.gradient_norms(*inputs)
    assert_composition(
        lambda want: assert_close(got, want, f"gradient_norms: norms{label}"),
        lambda: reference.gradient_norms(*inputs),
        student,
        reference,
        reference.gradient_norms,
    )


@graded(
    part="gradients",
    points=5,
    visibility="after_due_date",
    message="gradient_norms: norms[t], t = 0..T, the mean over the sequences of the Frobenius "
    "norm of d h_T / d h_t, from the given h0 (and c0 = 0 for the LSTM), for T = 1 too.",
)
@given(inputs=norms_inputs())
def test_gradient_norms_matches_reference(student, reference, inputs):
    check_norms(student, reference, inputs)
    x, *rest = inputs
    check_norms(student, reference, (x[:, :1], *rest), " (on the first step alone, T = 1)")


@graded(
    part="gradients",
    points=1,
    visibility="after_due_date",
    message='gradient_norms raises ValueError for a cell other than "rnn" and "lstm" (here '
    '"gru"), whatever the shapes of the weights, instead of running one of the two.',
)
def test_gradient_norms_refuses_an_unknown_cell(student):
    rng = np.random.default_rng(0)
    x, h0 = rng.standard_normal((2, 3, 2)), rng.standard_normal((2, 3))
    for gates in (1, 4):
        weights = [
            rng.standard_normal(shape) for shape in [(2, 3 * gates), (3, 3 * gates), 3 * gates]
        ]
        raised = exception_raised(student.gradient_norms, x, h0, *weights, "gru")
        assert raised == "ValueError", (
            f'gradient_norms(..., cell="gru") with weights of {gates} gate block(s) raised '
            f"{raised or 'nothing'}, not ValueError"
        )
