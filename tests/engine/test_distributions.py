"""assert_distribution passes correct draws and names what is wrong with a wrong one."""

import numpy as np
import pytest

from autograder.testing.distributions import MIN_DRAWS, assert_distribution

N = 50_000


@pytest.mark.parametrize("seed", range(20))
def test_correct_draws_pass_whatever_the_seed(seed):
    rng = np.random.default_rng(seed)
    assert_distribution(rng.normal(0.0, 0.3, size=N), "normal", 0.3, "w")
    bound = np.sqrt(3.0) * 0.3
    assert_distribution(rng.uniform(-bound, bound, size=(250, 200)), "uniform", 0.3, "w")


@pytest.mark.parametrize(
    ("make", "kind", "message"),
    [
        (lambda rng: rng.normal(0.0, 0.3 * 1.15, size=N), "normal", "standard deviation"),
        (lambda rng: rng.normal(0.0, 0.3 / 1.15, size=N), "normal", "standard deviation"),
        (lambda rng: rng.normal(0.05, 0.3, size=N), "normal", "the mean"),
        (lambda rng: rng.uniform(-0.52, 0.52, size=N), "normal", "it looks uniform"),
        (lambda rng: rng.normal(0.0, 0.3, size=N), "uniform", "outside the bound"),
        (lambda rng: rng.normal(0.0, 0.1, size=N), "uniform", "it looks normal"),
        (lambda rng: np.full(N, np.nan), "normal", "not finite"),
    ],
    ids=["std-high", "std-low", "mean", "uniform-for-normal", "bound", "normal-for-uniform", "nan"],
)
def test_wrong_draws_fail_with_what_is_wrong(make, kind, message):
    with pytest.raises(AssertionError, match=message):
        assert_distribution(make(np.random.default_rng(0)), kind, 0.3, "w")


def test_too_few_draws_is_the_test_authors_error():
    with pytest.raises(ValueError, match=str(MIN_DRAWS)):
        assert_distribution(np.zeros(10), "normal", 1.0, "w")
