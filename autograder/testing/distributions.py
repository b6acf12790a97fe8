"""Checks that a student's random draw has the distribution it should (an initializer, an
exploration rule).

A random draw cannot be compared value for value: a correct student may call the generator
differently. :func:`assert_distribution` checks its statistics instead, with tolerances of
``SIGMAS`` standard errors, so a correct draw fails about once in a billion tests; and a
test's draw is fixed by its seeds, so a grade never flakes either. A wrong formula (a
variance off by 25% or more, a uniform draw where a normal one is asked) fails for the
sample sizes it requires. :func:`assert_frequencies` does the same for draws among a few
outcomes (the actions of an epsilon-greedy policy): each outcome's count within ``SIGMAS``
binomial standard deviations of its expected count.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

#: Standard errors allowed on the mean and the variance.
SIGMAS = 6.0
#: At least this many draws: the variance is then known to within 4.3% (normal) or 2.7%
#: (uniform) at SIGMAS standard errors.
MIN_DRAWS = 40_000
#: Kurtosis, E[x**4] / E[x**2]**2 for a centered x: 3 for a normal, 1.8 for a uniform. The
#: sample kurtosis of MIN_DRAWS draws has a standard error of at most sqrt(24 / n) = 0.025.
KURTOSIS = {"normal": 3.0, "uniform": 1.8}
KURTOSIS_TOLERANCE = 0.3


def assert_distribution(
    sample: object, kind: Literal["normal", "uniform"], std: float, name: str
) -> None:
    """Fail, with a message for the student, unless ``sample`` looks like draws of mean 0
    and standard deviation ``std`` from a normal, or from a uniform on [-bound, bound] with
    bound = sqrt(3) * std.

    Checks, in order: the values are finite; for a uniform, none is outside the bound; the
    kurtosis says normal or uniform; the mean is within SIGMAS standard errors of 0; the
    variance is within SIGMAS standard errors of std**2 (its relative standard error is
    sqrt((kurtosis - 1) / n)).
    """
    values = np.asarray(sample, dtype=np.float64).ravel()
    n = values.size
    if n < MIN_DRAWS:
        raise ValueError(f"assert_distribution needs at least {MIN_DRAWS} draws, not {n}")
    if not np.all(np.isfinite(values)):
        raise AssertionError(f"{name}: some values are not finite (nan or inf)")
    if kind == "uniform":
        bound = np.sqrt(3.0) * std
        largest = float(np.max(np.abs(values)))
        if largest > bound * (1 + 1e-12):
            raise AssertionError(
                f"{name}: a value of size {largest:.4g} is outside the bound {bound:.4g}"
            )
    variance = float(np.mean(values**2) - np.mean(values) ** 2)
    centered = values - np.mean(values)
    kurtosis = float(np.mean(centered**4) / variance**2) if variance > 0 else 0.0
    if abs(kurtosis - KURTOSIS[kind]) > KURTOSIS_TOLERANCE:
        looks = min(KURTOSIS, key=lambda other: abs(KURTOSIS[other] - kurtosis))
        seems = f"it looks {looks}" if looks != kind else "its shape is off"
        raise AssertionError(
            f"{name}: the values should be {kind}, but {seems} (kurtosis {kurtosis:.2f}; "
            f"a normal's is 3, a uniform's 1.8)"
        )
    mean_allowed = SIGMAS * std / np.sqrt(n)
    if abs(float(np.mean(values))) > mean_allowed:
        raise AssertionError(
            f"{name}: the mean is {np.mean(values):.3g}, not 0 (allowed ±{mean_allowed:.2g} "
            f"for {n} draws of std {std:.4g})"
        )
    relative_allowed = SIGMAS * np.sqrt((KURTOSIS[kind] - 1) / n)
    if abs(variance / std**2 - 1) > relative_allowed:
        raise AssertionError(
            f"{name}: the standard deviation is {np.sqrt(variance):.4g}, expected {std:.4g} "
            f"(the variance may be off by {relative_allowed:.1%} for {n} draws, it is off by "
            f"{variance / std**2 - 1:+.1%})"
        )


#: At least this many draws for :func:`assert_frequencies`.
MIN_CATEGORICAL_DRAWS = 1_000


def assert_frequencies(sample: object, probabilities: object, name: str) -> None:
    """Fail, with a message for the student, unless the outcomes ``sample`` (integers in
    [0, K)) come out about as often as ``probabilities`` (K numbers summing to 1) say:
    each outcome's count within SIGMAS binomial standard deviations, sqrt(n p (1 - p)), of
    n p (exactly n p where p is 0 or 1)."""
    outcomes = np.asarray(sample).ravel()
    p = np.asarray(probabilities, dtype=np.float64)
    n = outcomes.size
    if n < MIN_CATEGORICAL_DRAWS:
        raise ValueError(
            f"assert_frequencies needs at least {MIN_CATEGORICAL_DRAWS} draws, not {n}"
        )
    outside = outcomes[(outcomes < 0) | (outcomes >= p.size) | (outcomes != np.round(outcomes))]
    if outside.size:
        raise AssertionError(f"{name}: drew {outside[0]}, not one of 0, ..., {p.size - 1}")
    counts = np.bincount(outcomes.astype(np.int64), minlength=p.size)
    allowed = SIGMAS * np.sqrt(n * p * (1 - p))
    off = np.abs(counts - n * p) - allowed
    if np.max(off) > 1e-9 * n:
        k = int(np.argmax(off))
        low, high = max(p[k] - allowed[k] / n, 0.0), min(p[k] + allowed[k] / n, 1.0)
        raise AssertionError(
            f"{name}: {k} came out {counts[k]} times in {n} draws ({counts[k] / n:.1%}); its "
            f"probability is {p[k]:.1%}, so {SIGMAS:g} standard deviations allow "
            f"{low:.1%} to {high:.1%}"
        )
