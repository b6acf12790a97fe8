"""A small convolutional network for image classification.

The architecture:

    conv (F filters of K x K, stride 1, pad (K - 1) // 2) - relu - 2x2 max pool (stride 2)
        - affine (hidden_dim) - relu - affine (num_classes) - softmax loss

on images of shape (C, H, W) with H and W even. Its parameters are the arrays of the dict
params, as in a1's FullyConnectedNet:
    W1 (F, C, K, K), b1 (F,)                     the convolution
    W2 (F * H/2 * W/2, hidden_dim), b2 (hidden_dim,)  the first affine layer
    W3 (hidden_dim, num_classes), b3 (num_classes,)   the second affine layer
"""

import numpy as np

from .fast_conv import conv_backward_fast, conv_forward_fast
from .layers import affine_backward, affine_forward, relu_backward, relu_forward, softmax_loss
from .pooling import max_pool_backward, max_pool_forward


class ConvNet:
    """conv - relu - 2x2 max pool - affine - relu - affine - softmax."""

    def __init__(
        self,
        input_dim=(1, 16, 16),
        num_filters=8,
        filter_size=3,
        hidden_dim=32,
        num_classes=3,
        weight_scale=1e-2,
        reg=0.0,
        seed=0,
    ):
        """Create the network's parameters.

        Inputs:
        - input_dim: (C, H, W), the shape of one image; H and W even.
        - num_filters: F, the number of convolution filters.
        - filter_size: K, their height and width, odd.
        - hidden_dim: The width of the hidden affine layer.
        - num_classes: The number of scores per image.
        - weight_scale: The standard deviation of the weights' normal initialization.
        - reg: The L2 strength: the loss adds 0.5 * reg * sum(W**2) for W1, W2 and W3.
        - seed: Seed of rng = np.random.default_rng(seed), which draws the weights.

        Sets self.params to a dict with W1, b1, W2, b2, W3, b3 of the shapes in the module
        docstring: each weight weight_scale * rng.normal(size=shape), drawn in the order
        W1, W2, W3; each bias zeros. Also keeps self.reg.
        """
        self.reg = reg
        # TODO: Fill self.params: W1, W2, W3 drawn in that order as weight_scale *
        #   rng.normal(size=shape), and b1, b2, b3 zeros, with the shapes of the docstring.
        raise NotImplementedError(
            "TODO in ConvNet.__init__: Fill self.params: W1, W2, W3 drawn in that "
            "order as weight_scale * rng.normal(size=shape), and b1, b2, b3 zeros, "
            "with the shapes of the docstring."
        )

    def loss(self, X, y=None):
        """Scores, or the loss and its gradients, for a batch of images.

        Inputs:
        - X: Images, of shape (N, C, H, W).
        - y: Labels, of shape (N,), or None.

        Returns:
        - If y is None: scores, of shape (N, num_classes).
        - Otherwise a tuple (loss, grads): loss, a Python float, the mean softmax loss plus
          0.5 * reg * (sum(W1**2) + sum(W2**2) + sum(W3**2)); grads, a dict with the keys of
          params, each the gradient of loss with respect to that parameter (reg * W added to
          each weight's).

        Hint: the forward pass is six given or written layers in a row, each keeping its
        cache; the backward pass calls their backward passes in reverse order. Use your
        conv_forward_fast: the loops of the naive one make training slow (the graded
        training of 10 epochs may use 20 s of CPU time; the naive convolution needs about
        90 s, a vectorized one under a second).
        """
        # TODO: Run the forward pass; return the scores if y is None. Otherwise compute the
        #   loss with the L2 penalty and backpropagate to the gradient of every parameter.
        raise NotImplementedError(
            "TODO in ConvNet.loss: Run the forward pass; return the scores if y is "
            "None. Otherwise compute the loss with the L2 penalty and backpropagate to "
            "the gradient of every parameter."
        )
