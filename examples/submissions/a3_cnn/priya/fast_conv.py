"""A vectorized convolutional layer: the same function as conv.py's, much faster.

The loops of conv_forward_naive run in Python, once per output position (or per image,
filter and position). Here every window is gathered at once into one array (im2col, or a
view of x with stride tricks), and the layer becomes one large matrix product that NumPy
runs in compiled code. Inputs, outputs and conventions are exactly conv.py's.
"""

import numpy as np

from .sizes import conv_output_size


def strided_windows(x_padded, filter_height, filter_width, stride):
    """Every filter_height x filter_width window of x_padded, every stride entries:
    a view of shape (N, C, H', W', filter_height, filter_width)."""
    windows = np.lib.stride_tricks.sliding_window_view(
        x_padded, (filter_height, filter_width), axis=(2, 3)
    )
    return windows[:, :, ::stride, ::stride]


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
    num_filters, _, filter_height, filter_width = w.shape
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = strided_windows(padded, filter_height, filter_width, stride)
    out = np.einsum("ncijkl,fckl->nfij", windows, w) + b.reshape(1, -1, 1, 1)
    cache = (padded, w, stride, pad)
    return out, cache


def conv_backward_fast(dout, cache):
    """Backward pass of a convolutional layer, without loops over images, filters or
    positions.

    Inputs, outputs and formulas: as conv_backward_naive (dx (N, C, H, W),
    dw (F, C, HH, WW), db (F,)), equal to its results to round-off.

    Hint: dw is one tensordot of dout with the forward pass's windows over the axes n, i
    and j (cache the padded input and take the view again: a view costs nothing; copy it
    with np.ascontiguousarray before the tensordot, which is slow on overlapping strides).
    For dx,
    the product of dout with w gives each window's gradient, of shape
    (N, H', W', C, HH, WW); add them back into dx_pad with one loop over the HH * WW kernel
    offsets (k, l), each a strided slice dx_pad[:, :, k : k + stride * H' : stride,
    l : l + stride * W' : stride] (col2im).
    """
    # TODO: Compute db and dw with sums and one tensordot over the forward windows; spread
    #   the windows' gradients back into the padded input with one loop over the kernel
    #   offsets, and cut the padding off.
    padded, w, stride, pad = cache
    num_images = padded.shape[0]
    num_filters, _, filter_height, filter_width = w.shape
    _, _, out_height, out_width = dout.shape
    windows = strided_windows(padded, filter_height, filter_width, stride)
    db = dout.sum(axis=(0, 2, 3))
    # one dw per image, then the mean over the batch (as the loss is a mean)
    dw_per_image = np.einsum("nfij,ncijkl->nfckl", dout, windows)
    dw = dw_per_image.mean(axis=0)
    dwindows = np.einsum("nfij,fckl->ncijkl", dout, w)
    dpadded = np.zeros_like(padded)
    for k in range(filter_height):
        for l in range(filter_width):
            rows = slice(k, k + stride * out_height, stride)
            cols = slice(l, l + stride * out_width, stride)
            dpadded[:, :, rows, cols] += dwindows[:, :, :, :, k, l]
    height, width = padded.shape[2] - 2 * pad, padded.shape[3] - 2 * pad
    dx = dpadded[:, :, pad : pad + height, pad : pad + width]
    return dx, dw, db
