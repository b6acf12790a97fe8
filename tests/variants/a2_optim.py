"""Correct a2_optim functions written as students of other courses write them.

Each top-level definition replaces the reference's of the same name (test_variants.py); each
is right by its reference's docstring, and written differently on purpose: CS231n's config
dicts (copied, never changed in place), other expression orders, torch's own form of Adam,
loops where the reference has a formula.
This file is never imported; its imports are for reading and linting it. A definition
uses what the module it goes into imports, or imports the rest inside itself.
"""

import math

import numpy as np


def sgd(w, dw, state=None, lr=1e-2, weight_decay=0.0):
    """A copy of w updated in place, the gradient and the decay as two separate steps."""
    next_w = w.copy()
    next_w -= lr * dw
    next_w -= lr * weight_decay * w
    return next_w, {}


def sgd_momentum(w, dw, state=None, lr=1e-2, momentum=0.9, weight_decay=0.0):
    """CS231n's config dict: copied, setdefault, and its velocity copied before *= and +=."""
    config = {} if state is None else dict(state)
    config.setdefault("velocity", np.zeros_like(w))
    v = config["velocity"].copy()
    v *= momentum
    v += dw + weight_decay * w
    config["velocity"] = v
    return w - lr * v, config


def nesterov(w, dw, state=None, lr=1e-2, momentum=0.9, weight_decay=0.0):
    """The step split in two: the gradient's part and the new velocity's part."""
    g = dw + weight_decay * w
    v_prev = np.zeros(w.shape) if state is None else state["velocity"]
    v = momentum * v_prev + g
    next_w = w - lr * g - lr * momentum * v
    return next_w, {"velocity": v}


def adagrad(w, dw, state=None, lr=1e-2, eps=1e-10, weight_decay=0.0):
    """np.square and np.add, the step's numerator and denominator named."""
    g = np.add(dw, weight_decay * w)
    cache = np.square(g) if state is None else state["sum_sq"] + np.square(g)
    denom = np.sqrt(cache) + eps
    return w - lr * g / denom, {"sum_sq": cache}


def rmsprop(w, dw, state=None, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    """The running average written as v + (1 - alpha) * (g**2 - v)."""
    g = dw + weight_decay * w
    v = np.zeros_like(w) if state is None else state["square_avg"]
    v = v + (1 - alpha) * (g * g - v)
    return w - (lr * g) / (np.sqrt(v) + eps), {"square_avg": v}


def adadelta(w, dw, state=None, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0):
    """A copied config dict, the two square roots named, the ratio taken after the product."""
    config = {"square_avg": np.zeros_like(w), "acc_delta": np.zeros_like(w)}
    if state is not None:
        config = dict(state)
    g = dw + weight_decay * w
    sq = rho * config["square_avg"] + (1 - rho) * g * g
    rms_update = np.sqrt(config["acc_delta"] + eps)
    rms_grad = np.sqrt(sq + eps)
    delta = rms_update * g / rms_grad
    config["acc_delta"] = rho * config["acc_delta"] + (1 - rho) * delta * delta
    config["square_avg"] = sq
    return w - lr * delta, config


def adam(w, dw, state=None, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    """Torch's own form: denom = sqrt(v) / sqrt(1 - beta2**t) + eps, step size
    lr / (1 - beta1**t) (math imported here: optim.py does not)."""
    import math

    beta1, beta2 = betas
    g = dw + weight_decay * w
    m = np.zeros_like(w) if state is None else state["m"]
    v = np.zeros_like(w) if state is None else state["v"]
    t = 1 if state is None else state["t"] + 1
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    denom = np.sqrt(v) / math.sqrt(1 - beta2**t) + eps
    step_size = lr / (1 - beta1**t)
    return w - step_size * m / denom, {"m": m, "v": v, "t": t}


def adamw(w, dw, state=None, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    """Adam written out again (not called), the decay as a factor 1 - lr * weight_decay."""
    beta1, beta2 = betas
    if state is None:
        state = {"m": np.zeros_like(w), "v": np.zeros_like(w), "t": 0}
    t = state["t"] + 1
    m = beta1 * state["m"] + (1 - beta1) * dw
    v = beta2 * state["v"] + (1 - beta2) * dw * dw
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    decayed = w * (1 - lr * weight_decay)
    return decayed - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v, "t": t}


def clip_grad_value(grads, clip_value):
    """A copy of each array with its entries past the bounds set by boolean indexing."""
    clipped = []
    for g in grads:
        c = g.copy()
        c[c > clip_value] = clip_value
        c[c < -clip_value] = -clip_value
        clipped.append(c)
    return clipped


def clip_grad_norm(grads, max_norm):
    """The squared norm accumulated in a loop, and copies when no clipping is needed."""
    total = 0.0
    for g in grads:
        total += float(np.sum(g * g))
    total_norm = total**0.5
    clip_coef = max_norm / (total_norm + 1e-6)
    if clip_coef < 1:
        return [g * clip_coef for g in grads], total_norm
    return [g.copy() for g in grads], total_norm


def step_lr(step, base_lr, step_size, gamma=0.1):
    """A loop that multiplies by gamma once per finished period."""
    lr = base_lr
    for _ in range(step // step_size):
        lr *= gamma
    return lr


def exponential_lr(step, base_lr, gamma):
    """The hint taken literally: step decay with step_size = 1."""
    return step_lr(step, base_lr, 1, gamma)


def cosine_annealing_lr(step, base_lr, T_max, eta_min=0.0):
    """0.5 * amplitude * (1 + cos), eta_min added last."""
    return 0.5 * (base_lr - eta_min) * (1 + math.cos(step / T_max * math.pi)) + eta_min


def linear_warmup_lr(step, base_lr, warmup_steps, start_factor=1 / 3):
    """An early return once warmed up, a straight line before."""
    if step >= warmup_steps:
        return base_lr
    return base_lr * (start_factor + (1 - start_factor) * step / warmup_steps)


def warmup_cosine_lr(step, base_lr, warmup_steps, total_steps, start_factor=1 / 3, eta_min=0.0):
    """Both phases written out with a progress fraction, without the other schedules."""
    if step < warmup_steps:
        return base_lr * (start_factor + (1 - start_factor) * step / warmup_steps)
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return eta_min + 0.5 * (base_lr - eta_min) * (1 + math.cos(math.pi * progress))


def calculate_gain(nonlinearity, param=None):
    """A dict of the fixed gains, the leaky ReLU's computed apart."""
    if nonlinearity == "leaky_relu":
        slope = param if param is not None else 0.01
        return math.sqrt(2.0 / (1 + slope * slope))
    gains = {"linear": 1.0, "sigmoid": 1.0, "tanh": 5.0 / 3, "relu": math.sqrt(2.0)}
    if nonlinearity not in gains:
        raise ValueError(f"unsupported nonlinearity: {nonlinearity}")
    return gains[nonlinearity]


def compute_fans(shape):
    """The receptive field multiplied up in a loop, the 2-axis case apart."""
    if len(shape) < 2:
        raise ValueError("fan in and fan out need at least 2 dimensions")
    if len(shape) == 2:
        fan_in, fan_out = shape
        return fan_in, fan_out
    receptive_field = 1
    for size in shape[2:]:
        receptive_field *= size
    return shape[1] * receptive_field, shape[0] * receptive_field


def lecun_normal(shape, seed=None):
    """A standard normal draw scaled afterwards."""
    fan_in = compute_fans(shape)[0]
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape) * (1.0 / np.sqrt(fan_in))


def xavier_uniform(shape, gain=1.0, seed=None):
    """rng.random in [0, 1) mapped to [-bound, bound)."""
    fan_in, fan_out = compute_fans(shape)
    bound = gain * np.sqrt(6.0 / (fan_in + fan_out))
    return (np.random.default_rng(seed).random(shape) * 2 - 1) * bound


def xavier_normal(shape, gain=1.0, seed=None):
    """The variance first, its square root as the scale."""
    fan_in, fan_out = compute_fans(shape)
    variance = gain**2 * 2.0 / (fan_in + fan_out)
    return np.random.default_rng(seed).normal(loc=0.0, scale=np.sqrt(variance), size=shape)


def kaiming_uniform(shape, gain=2**0.5, mode="fan_in", seed=None):
    """The fan picked from a dict of both, the bound from the standard deviation."""
    fans = dict(zip(("fan_in", "fan_out"), compute_fans(shape), strict=True))
    if mode not in fans:
        raise ValueError(f"mode must be fan_in or fan_out, got {mode}")
    std = gain / math.sqrt(fans[mode])
    bound = math.sqrt(3.0) * std
    return np.random.default_rng(seed).uniform(low=-bound, high=bound, size=shape)


def kaiming_normal(shape, gain=2**0.5, mode="fan_in", seed=None):
    """The fan picked by a conditional expression, a standard normal draw scaled afterwards."""
    fan_in, fan_out = compute_fans(shape)
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode must be fan_in or fan_out, got {mode}")
    std = gain / math.sqrt(fan_in if mode == "fan_in" else fan_out)
    return std * np.random.default_rng(seed).standard_normal(size=shape)
