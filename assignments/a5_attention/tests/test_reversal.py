"""Public test of the reversal task (reversal.py, given): a Transformer made of your
TransformerEncoderBlock and MultiHeadAttention learns to reverse strings of digits."""

import numpy as np

from autograder.testing import graded

#: The seed of the training run, and the held-out token accuracy it must reach.
SEED = 0
THRESHOLD = 0.95


@graded(
    part="transformer",
    points=6,
    visibility="visible",
    message="The given ReversalTransformer, two of your TransformerEncoderBlock (your "
    "MultiHeadAttention inside, padding masked through key_padding_mask), trained by "
    "train_reversal(seed=0) (300 Adam steps of 64 strings of 6 to 8 digits) must reverse at "
    "least 95% of the digits of 1000 new strings (measured: 100% for every seed from 0 to "
    "47). The training may use 20 s of CPU time (the grader's limit per call): the "
    "reference needs about 1.1 s, attention with a Python loop over the heads about 1.4 s, "
    "with a loop over the 64 strings of a batch about 26 s, too long. This test runs your "
    "block and your attention: if it fails, make their own tests pass first.",
)
def test_transformer_learns_to_reverse(student):
    """One training, the public recipe, in the student's package: the model is made of their
    block and attention, so a block that cuts the graph or mixes up positions cannot pass
    (a .detach() after the attention: 34%). Measured with one thread, as the grader's worker
    runs torch: over seeds 0 to 47, 1.00 each with the reference and with attention heads in
    a Python loop, each run's batch first right on 95% of its tokens by step 124 of 300
    at the latest."""
    accuracy, history = student.train_reversal(seed=SEED)
    assert len(history["loss"]) == 300, f"{len(history['loss'])} steps of training, not 300"
    assert np.all(np.isfinite(history["loss"])), "the training loss became inf or nan"
    assert accuracy >= THRESHOLD, (
        f"held-out token accuracy {accuracy:.1%}, below {THRESHOLD:.0%} (the training loss "
        f"went from {history['loss'][0]:.2f} to {history['loss'][-1]:.2f})"
    )
