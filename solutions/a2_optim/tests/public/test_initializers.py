"""Public tests of the initializers (initializers.py).

A random draw is checked by its statistics (mean, standard deviation, normal or uniform:
autograder.testing.assert_distribution), on shapes large enough that a correct draw passes
with any seed and a wrong formula fails.
"""

import math

import numpy as np

from autograder.testing import (
    assert_close,
    assert_distribution,
    assert_matches_stored,
    assert_one_of,
    exception_raised,
    graded,
    result_or_none,
)

#: Shapes with their (fan_in, fan_out): an affine layer's (D_in, D_out), and 32 filters
#: of 5x5 over 64 channels (fan_in = 64 * 25, fan_out = 32 * 25).
SHAPES = {(400, 150): (400, 150), (32, 64, 5, 5): (1600, 800)}

#: What the message of each initializer's test adds: a wrong compute_fans is not charged twice.
OWN_FANS = (
    "(A wrong compute_fans costs its own test only: a draw with the std your fans give "
    "passes here.)"
)


def own_fans(student, shape):
    """The student's compute_fans(shape) as integers (None if it raised)."""
    fans = result_or_none(student.compute_fans, shape)
    return None if fans is None else tuple(int(f) for f in fans)


def check_draw(student, name, kind, std_of_fans, **parameters):
    """Draw ``name`` on every shape: the shape, float64, the same array for the same seed,
    and the distribution ``kind`` with std = std_of_fans(fan_in, fan_out), the fans right or
    the student's own (a wrong compute_fans costs its own test only)."""
    for shape, (fan_in, fan_out) in SHAPES.items():
        w = getattr(student, name)(shape, **parameters, seed=0)
        call = f"{name}({shape}{''.join(f', {k}={v!r}' for k, v in parameters.items())})"
        assert isinstance(w, np.ndarray) and w.shape == shape, (
            f"{call} returned {type(w).__name__} of shape {np.shape(w)}, not an array of "
            f"shape {shape}"
        )
        assert w.dtype == np.float64, f"{call} returned {w.dtype}, not float64"
        again = getattr(student, name)(shape, **parameters, seed=0)
        assert np.array_equal(w, again), (
            f"{call} gave different arrays for the same seed: draw with np.random.default_rng(seed)"
        )
        assert_one_of(
            lambda fans, w=w, call=call: assert_distribution(w, kind, std_of_fans(*fans), call),
            lambda fan_in=fan_in, fan_out=fan_out: (fan_in, fan_out),
            # A wrong compute_fans is charged in its own test, not again here.
            lambda shape=shape: own_fans(student, shape),
        )


@graded(
    part="initializers",
    points=1,
    visibility="visible",
    message="calculate_gain: 1 for linear and sigmoid, 5/3 for tanh, sqrt(2) for relu, "
    "sqrt(2 / (1 + slope**2)) for leaky_relu (slope 0.01 by default); ValueError for a "
    "nonlinearity it does not know.",
)
def test_calculate_gain_values(student, expected):
    case = expected["calculate_gain"]
    for nonlinearity, gain in zip(case["nonlinearity"].tolist(), case["gain"], strict=True):
        got = student.calculate_gain(nonlinearity)
        assert_close(got, gain, f"calculate_gain: the gain of {nonlinearity!r}")
    assert_matches_stored(
        student,
        expected,
        "calculate_gain",
        args=("nonlinearity", "param"),
        returns=("gain",),
        case="calculate_gain_leaky_relu",
    )
    raised = exception_raised(student.calculate_gain, "swish")
    assert raised == "ValueError", f"calculate_gain('swish') raised {raised}, not ValueError"


@graded(
    part="initializers",
    points=1,
    visibility="visible",
    message="compute_fans: (D_in, D_out) for a 2-D shape, (C * k, F * k) for (F, C, ...) "
    "with k the product of the kernel axes; ValueError for fewer than 2 axes.",
)
def test_compute_fans_values(student, expected):
    for label in ("affine", "conv2d", "conv1d"):
        case = expected[f"compute_fans_{label}"]
        shape, want = tuple(case["shape"].tolist()), (case["fan_in"].item(), case["fan_out"].item())
        got = student.compute_fans(shape)
        assert tuple(got) == want, f"compute_fans({shape}) returned {got}, expected {want}"
    raised = exception_raised(student.compute_fans, (10,))
    assert raised == "ValueError", f"compute_fans((10,)) raised {raised}, not ValueError"


@graded(
    part="initializers",
    points=1,
    visibility="visible",
    message="lecun_normal draws rng.normal(0, 1 / sqrt(fan_in)) with rng = "
    "np.random.default_rng(seed). " + OWN_FANS,
)
def test_lecun_normal_distribution(student):
    check_draw(student, "lecun_normal", "normal", lambda fi, fo: 1 / math.sqrt(fi))


@graded(
    part="initializers",
    points=1,
    visibility="visible",
    message="xavier_normal draws rng.normal(0, std) with rng = np.random.default_rng(seed) "
    "and std = gain * sqrt(2 / (fan_in + fan_out)). " + OWN_FANS,
)
def test_xavier_normal_distribution(student):
    check_draw(
        student, "xavier_normal", "normal", lambda fi, fo: 1.5 * math.sqrt(2 / (fi + fo)), gain=1.5
    )


@graded(
    part="initializers",
    points=1,
    visibility="visible",
    message="kaiming_normal draws rng.normal(0, std) with rng = np.random.default_rng(seed) "
    "and std = gain / sqrt(fan), fan = fan_in or fan_out as mode says. " + OWN_FANS,
)
def test_kaiming_normal_distribution(student):
    check_draw(student, "kaiming_normal", "normal", lambda fi, fo: math.sqrt(2 / fi))
    check_draw(
        student, "kaiming_normal", "normal", lambda fi, fo: 0.5 / math.sqrt(fo), gain=0.5,
        mode="fan_out",
    )  # fmt: skip


@graded(
    part="initializers",
    points=1.5,
    visibility="visible",
    message="xavier_uniform draws rng.uniform(-bound, bound) with rng = "
    "np.random.default_rng(seed) and bound = gain * sqrt(6 / (fan_in + fan_out)). The "
    "standard deviation of such a draw is bound / sqrt(3). " + OWN_FANS,
)
def test_xavier_uniform_distribution(student):
    check_draw(
        student, "xavier_uniform", "uniform", lambda fi, fo: 1.5 * math.sqrt(2 / (fi + fo)),
        gain=1.5,
    )  # fmt: skip


@graded(
    part="initializers",
    points=1.5,
    visibility="visible",
    message="kaiming_uniform draws rng.uniform(-bound, bound) with rng = "
    "np.random.default_rng(seed) and bound = gain * sqrt(3 / fan), fan = fan_in or fan_out "
    "as mode says. The standard deviation of such a draw is bound / sqrt(3). " + OWN_FANS,
)
def test_kaiming_uniform_distribution(student):
    check_draw(student, "kaiming_uniform", "uniform", lambda fi, fo: math.sqrt(2 / fi))
    check_draw(
        student, "kaiming_uniform", "uniform", lambda fi, fo: 0.5 / math.sqrt(fo), gain=0.5,
        mode="fan_out",
    )  # fmt: skip
