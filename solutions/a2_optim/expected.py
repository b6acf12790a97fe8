"""Expected values for a2_optim's public tests, computed from the reference solution.

``autograder generate`` calls :func:`build` and stores the result in the student folder's
``tests/data/expected.npz``; the public tests read it through the ``expected`` fixture.
Inputs come from fixed seeds, so the file only changes when the reference does.

An update rule's case holds its inputs (``w0``, one gradient per step in ``grads`` and one
learning rate per step in ``lrs``), its other hyper-parameters under their own names, and
the reference's parameters after each step in ``path``. A schedule's case holds its
arguments under their own names and the learning rate of each step 0, 1, ... in ``lrs``.
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


def build(reference):
    """Named cases (inputs and the reference's outputs) for the public tests."""
    rng = np.random.default_rng(2)
    cases = {name: _rule_case(reference, rng, name, hyper) for name, hyper in RULES.items()}
    for name, (arguments, steps) in SCHEDULES.items():
        schedule = getattr(reference, name)
        lrs = [schedule(step, **arguments) for step in range(steps)]
        cases[name] = {**_arrays(arguments), "lrs": np.array(lrs)}
    cases["clipping"] = _clipping(reference, rng)
    cases["initializers"] = _initializers(reference)
    return cases


def _arrays(values):
    return {key: np.array(value) for key, value in values.items()}


def _rule_case(reference, rng, name, hyper):
    w0 = rng.normal(size=(3, 4))
    grads = rng.normal(size=(len(LRS), *w0.shape))
    rule = getattr(reference, name)
    w, state, path = w0, None, []
    for dw, lr in zip(grads, LRS, strict=True):
        w, state = rule(w, dw, state, lr=float(lr), **hyper)
        path.append(w)
    return {"w0": w0, "grads": grads, "lrs": LRS, **_arrays(hyper), "path": np.array(path)}


def _clipping(reference, rng):
    grads = [rng.normal(size=(3, 4)), rng.normal(size=5) * 3, rng.normal(size=(2, 2, 2))]
    by_value = reference.clip_grad_value(grads, 1.0)
    by_norm, norm = reference.clip_grad_norm(grads, 2.0)
    case = {"clip_value": np.array(1.0), "max_norm": np.array(2.0), "norm": np.array(norm)}
    for i, (grad, value, scaled) in enumerate(zip(grads, by_value, by_norm, strict=True)):
        case.update({f"grad{i}": grad, f"by_value{i}": value, f"by_norm{i}": scaled})
    return case


def _initializers(reference):
    nonlinearities = ["linear", "sigmoid", "tanh", "relu", "leaky_relu"]
    case = {
        "nonlinearities": np.array(nonlinearities),
        "gains": np.array([reference.calculate_gain(name) for name in nonlinearities]),
        "leaky_relu_gain": np.array(reference.calculate_gain("leaky_relu", 0.2)),
    }
    for i, shape in enumerate([(20, 30), (8, 3, 5, 5), (4, 6, 3)]):
        case[f"shape{i}"] = np.array(shape)
        case[f"fans{i}"] = np.array(reference.compute_fans(shape))
    return case
