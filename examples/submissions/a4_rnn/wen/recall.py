"""A delayed-recall task the assignment generates itself (given: nothing to write here).

Each sequence shows one of a few symbols, then a stretch of distractor tokens, then a query
token; at the query, the network must name the symbol it saw first. Nothing in between
helps: to answer, the network has to carry the symbol across the whole delay, which is
exactly what a plain RNN's vanishing gradient keeps it from learning.
"""

import numpy as np


def recall_vocabulary(num_symbols=4, num_distractors=8):
    """The vocabulary size of make_recall's sequences: the symbols, the distractors and the
    query token, num_symbols + num_distractors + 1."""
    return num_symbols + num_distractors + 1


def make_recall(n, delay=40, num_symbols=4, num_distractors=8, seed=0):
    """Sequences of tokens whose label is their first token.

    A sequence has delay + 2 tokens, integers in [0, V) with V = recall_vocabulary(
    num_symbols, num_distractors):
        position 0:              the symbol, uniform in [0, num_symbols): the label
        positions 1 .. delay:    distractors, uniform in [num_symbols, V - 1), independent
        position delay + 1:      the query token, V - 1
    A classifier that never looks back guesses right 1 / num_symbols of the time (chance).

    Inputs:
    - n: The number of sequences, an int >= 1.
    - delay: The number of distractors between the symbol and the query, an int >= 0.
    - num_symbols: The number of classes, an int >= 2.
    - num_distractors: The number of distractor tokens, an int >= 1.
    - seed: Seed of np.random.default_rng: the same seed gives the same sequences.

    Returns a tuple of:
    - tokens: Integer array of shape (n, delay + 2).
    - labels: Integer array of shape (n,), in [0, num_symbols): tokens[:, 0].
    """
    rng = np.random.default_rng(seed)
    query = recall_vocabulary(num_symbols, num_distractors) - 1
    labels = rng.integers(0, num_symbols, size=n)
    distractors = rng.integers(num_symbols, query, size=(n, delay))
    tokens = np.concatenate([labels[:, None], distractors, np.full((n, 1), query)], axis=1)
    return tokens, labels
