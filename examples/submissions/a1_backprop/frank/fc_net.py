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
        layer_sizes = [input_dim] + list(hidden_dims) + [num_classes]
        for layer in range(1, self.num_layers + 1):
            size_in = layer_sizes[layer - 1]
            size_out = layer_sizes[layer]
            self.params[f"W{layer}"] = weight_scale * rng.normal(size=(size_in, size_out))
            self.params[f"b{layer}"] = np.zeros(size_out)
            is_hidden = layer < self.num_layers
            if is_hidden and normalization is not None:
                self.params[f"gamma{layer}"] = np.ones(size_out)
                self.params[f"beta{layer}"] = np.zeros(size_out)
        self.running = []
        if normalization == "batchnorm":
            self.running = [{"mean": np.zeros(d), "var": np.ones(d)} for d in hidden_dims]

    def loss(self, X, y=None):
        training = y is not None
        layer_caches = []
        hidden = X

        # forward pass through the hidden layers
        for layer in range(1, self.num_layers):
            cache = {}
            W = self.params[f"W{layer}"]
            b = self.params[f"b{layer}"]
            hidden, cache["affine"] = affine_forward(hidden, W, b)
            if self.normalization == "batchnorm":
                gamma = self.params[f"gamma{layer}"]
                beta = self.params[f"beta{layer}"]
                stats = self.running[layer - 1]
                hidden, cache["norm"], stats["mean"], stats["var"] = batchnorm_forward(
                    hidden, gamma, beta, stats["mean"], stats["var"], training=training
                )
            elif self.normalization == "layernorm":
                gamma = self.params[f"gamma{layer}"]
                beta = self.params[f"beta{layer}"]
                hidden, cache["norm"] = layernorm_forward(hidden, gamma, beta)
            hidden, cache["relu"] = relu_forward(hidden)
            if self.dropout > 0:
                if self.dropout_seed is None:
                    layer_seed = None
                else:
                    layer_seed = self.dropout_seed + layer
                hidden, cache["dropout"] = dropout_forward(
                    hidden, self.dropout, training, layer_seed
                )
            layer_caches.append(cache)

        # output layer
        last = self.num_layers
        scores, last_cache = affine_forward(hidden, self.params[f"W{last}"], self.params[f"b{last}"])
        if not training:
            return scores

        loss, dscores = softmax_loss(scores, y)
        for layer in range(1, self.num_layers + 1):
            W = self.params[f"W{layer}"]
            loss += 0.5 * self.reg * np.sum(W * W)

        # backward pass
        grads = {}
        dhidden, grads[f"W{last}"], grads[f"b{last}"] = affine_backward(dscores, last_cache)
        for layer in range(self.num_layers - 1, 0, -1):
            cache = layer_caches[layer - 1]
            if self.dropout > 0:
                dhidden = dropout_backward(dhidden, cache["dropout"])
            dhidden = relu_backward(dhidden, cache["relu"])
            if self.normalization == "batchnorm":
                dhidden, dgamma, dbeta = batchnorm_backward(dhidden, cache["norm"])
                grads[f"gamma{layer}"] = dgamma
                grads[f"beta{layer}"] = dbeta
            elif self.normalization == "layernorm":
                dhidden, dgamma, dbeta = layernorm_backward(dhidden, cache["norm"])
                grads[f"gamma{layer}"] = dgamma
                grads[f"beta{layer}"] = dbeta
            dhidden, grads[f"W{layer}"], grads[f"b{layer}"] = affine_backward(dhidden, cache["affine"])
        return loss, grads
