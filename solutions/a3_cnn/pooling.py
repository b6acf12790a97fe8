"""Max and average pooling over windows of each channel.

x has the shape (N, C, H, W) of conv.py; pooling works on every channel of every image on
its own, so the output has the same N and C. A window of pool_height x pool_width moves by
stride along H and W (no padding); the output size is conv_output_size's, with the floor.
"""

import numpy as np

from .sizes import conv_output_size


def max_pool_forward(x, pool_height=2, pool_width=2, stride=2):
    """Forward pass of max pooling (F.max_pool2d without padding).

    Inputs:
    - x: Input, of shape (N, C, H, W).
    - pool_height, pool_width: The window's size.
    - stride: The step between two windows, along both axes.

    Returns a tuple of:
    - out: Output, of shape (N, C, H', W'), H' = conv_output_size(H, pool_height, stride)
      and W' = conv_output_size(W, pool_width, stride):
          out[n, c, i, j] = max of x[n, c, i*stride : i*stride+pool_height,
                                           j*stride : j*stride+pool_width]
    - cache: Whatever max_pool_backward needs.

    Hint: loop over the output positions (i, j); np.max over axes (2, 3) of a window pools
    every image and channel at once.
    """
    # TODO: Take the max of each window of each channel, and keep what the backward pass
    #   needs in cache.
    # BEGIN SOLUTION
    N, C, H, W = x.shape
    out_h = conv_output_size(H, pool_height, stride)
    out_w = conv_output_size(W, pool_width, stride)
    out = np.zeros((N, C, out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            window = x[
                :, :, i * stride : i * stride + pool_height, j * stride : j * stride + pool_width
            ]
            out[:, :, i, j] = window.max(axis=(2, 3))
    return out, (x, pool_height, pool_width, stride)
    # END SOLUTION


def max_pool_backward(dout, cache):
    """Backward pass of max pooling.

    Inputs:
    - dout: Upstream gradient, of shape (N, C, H', W').
    - cache: The cache returned by max_pool_forward.

    Returns:
    - dx: Gradient with respect to x, of shape (N, C, H, W): each dout[n, c, i, j] goes to
      the one entry of its window that was the max; every other entry of the window gets
      nothing from it. Overlapping windows (stride < pool size) add up.

    Convention: when a window's max occurs more than once, the gradient goes to the first
    of them in row-major order (what np.argmax returns), as torch does. Ties are common:
    after a ReLU, a window of negative entries is a window of zeros (the hidden tests pool
    such inputs too).

    Hint: np.argmax of a window reshaped to (N, C, pool_height * pool_width), then
    np.unravel_index; or a mask window == max, keeping only its first True.
    """
    # TODO: Send each dout[n, c, i, j] to the argmax of its window (the first one on ties),
    #   adding up over overlapping windows.
    # BEGIN SOLUTION
    x, pool_height, pool_width, stride = cache
    N, C, _, _ = x.shape
    _, _, out_h, out_w = dout.shape
    dx = np.zeros_like(x)
    n_index, c_index = np.meshgrid(np.arange(N), np.arange(C), indexing="ij")
    for i in range(out_h):
        for j in range(out_w):
            window = x[
                :, :, i * stride : i * stride + pool_height, j * stride : j * stride + pool_width
            ]
            first = window.reshape(N, C, -1).argmax(axis=2)
            rows, cols = np.unravel_index(first, (pool_height, pool_width))
            dx[n_index, c_index, i * stride + rows, j * stride + cols] += dout[:, :, i, j]
    return dx
    # END SOLUTION


def avg_pool_forward(x, pool_height=2, pool_width=2, stride=2):
    """Forward pass of average pooling (F.avg_pool2d without padding).

    Inputs and shapes as in max_pool_forward.

    Returns a tuple of:
    - out: Output, of shape (N, C, H', W'):
          out[n, c, i, j] = mean of x[n, c, i*stride : i*stride+pool_height,
                                            j*stride : j*stride+pool_width]
    - cache: Whatever avg_pool_backward needs.

    Hint: as max_pool_forward, with np.mean.
    """
    # TODO: Average each window of each channel, and keep what the backward pass needs.
    # BEGIN SOLUTION
    N, C, H, W = x.shape
    out_h = conv_output_size(H, pool_height, stride)
    out_w = conv_output_size(W, pool_width, stride)
    out = np.zeros((N, C, out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            window = x[
                :, :, i * stride : i * stride + pool_height, j * stride : j * stride + pool_width
            ]
            out[:, :, i, j] = window.mean(axis=(2, 3))
    return out, (x.shape, pool_height, pool_width, stride)
    # END SOLUTION


def avg_pool_backward(dout, cache):
    """Backward pass of average pooling.

    Inputs:
    - dout: Upstream gradient, of shape (N, C, H', W').
    - cache: The cache returned by avg_pool_forward.

    Returns:
    - dx: Gradient with respect to x, of shape (N, C, H, W): each dout[n, c, i, j] is
      shared equally by the pool_height * pool_width entries of its window,
          dx[window] += dout[n, c, i, j] / (pool_height * pool_width)
      adding up over overlapping windows; entries no window covers get 0.

    Hint: broadcasting dout[:, :, i, j][:, :, None, None] over a window.
    """
    # TODO: Spread each dout[n, c, i, j] evenly over its window, adding up over overlapping
    #   windows.
    # BEGIN SOLUTION
    shape, pool_height, pool_width, stride = cache
    _, _, out_h, out_w = dout.shape
    dx = np.zeros(shape)
    share = dout / (pool_height * pool_width)
    for i in range(out_h):
        for j in range(out_w):
            rows = slice(i * stride, i * stride + pool_height)
            cols = slice(j * stride, j * stride + pool_width)
            dx[:, :, rows, cols] += share[:, :, i, j][:, :, None, None]
    return dx
    # END SOLUTION
