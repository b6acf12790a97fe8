"""Sinusoidal positional encodings (Vaswani et al., "Attention Is All You Need", 2017).

Attention treats its inputs as a set: permute the keys and values together and the output
does not change. A Transformer adds a positional encoding to each token's embedding so that
the order counts. The sinusoidal one is fixed (nothing is learned): each pair of columns is a
sine and a cosine of the position, at a frequency that falls from 1 to 1/10000 across the
pairs, so that nearby positions get similar vectors and every position a distinct one.
"""

import numpy as np


def sinusoidal_positional_encoding(T, d_model):
    """The sinusoidal positional encodings of positions 0, ..., T - 1.

    Inputs:
    - T: The number of positions, an integer >= 1.
    - d_model: The width of an encoding, an integer >= 1 (odd allowed).

    Returns:
    - pe: A float64 array of shape (T, d_model), row t the encoding of position t.

    Formula, for t = 0, ..., T - 1 and every pair index i with 2i < d_model:
          pe[t, 2i]     = sin(t / 10000 ** (2i / d_model))
          pe[t, 2i + 1] = cos(t / 10000 ** (2i / d_model))      (when 2i + 1 < d_model)
      Columns 2i and 2i + 1 share one frequency; the exponent is 2i / d_model, the even
      column's index over the width. The even columns hold the sines, the odd ones the
      cosines; when d_model is odd, the last column is a sine.

    Example: row 0 is [0, 1, 0, 1, ...] (sin 0 and cos 0), and column 0 is sin(t).

    Hint: build the angles t / 10000 ** (2i / d_model) as an outer product of a column of
    positions (T, 1) and a row of frequencies, then fill pe[:, 0::2] and pe[:, 1::2]; with
    an odd d_model there is one more sine column than cosine columns.
    """
    # TODO: Compute the angle of every position and pair of columns, and put their sines
    #   in the even columns and their cosines in the odd ones.
    even = np.arange(0, d_model, 2)
    angles = np.arange(T)[:, None] / 10000.0 ** (even / d_model)
    pe = np.zeros((T, d_model))
    pe[:, 0::2], pe[:, 1::2] = np.sin(angles), np.cos(angles[:, : d_model // 2])
    return pe
