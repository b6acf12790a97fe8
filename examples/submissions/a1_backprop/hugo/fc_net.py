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
        dims = [input_dim] + list(hidden_dims) + [num_classes]
        for i in range(self.num_layers):
            self.params["W" + str(i + 1)] = weight_scale * rng.normal(size=(dims[i], dims[i + 1]))
            self.params["b" + str(i + 1)] = np.zeros(dims[i + 1])
        if self.normalization in ("batchnorm", "layernorm"):
            for i in range(self.num_layers - 1):
                self.params["gamma" + str(i + 1)] = np.ones(dims[i + 1])
                self.params["beta" + str(i + 1)] = np.zeros(dims[i + 1])
        self.running = []
        if normalization == "batchnorm":
            self.running = [{"mean": np.zeros(d), "var": np.ones(d)} for d in hidden_dims]

    def loss(self, X, y=None):
        mode = "test" if y is None else "train"
        L = self.num_layers

        ############################################################
        # forward pass
        ############################################################
        caches = {}
        out = X
        for i in range(1, L):
            W, b = self.params["W%d" % i], self.params["b%d" % i]
            out, caches["fc%d" % i] = affine_forward(out, W, b)
            if self.normalization == "batchnorm":
                gamma, beta = self.params["gamma%d" % i], self.params["beta%d" % i]
                rm, rv = self.running[i - 1]["mean"], self.running[i - 1]["var"]
                out, caches["bn%d" % i], rm, rv = batchnorm_forward(
                    out, gamma, beta, rm, rv, training=(mode == "train")
                )
                self.running[i - 1]["mean"], self.running[i - 1]["var"] = rm, rv
            elif self.normalization == "layernorm":
                gamma, beta = self.params["gamma%d" % i], self.params["beta%d" % i]
                out, caches["ln%d" % i] = layernorm_forward(out, gamma, beta)
            out, caches["relu%d" % i] = relu_forward(out)
            if self.dropout > 0:
                seed = None
                if self.dropout_seed is not None:
                    seed = self.dropout_seed + i
                out, caches["drop%d" % i] = dropout_forward(
                    out, self.dropout, mode == "train", seed
                )
        scores, caches["fc%d" % L] = affine_forward(out, self.params["W%d" % L], self.params["b%d" % L])

        if mode == "test":
            return scores

        ############################################################
        # backward pass
        ############################################################
        loss, grads = 0.0, {}
        loss, dscores = softmax_loss(scores, y)
        dout, dW, db = affine_backward(dscores, caches["fc%d" % L])
        grads["W%d" % L] = dW + self.reg * self.params["W%d" % L]
        grads["b%d" % L] = db
        for i in range(L - 1, 0, -1):
            if self.dropout > 0:
                dout = dropout_backward(dout, caches["drop%d" % i])
            dout = relu_backward(dout, caches["relu%d" % i])
            if self.normalization == "batchnorm":
                dout, grads["gamma%d" % i], grads["beta%d" % i] = batchnorm_backward(
                    dout, caches["bn%d" % i]
                )
            elif self.normalization == "layernorm":
                dout, grads["gamma%d" % i], grads["beta%d" % i] = layernorm_backward(
                    dout, caches["ln%d" % i]
                )
            dout, dW, db = affine_backward(dout, caches["fc%d" % i])
            grads["W%d" % i] = dW + self.reg * self.params["W%d" % i]
            grads["b%d" % i] = db

        # L2 regularization on the weights
        for i in range(1, L + 1):
            reg_loss, dreg = l2_penalty(self.params["W%d" % i], self.reg)
            loss += reg_loss
            grads["W%d" % i] += dreg
        return loss, grads
