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
    n = x.shape[0]
    rows = np.reshape(x, (n, np.prod(x.shape[1:], dtype=int)))
    return np.dot(rows, w) + b[None, :], (x, w)


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
    x, w = cache
    n = x.shape[0]
    rows = np.reshape(x, (n, -1))
    grad_rows = np.dot(dout, np.transpose(w))
    return np.reshape(grad_rows, np.shape(x)), np.dot(np.transpose(rows), dout), np.sum(dout, 0)


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
    mask = x > 0
    return np.where(mask, x, 0.0), mask


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
    return np.where(cache, dout, 0.0)


def leaky_relu_forward(x, negative_slope=0.01):
    """Forward pass of a leaky ReLU, applied elementwise.

    Inputs:
    - x: A numpy array of any shape.
    - negative_slope: The slope a for negative inputs, a float (PyTorch's default, 0.01).

    Returns a tuple of:
    - out: An array of the same shape as x:
          out = x where x > 0, and a * x where x <= 0
    - cache: Whatever leaky_relu_backward needs, e.g. (x, negative_slope).

    Note: this is PyTorch's F.leaky_relu(x, negative_slope). Unlike ReLU, a negative input
    still passes a small gradient, so a unit cannot "die".

    Hint: np.where(x > 0, x, negative_slope * x).
    """
    mask = x > 0
    return np.where(mask, x, negative_slope * x), (mask, negative_slope)


def leaky_relu_backward(dout, cache):
    """Backward pass of a leaky ReLU.

    The derivative is 1 where x > 0 and a (the negative slope) where x < 0. At exactly
    x = 0 we use a, as PyTorch does.

    Inputs:
    - dout: Upstream gradient dL/dout, of any shape.
    - cache: The cache returned by leaky_relu_forward.

    Returns:
    - dx: Gradient with respect to x, of the same shape as x:
          dx = dout where x > 0, and a * dout where x <= 0

    Hint: the same np.where as in the forward pass, applied to dout.
    """
    mask, negative_slope = cache
    return np.where(mask, dout, negative_slope * dout)


def sigmoid_forward(x):
    """Forward pass of the logistic sigmoid, applied elementwise.

    Inputs:
    - x: A numpy array of any shape.

    Returns a tuple of:
    - out: An array of the same shape as x, every value in [0, 1]:
          out = sigma(x) = 1 / (1 + exp(-x))
    - cache: Whatever sigmoid_backward needs (the output is enough, see its docstring).

    Convention: it must be stable for |x| up to 1e3, with no overflow warning, no inf and no
    nan. For x = -1000, exp(-x) = exp(1000) overflows. Use the form whose exponent is never
    positive:
          sigma(x) = 1 / (1 + exp(-x))        where x >= 0
          sigma(x) = exp(x) / (1 + exp(x))    where x < 0
    This is PyTorch's torch.sigmoid.

    Hint: compute z = exp(-|x|) once (it is at most 1), then pick the formula per element
    with np.where.
    """
    z = np.exp(-np.abs(x))
    s = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    return s, s


def sigmoid_backward(dout, cache):
    """Backward pass of the logistic sigmoid.

    Inputs:
    - dout: Upstream gradient dL/dout, of any shape.
    - cache: The cache returned by sigmoid_forward.

    Returns:
    - dx: Gradient with respect to x, of the same shape as x:
          dx = dout * sigma(x) * (1 - sigma(x))

    Hint: the derivative is written with the forward pass's output alone, so no exp is
    needed here.
    """
    return dout * cache * (1.0 - cache)


def tanh_forward(x):
    """Forward pass of the hyperbolic tangent, applied elementwise.

    Inputs:
    - x: A numpy array of any shape.

    Returns a tuple of:
    - out: An array of the same shape as x, every value in [-1, 1]:
          out = tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))
    - cache: Whatever tanh_backward needs.

    Hint: np.tanh is stable for inputs of any size; writing the exponentials out yourself
    overflows for |x| > 710.
    """
    t = np.tanh(x)
    return t, t


def tanh_backward(dout, cache):
    """Backward pass of the hyperbolic tangent.

    Inputs:
    - dout: Upstream gradient dL/dout, of any shape.
    - cache: The cache returned by tanh_forward.

    Returns:
    - dx: Gradient with respect to x, of the same shape as x:
          dx = dout * (1 - tanh(x)**2)

    Hint: as for the sigmoid, the derivative needs only the forward pass's output.
    """
    return dout * (1.0 - cache**2)


def dropout_forward(x, p=0.5, training=True, seed=None):
    """Forward pass of inverted dropout.

    In training, every element of x is dropped (set to 0) with probability p, independently,
    and the survivors are scaled by 1 / (1 - p), so that the expected value of each output
    equals its input. At test time the layer does nothing. Because of the scaling during
    training, no rescaling is needed at test time (that is what "inverted" means).

    Inputs:
    - x: A numpy array of any shape.
    - p: The probability of DROPPING an element, 0 <= p <= 1 (PyTorch's convention: p = 0.5
      drops half; some textbooks write p for the probability of keeping instead).
    - training: True in training (drop and scale), False at test time (out = x).
    - seed: An int or None. Draw the random numbers from np.random.default_rng(seed), so the
      same seed gives the same mask (gradient checks need that).

    Returns a tuple of:
    - out: An array of the same shape as x:
          mask = (u >= p) / (1 - p),  u uniform in [0, 1) drawn with rng.random(x.shape)
          out = x * mask                  in training
          out = x                         at test time
      With p = 1 everything is dropped: out = 0 (and the mask is 0, not 0 / 0).
    - cache: Whatever dropout_backward needs: the mask (and the mode).

    Hint: keep the scaled mask in the cache. The backward pass must use exactly the mask of
    the forward pass, not draw a new one.
    """
    # TODO: In training, draw u = rng.random(x.shape) with rng = np.random.default_rng(seed),
    #   keep the elements where u >= p scaled by 1 / (1 - p); at test time return x
    #   unchanged. Cache the mask.
    raise NotImplementedError(
        "TODO in dropout_forward: In training, draw u = rng.random(x.shape) with rng = "
        "np.random.default_rng(seed), keep the elements where u >= p scaled by 1 / (1 "
        "- p); at test time return x unchanged. Cache the mask."
    )


def dropout_backward(dout, cache):
    """Backward pass of inverted dropout.

    Inputs:
    - dout: Upstream gradient dL/dout, of the shape of x.
    - cache: The cache returned by dropout_forward.

    Returns:
    - dx: Gradient with respect to x, of the same shape as x:
          dx = dout * mask            in training (the forward pass's scaled mask)
          dx = dout                   at test time

    Hint: a dropped element did not contribute to the output, so it gets no gradient; a kept
    one was multiplied by 1 / (1 - p), and so is its gradient.
    """
    # TODO: Multiply dout by the forward pass's mask in training; pass it through at test
    #   time.
    raise NotImplementedError(
        "TODO in dropout_backward: Multiply dout by the forward pass's mask in "
        "training; pass it through at test time."
    )
