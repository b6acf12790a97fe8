"""Assignment 1: backpropagation from scratch, in NumPy.

You will implement the forward and backward passes of the building blocks of a neural
network (affine layers, activations, dropout, batch and layer normalization), its losses and
weight penalties, the numeric gradient checker you will use to verify every backward pass you
write, and a fully connected network of any depth assembled from them, trained on spirals.

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

Modules, in the order to write them:
    gradient_check.py  eval_numerical_gradient, eval_numerical_gradient_array, rel_error
    layers.py          affine, relu, leaky_relu, sigmoid, tanh and dropout, forward/backward
    losses.py          softmax_loss, binary_cross_entropy_with_logits, mse_loss
    regularization.py  l2_penalty, l1_penalty, logistic_regression_loss
    normalization.py   batchnorm and layernorm, forward/backward
    fc_net.py          FullyConnectedNet
Given (nothing to write): data.py (make_spirals) and training.py (train_classifier,
accuracy).
"""

from .data import make_spirals
from .fc_net import FullyConnectedNet
from .gradient_check import eval_numerical_gradient, eval_numerical_gradient_array, rel_error
from .layers import (
    affine_backward,
    affine_forward,
    dropout_backward,
    dropout_forward,
    leaky_relu_backward,
    leaky_relu_forward,
    relu_backward,
    relu_forward,
    sigmoid_backward,
    sigmoid_forward,
    tanh_backward,
    tanh_forward,
)
from .losses import binary_cross_entropy_with_logits, mse_loss, softmax_loss
from .normalization import (
    batchnorm_backward,
    batchnorm_forward,
    layernorm_backward,
    layernorm_forward,
)
from .regularization import l1_penalty, l2_penalty, logistic_regression_loss
from .training import accuracy, train_classifier

__all__ = [
    "FullyConnectedNet",
    "accuracy",
    "affine_backward",
    "affine_forward",
    "batchnorm_backward",
    "batchnorm_forward",
    "binary_cross_entropy_with_logits",
    "dropout_backward",
    "dropout_forward",
    "eval_numerical_gradient",
    "eval_numerical_gradient_array",
    "l1_penalty",
    "l2_penalty",
    "layernorm_backward",
    "layernorm_forward",
    "leaky_relu_backward",
    "leaky_relu_forward",
    "logistic_regression_loss",
    "make_spirals",
    "mse_loss",
    "rel_error",
    "relu_backward",
    "relu_forward",
    "sigmoid_backward",
    "sigmoid_forward",
    "softmax_loss",
    "tanh_backward",
    "tanh_forward",
    "train_classifier",
]
