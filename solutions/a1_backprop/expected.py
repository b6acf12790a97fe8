"""Expected values for a1_backprop's public tests, computed from the reference solution.

``autograder generate`` calls :func:`build` and stores the result in the student folder's
``tests/data/expected.npz``; the public tests read it through the ``expected`` fixture.
Inputs come from fixed seeds, so the file only changes when the reference does.

Each case is named after the function it checks, with a label when a function has several
(``"softmax_loss_large"``); its inputs are keyed by the function's parameter names and its
outputs by the names the docstring returns (autograder.testing.checks). batchnorm_forward's
training case keys the running averages it returns ``new_running_mean`` and
``new_running_var``, since ``running_mean`` and ``running_var`` are its inputs.
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
    cases = {
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
    cases.update(_activations(reference, rng))
    cases.update(_losses(reference, rng))
    cases.update(_normalization(reference, rng))
    cases.update(_models(reference, rng))
    return cases


def _activations(reference, rng):
    x = rng.normal(size=(3, 4)) * 3
    wide = np.array([-1e3, -40.0, -1.0, 0.0, 1.0, 40.0, 1e3])
    drop_x = rng.normal(size=(4, 5))
    return {
        "leaky_relu_forward": {
            "x": x,
            "negative_slope": np.array(0.1),
            "out": reference.leaky_relu_forward(x, 0.1)[0],
        },
        "sigmoid_forward": {"x": wide, "out": reference.sigmoid_forward(wide)[0]},
        "tanh_forward": {"x": wide, "out": reference.tanh_forward(wide)[0]},
        "dropout_forward": _dropout(reference, drop_x, training=True),
        "dropout_forward_test_time": _dropout(reference, drop_x, training=False),
    }


def _dropout(reference, x, training):
    """dropout_forward's case for x with p = 0.4 and seed 7, in training or at test time."""
    out, _ = reference.dropout_forward(x, 0.4, training, 7)
    seed, p = np.array(7), np.array(0.4)
    return {"x": x, "p": p, "training": np.array(training), "seed": seed, "out": out}


def _losses(reference, rng):
    logits = np.concatenate([rng.normal(size=5) * 3, [-1e3, 1e3]])
    targets = np.concatenate([rng.integers(0, 2, size=5), [1, 0]]).astype(np.float64)
    pred, target = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    w = rng.normal(size=4)
    w[1] = 0.0
    bce, dlogits = reference.binary_cross_entropy_with_logits(logits, targets)
    mse, dpred = reference.mse_loss(pred, target)
    cases = {
        "binary_cross_entropy_with_logits": {
            "logits": logits,
            "y": targets,
            "loss": np.array(bce),
            "dlogits": dlogits,
        },
        "mse_loss": {"pred": pred, "target": target, "loss": np.array(mse), "dpred": dpred},
    }
    for penalty in ("l2_penalty", "l1_penalty"):
        loss, dw = getattr(reference, penalty)(w, 0.3)
        cases[penalty] = {"w": w, "reg": np.array(0.3), "loss": np.array(loss), "dw": dw}
    return cases


def _normalization(reference, rng):
    x = rng.normal(size=(6, 3)) * 2 + 1
    gamma, beta = rng.normal(size=3), rng.normal(size=3)
    running_mean, running_var = rng.normal(size=3), rng.uniform(0.5, 2.0, size=3)
    inputs = {
        "x": x,
        "gamma": gamma,
        "beta": beta,
        "running_mean": running_mean,
        "running_var": running_var,
    }
    out, _, new_mean, new_var = reference.batchnorm_forward(**inputs, training=True, momentum=0.2)
    test_out = reference.batchnorm_forward(**inputs, training=False)[0]
    ln_x = rng.normal(size=(2, 5)) * 3
    ln_gamma, ln_beta = rng.normal(size=5), rng.normal(size=5)
    return {
        "batchnorm_forward": {
            **inputs,
            "training": np.array(True),
            "momentum": np.array(0.2),
            "out": out,
            "new_running_mean": new_mean,
            "new_running_var": new_var,
        },
        "batchnorm_forward_test_time": {**inputs, "training": np.array(False), "out": test_out},
        "layernorm_forward": {
            "x": ln_x,
            "gamma": ln_gamma,
            "beta": ln_beta,
            "out": reference.layernorm_forward(ln_x, ln_gamma, ln_beta)[0],
        },
    }


def _models(reference, rng):
    w, b = rng.normal(size=3), 0.5
    X, y = rng.normal(size=(5, 3)), rng.integers(0, 2, size=5).astype(np.float64)
    cases = {}
    for penalty in ("l2", "l1"):
        loss, dw, db = reference.logistic_regression_loss(w, b, X, y, 0.4, penalty)
        cases[f"logistic_regression_loss_{penalty}"] = {
            "w": w,
            "b": np.array(b),
            "X": X,
            "y": y,
            "reg": np.array(0.4),
            "penalty": np.array(penalty),
            "loss": np.array(loss),
            "dw": dw,
            "db": np.array(db),
        }
    net = reference.FullyConnectedNet([4, 3], 3, 3, normalization="batchnorm", reg=0.3, seed=0)
    params = {k: rng.normal(size=v.shape) for k, v in net.params.items()}
    net.params = dict(params)
    X, y = rng.normal(size=(5, 3)), rng.integers(0, 3, size=5)
    loss, _ = net.loss(X, y)
    fc_net = {"X": X, "y": y, "loss": np.array(loss), "scores": net.loss(X)}
    fc_net.update({f"param_{k}": v for k, v in params.items()})
    cases["FullyConnectedNet"] = fc_net
    return cases
