"""Expected values for a3_cnn's public tests, computed from the reference solution.

``autograder generate`` calls :func:`build` and stores the result in the student folder's
``tests/data/expected.npz``; the public tests read it through the ``expected`` fixture.
Inputs come from fixed seeds, so the file only changes when the reference does.
"""

import numpy as np

#: The convolution case: a rectangular kernel, stride 2 and padding 1 on a 7 x 7 input, so
#: (H - HH + 2P) = 6 is divisible by 2 but (W - WW + 2P) = 7 is not (the floor matters).
CONV = {"x": (2, 3, 7, 7), "w": (4, 3, 3, 2), "stride": 2, "pad": 1}


def build(reference):
    """Named cases (inputs and the reference's outputs) for the public tests."""
    rng = np.random.default_rng(3)
    x, w = rng.normal(size=CONV["x"]), rng.normal(size=CONV["w"])
    b = rng.normal(size=CONV["w"][0])
    out, cache = reference.conv_forward_naive(x, w, b, CONV["stride"], CONV["pad"])
    dout = rng.normal(size=out.shape)
    dx, dw, db = reference.conv_backward_naive(dout, cache)
    conv = {
        "x": x,
        "w": w,
        "b": b,
        "stride": np.array(CONV["stride"]),
        "pad": np.array(CONV["pad"]),
    }
    conv.update({"out": out, "dout": dout, "dx": dx, "dw": dw, "db": db})
    return {
        "conv": conv,
        "pooling": _pooling(reference, rng),
        "residual": _residual(reference, rng),
        "convnet": _convnet(reference, rng),
    }


def _pooling(reference, rng):
    x = rng.normal(size=(2, 2, 5, 7))
    max_out, _ = reference.max_pool_forward(x, 2, 3, 2)
    avg_out, _ = reference.avg_pool_forward(x, 3, 2, 1)
    return {"x": x, "max_out": max_out, "avg_out": avg_out}


def _residual(reference, rng):
    x = rng.normal(size=(2, 2, 5, 5))
    w1, b1 = rng.normal(size=(3, 2, 3, 3)) * 0.5, rng.normal(size=3)
    w2, b2 = rng.normal(size=(2, 3, 3, 3)) * 0.5, rng.normal(size=2)
    out, _ = reference.residual_block_forward(x, w1, b1, w2, b2)
    return {"x": x, "w1": w1, "b1": b1, "w2": w2, "b2": b2, "out": out}


def _convnet(reference, rng):
    net = reference.ConvNet((2, 6, 6), num_filters=3, filter_size=3, hidden_dim=5,
                            num_classes=4, weight_scale=0.5, reg=0.1, seed=0)  # fmt: skip
    params = {name: rng.normal(size=p.shape) * 0.5 for name, p in net.params.items()}
    net.params = params
    X, y = rng.normal(size=(3, 2, 6, 6)), rng.integers(0, 4, size=3)
    loss, _ = net.loss(X, y)
    case = {f"param_{name}": p for name, p in params.items()}
    case.update({"X": X, "y": y, "scores": net.loss(X), "loss": np.array(loss)})
    return case
