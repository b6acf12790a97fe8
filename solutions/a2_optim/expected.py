"""Expected values for a2_optim's public tests, computed from the reference solution.

``autograder generate`` calls :func:`build` and stores the result in the student folder's
``tests/data/expected.npz``; the public tests read it through the ``expected`` fixture.
Inputs come from fixed seeds, so the file only changes when the reference does.

Each case is named after the function it checks, with a label when a function has several
(``"compute_fans_conv2d"``); its inputs are keyed by the function's parameter names and its
outputs by the names its docstring returns (autograder.testing.checks). Three kinds of case
hold more than one call:

- an update rule's case holds five steps: the start ``w``, then one ``dw``, one ``lr`` and
  the reference's ``new_w`` per step (along their first axis), and the rule's other
  hyper-parameters under their own names;
- a schedule's case holds its arguments under their own names, and one ``lr`` per ``step``
  0, 1, ...;
- a clipping function's case holds the list ``grads`` as ``grads0``, ``grads1``, ... (arrays
  of different shapes) and the list it returns, ``clipped``, as ``clipped0``, ``clipped1``, ...
"""

import numpy as np

#: Five steps; the learning rate changes along the way, as a schedule would change it.
LRS = np.array([0.1, 0.1, 0.05, 0.05, 0.02])

#: The hyper-parameters of each rule's stored case (eps is large enough to matter).
RULES = {
    "sgd": {"weight_decay": 0.1},
    "sgd_momentum": {"momentum": 0.8, "weight_decay": 0.1},
    "nesterov": {"momentum": 0.8, "weight_decay": 0.1},
    "adagrad": {"eps": 1e-3, "weight_decay": 0.1},
    "rmsprop": {"alpha": 0.9, "eps": 1e-3, "weight_decay": 0.1},
    "adadelta": {"rho": 0.8, "eps": 1e-3, "weight_decay": 0.1},
    "adam": {"betas": (0.8, 0.95), "eps": 0.1, "weight_decay": 0.1},
    "adamw": {"betas": (0.8, 0.95), "eps": 1e-3, "weight_decay": 0.1},
}

#: The arguments of each schedule's stored case, and how many steps it stores.
SCHEDULES = {
    "step_lr": ({"base_lr": 0.1, "step_size": 4, "gamma": 0.5}, 14),
    "exponential_lr": ({"base_lr": 0.1, "gamma": 0.8}, 10),
    "cosine_annealing_lr": ({"base_lr": 0.1, "T_max": 8, "eta_min": 0.01}, 20),
    "linear_warmup_lr": ({"base_lr": 0.1, "warmup_steps": 4, "start_factor": 0.25}, 8),
    "warmup_cosine_lr": (
        {"base_lr": 0.1, "warmup_steps": 3, "total_steps": 9, "start_factor": 0.25},
        12,
    ),
}

#: The shapes of compute_fans' cases: an affine layer, 2-D filters and 1-D filters.
FAN_SHAPES = {"affine": (20, 30), "conv2d": (8, 3, 5, 5), "conv1d": (4, 6, 3)}


def build(reference):
    """Named cases (inputs and the reference's outputs) for the public tests."""
    rng = np.random.default_rng(2)
    cases = {name: _rule_case(reference, rng, name, hyper) for name, hyper in RULES.items()}
    for name, (arguments, steps) in SCHEDULES.items():
        schedule = getattr(reference, name)
        lrs = [schedule(step, **arguments) for step in range(steps)]
        cases[name] = {**_arrays(arguments), "step": np.arange(steps), "lr": np.array(lrs)}
    cases.update(_clipping(reference, rng))
    cases.update(_gains(reference))
    for label, shape in FAN_SHAPES.items():
        fan_in, fan_out = reference.compute_fans(shape)
        cases[f"compute_fans_{label}"] = _arrays(
            {"shape": shape, "fan_in": fan_in, "fan_out": fan_out}
        )
    return cases


def _arrays(values):
    """Each value as an array, under its name."""
    return {key: np.array(value) for key, value in values.items()}


def _listed(name, arrays):
    """The list ``arrays`` as ``name0``, ``name1``, ..."""
    return {f"{name}{i}": array for i, array in enumerate(arrays)}


def _rule_case(reference, rng, name, hyper):
    """Five steps of the rule ``name`` from a drawn w, with drawn gradients and LRS."""
    w0 = rng.normal(size=(3, 4))
    grads = rng.normal(size=(len(LRS), *w0.shape))
    rule = getattr(reference, name)
    w, state, path = w0, None, []
    for dw, lr in zip(grads, LRS, strict=True):
        w, state = rule(w, dw, state, lr=float(lr), **hyper)
        path.append(w)
    return {"w": w0, "dw": grads, "lr": LRS, **_arrays(hyper), "new_w": np.array(path)}


def _clipping(reference, rng):
    """clip_grad_value's and clip_grad_norm's cases, on the same three gradients."""
    grads = [rng.normal(size=(3, 4)), rng.normal(size=5) * 3, rng.normal(size=(2, 2, 2))]
    by_norm, total_norm = reference.clip_grad_norm(grads, 2.0)
    return {
        "clip_grad_value": {
            **_listed("grads", grads),
            "clip_value": np.array(1.0),
            **_listed("clipped", reference.clip_grad_value(grads, 1.0)),
        },
        "clip_grad_norm": {
            **_listed("grads", grads),
            "max_norm": np.array(2.0),
            **_listed("clipped", by_norm),
            "total_norm": np.array(total_norm),
        },
    }


def _gains(reference):
    """calculate_gain's table (one gain per nonlinearity, param left out) and its leaky
    ReLU gain with a slope of 0.2."""
    nonlinearities = ["linear", "sigmoid", "tanh", "relu", "leaky_relu"]
    gains = [reference.calculate_gain(name) for name in nonlinearities]
    leaky = {"nonlinearity": "leaky_relu", "param": 0.2}
    return {
        "calculate_gain": _arrays({"nonlinearity": nonlinearities, "gain": gains}),
        "calculate_gain_leaky_relu": _arrays({**leaky, "gain": reference.calculate_gain(**leaky)}),
    }
