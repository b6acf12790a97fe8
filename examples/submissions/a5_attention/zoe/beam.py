"""Beam search: the most likely sequence a model gives, searched a few prefixes at a time.

A model that generates a sequence one token at a time (a Transformer decoder, an RNN
language model) gives, for a prefix, the log-probability of every possible next token. The
best sequence maximizes the sum of its tokens' log-probabilities, and there are far too
many sequences to try them all (V ** max_len). Greedy search takes the best token at every
step, and can be led astray: a token that looks best now may leave only unlikely ways to go
on. Beam search keeps the beam_width best prefixes of each length instead of one.

The model is a function, step_fn, that beam_search calls with a batch of prefixes; here it
is a table of log-probabilities (in the notebook, in the tests), and it could be a network.
"""

import numpy as np


def beam_search(step_fn, start, beam_width, max_len, eos, length_penalty=0.0):
    """The best sequence that beam search finds with a model's next-token log-probabilities.

    Inputs:
    - step_fn: The model. Call it as step_fn(prefixes), positionally: prefixes is an integer
      array (int64) of shape (B, t), B prefixes of t tokens each, every one starting with
      start; it returns log_probs, an array of shape (B, V): log_probs[b, v] is the
      log-probability (finite, at most 0) of token v following prefix b. Use the values as
      given (a row need not sum to exactly 1 in probability).
    - start: The token every sequence starts with, an int. It is not generated and has no
      log-probability.
    - beam_width: How many candidates each step keeps, an int >= 1.
    - max_len: The most tokens generated after start (eos included), an int >= 1.
    - eos: The end-of-sequence token, an int.
    - length_penalty: alpha >= 0, the exponent of the length penalty lp below; 0 (the
      default) scores a sequence by the plain sum of its log-probabilities.

    Returns a tuple of:
    - tokens: The best sequence found, an int64 array of shape (n + 1,),
      (start, y_1, ..., y_n) with 1 <= n <= max_len: it ends with eos if eos was generated,
      else n = max_len.
    - score: Its score, a float (below).

    Formula: a sequence start, y_1, ..., y_n has the sum of log-probabilities
          s = log p(y_1 | start) + log p(y_2 | start, y_1) + ... + log p(y_n | start, ..., y_(n-1))
      and the score
          score = s / lp(n),    lp(n) = ((5 + n) / 6) ** length_penalty
      (GNMT's length penalty, Wu et al. 2016), where n counts the tokens after start, eos
      included. With length_penalty = 0, lp(n) = 1 and the score is s. Sums are at most 0,
      so a larger length_penalty favours longer sequences.

    Convention: the search starts from one live hypothesis, start alone, with sum 0, and
      runs steps t = 1, ..., max_len:
      1. It stops if no hypothesis is live, or if a hypothesis has ended and the best score
         of an ended hypothesis is >= s_live / lp(max_len), where s_live is the largest sum of a
         live one. A log-probability is at most 0, so no live hypothesis can then end with
         a higher score.
      2. It calls step_fn once, with every live hypothesis as a row, best first.
      3. Candidates: every live hypothesis b extended by every token v, with the sum
         s_b + log_probs[b, v]. It keeps the beam_width candidates with the largest sums (all
         have t tokens after start, so this is also the order of their scores); ties go to
         the earlier row b, then to the lower token v.
      4. A kept candidate that ends with eos has ended: it is never extended again. At
         t = max_len every kept candidate ends. The others are the live hypotheses of the
         next step, in the order in which they were kept.
      The result is the ended hypothesis with the highest score; a tie goes to the one that
      ended at the earlier step, then to the one kept first at that step. With beam_width 1
      this is greedy search: the best next token every time, the lower id on a tie.

    Note: step_fn is called once per step, with all live prefixes in one batch, as a
    network runs a batch; never once per hypothesis. In grading, step_fn is a function of
    the test on the other side of the sandbox, and every call is a round trip.

    Note: a wider beam usually finds a better sequence, and one as wide as the number of
    prefixes (V ** (max_len - 1)) finds the best of all, but a wider beam is not always
    better than a narrower one: a step keeps only the beam_width best prefixes, and the
    prefix of greedy's sequence may be pushed out of a beam of width 2.

    Hint: with the sums of all candidates in an array of shape (B, V), np.argsort of the
    negated, flattened sums with kind="stable" ranks them with ties in that order (row by
    row, token by token); np.argsort(sums)[::-1] would put ties the other way round.
    np.divmod(index, V) turns a flat index back into (row, token).
    """
    # TODO: Keep the live hypotheses (their tokens and sums) and the ended ones (tokens and
    #   scores), and run the steps of the convention; return the best ended hypothesis.
    lp = ((5 + np.arange(max_len + 1)) / 6) ** length_penalty  # lp[n], for n tokens
    live, sums = np.full((1, 1), start, dtype=np.int64), np.zeros(1)
    ended, scores = [], []  # in the order they ended: step by step, as kept
    for t in range(1, max_len + 1):
        if len(live) == 0 or (scores and max(scores) >= sums[0] / lp[max_len]):
            break
        log_probs = np.asarray(step_fn(live), dtype=np.float64)
        candidates = (sums[:, None] + log_probs).ravel()
        kept = np.argsort(-candidates, kind="stable")[:beam_width]
        rows, tokens = np.divmod(kept, log_probs.shape[1])
        grown = np.concatenate([live[rows], tokens[:, None]], axis=1)
        done = (tokens == eos) | (t == max_len)
        ended += list(grown[done])
        scores += list(candidates[kept][done] / lp[t])
        live, sums = grown[~done], candidates[kept][~done]
    best = scores.index(max(scores))  # the first of equal scores
    return ended[best], float(scores[best])
