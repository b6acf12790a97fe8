"""Assignment 1: backpropagation from scratch, in NumPy.

You will implement the forward and backward passes of the basic building blocks of a neural
network, the softmax cross-entropy loss, and the numeric gradient checker you will use to
verify every backward pass you write.

Every layer follows one pattern:

    out, cache = X_forward(inputs...)     # compute the output, remember what backward needs
    grads = X_backward(dout, cache)       # dout = dL/dout, the gradient of the loss with
                                          # respect to out; returns dL/d(each input)

The cache is yours: store whatever you like in it (usually the inputs), nobody else looks
inside. Because every layer has the same shape, layers chain: the backward pass of a network
is the backward passes of its layers called in reverse order, each one's output gradient
feeding the previous one's dout.

Arrays are NumPy float64. Where textbooks disagree on a convention, we follow PyTorch and say
so in the docstring (for example: the loss is averaged over the batch, not summed).

Modules:
    layers.py          affine_forward/backward, relu_forward/backward
    losses.py          softmax_loss
    gradient_check.py  eval_numerical_gradient, eval_numerical_gradient_array, rel_error
"""

from .gradient_check import eval_numerical_gradient, eval_numerical_gradient_array, rel_error
from .layers import affine_backward, affine_forward, relu_backward, relu_forward
from .losses import softmax_loss

__all__ = [
    "affine_backward",
    "affine_forward",
    "eval_numerical_gradient",
    "eval_numerical_gradient_array",
    "rel_error",
    "relu_backward",
    "relu_forward",
    "softmax_loss",
]
