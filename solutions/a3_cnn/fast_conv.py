"""A vectorized convolutional layer: the same function as conv.py's, much faster.

The loops of conv_forward_naive run in Python, once per output position (or per image,
filter and position). Here every window is gathered at once into one array (im2col, or a
view of x with stride tricks), and the layer becomes one large matrix product that NumPy
runs in compiled code. Inputs, outputs and conventions are exactly conv.py's.
"""

import numpy as np

from .sizes import conv_output_size


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
    # BEGIN SOLUTION
    _, _, H, W = x.shape
    _, _, HH, WW = w.shape
    out_h = conv_output_size(H, HH, stride, pad)
    out_w = conv_output_size(W, WW, stride, pad)
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = np.lib.stride_tricks.sliding_window_view(x_pad, (HH, WW), axis=(2, 3))
    windows = windows[:, :, : out_h * stride : stride, : out_w * stride : stride]
    out = np.tensordot(windows, w, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2)
    return out + b[None, :, None, None], (x_pad, w, stride, pad)
    # END SOLUTION


def conv_backward_fast(dout, cache):
    """Backward pass of a convolutional layer, without loops over images, filters or
    positions.

    Inputs, outputs and formulas: as conv_backward_naive (dx (N, C, H, W),
    dw (F, C, HH, WW), db (F,)), equal to its results to round-off.

    Hint: dw is one tensordot of dout with the forward pass's windows over the axes n, i
    and j (cache the padded input and take the view again: a view costs nothing; copy it
    with np.ascontiguousarray before the tensordot, which is slow on overlapping strides).
    For dx, the product of dout with w gives each window's gradient, of shape
    (N, H', W', C, HH, WW); add them back into dx_pad with one loop over the HH * WW kernel
    offsets (k, l), each a strided slice dx_pad[:, :, k : k + stride * H' : stride,
    l : l + stride * W' : stride] (col2im).
    """
    # TODO: Compute db and dw with sums and one tensordot over the forward windows; spread
    #   the windows' gradients back into the padded input with one loop over the kernel
    #   offsets, and cut the padding off.
    # BEGIN SOLUTION
    x_pad, w, stride, pad = cache
    _, _, HH, WW = w.shape
    _, _, out_h, out_w = dout.shape
    windows = np.lib.stride_tricks.sliding_window_view(x_pad, (HH, WW), axis=(2, 3))
    windows = np.ascontiguousarray(
        windows[:, :, : out_h * stride : stride, : out_w * stride : stride]
    )
    db = dout.sum(axis=(0, 2, 3))
    dw = np.tensordot(dout, windows, axes=([0, 2, 3], [0, 2, 3]))
    dwindows = np.tensordot(dout, w, axes=([1], [0]))
    dx_pad = np.zeros_like(x_pad)
    for k in range(HH):
        for m in range(WW):
            rows = slice(k, k + stride * out_h, stride)
            cols = slice(m, m + stride * out_w, stride)
            dx_pad[:, :, rows, cols] += dwindows[:, :, :, :, k, m].transpose(0, 3, 1, 2)
    dx = dx_pad[:, :, pad : dx_pad.shape[2] - pad, pad : dx_pad.shape[3] - pad]
    return dx, dw, db
    # END SOLUTION
