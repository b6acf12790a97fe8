"""A vectorized convolutional layer: the same function as conv.py's, much faster.

The loops of conv_forward_naive run in Python, once per output position (or per image,
filter and position). Here every window is gathered at once into one array (im2col, or a
view of x with stride tricks), and the layer becomes one large matrix product that NumPy
runs in compiled code. Inputs, outputs and conventions are exactly conv.py's.
"""

import numpy as np

from .sizes import conv_output_size


def _im2col_indices(C, H, W, HH, WW, stride, pad):
    """Index arrays (channel, row, col) into the padded input: entry [r, p] of the im2col
    matrix is x_pad[n, channel[r], row[r, p], col[r, p]], for each row r = (c, k, l) of a
    filter and each output position p = (i, j)."""
    Hout = conv_output_size(H, HH, stride, pad)
    Wout = conv_output_size(W, WW, stride, pad)
    k = np.tile(np.repeat(np.arange(HH), WW), C)
    l = np.tile(np.arange(WW), HH * C)
    channel = np.repeat(np.arange(C), HH * WW)
    i = stride * np.repeat(np.arange(Hout), Wout)
    j = stride * np.tile(np.arange(Wout), Hout)
    row = k[:, None] + i[None, :]
    col = l[:, None] + j[None, :]
    return channel[:, None], row, col, Hout, Wout


def conv_forward_fast(x, w, b, stride=1, pad=0):
    """Forward pass of a convolutional layer, without loops over images, filters or
    positions.

    Inputs, outputs and formula: as conv_forward_naive (x (N, C, H, W), w (F, C, HH, WW),
    b (F,), out (N, F, H', W')); out must equal conv_forward_naive's to round-off.

    Convention: a loop over the HH * WW offsets of a filter is fine (it does not grow with
    the image); loops over N, F or the output positions are what this function removes.

    Hint: np.lib.stride_tricks.sliding_window_view(x_pad, (HH, WW), axis=(2, 3)) is a view of
    every HH x WW window, of shape (N, C, H + 2P - HH + 1, W + 2P - WW + 1, HH, WW), made
    without copying; keep every stride-th window along both axes with slicing. Then one
    np.tensordot (or np.einsum) over the axes c, k, l with w gives every output. Or build the
    im2col matrix of shape (C * HH * WW, N * H' * W') yourself and multiply it by
    w.reshape(F, -1).
    """
    # TODO: Gather every window of the padded input at once and contract it with w over the
    #   channel and kernel axes; add b and return out in the shape (N, F, H', W').
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")
    channel, row, col, Hout, Wout = _im2col_indices(C, H, W, HH, WW, stride, pad)
    patches = xp[:, channel, row, col]  # (N, C*HH*WW, Hout*Wout)
    # im2col: one column per (position, image), one row per filter weight
    X_col = patches.transpose(1, 2, 0).reshape(C * HH * WW, -1)
    out = w.reshape(F, -1) @ X_col + b[:, None]
    out = out.reshape(F, Hout, Wout, N).transpose(3, 0, 1, 2)
    cache = (x.shape, w, X_col, stride, pad)
    return out, cache


def conv_backward_fast(dout, cache):
    """Backward pass of a convolutional layer, without loops over images, filters or
    positions.

    Inputs, outputs and formulas: as conv_backward_naive (dx (N, C, H, W),
    dw (F, C, HH, WW), db (F,)), equal to its results to round-off.

    Hint: dw is one tensordot of dout with the forward pass's windows over the axes n, i
    and j (cache the padded input and take the view again: a view costs nothing). For dx,
    the product of dout with w gives each window's gradient, of shape
    (N, H', W', C, HH, WW); add them back into dx_pad with one loop over the HH * WW kernel
    offsets (k, l), each a strided slice dx_pad[:, :, k : k + stride * H' : stride,
    l : l + stride * W' : stride] (col2im).
    """
    # TODO: Compute db and dw with sums and one tensordot over the forward windows; spread
    #   the windows' gradients back into the padded input with one loop over the kernel
    #   offsets, and cut the padding off.
    x_shape, w, X_col, stride, pad = cache
    N, C, H, W = x_shape
    F, _, HH, WW = w.shape
    db = np.sum(dout, axis=(0, 2, 3))
    # same column order as X_col: (position, image)
    dout_mat = dout.transpose(1, 2, 3, 0).reshape(F, -1)
    dw = np.einsum("fp,rp->fr", dout_mat, X_col).reshape(w.shape)
    dX_col = w.reshape(F, -1).T @ dout_mat
    channel, row, col, Hout, Wout = _im2col_indices(C, H, W, HH, WW, stride, pad)
    dpatches = dX_col.reshape(C * HH * WW, Hout * Wout, N).transpose(2, 0, 1)
    # col2im: overlapping windows hit the same pixel, so add.at instead of +=
    dxp = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    np.add.at(dxp, (slice(None), channel, row, col), dpatches)
    dx = dxp[:, :, pad : pad + H, pad : pad + W]
    return dx, dw, db
