"""Expected values for a1_backprop's public tests, computed from the reference solution.

``autograder generate`` calls :func:`build` and stores the result in the student folder's
``tests/data/expected.npz``; the public tests read it through the ``expected`` fixture.
Inputs come from fixed seeds, so the file only changes when the reference does.
"""

import numpy as np


def build(reference):
    """Named cases (inputs and the reference's outputs) for the public tests."""
    rng = np.random.default_rng(231)
    x = rng.normal(size=(2, 3, 4))
    w = rng.normal(size=(12, 5))
    b = rng.normal(size=5)
    relu_x = rng.normal(size=(3, 4))
    scores = rng.normal(size=(4, 5))
    y = rng.integers(0, 5, size=4)
    large = rng.normal(size=(3, 4)) * 1e3
    large_y = rng.integers(0, 4, size=3)
    loss, dscores = reference.softmax_loss(scores, y)
    large_loss, large_dscores = reference.softmax_loss(large, large_y)
    return {
        "affine_forward": {"x": x, "w": w, "b": b, "out": reference.affine_forward(x, w, b)[0]},
        "relu_forward": {"x": relu_x, "out": reference.relu_forward(relu_x)[0]},
        "softmax_loss": {"scores": scores, "y": y, "loss": np.array(loss), "dscores": dscores},
        "softmax_loss_large": {
            "scores": large,
            "y": large_y,
            "loss": np.array(large_loss),
            "dscores": large_dscores,
        },
    }
