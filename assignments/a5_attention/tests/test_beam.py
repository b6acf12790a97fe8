"""Public tests of beam_search (beam.py), on models given as tables of log-probabilities.

Each test's model is a table: the log-probabilities of the next token after every prefix.
The tests compute what beam search must return themselves, from the table: greedy search
(width 1), a sequence greedy search misses (the greedy trap), the best of all sequences (a
beam as wide as the number of prefixes), by hand for the tables that check eos, the length
penalty, ties and the stopping rule. They also check how beam_search called the model: once
per step, with every live prefix in one batch, never extending a hypothesis that ended.
"""

import itertools

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, graded
from autograder.testing import strategies as st

#: The tokens of the hand-made tables: eos, the words a and b, and the start token (which
#: the model never generates: V = 3).
EOS, A, B, START = 0, 1, 2, 3


class TableModel:
    """A model given as a table, to pass to beam_search as step_fn.

    ``rows[prefix]`` is the row of log-probabilities (V,) of the next token after start and
    the tokens ``prefix`` (a tuple; () for start alone). A prefix the table lacks gets a row
    of zeros: a model that was never trained on it (after eos, for instance) may find every
    next token certain. Every call's prefixes are recorded in ``calls``."""

    def __init__(self, rows, vocabulary, start, eos):
        self.rows = {prefix: np.asarray(row, dtype=np.float64) for prefix, row in rows.items()}
        self.vocabulary, self.start, self.eos = vocabulary, start, eos
        self.calls = []

    def __call__(self, prefixes):
        """The log-probabilities (B, V) of the next token after each row of ``prefixes``."""
        prefixes = np.asarray(prefixes)
        self.calls.append(prefixes)
        return np.array(
            [
                self.rows.get(tuple(int(token) for token in row[1:]), np.zeros(self.vocabulary))
                for row in np.atleast_2d(prefixes)
            ]
        ).reshape(-1, self.vocabulary)


def check_calls(model, beam_width):
    """Every call of ``model`` had the prefixes of one step, in one batch: call t an integer
    array (B, t) with 1 <= B <= beam_width, each row starting with start, none holding eos
    after start, each extending a prefix of the call before."""
    asked = {()}
    for t, prefixes in enumerate(model.calls, start=1):
        said = f"call {t} of step_fn had prefixes {prefixes.tolist()}"
        assert prefixes.ndim == 2 and np.issubdtype(prefixes.dtype, np.integer), (
            f"{said}, an array of shape {prefixes.shape} and dtype {prefixes.dtype}: step_fn "
            "takes an integer array (B, t)"
        )
        assert prefixes.shape[1] == t, (
            f"{said}: step t gives step_fn every live prefix of t tokens in one batch, once "
            "(a call per hypothesis, or a prefix without its earlier tokens, breaks this)"
        )
        assert 1 <= len(prefixes) <= beam_width, (
            f"{said}: a step has between 1 and beam_width = {beam_width} live hypotheses"
        )
        rows = [tuple(int(token) for token in row) for row in prefixes]
        for row in rows:
            assert row[0] == model.start, f"{said}: every prefix starts with start"
            assert model.eos not in row[1:], (
                f"{said}: {row} has ended with eos (= {model.eos}), and a hypothesis that "
                "ended is never extended"
            )
            assert row[:-1] in asked, f"{said}: {row} does not extend a live prefix"
        asked = set(rows)


def returned(result, model, max_len):
    """beam_search's (tokens, score) as a list of ints and a float, after checking that
    tokens is a sequence beam_search may return."""
    assert isinstance(result, tuple | list) and len(result) == 2, (
        f"beam_search returned {type(result).__name__} {result!r}, not a tuple (tokens, score)"
    )
    tokens, score = np.asarray(result[0]), np.asarray(result[1])
    assert tokens.ndim == 1 and np.issubdtype(tokens.dtype, np.integer), (
        f"tokens should be a 1-D integer array, not {tokens!r}"
    )
    assert score.shape == () and np.issubdtype(score.dtype, np.floating), (
        f"score should be a float, not {result[1]!r}"
    )
    tokens = [int(token) for token in tokens]
    said = f"tokens {tokens} (start = {model.start}, eos = {model.eos}, max_len = {max_len})"
    assert tokens[:1] == [model.start], f"{said} should begin with start"
    assert 2 <= len(tokens) <= max_len + 1, f"{said} should hold 1 to max_len tokens after start"
    assert model.eos not in tokens[1:-1], f"{said} holds eos before its end"
    assert tokens[-1] == model.eos or len(tokens) == max_len + 1, (
        f"{said} ends neither with eos nor at max_len"
    )
    return tokens, float(score)


def penalty(n, alpha):
    """GNMT's length penalty lp(n) = ((5 + n) / 6) ** alpha, for n tokens after start."""
    return ((5 + n) / 6) ** alpha


def sequence_score(model, tokens, alpha=0.0):
    """The score of ``tokens`` (start first) in ``model``: its sum of log-probabilities,
    divided by lp(n)."""
    total = sum(model.rows[tuple(tokens[1:t])][tokens[t]] for t in range(1, len(tokens)))
    return total / penalty(len(tokens) - 1, alpha)


def greedy(model, max_len, alpha=0.0):
    """Greedy search: the next token of the largest sum every time (the first on a tie),
    until eos or max_len tokens. Returns (tokens, score)."""
    tokens, total = [model.start], 0.0
    while len(tokens) <= max_len and model.eos not in tokens[1:]:
        sums = total + model.rows[tuple(tokens[1:])]
        token = int(np.argmax(sums))
        tokens, total = [*tokens, token], sums[token]
    return tokens, total / penalty(len(tokens) - 1, alpha)


def best_score(model, max_len, alpha=0.0):
    """The highest score of every sequence beam search may return, each one tried."""
    scores = []
    for n in range(1, max_len + 1):
        for words in itertools.product(range(model.vocabulary), repeat=n):
            ends = model.eos in words
            if (not ends and n == max_len) or (ends and words.index(model.eos) == n - 1):
                scores.append(sequence_score(model, [model.start, *words], alpha))
    return max(scores)


def draw_model(data, min_len=1):
    """A drawn table (V = 2 to 4 tokens, start = V, eos drawn) for every prefix up to
    max_len - 1 tokens after start, log-probabilities in [-4, 0]; returns (model, max_len).
    log_probs[i] is the row of the i-th prefix in the order (), (0,), (1,), ..., (0, 0),
    (0, 1), ..."""
    vocabulary = data.draw(hs.integers(2, 4), label="V")
    max_len = data.draw(hs.integers(min_len, 4), label="max_len")
    eos = data.draw(hs.integers(0, vocabulary - 1), label="eos")
    prefixes = [
        words for n in range(max_len) for words in itertools.product(range(vocabulary), repeat=n)
    ]
    log_probs = data.draw(st.arrays((len(prefixes), vocabulary), -4.0, 0.0), label="log_probs")
    rows = dict(zip(prefixes, log_probs, strict=True))
    return TableModel(rows, vocabulary, vocabulary, eos), max_len


def check_result(student, model, beam_width, max_len, want, alpha=0.0):
    """Run the student's beam search on ``model`` and compare with ``want`` (tokens,
    score); check its calls of the model."""
    result = student.beam_search(model, model.start, beam_width, max_len, model.eos, alpha)
    check_calls(model, beam_width)
    tokens, score = returned(result, model, max_len)
    said = f"beam_width {beam_width}, max_len {max_len}, length_penalty {alpha}"
    assert tokens == want[0], f"with {said}, tokens should be {want[0]}, not {tokens}"
    assert_close(score, want[1], f"beam_search: score (with {said})")


@graded(
    part="beam_search",
    points=2,
    visibility="visible",
    message="beam_search with beam_width 1 is greedy search: the next token with the largest "
    "sum every time (the lower id on a tie), until eos or max_len tokens after start; it "
    "returns (tokens, score), tokens from start to eos (both included), score the sum of "
    "the generated tokens' log-probabilities (start has none). Usual mistakes: scoring only "
    "the last token's log-probability, leaving start or eos out of tokens.",
)
@given(data=hs.data())
def test_beam_search_width_one_is_greedy(student, data):
    """Width 1 on drawn tables returns greedy's sequence and its summed score: the search
    loop, the sums and the returned layout, before any beam."""
    model, max_len = draw_model(data)
    check_result(student, model, 1, max_len, greedy(model, max_len))


@graded(
    part="beam_search",
    points=2,
    visibility="visible",
    message="Greedy search takes a (probability 0.5) and then eos (0.3): 0.15 in all. A beam "
    "of width 2 or 3 also keeps b (0.4), followed by eos with 0.9: 0.36, and must return it, "
    "with the score log(0.36). Usual mistake: keeping the beam_width best tokens of each "
    "hypothesis separately, or only the best one (width ignored), instead of the beam_width "
    "best candidates among all extensions of all live hypotheses.",
)
def test_beam_search_escapes_the_greedy_trap(student):
    """The greedy trap: the first token that looks best leaves only unlikely ways to go on.
    Width 1 falls into it; widths 2 and 3 find the likelier sequence."""
    rows = {
        (): np.log([0.05, 0.5, 0.4, 0.05]),
        (A,): np.log([0.3, 0.25, 0.25, 0.2]),
        (B,): np.log([0.9, 0.04, 0.03, 0.03]),
    }
    check_result(student, TableModel(rows, 4, 4, EOS), 1, 3, ([4, A, EOS], np.log(0.15)))
    for width in (2, 3):
        check_result(student, TableModel(rows, 4, 4, EOS), width, 3, ([4, B, EOS], np.log(0.36)))


@graded(
    part="beam_search",
    points=2,
    visibility="visible",
    message="With beam_width = V ** (max_len - 1), no prefix is ever dropped, and beam search "
    "must return the highest score of every sequence (each ending with eos, or max_len "
    "tokens long without it), score = sum of log-probabilities / ((5 + n) / 6) ** "
    "length_penalty with n the tokens after start, eos included; the score of the tokens "
    "returned; at least greedy's score. Usual mistakes: comparing hypotheses of different "
    "lengths by their sums (or scores) before they end, counting start in n.",
)
@given(data=hs.data())
def test_beam_search_equals_exhaustive_search(student, data):
    """On drawn tables (V 2 to 4, max_len 2 to 4, length_penalty 0 to 2), a beam as wide as
    the number of prefixes finds the best of all sequences, which the test finds by trying
    each; the returned score is that of the returned tokens, and never below greedy's."""
    model, max_len = draw_model(data, min_len=2)
    alpha = data.draw(hs.sampled_from([0.0, 0.5, 1.0, 2.0]), label="length_penalty")
    width = model.vocabulary ** (max_len - 1)
    result = student.beam_search(model, model.start, width, max_len, model.eos, alpha)
    check_calls(model, width)
    tokens, score = returned(result, model, max_len)
    greedy_score = greedy(model, max_len, alpha)[1]
    assert score >= greedy_score - 1e-6 * abs(greedy_score) - 1e-9, (
        f"the score {score} is below greedy's, {greedy_score}, though no prefix was dropped"
    )
    assert_close(score, best_score(model, max_len, alpha), "beam_search: score (the best one)")
    assert_close(score, sequence_score(model, tokens, alpha), f"the score of tokens {tokens}")


@graded(
    part="beam_search",
    points=1,
    visibility="visible",
    message="A kept candidate that ends with eos has ended: it is never extended again (never "
    "passed to step_fn), and keeps its score; here eos alone (log-probability -1) beats "
    "every longer sequence, even though the model, never trained after eos, gives every "
    "token log-probability 0 there. Usual mistake: keeping an ended hypothesis in the beam "
    "and extending it.",
)
def test_beam_search_stops_hypotheses_at_eos(student):
    """eos ends a hypothesis: after eos (at step 1) the table gives every token
    log-probability 0, so extending the ended hypothesis would look free; beam_search must
    never pass it to step_fn, and must return it as it ended."""
    rows = {(): [-1.0, -0.5, -3.0], (A,): [-1.0, -0.75, -3.0], (A, A): [-0.5, -2.0, -2.0]}
    for width in (2, 3):
        check_result(student, TableModel(rows, 3, START, EOS), width, 4, ([START, EOS], -1.0))


@graded(
    part="beam_search",
    points=1,
    visibility="visible",
    message="The score is s / lp(n) with lp(n) = ((5 + n) / 6) ** length_penalty, s the sum "
    "of log-probabilities and n the tokens after start, eos included. Here eos alone (sum "
    "-0.5, n = 1) wins with length_penalty 0, and a, a, eos (sum -0.65, n = 3: score -0.65 "
    "/ (8 / 6) = -0.4875) with length_penalty 1. Usual mistakes: counting start in n, "
    "multiplying by lp(n) instead of dividing.",
)
def test_beam_search_length_penalty(student):
    """A short and a long sequence whose order the length penalty reverses: the plain sum
    prefers the short one, length_penalty 1 the long one, each with the documented score."""
    rows = {(): [-0.5, -0.25, -4.0], (A,): [-4.0, -0.3, -4.0], (A, A): [-0.1, -4.0, -4.0]}
    for alpha, want in [(0.0, ([START, EOS], -0.5)), (1.0, ([START, A, A, EOS], -0.65 * 6 / 8))]:
        check_result(student, TableModel(rows, 3, START, EOS), 2, 3, want, alpha)


@graded(
    part="beam_search",
    points=1,
    visibility="visible",
    message="Ties: between candidates of equal sums, the earlier row of step_fn's batch (rows "
    "best first) wins, then the lower token id; between ended hypotheses of equal scores, "
    "the one that ended at the earlier step, then the one kept first. Usual mistake: "
    "np.argsort(sums)[::-1], which puts equal sums in reverse order (negate the sums and "
    'use kind="stable"), or taking the last of equal scores.',
)
def test_beam_search_breaks_ties_as_documented(student):
    """Four tables with exact ties (sums of numbers exact in binary): a and b tied for
    greedy; a tie at the beam's edge between row 0's token b and row 1's token a (row 0's
    wins, although row 1's leads to the better sequence); eos alone and a, eos tied at
    different steps; a, eos and b, eos tied at the same step."""
    tied_words = {(): [-2.0, -0.5, -0.5], (A,): [-0.25, -1.0, -1.0], (B,): [-0.25, -1.0, -1.0]}
    check_result(student, TableModel(tied_words, 3, START, EOS), 1, 2, ([START, A, EOS], -0.75))
    at_the_edge = {
        (): [-4.0, -0.5, -1.0],
        (A,): [-4.0, -0.25, -1.5],
        (B,): [-4.0, -1.0, -4.0],
        (A, A): [-10.0, -10.0, -10.0],
        (A, B): [-0.5, -4.0, -4.0],
        (B, A): [-0.25, -4.0, -4.0],
    }
    want = ([START, A, B, EOS], -2.5)
    check_result(student, TableModel(at_the_edge, 3, START, EOS), 2, 3, want)
    across_steps = {(): [-1.0, -0.5, -4.0], (A,): [-0.5, -2.0, -2.0]}
    check_result(student, TableModel(across_steps, 3, START, EOS), 2, 3, ([START, EOS], -1.0))
    check_result(student, TableModel(tied_words, 3, START, EOS), 2, 3, ([START, A, EOS], -0.75))


@graded(
    part="beam_search",
    points=1,
    visibility="visible",
    message="beam_search stops before a step when a hypothesis has ended and the best ended "
    "score is >= s_live / lp(max_len), s_live the largest sum of a live hypothesis; not "
    "before. Here eos alone (-0.1) ends the search after 1 call of step_fn; with "
    "length_penalty 1, eos alone (-0.6) must not stop a (-0.7), whose bound -0.7 / lp(4) = "
    "-0.467 is higher, and a, a, a, eos wins after 4 calls. Usual mistakes: never stopping "
    "early, a bound at the current length instead of max_len.",
)
def test_beam_search_stops_when_no_live_hypothesis_can_win(student):
    """The stopping rule, by the number of calls of step_fn: one call when eos is all but
    certain at once, and the four calls of max_len 4 when the length penalty lets a live
    hypothesis that is behind now still win."""
    certain = TableModel({(): [-0.1, -2.0, -3.0]}, 3, START, EOS)
    check_result(student, certain, 2, 5, ([START, EOS], -0.1))
    assert len(certain.calls) == 1, f"step_fn was called {len(certain.calls)} times, not once"
    rows = {
        (): [-0.6, -0.7, -5.0],
        (A,): [-3.0, -0.01, -5.0],
        (A, A): [-3.0, -0.01, -5.0],
        (A, A, A): [-0.05, -1.0, -1.0],
    }
    behind = TableModel(rows, 3, START, EOS)
    check_result(student, behind, 2, 4, ([START, A, A, A, EOS], -0.77 / 1.5), alpha=1.0)
    assert len(behind.calls) == 4, f"step_fn was called {len(behind.calls)} times, not 4"
