"""Correct a3_cnn functions written as students of other courses write them.

Each top-level definition replaces the reference's of the same name (test_variants.py); each
is right by its reference's docstring, and written differently on purpose: other loop
nestings, as_strided with einsum, im2col with its own column order, argmax indices kept for
max pooling, dict caches. The fast convolutions stay vectorized (at most a loop over the
kernel's offsets), as their docstrings ask and test_conv_fast_is_vectorized grades.
This file is never imported; its imports are for reading and linting it. A definition
uses what the module it goes into imports, or imports the rest inside itself.
"""

import numpy as np

from .layers import affine_backward, affine_forward, relu_backward, relu_forward, softmax_loss


def conv_output_size(size, kernel_size, stride=1, pad=0):
    """The span left for the windows first; int() of a true division floors it (it is >= 0)."""
    span = size + 2 * pad - kernel_size
    if span < 0:
        raise ValueError(f"kernel {kernel_size} is larger than the padded input {size + 2 * pad}")
    return int(span / stride) + 1


def conv_param_count(in_channels, num_filters, kernel_height, kernel_width):
    """Weights and biases counted apart, then added."""
    weights = num_filters * in_channels * kernel_height * kernel_width
    biases = num_filters
    return weights + biases


def conv_mult_count(input_shape, num_filters, kernel_height, kernel_width, stride=1, pad=0):
    """The cost of one output times the number of outputs."""
    C, H, W = input_shape
    outputs = (
        num_filters
        * conv_output_size(H, kernel_height, stride, pad)
        * conv_output_size(W, kernel_width, stride, pad)
    )
    per_output = C * kernel_height * kernel_width
    return outputs * per_output


def conv_forward_naive(x, w, b, stride=1, pad=0):
    """np.pad, then the output positions in the outer loops and the images and filters
    inside; the cache is a dict."""
    N, _, H, W = x.shape
    F, _, HH, WW = w.shape
    H_out = 1 + (H + 2 * pad - HH) // stride
    W_out = 1 + (W + 2 * pad - WW) // stride
    x_padded = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], mode="constant")
    out = np.zeros((N, F, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            top, left = i * stride, j * stride
            for n in range(N):
                patch = x_padded[n, :, top : top + HH, left : left + WW]
                for f in range(F):
                    out[n, f, i, j] = np.sum(patch * w[f]) + b[f]
    return out, {"x": x, "w": w, "b": b, "stride": stride, "pad": pad}


def conv_backward_naive(dout, cache):
    """Filters in the outer loop, db summed entry by entry, and the padding cut off with
    [pad:-pad] when there is some."""
    x, w, stride, pad = cache["x"], cache["w"], cache["stride"], cache["pad"]
    N, F, H_out, W_out = dout.shape
    _, _, HH, WW = w.shape
    x_padded = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], mode="constant")
    dx_padded = np.zeros(x_padded.shape)
    dw = np.zeros(w.shape)
    db = np.zeros(F)
    for f in range(F):
        for n in range(N):
            for i in range(H_out):
                for j in range(W_out):
                    top, left = i * stride, j * stride
                    g = dout[n, f, i, j]
                    db[f] += g
                    dw[f] += g * x_padded[n, :, top : top + HH, left : left + WW]
                    dx_padded[n, :, top : top + HH, left : left + WW] += g * w[f]
    dx = dx_padded[:, :, pad:-pad, pad:-pad] if pad > 0 else dx_padded
    return dx, dw, db


def conv_forward_fast(x, w, b, stride=1, pad=0):
    """The windows as an as_strided view with strides computed by hand, one np.einsum."""
    from numpy.lib.stride_tricks import as_strided

    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    H_out = (H + 2 * pad - HH) // stride + 1
    W_out = (W + 2 * pad - WW) // stride + 1
    x_padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    sN, sC, sH, sW = x_padded.strides
    windows = as_strided(
        x_padded,
        shape=(N, C, H_out, W_out, HH, WW),
        strides=(sN, sC, sH * stride, sW * stride, sH, sW),
        writeable=False,
    )
    out = np.einsum("nchwkl,fckl->nfhw", windows, w, optimize=True) + b.reshape(1, F, 1, 1)
    return out, {"x_shape": x.shape, "x_padded": x_padded, "w": w, "stride": stride, "pad": pad}


def conv_backward_fast(dout, cache):
    """im2col with one row per output position (n, i, j) and the columns in (c, k, l)
    order, two matrix products, and col2im with a loop over the kernel's offsets."""
    x_padded, w, stride, pad = cache["x_padded"], cache["w"], cache["stride"], cache["pad"]
    N, C, H, W = cache["x_shape"]
    F, _, HH, WW = w.shape
    _, _, H_out, W_out = dout.shape
    sN, sC, sH, sW = x_padded.strides
    patches = np.lib.stride_tricks.as_strided(
        x_padded,
        shape=(N, H_out, W_out, C, HH, WW),
        strides=(sN, sH * stride, sW * stride, sC, sH, sW),
        writeable=False,
    )
    cols = patches.reshape(N * H_out * W_out, C * HH * WW)
    dout_rows = dout.transpose(0, 2, 3, 1).reshape(-1, F)
    db = dout_rows.sum(axis=0)
    dw = (dout_rows.T @ cols).reshape(w.shape)
    dcols = (dout_rows @ w.reshape(F, -1)).reshape(N, H_out, W_out, C, HH, WW)
    dx_padded = np.zeros(x_padded.shape)
    for k in range(HH):
        for m in range(WW):
            dx_padded[:, :, k : k + stride * H_out : stride, m : m + stride * W_out : stride] += (
                dcols[:, :, :, :, k, m].transpose(0, 3, 1, 2)
            )
    return dx_padded[:, :, pad : pad + H, pad : pad + W], dw, db


def max_pool_forward(x, pool_height=2, pool_width=2, stride=2):
    """Each window flattened; its max and its np.argmax kept (the indices, not x, cached)."""
    N, C, H, W = x.shape
    H_out = (H - pool_height) // stride + 1
    W_out = (W - pool_width) // stride + 1
    out = np.zeros((N, C, H_out, W_out))
    argmax = np.zeros((N, C, H_out, W_out), dtype=int)
    for i in range(H_out):
        for j in range(W_out):
            window = x[
                :, :, i * stride : i * stride + pool_height, j * stride : j * stride + pool_width
            ].reshape(N, C, -1)
            argmax[:, :, i, j] = np.argmax(window, axis=2)
            out[:, :, i, j] = np.max(window, axis=2)
    return out, {"x_shape": x.shape, "argmax": argmax, "pool": (pool_height, pool_width, stride)}


def max_pool_backward(dout, cache):
    """np.unravel_index of the cached argmax, and np.add.at for the overlapping windows."""
    pool_height, pool_width, stride = cache["pool"]
    N, C, H_out, W_out = dout.shape
    dx = np.zeros(cache["x_shape"])
    n_idx = np.arange(N)[:, None]
    c_idx = np.arange(C)[None, :]
    for i in range(H_out):
        for j in range(W_out):
            r, c = np.unravel_index(cache["argmax"][:, :, i, j], (pool_height, pool_width))
            np.add.at(dx, (n_idx, c_idx, i * stride + r, j * stride + c), dout[:, :, i, j])
    return dx


def avg_pool_forward(x, pool_height=2, pool_width=2, stride=2):
    """A sum over each window divided by its size; only the shape and the sizes cached."""
    N, C, H, W = x.shape
    H_out = (H - pool_height) // stride + 1
    W_out = (W - pool_width) // stride + 1
    out = np.empty((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            window = x[
                :, :, i * stride : i * stride + pool_height, j * stride : j * stride + pool_width
            ]
            out[:, :, i, j] = np.sum(window, axis=(2, 3)) / (pool_height * pool_width)
    return out, (x.shape, pool_height, pool_width, stride)


def avg_pool_backward(dout, cache):
    """A loop over the window's offsets instead of the output positions: each offset adds
    the whole shared dout into a strided slice of dx."""
    shape, pool_height, pool_width, stride = cache
    _, _, H_out, W_out = dout.shape
    dx = np.zeros(shape)
    share = dout / (pool_height * pool_width)
    for k in range(pool_height):
        for m in range(pool_width):
            dx[:, :, k : k + stride * H_out : stride, m : m + stride * W_out : stride] += share
    return dx


def residual_block_forward(x, w1, b1, w2, b2):
    """The ReLUs written inline with masks (numpy imported here: residual.py does not), the
    cache a dict of what backward needs."""
    import numpy as np

    pad = (w1.shape[-1] - 1) // 2
    a, conv1 = conv_forward_fast(x, w1, b1, stride=1, pad=pad)
    h = np.maximum(a, 0)
    c, conv2 = conv_forward_fast(h, w2, b2, stride=1, pad=pad)
    s = x + c
    out = np.maximum(s, 0)
    return out, {"conv1": conv1, "conv2": conv2, "mask1": a > 0, "mask2": s > 0}


def residual_block_backward(dout, cache):
    """The masks multiplied in; the skip's term added before the first convolution's
    gradient is."""
    ds = dout * cache["mask2"]
    dh, dw2, db2 = conv_backward_fast(ds, cache["conv2"])
    dx_conv, dw1, db1 = conv_backward_fast(dh * cache["mask1"], cache["conv1"])
    dx = ds + dx_conv
    return dx, dw1, db1, dw2, db2


class ConvNet:
    """Parameters drawn with rng.normal(0, weight_scale), the layers' caches in a list, and
    the penalty added in one loop over the weights."""

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
        """W1, W2, W3 drawn in that order, the biases set afterwards."""
        C, H, W = input_dim
        rng = np.random.default_rng(seed)
        self.reg = reg
        self.params = {}
        self.params["W1"] = rng.normal(
            0.0, weight_scale, (num_filters, C, filter_size, filter_size)
        )
        pooled = num_filters * (H // 2) * (W // 2)
        self.params["W2"] = rng.normal(0.0, weight_scale, (pooled, hidden_dim))
        self.params["W3"] = rng.normal(0.0, weight_scale, (hidden_dim, num_classes))
        self.params["b1"] = np.zeros(num_filters)
        self.params["b2"] = np.zeros(hidden_dim)
        self.params["b3"] = np.zeros(num_classes)

    def loss(self, X, y=None):
        """Forward with a list of caches, backward popping them."""
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        W3, b3 = self.params["W3"], self.params["b3"]
        caches = []
        h, cache = conv_forward_fast(X, W1, b1, 1, (W1.shape[2] - 1) // 2)
        caches.append(cache)
        h, cache = relu_forward(h)
        caches.append(cache)
        h, cache = max_pool_forward(h, pool_height=2, pool_width=2, stride=2)
        caches.append(cache)
        h, cache = affine_forward(h, W2, b2)
        caches.append(cache)
        h, cache = relu_forward(h)
        caches.append(cache)
        scores, cache = affine_forward(h, W3, b3)
        caches.append(cache)
        if y is None:
            return scores
        loss, dscores = softmax_loss(scores, y)
        grads = {}
        dh, grads["W3"], grads["b3"] = affine_backward(dscores, caches.pop())
        dh = relu_backward(dh, caches.pop())
        dh, grads["W2"], grads["b2"] = affine_backward(dh, caches.pop())
        dh = max_pool_backward(dh, caches.pop())
        dh = relu_backward(dh, caches.pop())
        _, grads["W1"], grads["b1"] = conv_backward_fast(dh, caches.pop())
        for name in ("W1", "W2", "W3"):
            loss += 0.5 * self.reg * np.sum(self.params[name] ** 2)
            grads[name] += self.reg * self.params[name]
        return float(loss), grads
