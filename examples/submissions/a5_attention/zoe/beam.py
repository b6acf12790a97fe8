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
    """A loop over the beam, hypotheses as (tokens, sum) tuples, the kept candidates chosen
    with heapq.nlargest (stable: equal sums keep the order in which they were made, row by
    row, token by token), and the ended ones sorted at the end, shorter first."""
    import heapq

    live = [((start,), 0.0)]
    ended = []  # (tokens, score), in the order they ended
    for t in range(1, max_len + 1):
        if not live:
            break
        if ended:
            bound = live[0][1] / ((5 + max_len) / 6) ** length_penalty
            if max(score for _, score in ended) >= bound:
                break
        log_probs = step_fn(np.array([tokens for tokens, _ in live], dtype=np.int64))
        candidates = []
        for (tokens, total), row in zip(live, log_probs, strict=True):
            for token, value in enumerate(row):
                candidates.append(((*tokens, token), total + float(value)))
        kept = heapq.nlargest(beam_width, candidates, key=lambda c: c[1])
        live = []
        for tokens, total in kept:
            if tokens[-1] == eos or t == max_len:
                ended.append((tokens, total / ((5 + t) / 6) ** length_penalty))
            else:
                live.append((tokens, total))
    tokens, score = sorted(ended, key=lambda e: (-e[1], len(e[0])))[0]
    return np.array(tokens, dtype=np.int64), float(score)
