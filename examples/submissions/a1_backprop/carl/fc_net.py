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
        for i, (d_in, d_out) in enumerate(zip(dims[:-1], dims[1:]), start=1):
            self.params[f"W{i}"] = weight_scale * rng.normal(size=(d_in, d_out))
            self.params[f"b{i}"] = np.zeros(d_out)
            if normalization and i < self.num_layers:
                self.params[f"gamma{i}"] = np.ones(d_out)
                self.params[f"beta{i}"] = np.zeros(d_out)
        self.running = []
        if normalization == "batchnorm":
            self.running = [{"mean": np.zeros(grad), "var": np.ones(grad)} for grad in hidden_dims]

    def loss(self, X, y=None):
        is_training = y is not None
        prm = self.params
        saved = []
        act = X
        for i in range(1, self.num_layers):
            act, c_aff = affine_forward(act, prm[f"W{i}"], prm[f"b{i}"])
            c_norm = c_drop = None
            if self.normalization == "batchnorm":
                run = self.running[i - 1]
                act, c_norm, run["mean"], run["var"] = batchnorm_forward(
                    act, prm[f"gamma{i}"], prm[f"beta{i}"], run["mean"], run["var"], training=is_training
                )
            elif self.normalization == "layernorm":
                act, c_norm = layernorm_forward(act, prm[f"gamma{i}"], prm[f"beta{i}"])
            act, c_relu = relu_forward(act)
            if self.dropout > 0:
                seed = None if self.dropout_seed is None else self.dropout_seed + i
                act, c_drop = dropout_forward(act, self.dropout, is_training, seed)
            saved.append((c_aff, c_norm, c_relu, c_drop))
        L = self.num_layers
        scores, c_out = affine_forward(act, prm[f"W{L}"], prm[f"b{L}"])
        if not is_training:
            return scores

        loss, grad = softmax_loss(scores, y)
        grads = {}
        grad, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(grad, c_out)
        for i in reversed(range(1, L)):
            c_aff, c_norm, c_relu, c_drop = saved[i - 1]
            if c_drop is not None:
                grad = dropout_backward(grad, c_drop)
            grad = relu_backward(grad, c_relu)
            if self.normalization == "batchnorm":
                grad, grads[f"gamma{i}"], grads[f"beta{i}"] = batchnorm_backward(grad, c_norm)
            elif self.normalization == "layernorm":
                grad, grads[f"gamma{i}"], grads[f"beta{i}"] = layernorm_backward(grad, c_norm)
            grad, grads[f"W{i}"], grads[f"b{i}"] = affine_backward(grad, c_aff)
        for i in range(1, L + 1):
            r, dr = l2_penalty(prm[f"W{i}"], self.reg)
            loss += r
            grads[f"W{i}"] = grads[f"W{i}"] + dr
        return loss, grads
