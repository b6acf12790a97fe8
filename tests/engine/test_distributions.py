"""assert_distribution passes correct draws and names what is wrong with a wrong one."""

import numpy as np
import pytest

from autograder.testing.distributions import (
    MIN_CATEGORICAL_DRAWS,
    MIN_DRAWS,
    assert_distribution,
    assert_frequencies,
)

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


#: An epsilon-greedy policy's probabilities: epsilon 0.3 over 4 actions, action 1 greedy.
GREEDY_ONE = np.array([0.075, 0.775, 0.075, 0.075])


@pytest.mark.parametrize("seed", range(20))
def test_correct_frequencies_pass_whatever_the_seed(seed):
    """Draws with the stated probabilities pass, for every seed tried: the bound of SIGMAS
    standard deviations leaves a correct draw about one chance in a billion to fail; an
    outcome of probability 0 or 1 is held exactly."""
    rng = np.random.default_rng(seed)
    assert_frequencies(rng.choice(4, size=20_000, p=GREEDY_ONE), GREEDY_ONE, "action")
    assert_frequencies(np.full(5_000, 2), [0.0, 0.0, 1.0], "action")


@pytest.mark.parametrize(
    ("sample", "message"),
    [
        # The uniform share drawn among the other actions only: 0.7 for the greedy one.
        (np.random.default_rng(0).choice(4, size=20_000, p=[0.1, 0.7, 0.1, 0.1]), "1 came out"),
        (np.r_[np.full(4_999, 2), 0], "0 came out 1 times"),
        (np.full(2_000, 4), "drew 4, not one of 0, ..., 3"),
        (np.full(2_000, 1.5), "drew 1.5"),
    ],
    ids=["greedy-share-missing", "probability-zero-drawn", "out-of-range", "not-an-integer"],
)
def test_wrong_frequencies_fail_with_what_is_wrong(sample, message):
    """A draw off by a few percent, an outcome of probability 0 that comes out once, and an
    outcome that is not one of 0..K-1 each fail, naming the outcome."""
    p = GREEDY_ONE if sample.size != 5_000 else [0.0, 0.0, 1.0]
    with pytest.raises(AssertionError, match=message):
        assert_frequencies(sample, p, "action")


def test_too_few_categorical_draws_is_the_test_authors_error():
    """Fewer than MIN_CATEGORICAL_DRAWS draws is the test's mistake, not the student's."""
    with pytest.raises(ValueError, match=f"{MIN_CATEGORICAL_DRAWS:d}"):
        assert_frequencies(np.zeros(10), [1.0], "action")
