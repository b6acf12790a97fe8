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
        C, H, W = input_dim
        F, K = num_filters, filter_size
        rng = np.random.default_rng(seed)
        flat = F * (H // 2) * (W // 2)
        self.params = {}
        self.params["W1"] = weight_scale * rng.normal(size=(F, C, K, K))
        self.params["b1"] = np.zeros(F)
        self.params["W2"] = weight_scale * rng.normal(size=(flat, hidden_dim))
        self.params["b2"] = np.zeros(hidden_dim)
        self.params["W3"] = weight_scale * rng.normal(size=(hidden_dim, num_classes))
        self.params["b3"] = np.zeros(num_classes)

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
        conv_forward_fast: the loops of the naive one make training slow.
        """
        # TODO: Run the forward pass; return the scores if y is None. Otherwise compute the
        #   loss with the L2 penalty and backpropagate to the gradient of every parameter.
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        W3, b3 = self.params["W3"], self.params["b3"]
        pad = (W1.shape[2] - 1) // 2

        a1, cache_conv = conv_forward_fast(X, W1, b1, stride=1, pad=pad)
        r1, cache_r1 = relu_forward(a1)
        p1, cache_pool = max_pool_forward(r1, pool_height=2, pool_width=2, stride=2)
        a2, cache_a2 = affine_forward(p1, W2, b2)
        r2, cache_r2 = relu_forward(a2)
        scores, cache_a3 = affine_forward(r2, W3, b3)
        if y is None:
            return scores

        data_loss, dscores = softmax_loss(scores, y)
        reg_loss = 0.5 * self.reg * sum(np.vdot(Wk, Wk) for Wk in (W1, W2, W3))
        loss = float(data_loss + reg_loss)

        grads = {}
        dr2, dW3, grads["b3"] = affine_backward(dscores, cache_a3)
        da2 = relu_backward(dr2, cache_r2)
        dp1, dW2, grads["b2"] = affine_backward(da2, cache_a2)
        dr1 = max_pool_backward(dp1, cache_pool)
        da1 = relu_backward(dr1, cache_r1)
        _, dW1, grads["b1"] = conv_backward_fast(da1, cache_conv)
        grads["W1"] = dW1 + self.reg * W1
        grads["W2"] = dW2 + self.reg * W2
        grads["W3"] = dW3 + self.reg * W3
        return loss, grads
