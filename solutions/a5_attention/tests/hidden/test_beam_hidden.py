"""Hidden tests of beam_search against the reference, on drawn tables of log-probabilities
(V 2 to 4 tokens, max_len 1 to 4, beam_width 1 to 4): the same calls of step_fn (every live
prefix, best first, once per step, until the documented stop), then the same tokens and
score. The log-probabilities are multiples of 1/4, so sums are exact and ties are frequent:
the documented tie rules decide them."""

import itertools

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, graded


def table_model(rows, vocabulary):
    """A step_fn that reads the next token's log-probabilities after each prefix from
    ``rows`` (keyed by the tokens after start; zeros for a prefix it lacks), and the list of
    the prefixes of every call."""
    calls = []

    def step_fn(prefixes):
        prefixes = np.asarray(prefixes)
        calls.append(prefixes)
        batch = [rows.get(tuple(int(t) for t in row[1:])) for row in np.atleast_2d(prefixes)]
        batch = [np.zeros(vocabulary) if row is None else row for row in batch]
        return np.array(batch).reshape(-1, vocabulary)

    return step_fn, calls


def draw_search(data):
    """Drawn (rows, V, eos, beam_width, max_len): a row for every prefix of up to max_len - 1
    tokens after start (start = V), in the order (), (0,), (1,), ..., (0, 0), (0, 1), ...;
    log-probabilities in {-3, -2.75, ..., 0}."""
    vocabulary = data.draw(hs.integers(2, 4), label="V")
    max_len = data.draw(hs.integers(1, 4), label="max_len")
    eos = data.draw(hs.integers(0, vocabulary - 1), label="eos")
    width = data.draw(hs.integers(1, 4), label="beam_width")
    prefixes = [
        words for n in range(max_len) for words in itertools.product(range(vocabulary), repeat=n)
    ]
    quarters = hs.lists(
        hs.lists(hs.integers(-12, 0), min_size=vocabulary, max_size=vocabulary),
        min_size=len(prefixes),
        max_size=len(prefixes),
    )
    log_probs = np.array(data.draw(quarters, label="log_probs in quarters")) / 4
    return dict(zip(prefixes, log_probs, strict=True)), vocabulary, eos, width, max_len


def check_against_reference(student, reference, data, alpha):
    """The student's and the reference's beam search on one drawn table: the same calls of
    step_fn, the same tokens, the same score."""
    rows, vocabulary, eos, width, max_len = draw_search(data)
    step_fn, calls = table_model(rows, vocabulary)
    got = student.beam_search(step_fn, vocabulary, width, max_len, eos, alpha)
    right_fn, right_calls = table_model(rows, vocabulary)
    want = reference.beam_search(right_fn, vocabulary, width, max_len, eos, alpha)
    for t, (prefixes, right) in enumerate(zip(calls, right_calls, strict=False), start=1):
        assert np.shape(prefixes) == right.shape and np.array_equal(prefixes, right), (
            f"call {t} of step_fn had the prefixes {np.asarray(prefixes).tolist()}, not the "
            "live hypotheses of the documented search, best first"
        )
    assert len(calls) == len(right_calls), (
        f"step_fn was called {len(calls)} times, "
        f"{'more' if len(calls) > len(right_calls) else 'fewer'} than by the documented search"
    )
    assert isinstance(got, tuple | list) and len(got) == 2, "beam_search returns (tokens, score)"
    tokens = np.asarray(got[0]).tolist()
    assert tokens == want[0].tolist(), (
        f"tokens {tokens} are not the sequence the documented search returns"
    )
    assert_close(got[1], want[1], "beam_search: score")


@graded(
    part="beam_search",
    points=2,
    visibility="after_due_date",
    message="beam_search without length penalty on drawn tables (beam_width 1 to 4): each "
    "step calls step_fn once with the live hypotheses, best first; keeps the beam_width "
    "candidates of the largest sums (ties: the earlier row, then the lower token); ends "
    "those with eos and, at max_len, all; stops when no live hypothesis can beat the best "
    "ended score; returns the best ended hypothesis (ties: ended earlier, then kept first).",
)
@given(data=hs.data())
def test_beam_search_matches_reference(student, reference, data):
    """Without length penalty, on tables whose exact ties exercise every tie rule, the
    search makes the reference's calls and returns its result."""
    check_against_reference(student, reference, data, 0.0)


@graded(
    part="beam_search",
    points=2,
    visibility="after_due_date",
    message="beam_search with length_penalty 0.5, 1.5 or 2.5 on drawn tables: candidates "
    "of one step are ranked by their sums, an ended hypothesis is scored sum / ((5 + n) / "
    "6) ** length_penalty (n the tokens after start, eos included), and the search stops "
    "when the best ended score is >= the largest live sum / lp(max_len).",
)
@given(data=hs.data())
def test_beam_search_with_length_penalty_matches_reference(student, reference, data):
    """With a length penalty, whose exponents make no two scores of different lengths tie,
    the search makes the reference's calls (its stop depends on lp(max_len)) and returns
    its result."""
    alpha = data.draw(hs.sampled_from([0.5, 1.5, 2.5]), label="length_penalty")
    check_against_reference(student, reference, data, alpha)
