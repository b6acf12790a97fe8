"""Sinusoidal positional encodings (Vaswani et al., "Attention Is All You Need", 2017).

Attention treats its inputs as a set: permute the keys and values together and the output
does not change. A Transformer adds a positional encoding to each token's embedding so that
the order counts. The sinusoidal one is fixed (nothing is learned): each pair of columns is a
sine and a cosine of the position, at a frequency that falls from 1 to 1/10000 across the
pairs, so that nearby positions get similar vectors and every position a distinct one.
"""

import numpy as np


def sinusoidal_positional_encoding(T, d_model):
    """Entry by entry with math.sin and math.cos, the pair's exponent from the column's index
    rounded down to even."""
    import math

    pe = np.empty((T, d_model))
    for t in range(T):
        for j in range(d_model):
            angle = t / 10000.0 ** ((j - j % 2) / d_model)
            pe[t, j] = math.sin(angle) if j % 2 == 0 else math.cos(angle)
    return pe
