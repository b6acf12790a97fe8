"""Correct a1_backprop functions written as students of other courses write them.

Each top-level definition replaces the reference's of the same name (test_variants.py); each
is right by its reference's docstring, and written differently on purpose: loops over the
batch, dicts and masks for caches, the step-by-step graph of batch norm, logaddexp losses.
This file is never imported; its imports are for reading and linting it. A definition
uses what the module it goes into imports, or imports the rest inside itself.
"""

import numpy as np


def eval_numerical_gradient(f, x, h=1e-5):
    """CS231n's checker: an np.nditer over x with multi_index, perturbing x in place."""
    grad = np.zeros(x.shape)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        oldval = x[ix]
        x[ix] = oldval + h
        fxph = f(x)
        x[ix] = oldval - h
        fxmh = f(x)
        x[ix] = oldval
        grad[ix] = (fxph - fxmh) / (2 * h)
        it.iternext()
    return grad


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    """CS231n's array checker: copies of both outputs, then one sum of their difference."""
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        oldval = x[ix]
        x[ix] = oldval + h
        pos = f(x).copy()
        x[ix] = oldval - h
        neg = f(x).copy()
        x[ix] = oldval
        grad[ix] = np.sum((pos - neg) * df) / (2 * h)
        it.iternext()
    return grad


def rel_error(x, y):
    """A Python loop over the flattened entries, keeping the worst relative error."""
    worst = 0.0
    for a, b in zip(np.ravel(x), np.ravel(y), strict=True):
        worst = max(worst, abs(a - b) / max(1e-8, abs(a) + abs(b)))
    return float(worst)


def affine_forward(x, w, b):
    """A loop over the batch, one flattened example at a time; the cache is a dict."""
    N = x.shape[0]
    out = np.zeros((N, w.shape[1]))
    for n in range(N):
        out[n] = x[n].reshape(-1).dot(w) + b
    return out, {"x": x, "w": w, "b": b}


def affine_backward(dout, cache):
    """np.dot for dx, dw accumulated as one outer product per example."""
    x, w = cache["x"], cache["w"]
    N = x.shape[0]
    x_rows = np.reshape(x, (N, -1))
    dx = np.dot(dout, w.T).reshape(x.shape)
    dw = np.zeros(w.shape)
    for n in range(N):
        dw += np.outer(x_rows[n], dout[n])
    db = np.sum(dout, axis=0)
    return dx, dw, db


def relu_forward(x):
    """A copy of x with its negatives set to 0; the cache is the mask x > 0, not x."""
    out = x.copy()
    out[out < 0] = 0
    return out, x > 0


def relu_backward(dout, cache):
    """np.where on the cached mask."""
    return np.where(cache, dout, 0.0)


def leaky_relu_forward(x, negative_slope=0.01):
    """A per-entry scale (1 or the slope) built by hand; the cache is the scale."""
    scale = np.ones(x.shape)
    scale[x <= 0] = negative_slope
    return x * scale, scale


def leaky_relu_backward(dout, cache):
    """The cached scale times dout."""
    return dout * cache


def sigmoid_forward(x):
    """np.where between two exponentials of clipped inputs (neither exponent positive);
    the cache is a dict."""
    e_neg = np.exp(-np.maximum(x, 0))
    e_pos = np.exp(np.minimum(x, 0))
    out = np.where(x >= 0, 1.0 / (1.0 + e_neg), e_pos / (1.0 + e_pos))
    return out, {"sigmoid": out}


def sigmoid_backward(dout, cache):
    """The derivative from the dict's output."""
    s = cache["sigmoid"]
    return dout * s * (1.0 - s)


def tanh_forward(x):
    """np.tanh; the cache is the input x, not the output."""
    return np.tanh(x), x


def tanh_backward(dout, cache):
    """tanh computed again from the cached input."""
    t = np.tanh(cache)
    return dout * (1.0 - t * t)


def dropout_forward(x, p=0.5, training=True, seed=None):
    """A float mask filled by boolean indexing; the cache is a dict with the mode."""
    if not training:
        return x.copy(), {"mode": "test"}
    rng = np.random.default_rng(seed)
    u = rng.random(x.shape)
    mask = np.zeros(x.shape)
    if p < 1:
        mask[u >= p] = 1.0 / (1.0 - p)
    return x * mask, {"mode": "train", "mask": mask}


def dropout_backward(dout, cache):
    """The dict's mode decides."""
    if cache["mode"] == "test":
        return dout.copy()
    return dout * cache["mask"]


def softmax_loss(scores, y):
    """The loss as logsumexp minus the correct score, the gradient from exp(s - lse)."""
    N = scores.shape[0]
    m = np.max(scores, axis=1)
    lse = m + np.log(np.sum(np.exp(scores - m[:, None]), axis=1))
    loss = np.mean(lse - scores[np.arange(N), y])
    probs = np.exp(scores - lse[:, None])
    onehot = np.zeros_like(probs)
    onehot[np.arange(N), y] = 1.0
    return float(loss), (probs - onehot) / N


def binary_cross_entropy_with_logits(logits, y):
    """Both terms as np.logaddexp (softplus), the sigmoid as exp(-softplus(-z))."""
    per_entry = y * np.logaddexp(0.0, -logits) + (1 - y) * np.logaddexp(0.0, logits)
    probs = np.exp(-np.logaddexp(0.0, -logits))
    return float(per_entry.sum() / logits.size), (probs - y) / logits.size


def mse_loss(pred, target):
    """A sum divided by the count, and the gradient's factor 2 / M computed first."""
    diff = pred - target
    count = diff.size
    return float(np.sum(diff * diff) / count), (2.0 / count) * diff


def l2_penalty(w, reg):
    """w * w summed, halved after the product with reg."""
    return float(reg * np.sum(w * w) / 2), w * reg


def l1_penalty(w, reg):
    """The sign written out with two np.where (0 at w == 0)."""
    sign = np.where(w > 0, 1.0, np.where(w < 0, -1.0, 0.0))
    return float(reg * np.abs(w).sum()), reg * sign


def logistic_regression_loss(w, b, X, y, reg=0.0, penalty="l2"):
    """Written from scratch, without the other functions: softplus loss, an if per penalty."""
    if penalty not in ("l2", "l1"):
        raise ValueError(f'penalty must be "l2" or "l1", not {penalty!r}')
    N = X.shape[0]
    z = X.dot(w) + b
    loss = np.mean(np.logaddexp(0.0, z) - y * z)
    dz = (np.exp(-np.logaddexp(0.0, -z)) - y) / N
    dw = X.T.dot(dz)
    if penalty == "l2":
        loss += 0.5 * reg * np.sum(w**2)
        dw += reg * w
    else:
        loss += reg * np.sum(np.abs(w))
        dw += reg * np.sign(w)
    return float(loss), dw, float(np.sum(dz))


def batchnorm_forward(
    x, gamma, beta, running_mean, running_var, training=True, momentum=0.1, eps=1e-5
):
    """The step-by-step computational graph (mu, xmu, sq, var, sqrtvar, ivar, xhat), every
    node kept in a dict cache; the running averages with the new batch's term first."""
    if not training:
        std = np.sqrt(running_var + eps)
        xhat = (x - running_mean) / std
        cache = {"mode": "test", "xhat": xhat, "gamma": gamma, "std": std}
        return gamma * xhat + beta, cache, running_mean.copy(), running_var.copy()
    N = x.shape[0]
    mu = 1.0 / N * np.sum(x, axis=0)
    xmu = x - mu
    sq = xmu**2
    var = 1.0 / N * np.sum(sq, axis=0)
    sqrtvar = np.sqrt(var + eps)
    ivar = 1.0 / sqrtvar
    xhat = xmu * ivar
    out = gamma * xhat + beta
    new_mean = momentum * mu + (1 - momentum) * running_mean
    new_var = momentum * (var * N / (N - 1)) + (1 - momentum) * running_var
    cache = {
        "mode": "train",
        "xhat": xhat,
        "gamma": gamma,
        "xmu": xmu,
        "ivar": ivar,
        "sqrtvar": sqrtvar,
        "var": var,
        "eps": eps,
    }
    return out, cache, new_mean, new_var


def batchnorm_backward(dout, cache):
    """The long backward pass through the graph, one node at a time (Kratzert's)."""
    xhat, gamma = cache["xhat"], cache["gamma"]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    if cache["mode"] == "test":
        return dout * gamma / cache["std"], dgamma, dbeta
    N, D = dout.shape
    xmu, ivar, sqrtvar, var = cache["xmu"], cache["ivar"], cache["sqrtvar"], cache["var"]
    dxhat = dout * gamma
    divar = np.sum(dxhat * xmu, axis=0)
    dxmu1 = dxhat * ivar
    dsqrtvar = -1.0 / (sqrtvar**2) * divar
    dvar = 0.5 * 1.0 / np.sqrt(var + cache["eps"]) * dsqrtvar
    dsq = 1.0 / N * np.ones((N, D)) * dvar
    dxmu2 = 2 * xmu * dsq
    dx1 = dxmu1 + dxmu2
    dmu = -1 * np.sum(dxmu1 + dxmu2, axis=0)
    dx2 = 1.0 / N * np.ones((N, D)) * dmu
    return dx1 + dx2, dgamma, dbeta


def layernorm_forward(x, gamma, beta, eps=1e-5):
    """Batch norm's statistics on x.T (over axis 0 of the transpose); the cache keeps the
    transposed normalized input and the inverse standard deviations."""
    xt = x.T
    mu = np.mean(xt, axis=0)
    xc = xt - mu
    inv_std = 1.0 / np.sqrt(np.mean(xc**2, axis=0) + eps)
    xhat_t = xc * inv_std
    return gamma * xhat_t.T + beta, (xhat_t, inv_std, gamma)


def layernorm_backward(dout, cache):
    """CS231n's compact formula with sums (not means) over axis 0 of the transpose."""
    xhat_t, inv_std, gamma = cache
    D = xhat_t.shape[0]
    dgamma = np.sum(dout * xhat_t.T, axis=0)
    dbeta = np.sum(dout, axis=0)
    dxhat_t = (dout * gamma).T
    dx_t = (inv_std / D) * (
        D * dxhat_t - np.sum(dxhat_t, axis=0) - xhat_t * np.sum(dxhat_t * xhat_t, axis=0)
    )
    return dx_t.T, dgamma, dbeta


class FullyConnectedNet:
    """Layers walked with caches keyed by (layer, kind), the penalty computed in place of
    l2_penalty, and rng.normal(0, weight_scale) for the weights."""

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
        """Parameters drawn layer by layer; normalization parameters added afterwards."""
        if normalization not in (None, "batchnorm", "layernorm"):
            raise ValueError(
                f'normalization must be None, "batchnorm" or "layernorm", not {normalization!r}'
            )
        self.normalization = normalization
        self.dropout = dropout
        self.reg = reg
        self.dropout_seed = dropout_seed
        self.num_layers = len(hidden_dims) + 1
        rng = np.random.default_rng(seed)
        sizes = [input_dim, *hidden_dims, num_classes]
        self.params = {}
        for i in range(1, len(sizes)):
            fan_in, fan_out = sizes[i - 1], sizes[i]
            self.params[f"W{i}"] = rng.normal(0.0, weight_scale, size=(fan_in, fan_out))
            self.params[f"b{i}"] = np.zeros(fan_out)
        self.running = []
        if normalization is not None:
            for i, d in enumerate(hidden_dims, start=1):
                self.params[f"gamma{i}"] = np.ones(d)
                self.params[f"beta{i}"] = np.zeros(d)
        if normalization == "batchnorm":
            self.running = [{"mean": np.zeros(d), "var": np.ones(d)} for d in hidden_dims]

    def loss(self, X, y=None):
        """Forward with a dict of caches, backward over reversed(range(...))."""
        train = y is not None
        p, L, caches = self.params, self.num_layers, {}
        h = X
        for i in range(1, L):
            h, caches[i, "affine"] = affine_forward(h, p[f"W{i}"], p[f"b{i}"])
            if self.normalization == "batchnorm":
                r = self.running[i - 1]
                h, caches[i, "norm"], r["mean"], r["var"] = batchnorm_forward(
                    h, p[f"gamma{i}"], p[f"beta{i}"], r["mean"], r["var"], training=train
                )
            elif self.normalization == "layernorm":
                h, caches[i, "norm"] = layernorm_forward(h, p[f"gamma{i}"], p[f"beta{i}"])
            h, caches[i, "relu"] = relu_forward(h)
            if self.dropout > 0:
                seed = self.dropout_seed + i if self.dropout_seed is not None else None
                h, caches[i, "dropout"] = dropout_forward(h, self.dropout, train, seed)
        scores, caches[L, "affine"] = affine_forward(h, p[f"W{L}"], p[f"b{L}"])
        if not train:
            return scores
        loss, dh = softmax_loss(scores, y)
        grads = {}
        for i in reversed(range(1, L + 1)):
            if i < L:
                if self.dropout > 0:
                    dh = dropout_backward(dh, caches[i, "dropout"])
                dh = relu_backward(dh, caches[i, "relu"])
                if self.normalization == "batchnorm":
                    dh, dgamma, dbeta = batchnorm_backward(dh, caches[i, "norm"])
                elif self.normalization == "layernorm":
                    dh, dgamma, dbeta = layernorm_backward(dh, caches[i, "norm"])
                if self.normalization is not None:
                    grads[f"gamma{i}"], grads[f"beta{i}"] = dgamma, dbeta
            dh, dW, grads[f"b{i}"] = affine_backward(dh, caches[i, "affine"])
            W = p[f"W{i}"]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{i}"] = dW + self.reg * W
        return float(loss), grads
