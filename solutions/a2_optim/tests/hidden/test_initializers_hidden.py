"""Hidden tests of the gains, the fans and the initializers.

The initializers are checked by their statistics (assert_distribution) over draws pooled
from seeds 0, 1, 2, ... until there are enough of them; the standard deviation each should
have comes from the reference's fans (or the student's own, whose mistakes are charged in
compute_fans' test only) and the formula of its docstring.
"""

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import (
    assert_close,
    assert_distribution,
    assert_matches_reference,
    assert_one_of,
    exception_raised,
    graded,
    result_or_none,
)
from autograder.testing.distributions import MIN_DRAWS

#: What the message of each initializer's test adds: a wrong compute_fans is not charged twice.
OWN_FANS = (
    "(A wrong compute_fans costs its own test only: a draw with the std your fans give "
    "passes here.)"
)
#: The gains and modes drawn for the initializers that take them.
GAINS = hs.floats(0.5, 3.0)
MODES = hs.sampled_from(["fan_in", "fan_out"])


@hs.composite
def weight_shapes(draw):
    """An affine (D_in, D_out) shape or a filter bank (F, C, k, k) or (F, C, k), each with
    at least 4608 entries (so at most 9 draws make MIN_DRAWS), and fan_in and fan_out at
    least a factor 2 apart (so a formula with the wrong fan is off by 2 or more)."""
    kind = draw(hs.sampled_from(["affine", "conv2d", "conv1d"]))
    if kind == "affine":
        small = draw(hs.integers(70, 200))
        large = small * draw(hs.sampled_from([2, 3]))
        return draw(hs.sampled_from([(small, large), (large, small)]))
    filters = draw(hs.integers(32, 64))
    channels = draw(hs.sampled_from([filters // 2, 2 * filters]))
    kernel = draw(hs.sampled_from([3, 5]))
    if kind == "conv1d":
        return (filters, channels, kernel * kernel)
    return (filters, channels, kernel, kernel)


def pooled_draws(student, name, shape, **parameters):
    """Draws of ``name`` with seeds 0, 1, ... until there are MIN_DRAWS values; each draw
    must be a float64 array of the shape asked for. The seed must matter, as the docstring
    says: seed 0 gives the same weights when asked again, and seed 1 other weights."""

    def draw(seed):
        w = getattr(student, name)(shape, **parameters, seed=seed)
        assert isinstance(w, np.ndarray) and w.shape == shape and w.dtype == np.float64, (
            f"{name}({shape}, ...) returned {type(w).__name__} of shape {np.shape(w)} and dtype "
            f"{getattr(w, 'dtype', None)}, not a float64 array of shape {shape}"
        )
        return w.ravel()

    draws = [draw(0)]
    while sum(d.size for d in draws) < MIN_DRAWS or len(draws) < 2:
        draws.append(draw(len(draws)))
    seeded = "draw from rng = np.random.default_rng(seed), so that a seed gives the same weights"
    assert np.array_equal(draw(0), draws[0]), (
        f"{name}(..., seed=0) drew other weights the second time: {seeded} every time."
    )
    assert not np.array_equal(draws[1], draws[0]), (
        f"{name}(..., seed=0) and {name}(..., seed=1) drew the same weights: {seeded}, and "
        "another seed other weights."
    )
    return np.concatenate(draws)


@graded(
    part="initializers",
    points=1,
    visibility="after_due_date",
    message="calculate_gain as its table says (leaky_relu: sqrt(2 / (1 + slope**2)), slope "
    "0.01 when param is None); ValueError for an unknown nonlinearity.",
)
@given(slope=hs.one_of(hs.none(), hs.floats(0.0, 1.0)))
def test_calculate_gain_matches_reference(student, reference, slope):
    for name in ("linear", "sigmoid", "tanh", "relu", "leaky_relu"):
        got, want = student.calculate_gain(name), reference.calculate_gain(name)
        assert_close(got, want, f"calculate_gain: the gain of {name!r}")
    assert_matches_reference(
        student, reference, "calculate_gain", "leaky_relu", slope, returns=("gain",)
    )
    raised = exception_raised(student.calculate_gain, "gelu")
    assert raised == "ValueError", f"calculate_gain('gelu') raised {raised}, not ValueError"


@graded(
    part="initializers",
    points=1,
    visibility="after_due_date",
    message="compute_fans: (D_in, D_out) for 2 axes, (C * k, F * k) for (F, C, *kernel) with "
    "k the product of the kernel axes; ValueError for fewer than 2 axes.",
)
@given(shape=hs.lists(hs.integers(1, 7), min_size=2, max_size=5).map(tuple))
def test_compute_fans_matches_reference(student, reference, shape):
    got, want = student.compute_fans(shape), reference.compute_fans(shape)
    assert tuple(got) == tuple(want), f"compute_fans({shape}) returned {got}, expected {want}"
    raised = exception_raised(student.compute_fans, ())
    assert raised == "ValueError", f"compute_fans(()) raised {raised}, not ValueError"


def expected_std(fans, name, gain, mode):
    """The standard deviation ``name`` must have with ``fans`` (fan_in, fan_out)."""
    fan_in, fan_out = fans
    if name == "lecun_normal":
        return 1 / math.sqrt(fan_in)
    if name.startswith("xavier"):
        return gain * math.sqrt(2 / (fan_in + fan_out))
    return gain / math.sqrt(fan_in if mode == "fan_in" else fan_out)


def parameters_of(name, gain, mode):
    """The keyword arguments ``name`` takes among gain and mode."""
    if name == "lecun_normal":
        return {}
    if name.startswith("xavier"):
        return {"gain": gain}
    return {"gain": gain, "mode": mode}


def check_initializer(student, reference, name, kind, shape, gain=1.0, mode="fan_in"):
    """``name``'s pooled draws on ``shape`` have the distribution ``kind`` with the standard
    deviation of its formula, the fans the reference's or the student's own; gain and mode
    are passed to the initializers that take them (parameters_of)."""
    parameters = parameters_of(name, gain, mode)
    sample = pooled_draws(student, name, shape, **parameters)
    call = f"{name}({shape}{''.join(f', {k}={v!r}' for k, v in parameters.items())})"
    assert_one_of(
        lambda fans: assert_distribution(sample, kind, expected_std(fans, name, gain, mode), call),
        lambda: reference.compute_fans(shape),
        # A wrong compute_fans is charged in its own test, not again here.
        lambda: tuple(int(f) for f in result_or_none(student.compute_fans, shape)),
    )


@graded(
    part="initializers",
    points=1,
    visibility="after_due_date",
    message="lecun_normal on affine and filter shapes: normal draws with mean 0 and std "
    "1 / sqrt(fan_in). " + OWN_FANS,
)
@given(shape=weight_shapes())
def test_lecun_normal_matches_formula(student, reference, shape):
    check_initializer(student, reference, "lecun_normal", "normal", shape)


@graded(
    part="initializers",
    points=1,
    visibility="after_due_date",
    message="xavier_normal on affine and filter shapes: normal draws with mean 0 and std "
    "gain * sqrt(2 / (fan_in + fan_out)). " + OWN_FANS,
)
@given(shape=weight_shapes(), gain=GAINS)
def test_xavier_normal_matches_formula(student, reference, shape, gain):
    check_initializer(student, reference, "xavier_normal", "normal", shape, gain)


@graded(
    part="initializers",
    points=1,
    visibility="after_due_date",
    message="kaiming_normal on affine and filter shapes: normal draws with mean 0 and std "
    "gain / sqrt(fan), fan = fan_in or fan_out as mode says. " + OWN_FANS,
)
@given(shape=weight_shapes(), gain=GAINS, mode=MODES)
def test_kaiming_normal_matches_formula(student, reference, shape, gain, mode):
    check_initializer(student, reference, "kaiming_normal", "normal", shape, gain, mode)


@graded(
    part="initializers",
    points=1.5,
    visibility="after_due_date",
    message="xavier_uniform on affine and filter shapes: uniform draws on [-bound, bound] "
    "with bound = gain * sqrt(6 / (fan_in + fan_out)). " + OWN_FANS,
)
@given(shape=weight_shapes(), gain=GAINS)
def test_xavier_uniform_matches_formula(student, reference, shape, gain):
    check_initializer(student, reference, "xavier_uniform", "uniform", shape, gain)


@graded(
    part="initializers",
    points=1.5,
    visibility="after_due_date",
    message="kaiming_uniform on affine and filter shapes: uniform draws on [-bound, bound] "
    "with bound = gain * sqrt(3 / fan), fan = fan_in or fan_out as mode says. " + OWN_FANS,
)
@given(shape=weight_shapes(), gain=GAINS, mode=MODES)
def test_kaiming_uniform_matches_formula(student, reference, shape, gain, mode):
    check_initializer(student, reference, "kaiming_uniform", "uniform", shape, gain, mode)
