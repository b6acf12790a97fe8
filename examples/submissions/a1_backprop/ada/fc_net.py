import numpy as np

from .layers import (
    affine_backward,
    affine_forward,
    dropout_backward,
    dropout_forward,
    relu_backward,
    relu_forward,
)
from .losses import softmax_loss
from .normalization import (
    batchnorm_backward,
    batchnorm_forward,
    layernorm_backward,
    layernorm_forward,
)
from .regularization import l2_penalty


class FullyConnectedNet:
    def __init__(
        self,
        hidden_dims,
        input_dim,
        num_classes,
        dropout=0.0,
        normalization=None,
        reg=0.0,
        weight_scale=1e-2,
        seed=None,
        dropout_seed=None,
    ):
        self.normalization = normalization
        self.dropout = dropout
        self.reg = reg
        self.dropout_seed = dropout_seed
        self.num_layers = len(hidden_dims) + 1
        self.params = {}
        if normalization not in (None, "batchnorm", "layernorm"):
            raise ValueError(
                f'normalization must be None, "batchnorm" or "layernorm", not {normalization!r}'
            )
        rng = np.random.default_rng(seed)
        sizes = [input_dim] + list(hidden_dims) + [num_classes]
        for layer in range(1, len(sizes)):
            fan_in, fan_out = sizes[layer - 1], sizes[layer]
            self.params["W%d" % layer] = weight_scale * rng.normal(size=(fan_in, fan_out))
            self.params["b%d" % layer] = np.zeros(fan_out)
        if normalization is not None:
            for layer in range(1, self.num_layers):
                self.params["gamma%d" % layer] = np.ones(sizes[layer])
                self.params["beta%d" % layer] = np.zeros(sizes[layer])
        self.running = []
        if normalization == "batchnorm":
            self.running = [{"mean": np.zeros(d), "var": np.ones(d)} for d in hidden_dims]

    def loss(self, X, y=None):
        train = y is not None
        p = self.params
        h = X
        stack = []
        for layer in range(1, self.num_layers):
            h, c_aff = affine_forward(h, p["W%d" % layer], p["b%d" % layer])
            c_norm = None
            if self.normalization == "batchnorm":
                r = self.running[layer - 1]
                h, c_norm, r["mean"], r["var"] = batchnorm_forward(
                    h, p["gamma%d" % layer], p["beta%d" % layer], r["mean"], r["var"], training=train
                )
            elif self.normalization == "layernorm":
                h, c_norm = layernorm_forward(h, p["gamma%d" % layer], p["beta%d" % layer])
            h, c_relu = relu_forward(h)
            c_drop = None
            if self.dropout > 0:
                s = None if self.dropout_seed is None else self.dropout_seed + layer
                h, c_drop = dropout_forward(h, self.dropout, train, s)
            stack.append((c_aff, c_norm, c_relu, c_drop))
        L = self.num_layers
        scores, c_last = affine_forward(h, p["W%d" % L], p["b%d" % L])
        if not train:
            return scores

        loss, d = softmax_loss(scores, y)
        grads = {}
        d, grads["W%d" % L], grads["b%d" % L] = affine_backward(d, c_last)
        for layer in range(L - 1, 0, -1):
            c_aff, c_norm, c_relu, c_drop = stack.pop()
            if c_drop is not None:
                d = dropout_backward(d, c_drop)
            d = relu_backward(d, c_relu)
            if self.normalization == "batchnorm":
                d, grads["gamma%d" % layer], grads["beta%d" % layer] = batchnorm_backward(d, c_norm)
            elif self.normalization == "layernorm":
                d, grads["gamma%d" % layer], grads["beta%d" % layer] = layernorm_backward(d, c_norm)
            d, grads["W%d" % layer], grads["b%d" % layer] = affine_backward(d, c_aff)
        for layer in range(1, L + 1):
            reg_loss, reg_grad = l2_penalty(p["W%d" % layer], self.reg)
            loss += reg_loss
            grads["W%d" % layer] += reg_grad
        return loss, grads
