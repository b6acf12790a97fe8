"""Weight initializers: LeCun, Xavier/Glorot and He/Kaiming (as torch.nn.init).

Each initializer draws a new weight array of a given shape, with mean 0 and a variance
chosen so that signals keep their scale from layer to layer. Every one has the form

    w = initializer(shape, <parameters>..., seed=None)

- shape: A tuple of ints: (D_in, D_out) for the weights of an affine layer out = x @ w (as
  in a1), or (F, C, HH, WW) for F convolution filters over C channels (as in a3).
- seed: Seeds the generator rng = np.random.default_rng(seed), so a seed gives the same
  weights every time. Draw with rng.normal(...) or rng.uniform(...).
- w: A new float64 array of that shape.

The variance depends on the fans (compute_fans): the number of inputs (fan_in) and outputs
(fan_out) each weight takes part in. A uniform draw on [-bound, bound] has variance
bound**2 / 3, so each uniform initializer's bound is sqrt(3) times the standard deviation of
its normal twin.

Torch stores an affine layer's weight as (D_out, D_in), the transpose of ours; the fans, and
so every variance here, are the same numbers.
"""

import math

import numpy as np


def compute_fans(shape):
    """The fan-in and fan-out of a weight array of the given shape.

    Inputs:
    - shape: (D_in, D_out) for an affine layer out = x @ w, or (F, C, HH, WW) (or any
      (F, C, k1, ..., kn)) for F filters over C channels.

    Returns a tuple of two ints (fan_in, fan_out):
        (D_in, D_out):        fan_in = D_in,            fan_out = D_out
        (F, C, HH, WW):       fan_in = C * HH * WW,     fan_out = F * HH * WW

    Raises ValueError for a shape with fewer than 2 axes.

    Convention: an output of a convolution sums over C * HH * WW inputs (its fan-in), and each
    input reaches F * HH * WW outputs (its fan-out), as torch counts them.

    Hint: the receptive field is the product of the axes after the second.
    """
    if len(shape) < 2:
        raise ValueError("need at least 2 axes")
    field = int(np.prod(shape[2:]))
    return (shape[0], shape[1]) if len(shape) == 2 else (shape[1] * field, shape[0] * field)


def _fan(shape, mode):
    """fan_in or fan_out of ``shape``, as ``mode`` says; ValueError for another mode.
    (Given: nothing to write here.)"""
    n_in, n_out = compute_fans(shape)
    if mode == "fan_in":
        return n_in
    if mode == "fan_out":
        return n_out
    raise ValueError(f'mode must be "fan_in" or "fan_out", not {mode!r}')


def kaiming_normal(shape, gain=2**0.5, mode="fan_in", seed=None):
    """He/Kaiming normal initialization (torch.nn.init.kaiming_normal_).

    Formula, with fan = fan_in or fan_out as mode says:
        w ~ Normal(0, std**2),  std = gain / sqrt(fan)

    Inputs and outputs as in kaiming_uniform.

    Convention: He et al. (2015): with ReLUs (gain sqrt(2)), variance 2 / fan_in keeps the
    signal's scale through a deep network, where Xavier's lets it shrink layer after layer.

    Hint: the same variance as kaiming_uniform, from a normal draw.
    """
    return np.random.default_rng(seed).normal(0, gain / math.sqrt(_fan(shape, mode)), shape)


def kaiming_uniform(shape, gain=2**0.5, mode="fan_in", seed=None):
    """He/Kaiming uniform initialization (torch.nn.init.kaiming_uniform_).

    Formula, with fan = fan_in or fan_out as mode says:
        w ~ Uniform(-bound, bound),  bound = gain * sqrt(3 / fan)

    Inputs and outputs as in the module docstring; gain, a float > 0 (sqrt(2), the ReLU's,
    by default: see calculate_gain); mode, "fan_in" (keeps the forward signal's scale) or
    "fan_out" (keeps the backward gradient's scale). The given helper _fan picks it.

    Convention: torch's kaiming functions take the nonlinearity and compute the gain with
    calculate_gain; here the gain is passed directly: kaiming_uniform(shape,
    gain=calculate_gain("leaky_relu", 0.2)) is torch's kaiming_uniform_(w, a=0.2).

    Hint: the variance is gain**2 / fan.
    """
    bound = gain * math.sqrt(3 / _fan(shape, mode))
    return np.random.default_rng(seed).uniform(-bound, bound, shape)


def xavier_normal(shape, gain=1.0, seed=None):
    """Xavier/Glorot normal initialization (torch.nn.init.xavier_normal_).

    Formula:
        w ~ Normal(0, std**2),  std = gain * sqrt(2 / (fan_in + fan_out))

    Inputs and outputs as in the module docstring; gain, a float > 0.

    Convention: the same variance as xavier_uniform, from a normal draw.

    Hint: mind the 2 here and the 6 of the uniform bound.
    """
    n_in, n_out = compute_fans(shape)
    sigma = gain * math.sqrt(6 / (n_in + n_out))
    return np.random.default_rng(seed).normal(0, sigma, shape)


def lecun_normal(shape, seed=None):
    """LeCun normal initialization (torch.nn.init.kaiming_normal_ with
    nonlinearity="linear", mode="fan_in").

    Formula:
        w ~ Normal(0, std**2),  std = 1 / sqrt(fan_in)

    Inputs and outputs as in the module docstring.

    Convention: LeCun et al. (1998) keep the variance of each output equal to that of the
    inputs for a linear unit; it is Kaiming's with gain 1 (and what SELU networks use).

    Hint: compute_fans, then rng.normal(0, std, size=shape).
    """
    n_in, _ = compute_fans(shape)
    return np.random.default_rng(seed).normal(0, n_in**-0.5, shape)


def calculate_gain(nonlinearity, param=None):
    """The recommended gain for a nonlinearity (torch.nn.init.calculate_gain).

    Inputs:
    - nonlinearity: One of "linear", "sigmoid", "tanh", "relu", "leaky_relu".
    - param: For "leaky_relu", its negative slope (None means torch's default, 0.01).

    Returns a Python float:
        linear, sigmoid: 1
        tanh:            5 / 3
        relu:            sqrt(2)
        leaky_relu:      sqrt(2 / (1 + param**2))

    Raises ValueError for any other nonlinearity.

    Convention: a ReLU zeroes half its inputs and so halves the second moment of the signal;
    the gain sqrt(2) makes up for it. The gain multiplies an initializer's standard deviation.

    Hint: a dict or a chain of ifs; do not forget the default slope.
    """
    match nonlinearity:
        case "linear" | "sigmoid":
            return 1.0
        case "tanh":
            return 5 / 3
        case "relu":
            return math.sqrt(2)
        case "leaky_relu":
            bound = 0.01 if param is None else param
            return math.sqrt(2 / (1 + bound * bound))
    raise ValueError(f"unsupported nonlinearity {nonlinearity}")


def xavier_uniform(shape, gain=1.0, seed=None):
    """Xavier/Glorot uniform initialization (torch.nn.init.xavier_uniform_).

    Formula:
        w ~ Uniform(-bound, bound),  bound = gain * sqrt(6 / (fan_in + fan_out))

    Inputs and outputs as in the module docstring; gain, a float > 0.

    Convention: Glorot & Bengio (2010) average the forward (fan_in) and backward (fan_out)
    conditions: variance = gain**2 * 2 / (fan_in + fan_out), and a uniform draw has variance
    bound**2 / 3.

    Hint: rng.uniform(-bound, bound, size=shape).
    """
    n_in, n_out = compute_fans(shape)
    bound = gain * math.sqrt(6 / (n_in + n_out))
    return np.random.default_rng(seed).uniform(-bound, bound, shape)
