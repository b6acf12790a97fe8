"""A fully connected network of any depth, built from the layers of this assignment.

With L - 1 hidden layers the architecture is

    {affine - [batch/layer norm] - relu - [dropout]} x (L - 1) - affine - softmax

where the parts in brackets are optional. It is trained by an outside loop (see
training.py) that reads ``net.params``, calls ``net.loss(X, y)`` and writes the updated
parameters back to ``net.params``.
"""

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
    """A fully connected classifier with ReLU hidden layers and a softmax loss.

    Attributes:
    - params: A dict of every learnable parameter, float64 arrays. For layer i = 1..L:
          "W{i}": weights of shape (d_{i-1}, d_i), "b{i}": biases of shape (d_i,)
      where d_0 = input_dim, d_1..d_{L-1} = hidden_dims and d_L = num_classes; and, when
      normalization is used, for each hidden layer i = 1..L-1:
          "gamma{i}": scale of shape (d_i,), "beta{i}": shift of shape (d_i,)
    - running: For batch norm, one dict {"mean", "var"} of running averages per hidden
      layer (a list of L - 1 dicts, starting at zeros and ones); empty otherwise.
    - normalization, dropout, reg, dropout_seed: As given to the constructor.
    """

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
        """Create the network and initialize its parameters.

        Inputs:
        - hidden_dims: A list of ints, the size of each hidden layer (may be empty: then
          the network is a linear softmax classifier).
        - input_dim: An int, the number D of input features.
        - num_classes: An int, the number C of classes.
        - dropout: The probability p of dropping a hidden unit (0 means no dropout layers),
          as dropout_forward's p.
        - normalization: None, "batchnorm" or "layernorm", applied after each hidden
          affine layer, before its ReLU, with batchnorm_forward's and layernorm_forward's
          default momentum = 0.1 and eps = 1e-5 (another eps gives another network: the
          tests compare with these).
        - reg: The L2 strength: the loss includes 0.5 * reg * sum(W**2) for every weight
          matrix W (not the biases, gammas or betas), as l2_penalty.
        - weight_scale: The standard deviation of the initial weights.
        - seed: The seed of np.random.default_rng for the initial weights (None: fresh
          randomness).
        - dropout_seed: None, or an int. When it is an int, dropout layer i (1-based) uses
          dropout_seed + i as its seed in every call, so loss is a deterministic function
          of params (gradient checks need that); with None, every call draws new masks
          (training needs that).

        Convention: W{i} = weight_scale * rng.normal(size=(d_{i-1}, d_i)) for i = 1..L in
        order, b{i} = zeros, gamma{i} = ones, beta{i} = zeros.

        Hint: dims = [input_dim, *hidden_dims, num_classes] gives d_0..d_L; layer i goes from
        dims[i - 1] to dims[i].
        """
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
        self.running = []
        if normalization == "batchnorm":
            self.running = [{"mean": np.zeros(d), "var": np.ones(d)} for d in hidden_dims]
        # TODO: Fill self.params with W{i} (weight_scale * rng.normal, rng from the seed)
        #   and b{i} (zeros) for i = 1..L, and gamma{i} (ones) and beta{i} (zeros) for every
        #   hidden layer when normalization is not None.
        # BEGIN SOLUTION
        rng = np.random.default_rng(seed)
        dims = [input_dim, *hidden_dims, num_classes]
        for i in range(1, self.num_layers + 1):
            self.params[f"W{i}"] = weight_scale * rng.normal(size=(dims[i - 1], dims[i]))
            self.params[f"b{i}"] = np.zeros(dims[i])
            if normalization is not None and i < self.num_layers:
                self.params[f"gamma{i}"] = np.ones(dims[i])
                self.params[f"beta{i}"] = np.zeros(dims[i])
        # END SOLUTION

    def loss(self, X, y=None):
        """Scores, or the loss and its gradients, for a minibatch.

        Inputs:
        - X: Data, of shape (N, D); N >= 2 in training with batch norm.
        - y: Labels, of shape (N,), integers in [0, C); or None.

        With y = None (test mode: no dropout, batch norm with its running averages),
        returns:
        - scores: An array of shape (N, C), the last affine layer's output.

        With y given (training mode: dropout on, batch norm with the batch statistics and
        its running averages updated in self.running), returns a tuple of:
        - loss: A Python float: softmax_loss(scores, y)'s loss plus 0.5 * reg * sum(W**2)
          over every weight matrix.
        - grads: A dict with the keys of self.params; grads[k] is the gradient of loss with
          respect to params[k], of the same shape.

        Hint: in the forward pass keep every layer's cache (a list, or a dict keyed by
        layer); the backward pass walks them in reverse, from softmax_loss's dscores down to
        the first layer. Add each weight's penalty gradient once.
        """
        # TODO: Run the forward pass (affine, normalization, relu, dropout for each hidden
        #   layer, then the last affine), return the scores if y is None; otherwise compute
        #   the loss with the L2 penalty and backpropagate to a dict of gradients.
        # BEGIN SOLUTION
        training = y is not None
        caches = []
        out = X
        for i in range(1, self.num_layers):
            layer = {}
            out, layer["affine"] = affine_forward(out, self.params[f"W{i}"], self.params[f"b{i}"])
            if self.normalization == "batchnorm":
                state = self.running[i - 1]
                out, layer["norm"], state["mean"], state["var"] = batchnorm_forward(
                    out,
                    self.params[f"gamma{i}"],
                    self.params[f"beta{i}"],
                    state["mean"],
                    state["var"],
                    training=training,
                )
            elif self.normalization == "layernorm":
                out, layer["norm"] = layernorm_forward(
                    out, self.params[f"gamma{i}"], self.params[f"beta{i}"]
                )
            out, layer["relu"] = relu_forward(out)
            if self.dropout > 0:
                seed = None if self.dropout_seed is None else self.dropout_seed + i
                out, layer["dropout"] = dropout_forward(out, self.dropout, training, seed)
            caches.append(layer)
        last = self.num_layers
        scores, last_cache = affine_forward(out, self.params[f"W{last}"], self.params[f"b{last}"])
        if not training:
            return scores

        loss, dout = softmax_loss(scores, y)
        grads = {}
        dout, grads[f"W{last}"], grads[f"b{last}"] = affine_backward(dout, last_cache)
        for i in range(self.num_layers - 1, 0, -1):
            layer = caches[i - 1]
            if "dropout" in layer:
                dout = dropout_backward(dout, layer["dropout"])
            dout = relu_backward(dout, layer["relu"])
            if self.normalization == "batchnorm":
                dout, grads[f"gamma{i}"], grads[f"beta{i}"] = batchnorm_backward(
                    dout, layer["norm"]
                )
            elif self.normalization == "layernorm":
                dout, grads[f"gamma{i}"], grads[f"beta{i}"] = layernorm_backward(
                    dout, layer["norm"]
                )
            dout, grads[f"W{i}"], grads[f"b{i}"] = affine_backward(dout, layer["affine"])
        for i in range(1, self.num_layers + 1):
            penalty, dpenalty = l2_penalty(self.params[f"W{i}"], self.reg)
            loss += penalty
            grads[f"W{i}"] = grads[f"W{i}"] + dpenalty
        return loss, grads
        # END SOLUTION
