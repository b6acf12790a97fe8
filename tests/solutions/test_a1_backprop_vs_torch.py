"""The a1_backprop reference solution, verified against PyTorch (float64) and closed forms.

Every graded function with a torch counterpart is compared with it (``torch.nn.functional``
or a ``torch.nn`` module for forward passes, ``torch.autograd`` for gradients) on
hypothesis-drawn inputs, derandomized so every run sees the same examples: affine, ReLU,
leaky ReLU, sigmoid and tanh (also at inputs of 1e3), the softmax, binary cross-entropy and
MSE losses, the L2 and L1 penalties and logistic regression, batch norm (train and eval,
running averages over successive calls) and layer norm, and FullyConnectedNet's loss,
gradients and test-time scores against the same network written in torch. Dropout draws its
mask from NumPy, not torch's generator, so its semantics are checked instead (identity at
test time, zero-or-scaled outputs, the backward pass reusing the mask, drop rate and mean
within 6-sigma binomial bounds). The gradient checker and rel_error are checked against
autograd and closed forms.
"""

from __future__ import annotations

import contextlib
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from torch_values import leaf, numpy

from autograder.course import Assignment, find_course
from autograder.testing.compare import assert_close
from autograder.testing.gradcheck import relative_error
from autograder.testing.strategies import (
    arrays,
    away_from_kinks,
    batched_shapes,
    class_labels,
    floats,
    seeds,
    shapes,
    sides,
)

pytestmark = pytest.mark.solutions

REF = Assignment(find_course(Path(__file__).parent), "a1_backprop").load_reference()

SETTINGS = settings(deadline=None, derandomize=True, max_examples=40)
#: For the networks, run once per (normalization, dropout) combination.
FC_SETTINGS = settings(SETTINGS, max_examples=20)

#: Forward passes and analytic gradients: NumPy and torch differ only in summation order.
RTOL, ATOL = 1e-10, 1e-12
#: Numeric (central-difference, h = 1e-5) gradients against autograd: truncation error
#: O(h^2) ~ 1e-10 and round-off ~ eps * |f| / h ~ 1e-8 for these small inputs.
NUMERIC_RTOL, NUMERIC_ATOL = 1e-7, 1e-7
#: Normalization layers and the networks that use them: x_hat = (x - mu) / sqrt(var + eps)
#: divides round-off in x - mu (about 1e-16 * |x|, |x| <= 5, and more after the layers of a
#: network) by a std as small as sqrt(eps) ~ 3e-3 for a near-constant feature; the backward
#: pass divides by it once more, after cancelling sums.
NORM_RTOL, NORM_ATOL = 1e-9, 1e-9


@contextlib.contextmanager
def no_float_warnings():
    """Turn every warning, and NumPy's overflow, division-by-zero and invalid-operation
    signals, into errors. Underflow to 0 (exp(-1000)) is exact enough and stays allowed."""
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        yield


def stretched(x: np.ndarray, peak: float = 1e3) -> np.ndarray:
    """``x`` rescaled so its largest magnitude is exactly ``peak`` (all zeros stay zeros)."""
    top = np.abs(x).max()
    if top == 0:
        return x.copy()
    out = x / top * peak
    where = np.argmax(np.abs(x))
    out.flat[where] = math.copysign(peak, x.flat[where])
    return out


@st.composite
def affine_inputs(draw):
    """(x, w, b, dout) with x of shape (N, d1..dk), w (D, M), b (M,), dout (N, M)."""
    shape = draw(batched_shapes())
    m = draw(sides())
    d = math.prod(shape[1:])
    return (
        draw(arrays(shape)),
        draw(arrays((d, m))),
        draw(arrays((m,))),
        draw(arrays((shape[0], m))),
    )


@st.composite
def softmax_inputs(draw, low: float = -5.0, high: float = 5.0):
    """(scores, y) with scores of shape (N, C), C >= 2, and y of N labels in [0, C)."""
    n, c = draw(sides(1, 6)), draw(sides(2, 6))
    return draw(arrays((n, c), low, high)), draw(class_labels(n, c))


@st.composite
def same_shape_pairs(draw):
    """(x, y) of one shape, y = x + noise at a drawn scale (0 gives identical arrays).

    The tiny scales and the zeroed entries put some denominators below rel_error's 1e-8
    floor."""
    x = draw(arrays(shapes(1, 3)))
    x[draw(arrays(x.shape, 0.0, 1.0)) < 0.2] = 0.0
    scale = draw(st.sampled_from([0.0, 1e-12, 1e-9, 1e-6, 1.0]))
    return x, x + scale * draw(arrays(x.shape))


@st.composite
def arrays_with_zeros(draw, shape, fraction: float = 0.3):
    """A float64 array of the given (or drawn) shape with about ``fraction`` of its elements
    set to exactly 0.0 or -0.0: the kinks of leaky ReLU and |w|."""
    x = draw(arrays(shape))
    u = draw(arrays(x.shape, 0.0, 1.0))
    zero = u < fraction
    x[zero] = np.copysign(0.0, u[zero] - fraction / 2)
    return x


@st.composite
def same_shape_arrays(draw, *ranges: tuple[float, float]):
    """One float64 array per (low, high) in ``ranges``, all of one drawn shape."""
    shape = draw(shapes())
    return tuple(draw(arrays(shape, low, high)) for low, high in ranges)


@st.composite
def logistic_inputs(draw):
    """(w, b, X, y, reg, penalty): w (D,) with exact zeros, b a float, X (N, D), int labels
    y (N,) in {0, 1}, reg >= 0, penalty "l2" or "l1"."""
    n, d = draw(sides(1, 6)), draw(sides(1, 5))
    return (
        draw(arrays_with_zeros((d,))),
        draw(floats()),
        draw(arrays((n, d))),
        draw(class_labels(n, 2)),
        draw(floats(0.0, 10.0)),
        draw(st.sampled_from(["l2", "l1"])),
    )


@st.composite
def batchnorm_inputs(draw, max_batches: int = 3):
    """Batch norm's arguments: 1 to ``max_batches`` training batches of shape (N, D) with
    N >= 2 (N may differ between batches), one test batch, gamma, beta, the initial running
    mean and (positive) running variance, momentum in [0, 1] and eps in [1e-5, 1]."""
    d = draw(sides())
    batch = sides(2, 5).flatmap(lambda n: arrays((n, d)))
    return {
        "batches": draw(st.lists(batch, min_size=1, max_size=max_batches)),
        "test": draw(sides(1, 5).flatmap(lambda n: arrays((n, d)))),
        "gamma": draw(arrays((d,))),
        "beta": draw(arrays((d,))),
        "running_mean": draw(arrays((d,))),
        "running_var": draw(arrays((d,), 0.1, 5.0)),
        "momentum": draw(floats(0.0, 1.0)),
        "eps": draw(floats(1e-5, 1.0)),
    }


@st.composite
def fc_net_cases(draw, normalization, dropout: bool, min_depth: int = 0):
    """A FullyConnectedNet's constructor arguments (``min_depth`` to 3 hidden layers of 1 to 4
    units, the given normalization, dropout in [0.05, 0.9] with an int dropout_seed if
    ``dropout`` else 0, drawn reg), values for its biases, gammas and betas (so they are not
    all 0 and 1), and a batch (X, y) of N >= 2.

    Every beta is at least 0.1 from 0: a feature that is constant over the batch (batch norm)
    or a single feature (layer norm) normalizes to x_hat = 0, so the ReLU after it sees beta.
    The reference gives exactly beta; torch's fused kernels give beta plus ~1e-14 round-off,
    so at beta = 0 the two would take opposite sides of the ReLU's kink."""
    depth = draw(st.integers(min_depth, 3))
    hidden = [draw(sides(1, 4)) for _ in range(depth)]
    d, c, n = draw(sides(1, 4)), draw(sides(2, 4)), draw(sides(2, 5))
    kwargs = {
        "hidden_dims": hidden,
        "input_dim": d,
        "num_classes": c,
        "dropout": draw(floats(0.05, 0.9)) if dropout else 0.0,
        "normalization": normalization,
        "reg": draw(floats(0.0, 1.0)),
        "weight_scale": draw(st.sampled_from([0.3, 1.0])),
        "seed": draw(seeds()),
        "dropout_seed": draw(st.integers(0, 2**31)),
    }
    dims = [d, *hidden, c]
    params = {f"b{i}": draw(arrays((dims[i],), -1.0, 1.0)) for i in range(1, len(dims))}
    if kwargs["normalization"] is not None:
        for i in range(1, len(hidden) + 1):
            params[f"gamma{i}"] = draw(arrays((dims[i],), -2.0, 2.0))
            params[f"beta{i}"] = away_from_kinks(draw(arrays((dims[i],), -1.0, 1.0)), margin=0.1)
    return kwargs, params, draw(arrays((n, d))), draw(class_labels(n, c))


def build_net(kwargs: dict, params: dict):
    """The reference FullyConnectedNet of ``kwargs`` with ``params`` written over its
    initial biases, gammas and betas (as a training loop writes its updates)."""
    net = REF.FullyConnectedNet(**kwargs)
    assert set(params) <= set(net.params)
    net.params.update({k: v.copy() for k, v in params.items()})
    return net


def softmax_vs_torch(scores: np.ndarray, y: np.ndarray) -> None:
    """Assert the reference's loss and dscores equal torch's cross-entropy and autograd."""
    with no_float_warnings():
        loss, dscores = REF.softmax_loss(scores.copy(), y.copy())
    s = leaf(scores)
    expected = F.cross_entropy(s, torch.from_numpy(y), reduction="mean")
    expected.backward()
    assert isinstance(loss, float), f"loss is a {type(loss).__name__}, not a float"
    assert math.isfinite(loss)
    assert np.isfinite(dscores).all()
    assert_close(loss, expected.item(), "loss", RTOL, ATOL)
    assert_close(dscores, numpy(s.grad), "dscores", RTOL, ATOL)


def elementwise_vs_torch(forward, backward, torch_fn, x: np.ndarray, dout: np.ndarray) -> None:
    """Assert forward(x)'s out and backward(dout, cache) equal torch_fn(x) and autograd's
    gradient of sum(torch_fn(x) * dout), with no warning, no inf and no nan."""
    with no_float_warnings():
        out, cache = forward(x.copy())
        dx = backward(dout.copy(), cache)
    assert np.isfinite(out).all() and np.isfinite(dx).all()
    tx = leaf(x)
    expected = torch_fn(tx)
    (expected * torch.from_numpy(dout)).sum().backward()
    assert_close(out, numpy(expected), "out", RTOL, ATOL)
    assert_close(dx, numpy(tx.grad), "dx", RTOL, ATOL)


def bce_vs_torch(logits: np.ndarray, y: np.ndarray) -> None:
    """Assert binary_cross_entropy_with_logits's loss (a float) and dlogits equal
    F.binary_cross_entropy_with_logits (mean) and autograd, with no warning."""
    with no_float_warnings():
        loss, dlogits = REF.binary_cross_entropy_with_logits(logits.copy(), y.copy())
    z = leaf(logits)
    expected = F.binary_cross_entropy_with_logits(z, torch.from_numpy(y))
    expected.backward()
    assert isinstance(loss, float), f"loss is a {type(loss).__name__}, not a float"
    assert math.isfinite(loss) and np.isfinite(dlogits).all()
    assert_close(loss, expected.item(), "loss", RTOL, ATOL)
    assert_close(dlogits, numpy(z.grad), "dlogits", RTOL, ATOL)


def torch_batchnorm(gamma, beta, running_mean, running_var, momentum, eps):
    """A float64 torch.nn.BatchNorm1d holding copies of gamma, beta and the running stats."""
    bn = torch.nn.BatchNorm1d(len(gamma), eps=eps, momentum=momentum, dtype=torch.float64)
    with torch.no_grad():
        bn.weight.copy_(torch.from_numpy(gamma))
        bn.bias.copy_(torch.from_numpy(beta))
        bn.running_mean.copy_(torch.from_numpy(running_mean))
        bn.running_var.copy_(torch.from_numpy(running_var))
    return bn


def torch_running(net) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Torch buffers (mean, var) holding copies of each of net's batch-norm running stats."""
    return [(torch.tensor(r["mean"]), torch.tensor(r["var"])) for r in net.running]


def torch_fc_scores(net, params: dict, X: np.ndarray, training: bool, running: list):
    """FullyConnectedNet's forward pass written in torch: for each hidden layer i, F.linear,
    then F.batch_norm (batch statistics in training, updating ``running`` in place, as the net
    updates its own; the running averages at test time) or F.layer_norm with the net's
    defaults (momentum 0.1, eps 1e-5), F.relu, and in training dropout with the very mask
    the net draws (the reference's dropout_forward with seed dropout_seed + i applied to
    ones); then the last F.linear. ``params`` are torch leaves keyed like net.params."""
    h = torch.from_numpy(X)
    for i in range(1, net.num_layers):
        h = F.linear(h, params[f"W{i}"].T, params[f"b{i}"])
        if net.normalization == "batchnorm":
            mean, var = running[i - 1]
            h = F.batch_norm(
                h, mean, var, params[f"gamma{i}"], params[f"beta{i}"], training, 0.1, 1e-5
            )
        elif net.normalization == "layernorm":
            h = F.layer_norm(h, (h.shape[1],), params[f"gamma{i}"], params[f"beta{i}"], 1e-5)
        h = F.relu(h)
        if net.dropout > 0 and training:
            mask, _ = REF.dropout_forward(
                np.ones(tuple(h.shape)), net.dropout, True, net.dropout_seed + i
            )
            h = h * torch.from_numpy(mask)
    last = net.num_layers
    return F.linear(h, params[f"W{last}"].T, params[f"b{last}"])


def torch_fc_loss(net, params: dict, X: np.ndarray, y: np.ndarray, running: list):
    """Torch's training loss of the network: F.cross_entropy of the scores plus
    0.5 * reg * sum(W**2) over every weight matrix."""
    scores = torch_fc_scores(net, params, X, True, running)
    loss = F.cross_entropy(scores, torch.from_numpy(y))
    for i in range(1, net.num_layers + 1):
        loss = loss + 0.5 * net.reg * (params[f"W{i}"] ** 2).sum()
    return loss


# ---- affine ---------------------------------------------------------------------------------


@SETTINGS
@given(inputs=affine_inputs())
def test_affine_forward_matches_torch_linear(inputs):
    """affine_forward(x, w, b) equals F.linear(x.reshape(N, -1), w.T, b) for x of any
    (N, d1..dk) shape."""
    x, w, b, _ = inputs
    out, _ = REF.affine_forward(x, w, b)
    expected = F.linear(
        torch.from_numpy(x).reshape(x.shape[0], -1), torch.from_numpy(w).T, torch.from_numpy(b)
    )
    assert_close(out, expected.numpy(), "out", RTOL, ATOL)


@SETTINGS
@given(inputs=affine_inputs())
def test_affine_backward_matches_autograd(inputs):
    """affine_backward's dx (shaped like x), dw and db equal torch.autograd's gradients of
    sum(out * dout)."""
    x, w, b, dout = inputs
    _, cache = REF.affine_forward(x, w, b)
    dx, dw, db = REF.affine_backward(dout, cache)
    tx, tw, tb = leaf(x), leaf(w), leaf(b)
    out = F.linear(tx.reshape(x.shape[0], -1), tw.T, tb)
    (out * torch.from_numpy(dout)).sum().backward()
    assert_close(dx, numpy(tx.grad), "dx", RTOL, ATOL)
    assert_close(dw, numpy(tw.grad), "dw", RTOL, ATOL)
    assert_close(db, numpy(tb.grad), "db", RTOL, ATOL)


# ---- ReLU -----------------------------------------------------------------------------------


@SETTINGS
@given(x=arrays(shapes()), data=st.data())
def test_relu_matches_torch(x, data):
    """relu_forward equals F.relu and relu_backward equals torch.autograd's gradient of
    sum(relu(x) * dout), on inputs of any shape moved away from the kink at 0."""
    x = away_from_kinks(x)
    dout = data.draw(arrays(x.shape), label="dout")
    out, cache = REF.relu_forward(x)
    dx = REF.relu_backward(dout, cache)
    tx = leaf(x)
    expected = F.relu(tx)
    (expected * torch.from_numpy(dout)).sum().backward()
    assert_close(out, numpy(expected), "out", RTOL, ATOL)
    assert_close(dx, numpy(tx.grad), "dx", RTOL, ATOL)


def test_relu_derivative_at_zero_is_zero_like_torch():
    """At exactly x = 0 (and -0.0) relu_backward passes no gradient, as torch's autograd."""
    x = np.array([[-1.5, 0.0, 2.0], [-0.0, 3.0, 0.0]])
    dout = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    out, cache = REF.relu_forward(x)
    dx = REF.relu_backward(dout, cache)
    tx = leaf(x)
    (F.relu(tx) * torch.from_numpy(dout)).sum().backward()
    np.testing.assert_array_equal(numpy(tx.grad), [[0.0, 0.0, 3.0], [0.0, 5.0, 0.0]])
    np.testing.assert_array_equal(dx, numpy(tx.grad))
    np.testing.assert_array_equal(out, [[0.0, 0.0, 2.0], [0.0, 3.0, 0.0]])


# ---- leaky ReLU, sigmoid, tanh --------------------------------------------------------------

#: Inputs at and around the points where a careless exp overflows (|x| > 709.78) or
#: underflows to 0 (x < -745.13), the largest being 1e3.
EXTREMES = np.array([-1e3, -745.5, -709.9, -40.0, -1.0, 0.0, 1.0, 40.0, 709.9, 745.5, 1e3])


@SETTINGS
@given(x=arrays(shapes()), slope=floats(0.0, 1.0), data=st.data())
def test_leaky_relu_matches_torch(x, slope, data):
    """leaky_relu_forward/backward equal F.leaky_relu(x, negative_slope) and autograd, for a
    drawn negative_slope, on inputs moved away from the kink at 0."""
    x = away_from_kinks(x)
    dout = data.draw(arrays(x.shape), label="dout")
    elementwise_vs_torch(
        lambda v: REF.leaky_relu_forward(v, slope),
        REF.leaky_relu_backward,
        lambda t: F.leaky_relu(t, slope),
        x,
        dout,
    )


@SETTINGS
@given(x=arrays_with_zeros(shapes()), slope=floats(0.0, 1.0), data=st.data())
def test_leaky_relu_derivative_at_zero_is_negative_slope_like_torch(x, slope, data):
    """At exactly x = 0 and -0.0 torch's autograd of F.leaky_relu passes negative_slope * dout,
    and so does leaky_relu_backward; out and dx equal torch's bit for bit everywhere."""
    dout = data.draw(arrays(x.shape), label="dout")
    out, cache = REF.leaky_relu_forward(x.copy(), slope)
    dx = REF.leaky_relu_backward(dout.copy(), cache)
    tx = leaf(x)
    expected = F.leaky_relu(tx, slope)
    (expected * torch.from_numpy(dout)).sum().backward()
    zero = x == 0
    np.testing.assert_array_equal(numpy(tx.grad)[zero], slope * dout[zero])
    np.testing.assert_array_equal(dx, numpy(tx.grad))
    np.testing.assert_array_equal(out, numpy(expected))


@SETTINGS
@given(x=arrays(shapes()), data=st.data())
def test_sigmoid_matches_torch(x, data):
    """sigmoid_forward equals torch.sigmoid and sigmoid_backward autograd's gradient of
    sum(sigmoid(x) * dout)."""
    dout = data.draw(arrays(x.shape), label="dout")
    elementwise_vs_torch(REF.sigmoid_forward, REF.sigmoid_backward, torch.sigmoid, x, dout)


@SETTINGS
@given(x=arrays(shapes(), -1e3, 1e3), data=st.data())
def test_sigmoid_stable_for_inputs_of_1e3(x, data):
    """For inputs drawn up to 1e3 in magnitude (rescaled so the largest is exactly 1e3) the
    sigmoid raises no overflow or invalid warning, stays finite and equals torch, forward and
    backward."""
    x = stretched(x)
    dout = data.draw(arrays(x.shape), label="dout")
    elementwise_vs_torch(REF.sigmoid_forward, REF.sigmoid_backward, torch.sigmoid, x, dout)


@SETTINGS
@given(x=arrays(shapes()), data=st.data())
def test_tanh_matches_torch(x, data):
    """tanh_forward equals torch.tanh and tanh_backward autograd's gradient of
    sum(tanh(x) * dout)."""
    dout = data.draw(arrays(x.shape), label="dout")
    elementwise_vs_torch(REF.tanh_forward, REF.tanh_backward, torch.tanh, x, dout)


@SETTINGS
@given(x=arrays(shapes(), -1e3, 1e3), data=st.data())
def test_tanh_stable_for_inputs_of_1e3(x, data):
    """For inputs drawn up to 1e3 in magnitude (the largest exactly 1e3) tanh raises no
    warning, stays finite and equals torch, forward and backward."""
    x = stretched(x)
    dout = data.draw(arrays(x.shape), label="dout")
    elementwise_vs_torch(REF.tanh_forward, REF.tanh_backward, torch.tanh, x, dout)


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_sigmoid_and_tanh_at_extreme_inputs(name):
    """At +-1e3 and around exp's overflow and underflow points (EXTREMES) the sigmoid and tanh
    equal torch with no warning; at +-1e3 they saturate exactly (sigmoid 0 and 1, tanh -1
    and 1) with a gradient of exactly 0."""
    forward, backward = getattr(REF, f"{name}_forward"), getattr(REF, f"{name}_backward")
    dout = np.linspace(-2.0, 3.0, EXTREMES.size)
    elementwise_vs_torch(forward, backward, getattr(torch, name), EXTREMES, dout)
    out, cache = forward(EXTREMES.copy())
    dx = backward(dout, cache)
    low = 0.0 if name == "sigmoid" else -1.0
    np.testing.assert_array_equal(out[[0, -1]], [low, 1.0])
    np.testing.assert_array_equal(dx[[0, -1]], [0.0, 0.0])


# ---- softmax loss ---------------------------------------------------------------------------


@SETTINGS
@given(inputs=softmax_inputs())
def test_softmax_loss_matches_torch_cross_entropy(inputs):
    """softmax_loss's loss equals F.cross_entropy(reduction="mean") as a Python float, and
    dscores equals torch.autograd's gradient of it."""
    softmax_vs_torch(*inputs)


@SETTINGS
@given(inputs=softmax_inputs(-1e3, 1e3))
def test_softmax_loss_stable_for_logits_of_1e3(inputs):
    """For logits drawn up to 1e3 in magnitude (rescaled so the largest is exactly 1e3),
    softmax_loss raises no warning, returns a finite loss and gradient, and equals torch."""
    scores, y = inputs
    peak = np.abs(scores).max()
    scores = scores * (1e3 / peak) if peak > 0 else scores
    softmax_vs_torch(scores, y)


def test_softmax_loss_stable_at_extreme_logits():
    """Rows of +-1e3 whose correct class has probability exp(-2000) (underflows to 0, so a
    log of p would be -inf) give the exact loss and torch's gradient."""
    scores = np.array([[1e3, -1e3, 0.0], [-1e3, -1e3, -1e3], [1e3, 1e3, -1e3]])
    y = np.array([1, 2, 2])
    softmax_vs_torch(scores, y)
    loss, _ = REF.softmax_loss(scores, y)
    assert_close(loss, (2000.0 + math.log(3.0) + 2000.0 + math.log(2.0)) / 3, "loss", RTOL)


# ---- binary cross-entropy, MSE --------------------------------------------------------------


@SETTINGS
@given(inputs=same_shape_arrays((-5.0, 5.0), (0.0, 1.0)))
def test_bce_with_logits_matches_torch(inputs):
    """binary_cross_entropy_with_logits's loss (a Python float, the mean over every element)
    equals F.binary_cross_entropy_with_logits and dlogits its autograd gradient, for logits
    of any shape and targets in [0, 1]."""
    bce_vs_torch(*inputs)


@SETTINGS
@given(inputs=same_shape_arrays((-1e3, 1e3), (0.0, 1.0)))
def test_bce_with_logits_stable_for_logits_of_1e3(inputs):
    """For logits drawn up to 1e3 in magnitude (the largest exactly 1e3) the binary
    cross-entropy raises no warning, is finite and equals torch, loss and gradient."""
    logits, y = inputs
    bce_vs_torch(stretched(logits), y)


def test_bce_with_logits_at_extreme_logits():
    """On EXTREMES with targets 0, 1 and 0.5 (confidently wrong answers at +-1e3 cost about
    1e3, right ones exactly 0) the binary cross-entropy equals torch with no warning."""
    for target in (0.0, 1.0, 0.5):
        bce_vs_torch(EXTREMES, np.full(EXTREMES.shape, target))
    loss, _ = REF.binary_cross_entropy_with_logits(np.array([1e3, -1e3]), np.array([0.0, 1.0]))
    assert_close(loss, 1e3, "loss", RTOL)


@SETTINGS
@given(inputs=same_shape_arrays((-5.0, 5.0), (-5.0, 5.0)))
def test_mse_loss_matches_torch(inputs):
    """mse_loss's loss (a Python float, the mean over every element) equals F.mse_loss and
    dpred its autograd gradient, for any shape."""
    pred, target = inputs
    loss, dpred = REF.mse_loss(pred.copy(), target.copy())
    tp = leaf(pred)
    expected = F.mse_loss(tp, torch.from_numpy(target))
    expected.backward()
    assert isinstance(loss, float), f"loss is a {type(loss).__name__}, not a float"
    assert_close(loss, expected.item(), "loss", RTOL, ATOL)
    assert_close(dpred, numpy(tp.grad), "dpred", RTOL, ATOL)


# ---- penalties and logistic regression ------------------------------------------------------


@SETTINGS
@given(w=arrays_with_zeros(shapes()), reg=floats(0.0, 10.0))
def test_l2_penalty_matches_autograd(w, reg):
    """l2_penalty's loss (a Python float) equals 0.5 * reg * (w**2).sum() in torch and dw its
    autograd gradient (reg * w)."""
    loss, dw = REF.l2_penalty(w.copy(), reg)
    tw = leaf(w)
    expected = 0.5 * reg * (tw**2).sum()
    expected.backward()
    assert isinstance(loss, float), f"loss is a {type(loss).__name__}, not a float"
    assert_close(loss, expected.item(), "loss", RTOL, ATOL)
    assert_close(dw, numpy(tw.grad), "dw", RTOL, ATOL)


@SETTINGS
@given(w=arrays_with_zeros(shapes()), reg=floats(0.0, 10.0))
def test_l1_penalty_matches_autograd_with_zero_subgradient_at_zero(w, reg):
    """l1_penalty's loss (a Python float) equals reg * w.abs().sum() in torch and dw its
    autograd gradient, which is exactly 0 at the zeros (0.0 and -0.0) of w."""
    loss, dw = REF.l1_penalty(w.copy(), reg)
    tw = leaf(w)
    expected = reg * tw.abs().sum()
    expected.backward()
    assert isinstance(loss, float), f"loss is a {type(loss).__name__}, not a float"
    assert_close(loss, expected.item(), "loss", RTOL, ATOL)
    assert_close(dw, numpy(tw.grad), "dw", RTOL, ATOL)
    np.testing.assert_array_equal(numpy(tw.grad)[w == 0], 0.0)
    np.testing.assert_array_equal(dw[w == 0], 0.0)


@SETTINGS
@given(inputs=logistic_inputs())
def test_logistic_regression_loss_matches_autograd(inputs):
    """logistic_regression_loss's loss, dw and db (Python floats for loss and db) equal
    F.binary_cross_entropy_with_logits(X @ w + b, y) plus 0.5 * reg * sum(w**2) ("l2") or
    reg * sum(|w|) ("l1") and its autograd gradients, for int 0/1 labels and a drawn reg."""
    w, b, X, y, reg, penalty = inputs
    loss, dw, db = REF.logistic_regression_loss(w.copy(), b, X.copy(), y.copy(), reg, penalty)
    tw, tb = leaf(w), leaf(np.array(b))
    z = torch.from_numpy(X) @ tw + tb
    expected = F.binary_cross_entropy_with_logits(z, torch.from_numpy(y.astype(np.float64)))
    expected = expected + (0.5 * reg * (tw**2).sum() if penalty == "l2" else reg * tw.abs().sum())
    expected.backward()
    assert isinstance(loss, float), f"loss is a {type(loss).__name__}, not a float"
    assert isinstance(db, float), f"db is a {type(db).__name__}, not a float"
    assert_close(loss, expected.item(), "loss", RTOL, ATOL)
    assert_close(dw, numpy(tw.grad), "dw", RTOL, ATOL)
    assert_close(db, tb.grad.item(), "db", RTOL, ATOL)


# ---- dropout --------------------------------------------------------------------------------
# NumPy draws the mask, not torch's generator, so no torch call can reproduce it: these tests
# check dropout's semantics, and compare with torch wherever torch is deterministic.


@SETTINGS
@given(x=arrays(shapes()), p=floats(0.0, 1.0), seed=seeds(), data=st.data())
def test_dropout_test_mode_is_identity_like_torch(x, p, seed, data):
    """With training=False, out equals F.dropout(x, p, training=False) (x, bit for bit) and
    dropout_backward passes dout through, as autograd does."""
    dout = data.draw(arrays(x.shape), label="dout")
    out, cache = REF.dropout_forward(x.copy(), p, training=False, seed=seed)
    dx = REF.dropout_backward(dout.copy(), cache)
    tx = leaf(x)
    expected = F.dropout(tx, p, training=False)
    (expected * torch.from_numpy(dout)).sum().backward()
    np.testing.assert_array_equal(out, numpy(expected))
    np.testing.assert_array_equal(dx, numpy(tx.grad))


@SETTINGS
@given(x=arrays(shapes()), p=floats(0.0, 0.95), seed=seeds(), data=st.data())
def test_dropout_training_zeroes_or_rescales_and_backward_reuses_the_mask(x, p, seed, data):
    """In training every output is 0 or x / (1 - p); with mask = (out != 0) / (1 - p) read off
    the output (x has no zeros), out equals x * mask and dx equals autograd's gradient of
    sum(x * mask * dout); the same seed gives the same out and dx."""
    x = away_from_kinks(x)
    dout = data.draw(arrays(x.shape), label="dout")
    with no_float_warnings():
        out, cache = REF.dropout_forward(x.copy(), p, training=True, seed=seed)
        dx = REF.dropout_backward(dout.copy(), cache)
    kept = out != 0
    assert_close(out[kept], x[kept] / (1 - p), "kept outputs", RTOL, ATOL)
    tx = leaf(x)
    expected = tx * torch.from_numpy(kept / (1 - p))
    (expected * torch.from_numpy(dout)).sum().backward()
    assert_close(out, numpy(expected), "out", RTOL, ATOL)
    assert_close(dx, numpy(tx.grad), "dx", RTOL, ATOL)
    again, cache = REF.dropout_forward(x.copy(), p, training=True, seed=seed)
    np.testing.assert_array_equal(again, out)
    np.testing.assert_array_equal(REF.dropout_backward(dout.copy(), cache), dx)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.9])
def test_dropout_drop_rate_and_mean_within_six_sigma(p):
    """Over n = 200_000 elements (seed 0) the dropped fraction is within 6 binomial standard
    deviations, 6 * sqrt(p (1 - p) / n), of p, and the mean of out / x within 6 standard
    deviations, 6 * sqrt(p / ((1 - p) n)), of 1 (inverted dropout keeps the expected value);
    another seed gives another mask."""
    n = 200_000
    rng = np.random.default_rng(12345)
    x = rng.uniform(0.5, 2.0, (400, 500)) * rng.choice([-1.0, 1.0], (400, 500))
    out, _ = REF.dropout_forward(x, p, training=True, seed=0)
    dropped = float(np.mean(out == 0))
    rate_bound = 6 * math.sqrt(p * (1 - p) / n)
    assert abs(dropped - p) <= rate_bound, f"dropped {dropped}, p = {p} +- {rate_bound:.1e}"
    ratio = float(np.mean(out / x))
    mean_bound = 6 * math.sqrt(p / ((1 - p) * n))
    assert abs(ratio - 1) <= mean_bound, f"mean(out / x) = {ratio}, 1 +- {mean_bound:.1e}"
    other, _ = REF.dropout_forward(x, p, training=True, seed=1)
    assert not np.array_equal(other == 0, out == 0)


@SETTINGS
@given(x=arrays(shapes()), seed=seeds(), data=st.data())
def test_dropout_p_one_and_p_zero_equal_torch(x, seed, data):
    """p = 1 drops everything (out and dx all 0, no nan, no warning) and p = 0 keeps
    everything (out = x, dx = dout), as torch's F.dropout(x, p, training=True), which is
    deterministic for these two p."""
    dout = data.draw(arrays(x.shape), label="dout")
    for p in (1.0, 0.0):
        with no_float_warnings():
            out, cache = REF.dropout_forward(x.copy(), p, training=True, seed=seed)
            dx = REF.dropout_backward(dout.copy(), cache)
        tx = leaf(x)
        expected = F.dropout(tx, p, training=True)
        (expected * torch.from_numpy(dout)).sum().backward()
        np.testing.assert_array_equal(out, numpy(expected), err_msg=f"out, p = {p}")
        np.testing.assert_array_equal(dx, numpy(tx.grad), err_msg=f"dx, p = {p}")


# ---- batch norm and layer norm --------------------------------------------------------------


@SETTINGS
@given(inputs=batchnorm_inputs())
def test_batchnorm_forward_and_running_averages_match_batchnorm1d(inputs):
    """Over 1 to 3 successive training calls batchnorm_forward's out, running_mean and
    running_var equal torch.nn.BatchNorm1d(D, eps, momentum) in train() after each call (its
    buffers updated in place); then in eval() out equals torch's on a test batch and the
    running averages come back unchanged; no input array is modified."""
    g = inputs
    bn = torch_batchnorm(
        g["gamma"], g["beta"], g["running_mean"], g["running_var"], g["momentum"], g["eps"]
    )
    mean, var = g["running_mean"], g["running_var"]
    for step, x in enumerate(g["batches"]):
        before = (x.copy(), mean.copy(), var.copy())
        out, _, new_mean, new_var = REF.batchnorm_forward(
            x, g["gamma"], g["beta"], mean, var, True, g["momentum"], g["eps"]
        )
        for kept, given_array in zip(before, (x, mean, var), strict=True):
            np.testing.assert_array_equal(given_array, kept, err_msg="an input was modified")
        bn.train()
        with torch.no_grad():
            expected = bn(torch.from_numpy(x))
        assert_close(out, numpy(expected), f"out (training call {step})", NORM_RTOL, NORM_ATOL)
        assert_close(new_mean, numpy(bn.running_mean), f"running_mean ({step})", RTOL, ATOL)
        assert_close(new_var, numpy(bn.running_var), f"running_var ({step})", RTOL, ATOL)
        mean, var = new_mean, new_var
    out, _, same_mean, same_var = REF.batchnorm_forward(
        g["test"], g["gamma"], g["beta"], mean, var, False, g["momentum"], g["eps"]
    )
    bn.eval()
    with torch.no_grad():
        expected = bn(torch.from_numpy(g["test"]))
    assert_close(out, numpy(expected), "out (eval)", RTOL, ATOL)
    np.testing.assert_array_equal(same_mean, mean)
    np.testing.assert_array_equal(same_var, var)


@SETTINGS
@given(inputs=batchnorm_inputs(max_batches=1), training=st.booleans(), data=st.data())
def test_batchnorm_backward_matches_autograd(inputs, training, data):
    """batchnorm_backward's dx, dgamma and dbeta equal autograd's gradients of
    sum(BatchNorm1d(x) * dout) with respect to x, weight and bias, in train() (through the
    batch statistics) and in eval() (through the running averages only)."""
    g = inputs
    x = g["batches"][0] if training else g["test"]
    dout = data.draw(arrays(x.shape), label="dout")
    _, cache, _, _ = REF.batchnorm_forward(
        x,
        g["gamma"],
        g["beta"],
        g["running_mean"],
        g["running_var"],
        training,
        g["momentum"],
        g["eps"],
    )
    dx, dgamma, dbeta = REF.batchnorm_backward(dout.copy(), cache)
    bn = torch_batchnorm(
        g["gamma"], g["beta"], g["running_mean"], g["running_var"], g["momentum"], g["eps"]
    )
    bn.train(training)
    tx = leaf(x)
    (bn(tx) * torch.from_numpy(dout)).sum().backward()
    assert_close(dx, numpy(tx.grad), "dx", NORM_RTOL, NORM_ATOL)
    assert_close(dgamma, numpy(bn.weight.grad), "dgamma", NORM_RTOL, NORM_ATOL)
    assert_close(dbeta, numpy(bn.bias.grad), "dbeta", RTOL, ATOL)


@SETTINGS
@given(x=st.tuples(sides(), sides()).flatmap(arrays), eps=floats(1e-5, 1.0), data=st.data())
def test_layernorm_matches_torch_layer_norm(x, eps, data):
    """layernorm_forward equals F.layer_norm(x, (D,), gamma, beta, eps), and
    layernorm_backward's dx, dgamma and dbeta autograd's gradients of sum(out * dout)."""
    d = x.shape[1]
    gamma, beta = data.draw(arrays((d,)), label="gamma"), data.draw(arrays((d,)), label="beta")
    dout = data.draw(arrays(x.shape), label="dout")
    out, cache = REF.layernorm_forward(x.copy(), gamma, beta, eps)
    dx, dgamma, dbeta = REF.layernorm_backward(dout.copy(), cache)
    tx, tg, tb = leaf(x), leaf(gamma), leaf(beta)
    expected = F.layer_norm(tx, (d,), tg, tb, eps)
    (expected * torch.from_numpy(dout)).sum().backward()
    assert_close(out, numpy(expected), "out", NORM_RTOL, NORM_ATOL)
    assert_close(dx, numpy(tx.grad), "dx", NORM_RTOL, NORM_ATOL)
    assert_close(dgamma, numpy(tg.grad), "dgamma", NORM_RTOL, NORM_ATOL)
    assert_close(dbeta, numpy(tb.grad), "dbeta", RTOL, ATOL)


# ---- FullyConnectedNet ----------------------------------------------------------------------


NETS = pytest.mark.parametrize(
    ("normalization", "dropout"),
    [(norm, drop) for norm in (None, "batchnorm", "layernorm") for drop in (False, True)],
)


@NETS
@FC_SETTINGS
@given(data=st.data())
def test_fc_net_loss_and_grads_match_autograd(normalization, dropout, data):
    """FullyConnectedNet.loss(X, y)'s loss (a Python float) and every grads entry equal
    autograd's through the same network in torch (torch_fc_scores: same weights, same
    dropout masks, cross-entropy + 0.5 * reg * sum(W**2)); then net.running equals torch's
    batch-norm buffers and loss(X) (y=None) equals torch's test-mode scores."""
    case = data.draw(fc_net_cases(normalization, dropout), label="case")
    kwargs, values, X, y = case
    net = build_net(kwargs, values)
    params = {k: leaf(v) for k, v in net.params.items()}
    running = torch_running(net)
    loss, grads = net.loss(X.copy(), y.copy())
    expected = torch_fc_loss(net, params, X, y, running)
    expected.backward()
    assert isinstance(loss, float), f"loss is a {type(loss).__name__}, not a float"
    assert_close(loss, expected.item(), "loss", NORM_RTOL, NORM_ATOL)
    assert set(grads) == set(net.params)
    for key, value in net.params.items():
        assert grads[key].shape == value.shape, key
        assert_close(grads[key], numpy(params[key].grad), key, NORM_RTOL, NORM_ATOL)
    for i, (mean, var) in enumerate(running):
        assert_close(net.running[i]["mean"], numpy(mean), f"running mean {i + 1}", RTOL, ATOL)
        assert_close(net.running[i]["var"], numpy(var), f"running var {i + 1}", RTOL, ATOL)
    with torch.no_grad():
        expected_scores = torch_fc_scores(net, params, X, False, running)
    assert_close(net.loss(X.copy()), numpy(expected_scores), "scores", NORM_RTOL, NORM_ATOL)


@pytest.mark.parametrize("dropout", [False, True])
@FC_SETTINGS
@given(data=st.data())
def test_fc_net_batchnorm_running_averages_and_test_scores_match_torch(dropout, data):
    """With batch norm, after each of 3 training calls on fresh batches net.running equals the
    buffers torch's F.batch_norm updates, and loss(X) (y=None: running averages, no
    dropout) then equals torch's test-mode scores on a new batch and leaves them unchanged."""
    case = data.draw(fc_net_cases("batchnorm", dropout, min_depth=1), label="case")
    kwargs, values, X, y = case
    net = build_net(kwargs, values)
    params = {k: leaf(v) for k, v in net.params.items()}
    running = torch_running(net)
    d, c = kwargs["input_dim"], kwargs["num_classes"]
    for step in range(3):
        if step > 0:
            n = data.draw(sides(2, 5), label="N")
            X, y = data.draw(arrays((n, d)), label="X"), data.draw(class_labels(n, c), label="y")
        net.loss(X.copy(), y.copy())
        with torch.no_grad():
            torch_fc_scores(net, params, X, True, running)
        for i, (mean, var) in enumerate(running):
            name = f"layer {i + 1} after call {step + 1}"
            assert_close(net.running[i]["mean"], numpy(mean), f"running mean, {name}", RTOL, ATOL)
            assert_close(net.running[i]["var"], numpy(var), f"running var, {name}", RTOL, ATOL)
    X_test = data.draw(sides(1, 5).flatmap(lambda n: arrays((n, d))), label="X_test")
    before = [(r["mean"].copy(), r["var"].copy()) for r in net.running]
    scores = net.loss(X_test.copy())
    with torch.no_grad():
        expected = torch_fc_scores(net, params, X_test, False, running)
    assert_close(scores, numpy(expected), "scores", NORM_RTOL, NORM_ATOL)
    for r, (mean, var) in zip(net.running, before, strict=True):
        np.testing.assert_array_equal(r["mean"], mean, err_msg="test mode moved running mean")
        np.testing.assert_array_equal(r["var"], var, err_msg="test mode moved running var")


# ---- gradient checking ----------------------------------------------------------------------


@SETTINGS
@given(x=arrays(shapes(1, 3, 1, 4)))
def test_eval_numerical_gradient_matches_autograd_and_restores_x(x):
    """eval_numerical_gradient of f(x) = sum(sin(x) * x**2) equals torch.autograd's gradient
    within 1e-7 (relative, with 1e-7 absolute near zero), and leaves x bit-for-bit
    unchanged."""
    before = x.copy()
    grad = REF.eval_numerical_gradient(lambda v: float(np.sum(np.sin(v) * v**2)), x)
    np.testing.assert_array_equal(x, before, err_msg="x was not restored")
    tx = leaf(x)
    (torch.sin(tx) * tx**2).sum().backward()
    assert_close(grad, numpy(tx.grad), "grad", NUMERIC_RTOL, NUMERIC_ATOL)


@SETTINGS
@given(x=arrays(shapes(1, 3, 1, 4)), data=st.data())
def test_eval_numerical_gradient_array_matches_autograd(x, data):
    """eval_numerical_gradient_array of the elementwise f(x) = tanh(x) * x + cos(x) with a
    drawn df equals torch.autograd's gradient of sum(f(x) * df) within 1e-7, and restores x."""
    df = data.draw(arrays(x.shape), label="df")
    before = x.copy()
    grad = REF.eval_numerical_gradient_array(lambda v: np.tanh(v) * v + np.cos(v), x, df)
    np.testing.assert_array_equal(x, before, err_msg="x was not restored")
    tx = leaf(x)
    ((torch.tanh(tx) * tx + torch.cos(tx)) * torch.from_numpy(df)).sum().backward()
    assert_close(grad, numpy(tx.grad), "grad", NUMERIC_RTOL, NUMERIC_ATOL)


@SETTINGS
@given(x=arrays(shapes(1, 3, 1, 4)), data=st.data())
def test_eval_numerical_gradient_array_handles_f_returning_a_view(x, data):
    """With f the identity (its output shares memory with x), the numeric gradient of
    sum(f(x) * df) is df: outputs are reduced before x is restored."""
    df = data.draw(arrays(x.shape), label="df")
    grad = REF.eval_numerical_gradient_array(lambda v: v, x, df)
    assert_close(grad, df, "grad", NUMERIC_RTOL, NUMERIC_ATOL)


# ---- rel_error ------------------------------------------------------------------------------


@SETTINGS
@given(pair=same_shape_pairs())
def test_rel_error_equals_closed_form(pair):
    """rel_error(x, y) is max_i |x_i - y_i| / max(1e-8, |x_i| + |y_i|), computed here element
    by element in plain Python, and a Python float."""
    x, y = pair
    expected = max(
        abs(a - b) / max(1e-8, abs(a) + abs(b)) for a, b in zip(x.ravel(), y.ravel(), strict=True)
    )
    got = REF.rel_error(x, y)
    assert isinstance(got, float)
    assert_close(got, expected, "rel_error", RTOL, 1e-15)
    assert_close(got, relative_error(x, y), "rel_error vs the grader's", RTOL, 1e-15)


@SETTINGS
@given(x=arrays(shapes()))
def test_rel_error_of_identical_arrays_is_zero(x):
    """rel_error(x, x) is exactly 0, zeros included (the 1e-8 floor avoids 0 / 0)."""
    x[..., 0] = 0.0
    assert REF.rel_error(x, x.copy()) == 0.0


def test_rel_error_floor():
    """Below the 1e-8 floor the denominator is 1e-8: rel_error(0, 1e-9) = 1e-9 / 1e-8."""
    assert_close(REF.rel_error(np.array([0.0]), np.array([1e-9])), 0.1, "rel_error", RTOL, 1e-15)
