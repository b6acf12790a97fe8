"""Layers: each a forward pass that returns (out, cache) and a backward pass that takes
(dout, cache) and returns the gradients of the loss with respect to the layer's inputs.

Shapes use N for the batch size. `dout` always has the shape of the forward pass's `out`,
and each returned gradient has the shape of the input it belongs to.
"""

import numpy as np


def affine_forward(x, w, b):
    """Forward pass of an affine (fully connected) layer.

    Each example of the batch may have any shape (d1, ..., dk); it is flattened into a row
    of length D = d1 * ... * dk (in C order, as x.reshape(N, D) does) before the product.
    For example, a batch of 2 images of shape (3, 4, 4) is treated as a (2, 48) matrix.

    Inputs:
    - x: A numpy array of shape (N, d1, ..., dk), a batch of N examples.
    - w: A numpy array of weights of shape (D, M), where D = d1 * ... * dk.
    - b: A numpy array of biases of shape (M,).

    Returns a tuple of:
    - out: The output, of shape (N, M):
          x_flat = x reshaped to (N, D)
          out = x_flat @ w + b          (b is added to every row)
    - cache: Whatever affine_backward needs, e.g. the tuple (x, w, b).

    Note: this is PyTorch's F.linear(x_flat, w.T, b); the weight here is stored as (D, M),
    the transpose of torch's (M, D) layout.

    Hint: x.reshape(x.shape[0], -1) flattens every example at once; NumPy broadcasting adds
    b to every row. No loops are needed.
    """
    # TODO: Flatten each example of x into a row of length D, compute out = x_flat @ w + b,
    #   and store in cache what affine_backward needs.
    # BEGIN SOLUTION
    x_flat = x.reshape(x.shape[0], -1)
    out = x_flat @ w + b
    cache = (x, w, b)
    return out, cache
    # END SOLUTION


def affine_backward(dout, cache):
    """Backward pass of an affine (fully connected) layer.

    Inputs:
    - dout: Upstream gradient dL/dout, of shape (N, M).
    - cache: The cache returned by affine_forward.

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, d1, ..., dk), the shape of x:
          dx = dout @ w.T, reshaped from (N, D) back to x.shape
    - dw: Gradient with respect to w, of shape (D, M):
          dw = x_flat.T @ dout          (summed over the batch by the product)
    - db: Gradient with respect to b, of shape (M,):
          db = sum of dout over the batch axis (axis 0)

    Hint: check shapes. dw must be (D, M) and db (M,); the only way to get them from an
    (N, D) x_flat and an (N, M) dout is to sum over N. Remember to flatten x as in the
    forward pass, and to give dx the original shape of x.
    """
    # TODO: Unpack the cache and compute dx (reshaped to x.shape), dw = x_flat.T @ dout and
    #   db = dout summed over the batch axis.
    # BEGIN SOLUTION
    x, w, _ = cache
    x_flat = x.reshape(x.shape[0], -1)
    dx = (dout @ w.T).reshape(x.shape)
    dw = x_flat.T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db
    # END SOLUTION


def relu_forward(x):
    """Forward pass of a rectified linear unit (ReLU), applied elementwise.

    Inputs:
    - x: A numpy array of any shape.

    Returns a tuple of:
    - out: An array of the same shape as x:
          out = max(0, x)               (elementwise)
    - cache: Whatever relu_backward needs, e.g. x itself.

    Hint: np.maximum(0, x) works on whole arrays.
    """
    # TODO: Compute out = max(0, x) elementwise and keep x in the cache.
    # BEGIN SOLUTION
    out = np.maximum(0, x)
    cache = x
    return out, cache
    # END SOLUTION


def relu_backward(dout, cache):
    """Backward pass of a rectified linear unit (ReLU).

    The derivative of max(0, x) is 1 where x > 0 and 0 where x < 0. At exactly x = 0 it is
    undefined; we use 0 there, as PyTorch does.

    Inputs:
    - dout: Upstream gradient dL/dout, of any shape.
    - cache: The cache returned by relu_forward (the input x, same shape as dout).

    Returns:
    - dx: Gradient with respect to x, of the same shape as x:
          dx = dout where x > 0, and 0 where x <= 0

    Hint: the gradient flows through only where the input was positive. A boolean mask
    (x > 0) multiplied with dout does it in one line.
    """
    # TODO: Let dout through where x > 0 and put 0 everywhere else (including x == 0).
    # BEGIN SOLUTION
    x = cache
    dx = dout * (x > 0)
    return dx
    # END SOLUTION
