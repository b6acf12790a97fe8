"""Assignment 3: convolutional networks, in NumPy.

You will count what a convolutional layer costs, write its forward and backward passes
twice (with loops, as the definition, then vectorized, to be fast), pooling, a residual
block, and a small convolutional network that learns to tell bars from crosses.

Shapes follow PyTorch's: images x of shape (N, C, H, W), filters w of shape
(F, C, HH, WW), biases b of shape (F,). Every layer follows assignment 1's pattern:

    out, cache = X_forward(inputs...)
    grads = X_backward(dout, cache)

Arrays are NumPy float64. "Convolution" means what torch's F.conv2d computes:
cross-correlation, the filter not flipped.

Modules, in the order to write them:
    sizes.py      conv_output_size, conv_param_count, conv_mult_count
    conv.py       conv_forward_naive, conv_backward_naive
    pooling.py    max_pool_forward/backward, avg_pool_forward/backward
    fast_conv.py  conv_forward_fast, conv_backward_fast
    residual.py   residual_block_forward, residual_block_backward
    cnn.py        ConvNet
Given (nothing to write): layers.py (relu, affine, softmax_loss from a1), data.py
(make_bars) and training.py (train_classifier, accuracy).
"""

from .cnn import ConvNet
from .conv import conv_backward_naive, conv_forward_naive
from .data import CLASSES, make_bars
from .fast_conv import conv_backward_fast, conv_forward_fast
from .layers import affine_backward, affine_forward, relu_backward, relu_forward, softmax_loss
from .pooling import avg_pool_backward, avg_pool_forward, max_pool_backward, max_pool_forward
from .residual import residual_block_backward, residual_block_forward
from .sizes import conv_mult_count, conv_output_size, conv_param_count
from .training import accuracy, train_classifier

__all__ = [
    "CLASSES",
    "ConvNet",
    "accuracy",
    "affine_backward",
    "affine_forward",
    "avg_pool_backward",
    "avg_pool_forward",
    "conv_backward_fast",
    "conv_backward_naive",
    "conv_forward_fast",
    "conv_forward_naive",
    "conv_mult_count",
    "conv_output_size",
    "conv_param_count",
    "make_bars",
    "max_pool_backward",
    "max_pool_forward",
    "relu_backward",
    "relu_forward",
    "residual_block_backward",
    "residual_block_forward",
    "softmax_loss",
    "train_classifier",
]
