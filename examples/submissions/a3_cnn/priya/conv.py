"""A convolutional layer, written with loops: the definition, to check faster code against.

Shapes follow PyTorch's: a batch of N images with C channels of height H and width W is
x of shape (N, C, H, W); F filters of height HH and width WW spanning the C channels are
w of shape (F, C, HH, WW), with one bias each, b of shape (F,). Every layer returns
(out, cache) and its backward pass takes (dout, cache), as in assignment 1.
"""

import numpy as np

from .sizes import conv_output_size


def zero_pad(x, pad):
    """x with pad zeros around each image."""
    return np.pad(x, pad, mode="constant", constant_values=0)


def conv_forward_naive(x, w, b, stride=1, pad=0):
    """Forward pass of a convolutional layer, with loops.

    Inputs:
    - x: Input images, of shape (N, C, H, W).
    - w: Filters, of shape (F, C, HH, WW); HH and WW may differ.
    - b: Biases, of shape (F,).
    - stride: The step between two windows, along both axes, an int >= 1.
    - pad: Zeros added on each side of the height and width axes (not the batch or channel
      axes), an int >= 0.

    Returns a tuple of:
    - out: Output, of shape (N, F, H', W'), with H' = conv_output_size(H, HH, stride, pad)
      and W' = conv_output_size(W, WW, stride, pad):
          x_pad = x with pad zeros on each side of H and W, shape (N, C, H + 2P, W + 2P)
          out[n, f, i, j] = sum over c, k, l of
                                x_pad[n, c, i * stride + k, j * stride + l] * w[f, c, k, l]
                            + b[f]
    - cache: Whatever conv_backward_naive needs, e.g. (x, w, b, stride, pad).

    Convention: this is cross-correlation, what every deep-learning library (torch's
    F.conv2d) calls a convolution: the filter is not flipped. (A convolution in the
    signal-processing sense flips it: w[f, c, HH-1-k, WW-1-l].) Windows that would stick
    out of the padded input are dropped, as conv_output_size's floor says.

    Hint: np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))) pads only H and W. Four
    loops, over n, f, i and j, each taking np.sum of one window times one filter: clear and
    slow, which is the point of this version (fast_conv.py is the other).
    """
    # TODO: Pad x on its H and W axes, then fill out[n, f, i, j] with the sum of the window
    #   at (i * stride, j * stride) times filter f, plus b[f].
    num_images, in_channels, height, width = x.shape
    num_filters, _, filter_height, filter_width = w.shape
    out_height = conv_output_size(height, filter_height, stride, pad)
    out_width = conv_output_size(width, filter_width, stride, pad)
    padded = zero_pad(x, pad)
    out = np.zeros((num_images, num_filters, out_height, out_width))
    for n in range(num_images):
        for f in range(num_filters):
            for i in range(out_height):
                for j in range(out_width):
                    top = i * stride
                    left = j * stride
                    total = b[f]
                    for c in range(in_channels):
                        window = padded[n, c, top : top + filter_height, left : left + filter_width]
                        total += np.sum(window * w[f, c])
                    out[n, f, i, j] = total
    cache = (x, w, b, stride, pad)
    return out, cache


def conv_backward_naive(dout, cache):
    """Backward pass of a convolutional layer, with loops.

    Inputs:
    - dout: Upstream gradient, of shape (N, F, H', W').
    - cache: The cache returned by conv_forward_naive.

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, C, H, W).
    - dw: Gradient with respect to w, of shape (F, C, HH, WW).
    - db: Gradient with respect to b, of shape (F,).

    Formulas, for each output position (n, f, i, j) and its window of x_pad:
          dw[f]    += dout[n, f, i, j] * x_pad[n, :, i*stride : i*stride+HH,
                                                  j*stride : j*stride+WW]
          dx_pad[n, :, i*stride : i*stride+HH, j*stride : j*stride+WW]
                   += dout[n, f, i, j] * w[f]
          db[f]    += dout[n, f, i, j]
      then dx = dx_pad without its padding.

    Convention: dw and db sum over the whole batch (every image used the same filters), and
    the windows in backward are those of forward: with the same stride.

    Hint: mirror your forward loops over n, f, i and j. Windows overlap when stride < HH, so
    accumulate (+=) into dx_pad; cut the padding off at the end with a slice.
    """
    # TODO: Loop over the output positions as in the forward pass, accumulate dx_pad, dw and
    #   db, and return dx without the padding.
    x, w, b, stride, pad = cache
    num_images, in_channels, height, width = x.shape
    num_filters, _, filter_height, filter_width = w.shape
    _, _, out_height, out_width = dout.shape
    padded = zero_pad(x, pad)
    dpadded = np.zeros_like(padded)
    dw = np.zeros_like(w)
    db = np.zeros_like(b)
    for n in range(num_images):
        for f in range(num_filters):
            for i in range(out_height):
                for j in range(out_width):
                    top = i * stride
                    left = j * stride
                    grad = dout[n, f, i, j]
                    db[f] += grad
                    for c in range(in_channels):
                        rows = slice(top, top + filter_height)
                        cols = slice(left, left + filter_width)
                        dw[f, c] += grad * padded[n, c, rows, cols]
                        dpadded[n, c, rows, cols] += grad * w[f, c]
    # remove the zeros added around each image
    dx = dpadded[
        pad : pad + num_images, pad : pad + in_channels, pad : pad + height, pad : pad + width
    ]
    return dx, dw, db
