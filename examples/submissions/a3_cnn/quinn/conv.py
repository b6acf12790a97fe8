"""A convolutional layer, written with loops: the definition, to check faster code against.

Shapes follow PyTorch's: a batch of N images with C channels of height H and width W is
x of shape (N, C, H, W); F filters of height HH and width WW spanning the C channels are
w of shape (F, C, HH, WW), with one bias each, b of shape (F,). Every layer returns
(out, cache) and its backward pass takes (dout, cache), as in assignment 1.
"""

import numpy as np

from .sizes import conv_output_size


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
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    Hp = conv_output_size(H, HH, stride, pad)
    Wp = conv_output_size(W, WW, stride, pad)
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((N, F, Hp, Wp))
    for n in range(N):
        for f in range(F):
            for i in range(Hp):
                for j in range(Wp):
                    r, c = i * stride, j * stride
                    out[n, f, i, j] = np.sum(xp[n, :, r : r + HH, c : c + WW] * w[f]) + b[f]
    return out, (x, w, b, stride, pad)


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
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    _, _, Hp, Wp = dout.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    db = np.zeros_like(b)
    for n in range(N):
        for f in range(F):
            for i in range(Hp):
                for j in range(Wp):
                    db[f] += dout[n, f, i, j]
                    dw[f] += dout[n, f, i, j] * xp[n, :, i : i + HH, j : j + WW]
                    dxp[n, :, i : i + HH, j : j + WW] += dout[n, f, i, j] * w[f]
    dx = dxp[:, :, pad : pad + H, pad : pad + W]
    return dx, dw, db
