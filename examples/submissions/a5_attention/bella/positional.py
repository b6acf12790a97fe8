"""Sinusoidal positional encodings (Vaswani et al., "Attention Is All You Need", 2017).

Attention treats its inputs as a set: permute the keys and values together and the output
does not change. A Transformer adds a positional encoding to each token's embedding so that
the order counts. The sinusoidal one is fixed (nothing is learned): each pair of columns is a
sine and a cosine of the position, at a frequency that falls from 1 to 1/10000 across the
pairs, so that nearby positions get similar vectors and every position a distinct one.
"""

import numpy as np


def sinusoidal_positional_encoding(T, d_model):
    """Angles t / 10000^(2i/d): sines in the even columns, cosines in the odd ones."""
    pe = np.zeros((T, d_model))
    positions = np.arange(T)[:, None]
    even = np.arange(0, d_model, 2)
    angles = positions / np.power(10000.0, even / d_model)
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : d_model // 2])
    return pe
