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
        dims = [input_dim, *hidden_dims, num_classes]
        for i in range(1, self.num_layers + 1):
            self.params[f"W{i}"] = weight_scale * rng.normal(size=(dims[i - 1], dims[i]))
            self.params[f"b{i}"] = np.zeros(dims[i])
            if normalization and i < self.num_layers:
                self.params[f"gamma{i}"] = np.ones(dims[i])
                self.params[f"beta{i}"] = np.zeros(dims[i])
        self.running = []
        if normalization == "batchnorm":
            self.running = [{"mean": np.zeros(dz), "var": np.ones(dz)} for dz in hidden_dims]

    def loss(self, X, y=None):
        training = y is not None
        caches = {}
        z = X
        for i in range(1, self.num_layers):
            z, caches[f"affine{i}"] = affine_forward(z, self.params[f"W{i}"], self.params[f"b{i}"])
            if self.normalization == "batchnorm":
                stats = self.running[i - 1]
                z, caches[f"norm{i}"], stats["mean"], stats["var"] = batchnorm_forward(
                    z, self.params[f"gamma{i}"], self.params[f"beta{i}"], stats["mean"], stats["var"], training
                )
            elif self.normalization == "layernorm":
                z, caches[f"norm{i}"] = layernorm_forward(
                    z, self.params[f"gamma{i}"], self.params[f"beta{i}"]
                )
            z, caches[f"relu{i}"] = relu_forward(z)
            if self.dropout > 0:
                seed = self.dropout_seed + i if self.dropout_seed is not None else None
                z, caches[f"dropout{i}"] = dropout_forward(z, self.dropout, training, seed)
        n = self.num_layers
        scores, caches[f"affine{n}"] = affine_forward(z, self.params[f"W{n}"], self.params[f"b{n}"])
        if y is None:
            return scores

        loss, dz = softmax_loss(scores, y)
        grads = {}
        dz, grads[f"W{n}"], grads[f"b{n}"] = affine_backward(dz, caches[f"affine{n}"])
        for i in range(n - 1, 0, -1):
            if self.dropout > 0:
                dz = dropout_backward(dz, caches[f"dropout{i}"])
            dz = relu_backward(dz, caches[f"relu{i}"])
            if self.normalization == "batchnorm":
                dz, grads[f"gamma{i}"], grads[f"beta{i}"] = batchnorm_backward(dz, caches[f"norm{i}"])
            elif self.normalization == "layernorm":
                dz, grads[f"gamma{i}"], grads[f"beta{i}"] = layernorm_backward(dz, caches[f"norm{i}"])
            dz, grads[f"W{i}"], grads[f"b{i}"] = affine_backward(dz, caches[f"affine{i}"])
        for i in range(1, n + 1):
            pen, dpen = l2_penalty(self.params[f"W{i}"], self.reg)
            loss += pen
            grads[f"W{i}"] = grads[f"W{i}"] + dpen
        return loss, grads
