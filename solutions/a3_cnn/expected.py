"""Expected values for a3_cnn's public tests, computed from the reference solution.

``autograder generate`` calls :func:`build` and stores the result in the student folder's
``tests/data/expected.npz``; the public tests read it through the ``expected`` fixture.
Inputs come from fixed seeds, so the file only changes when the reference does.

Each case is named after the function it checks; its inputs are keyed by the function's
parameter names and its outputs by the names the docstring returns
(autograder.testing.checks). The two forward convolutions share their inputs, each stored
in its own case; conv_backward_fast's case holds the forward pass's inputs (its cache comes
from them) and dout. ConvNet's case holds the network's params by their keys (W1, b1, ...),
the batch X, y and what loss returns: scores, and loss.
"""

import numpy as np

#: The convolution case: a rectangular kernel, stride 2 and padding 1 on a 7 x 7 input, so
#: (H - HH + 2P) = 6 is divisible by 2 but (W - WW + 2P) = 7 is not (the floor matters).
CONV = {"x": (2, 3, 7, 7), "w": (4, 3, 3, 2), "stride": 2, "pad": 1}

#: The pooling windows of the stored cases: (pool_height, pool_width, stride).
POOLS = {"max_pool_forward": (2, 3, 2), "avg_pool_forward": (3, 2, 1)}


def build(reference):
    """Named cases (inputs and the reference's outputs) for the public tests."""
    rng = np.random.default_rng(3)
    return {
        **_convolutions(reference, rng),
        **_pooling(reference, rng),
        "residual_block_forward": _residual(reference, rng),
        "ConvNet": _convnet(reference, rng),
    }


def _convolutions(reference, rng):
    """conv_forward_naive's, conv_forward_fast's and conv_backward_fast's cases, on one input."""
    x, w = rng.normal(size=CONV["x"]), rng.normal(size=CONV["w"])
    b = rng.normal(size=CONV["w"][0])
    stride, pad = CONV["stride"], CONV["pad"]
    inputs = {"x": x, "w": w, "b": b, "stride": np.array(stride), "pad": np.array(pad)}
    out, cache = reference.conv_forward_fast(x, w, b, stride, pad)
    dout = rng.normal(size=out.shape)
    dx, dw, db = reference.conv_backward_fast(dout, cache)
    naive_out, _ = reference.conv_forward_naive(x, w, b, stride, pad)
    return {
        "conv_forward_naive": {**inputs, "out": naive_out},
        "conv_forward_fast": {**inputs, "out": out},
        "conv_backward_fast": {**inputs, "dout": dout, "dx": dx, "dw": dw, "db": db},
    }


def _pooling(reference, rng):
    """max_pool_forward's and avg_pool_forward's cases, on one input and their own windows."""
    x = rng.normal(size=(2, 2, 5, 7))
    cases = {}
    for function, (pool_height, pool_width, stride) in POOLS.items():
        out, _ = getattr(reference, function)(x, pool_height, pool_width, stride)
        cases[function] = {
            "x": x,
            "pool_height": np.array(pool_height),
            "pool_width": np.array(pool_width),
            "stride": np.array(stride),
            "out": out,
        }
    return cases


def _residual(reference, rng):
    """residual_block_forward's case: two 3 x 3 convolutions, weights scaled by 0.5."""
    x = rng.normal(size=(2, 2, 5, 5))
    w1, b1 = rng.normal(size=(3, 2, 3, 3)) * 0.5, rng.normal(size=3)
    w2, b2 = rng.normal(size=(2, 3, 3, 3)) * 0.5, rng.normal(size=2)
    out, _ = reference.residual_block_forward(x, w1, b1, w2, b2)
    return {"x": x, "w1": w1, "b1": b1, "w2": w2, "b2": b2, "out": out}


def _convnet(reference, rng):
    """ConvNet's case: a small net's params, drawn here, a batch X, y and its scores and loss."""
    net = reference.ConvNet((2, 6, 6), num_filters=3, filter_size=3, hidden_dim=5,
                            num_classes=4, weight_scale=0.5, reg=0.1, seed=0)  # fmt: skip
    params = {name: rng.normal(size=p.shape) * 0.5 for name, p in net.params.items()}
    net.params = params
    X, y = rng.normal(size=(3, 2, 6, 6)), rng.integers(0, 4, size=3)
    loss, _ = net.loss(X, y)
    return {**params, "X": X, "y": y, "scores": net.loss(X), "loss": np.array(loss)}
