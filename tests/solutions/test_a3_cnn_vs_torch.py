"""The a3_cnn reference solution, verified against PyTorch (float64).

Sizes: conv_output_size equals the output length of torch's convolution (and the formula
floor((size - k + 2p) / s) + 1) and raises ValueError exactly where torch refuses a kernel
larger than the padded input; conv_param_count equals the parameter count of
torch.nn.Conv2d(C, F, (HH, WW)); conv_mult_count equals F * H' * W' * C * HH * WW with H'
and W' from torch's output; the notes' example (97x97x3, fifteen 9x9 filters, stride 2, no
padding: 45x45x15, 3660 parameters) holds.

Convolution: conv_forward_naive and conv_forward_fast equal F.conv2d (output shape
included) and each other, and conv_backward_naive and conv_backward_fast equal autograd's
gradients of sum(out * dout), on hypothesis-drawn shapes (rectangular kernels), strides 1-3
and paddings 0-2; each test runs once on any sizes and once on sizes forced to have
(H - HH + 2P) and (W - WW + 2P) not divisible by the stride (the last column and row
dropped).

Pooling: max_pool_forward/backward and avg_pool_forward/backward equal F.max_pool2d and
F.avg_pool2d (no padding, floor) and autograd, with windows that overlap (stride < window),
leave gaps (stride > window) and do not divide the input. Max pooling is checked on
continuous inputs (no ties), then with ties: the reference sends the gradient to the first
max in row-major order, and torch (CPU) does the same.

Residual block and ConvNet: outputs and every gradient equal the same computation written in
torch (F.conv2d with "same" padding, F.relu, F.max_pool2d, affine layers, F.cross_entropy
plus the L2 penalty) and its autograd gradients. make_bars returns what its docstring says,
deterministically, and a ConvNet trained with train_classifier tells its classes apart on a
held-out set.

Values are drawn from a hypothesis-drawn seed (a failing example reads as a few sizes and a
seed), all derandomized so every run sees the same examples.
"""

from __future__ import annotations

import math
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
from autograder.testing.strategies import class_labels, floats, seeds, sides

pytestmark = pytest.mark.solutions

REF = Assignment(find_course(Path(__file__).parent), "a3_cnn").load_reference()

SETTINGS = settings(deadline=None, derandomize=True, max_examples=40)
#: The residual block and the network: fewer, larger examples.
NET_SETTINGS = settings(SETTINGS, max_examples=25)

#: Layers and networks against torch: NumPy and torch sum the same products in a different
#: order (tensordot / loops against torch's convolution kernels). A convolution output or a
#: dw entry sums up to a few hundred products of standard-normal values, whose round-off is
#: ~1e-14 absolute; ATOL covers entries that cancel to about 0. (Observed over these
#: examples and over 300-400 random ones per test: differences up to 4e-14, at most 4e-4 of
#: the allowed one.)
RTOL, ATOL = 1e-10, 1e-11

#: Sizes of the convolution tests: batch, channels, filters, kernel lengths, stride, padding.
BATCHES, CHANNELS, FILTERS, KERNELS = sides(1, 3), sides(1, 3), sides(1, 4), sides(1, 4)
STRIDES, PADS = st.integers(1, 3), st.integers(0, 2)


@st.composite
def lengths(draw, kernel: int, stride: int, pad: int, non_divisible: bool):
    """An input length ``size`` >= 1 that the kernel fits once padded (size + 2 * pad >=
    kernel): size - kernel + 2 * pad = stride * q + r with q in 0..3 (raised until size >= 1)
    and r in 0..stride-1, or in 1..stride-1 if ``non_divisible`` (stride >= 2 then), so that
    (size - kernel + 2 * pad) % stride != 0 by construction."""
    quotient = draw(st.integers(0, 3))
    remainder = draw(st.integers(1 if non_divisible else 0, stride - 1))
    size = kernel - 2 * pad + stride * quotient + remainder
    while size < 1:
        size += stride
    return size


@st.composite
def conv_cases(draw, non_divisible: bool):
    """(x, w, b, stride, pad, seed): x (N, C, H, W), w (F, C, HH, WW), b (F,) of standard
    normal values from ``seed``; HH and WW drawn apart, so kernels may be rectangular; with
    ``non_divisible``, stride 2 or 3 and neither (H - HH + 2P) nor (W - WW + 2P) divisible by
    it."""
    n, c, f = draw(BATCHES), draw(CHANNELS), draw(FILTERS)
    hh, ww = draw(KERNELS), draw(KERNELS)
    stride = draw(st.integers(2, 3) if non_divisible else STRIDES)
    pad = draw(PADS)
    h = draw(lengths(hh, stride, pad, non_divisible), label="H")
    w = draw(lengths(ww, stride, pad, non_divisible), label="W")
    seed = draw(seeds(), label="seed")
    rng = np.random.default_rng(seed)
    return (
        rng.standard_normal((n, c, h, w)),
        rng.standard_normal((f, c, hh, ww)),
        rng.standard_normal(f),
        stride,
        pad,
        seed,
    )


CONV_IMPLS = [
    ("naive", REF.conv_forward_naive, REF.conv_backward_naive),
    ("fast", REF.conv_forward_fast, REF.conv_backward_fast),
]
DIVISIBILITY = pytest.mark.parametrize("non_divisible", [False, True], ids=["any", "nondivisible"])


def check_non_divisible(x, w, stride, pad, non_divisible):
    """With ``non_divisible``, assert that the drawn sizes really leave a remainder."""
    if non_divisible:
        for size, kernel in [(x.shape[2], w.shape[2]), (x.shape[3], w.shape[3])]:
            assert (size - kernel + 2 * pad) % stride != 0, (size, kernel, stride, pad)


# ---- sizes ----------------------------------------------------------------------------------


def torch_conv_length(size: int, kernel: int, stride: int, pad: int) -> int:
    """The output length of torch's convolution along one axis (on the meta device: shapes
    only; raises RuntimeError where the kernel does not fit)."""
    x = torch.empty((1, 1, size), device="meta")
    w = torch.empty((1, 1, kernel), device="meta")
    return F.conv1d(x, w, stride=stride, padding=pad).shape[-1]


@SETTINGS
@given(size=sides(1, 12), kernel=sides(1, 8), stride=sides(1, 4), pad=st.integers(0, 3))
def test_conv_output_size_matches_torch(size, kernel, stride, pad):
    """conv_output_size is an int equal to torch's output length and to
    floor((size - k + 2p) / s) + 1, and raises ValueError exactly where torch raises (the
    kernel larger than the padded input)."""
    if kernel > size + 2 * pad:
        with pytest.raises(RuntimeError):
            torch_conv_length(size, kernel, stride, pad)
        with pytest.raises(ValueError):
            REF.conv_output_size(size, kernel, stride, pad)
        return
    got = REF.conv_output_size(size, kernel, stride, pad)
    assert type(got) is int, f"conv_output_size returned a {type(got).__name__}"
    assert got == torch_conv_length(size, kernel, stride, pad)
    assert got == math.floor((size - kernel + 2 * pad) / stride) + 1


@SETTINGS
@given(c=sides(1, 8), f=sides(1, 8), hh=sides(1, 7), ww=sides(1, 7))
def test_conv_param_count_matches_torch_conv2d(c, f, hh, ww):
    """conv_param_count(C, F, HH, WW) equals the number of parameters (weights and biases)
    of torch.nn.Conv2d(C, F, (HH, WW))."""
    expected = sum(p.numel() for p in torch.nn.Conv2d(c, f, (hh, ww)).parameters())
    got = REF.conv_param_count(c, f, hh, ww)
    assert type(got) is int and got == expected, f"{got} != torch's {expected}"


@SETTINGS
@given(
    c=sides(1, 4),
    h=sides(1, 12),
    w=sides(1, 12),
    f=sides(1, 8),
    hh=sides(1, 6),
    ww=sides(1, 6),
    stride=sides(1, 4),
    pad=st.integers(0, 3),
)
def test_conv_mult_count_matches_torch_output_shape(c, h, w, f, hh, ww, stride, pad):
    """conv_mult_count equals F * H' * W' * C * HH * WW with (F, H', W') the shape of torch's
    F.conv2d output, and raises ValueError where torch raises."""
    x = torch.empty((1, c, h, w), device="meta")
    filters = torch.empty((f, c, hh, ww), device="meta")
    if hh > h + 2 * pad or ww > w + 2 * pad:
        with pytest.raises(RuntimeError):
            F.conv2d(x, filters, stride=stride, padding=pad)
        with pytest.raises(ValueError):
            REF.conv_mult_count((c, h, w), f, hh, ww, stride, pad)
        return
    _, out_f, out_h, out_w = F.conv2d(x, filters, stride=stride, padding=pad).shape
    got = REF.conv_mult_count((c, h, w), f, hh, ww, stride, pad)
    assert type(got) is int and got == out_f * out_h * out_w * c * hh * ww


def test_notes_example_matches_torch():
    """The notes' example: a 97x97x3 input, fifteen 9x9 filters, stride 2, no padding gives
    torch's 45x45x15 output, 3660 parameters (torch.nn.Conv2d's) and 7,381,125
    multiplications."""
    layer = torch.nn.Conv2d(3, 15, 9, stride=2, padding=0)
    with torch.no_grad():
        shape = tuple(layer(torch.zeros(1, 3, 97, 97)).shape)
    assert shape == (1, 15, 45, 45)
    assert REF.conv_output_size(97, 9, 2, 0) == 45
    assert REF.conv_param_count(3, 15, 9, 9) == 3660 == sum(p.numel() for p in layer.parameters())
    assert REF.conv_mult_count((3, 97, 97), 15, 9, 9, 2, 0) == 15 * 45 * 45 * 3 * 9 * 9
    assert REF.conv_mult_count((3, 97, 97), 15, 9, 9, 2, 0) == 7_381_125


# ---- convolution ----------------------------------------------------------------------------


@DIVISIBILITY
@SETTINGS
@given(data=st.data())
def test_conv_forward_naive_and_fast_match_torch_conv2d(non_divisible, data):
    """conv_forward_naive and conv_forward_fast equal F.conv2d(x, w, b, stride, padding), in
    shape and values, and each other, and leave x, w and b unmodified."""
    x, w, b, stride, pad, _ = data.draw(conv_cases(non_divisible), label="case")
    check_non_divisible(x, w, stride, pad, non_divisible)
    expected = F.conv2d(
        torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), stride=stride, padding=pad
    ).numpy()
    outs = {}
    for name, forward, _ in CONV_IMPLS:
        before = {"x": x.copy(), "w": w.copy(), "b": b.copy()}
        out, _ = forward(x, w, b, stride, pad)
        for arg, now in zip(before, (x, w, b), strict=True):
            np.testing.assert_array_equal(now, before[arg], err_msg=f"{name}: {arg} modified")
        assert out.shape == expected.shape, f"{name}: shape {out.shape}, torch's {expected.shape}"
        assert_close(out, expected, f"{name} out", RTOL, ATOL)
        outs[name] = out
    assert_close(outs["fast"], outs["naive"], "fast out vs naive out", RTOL, ATOL)


@DIVISIBILITY
@SETTINGS
@given(data=st.data())
def test_conv_backward_naive_and_fast_match_autograd(non_divisible, data):
    """conv_backward_naive and conv_backward_fast return dx, dw and db equal to autograd's
    gradients of sum(F.conv2d(x, w, b, stride, padding) * dout), and equal to each other."""
    x, w, b, stride, pad, seed = data.draw(conv_cases(non_divisible), label="case")
    check_non_divisible(x, w, stride, pad, non_divisible)
    tx, tw, tb = leaf(x), leaf(w), leaf(b)
    out = F.conv2d(tx, tw, tb, stride=stride, padding=pad)
    dout = np.random.default_rng(seed + 1).standard_normal(tuple(out.shape))
    (out * torch.from_numpy(dout)).sum().backward()
    grads = {}
    for name, forward, backward in CONV_IMPLS:
        _, cache = forward(x, w, b, stride, pad)
        dx, dw, db = backward(dout.copy(), cache)
        assert_close(dx, numpy(tx.grad), f"{name} dx", RTOL, ATOL)
        assert_close(dw, numpy(tw.grad), f"{name} dw", RTOL, ATOL)
        assert_close(db, numpy(tb.grad), f"{name} db", RTOL, ATOL)
        grads[name] = (dx, dw, db)
    for label, fast, naive in zip(("dx", "dw", "db"), grads["fast"], grads["naive"], strict=True):
        assert_close(fast, naive, f"fast {label} vs naive {label}", RTOL, ATOL)


# ---- pooling --------------------------------------------------------------------------------


@st.composite
def pool_cases(draw, overlapping_non_divisible: bool):
    """(x, pool_height, pool_width, stride, seed), x (N, C, H, W) of standard normal values
    from ``seed`` (continuous: no ties). Any windows of 1-4 and stride 1-4 (windows that
    overlap, touch or leave gaps); or, with ``overlapping_non_divisible``, stride 2 or 3 below
    both window lengths and neither H - pool_height nor W - pool_width divisible by it."""
    if overlapping_non_divisible:
        stride = draw(st.integers(2, 3))
        ph, pw = draw(sides(stride + 1, 4)), draw(sides(stride + 1, 4))
    else:
        stride, ph, pw = draw(sides(1, 4)), draw(sides(1, 4)), draw(sides(1, 4))
    n, c = draw(sides(1, 3)), draw(sides(1, 3))
    h = draw(lengths(ph, stride, 0, overlapping_non_divisible), label="H")
    w = draw(lengths(pw, stride, 0, overlapping_non_divisible), label="W")
    seed = draw(seeds(), label="seed")
    return np.random.default_rng(seed).standard_normal((n, c, h, w)), ph, pw, stride, seed


POOLS = [
    ("max", REF.max_pool_forward, REF.max_pool_backward, F.max_pool2d),
    ("avg", REF.avg_pool_forward, REF.avg_pool_backward, F.avg_pool2d),
]
POOL_CASES = pytest.mark.parametrize(
    "overlapping_non_divisible", [False, True], ids=["any", "overlapping-nondivisible"]
)


def pool_vs_torch(forward, backward, torch_pool, x, ph, pw, stride, dout_seed):
    """Assert forward(x, ph, pw, stride)'s out and backward(dout, cache) equal
    torch_pool(x, (ph, pw), stride) and autograd's gradient of sum(out * dout); x unmodified.
    Returns dx."""
    tx = leaf(x)
    expected = torch_pool(tx, (ph, pw), stride)
    dout = np.random.default_rng(dout_seed).standard_normal(tuple(expected.shape))
    (expected * torch.from_numpy(dout)).sum().backward()
    before = x.copy()
    out, cache = forward(x, ph, pw, stride)
    dx = backward(dout.copy(), cache)
    np.testing.assert_array_equal(x, before, err_msg="x was modified")
    assert out.shape == tuple(expected.shape), f"shape {out.shape}, torch's {expected.shape}"
    assert_close(out, numpy(expected), "out", RTOL, ATOL)
    assert_close(dx, numpy(tx.grad), "dx", RTOL, ATOL)
    return dx


@pytest.mark.parametrize("pool", POOLS, ids=lambda p: p[0])
@POOL_CASES
@SETTINGS
@given(data=st.data())
def test_pooling_matches_torch_and_autograd(pool, overlapping_non_divisible, data):
    """max_pool_forward/backward and avg_pool_forward/backward equal F.max_pool2d and
    F.avg_pool2d (kernel (ph, pw), stride, no padding) and autograd's gradients."""
    _, forward, backward, torch_pool = pool
    x, ph, pw, stride, seed = data.draw(pool_cases(overlapping_non_divisible), label="case")
    if overlapping_non_divisible:
        assert stride < min(ph, pw)
        assert (x.shape[2] - ph) % stride and (x.shape[3] - pw) % stride
    pool_vs_torch(forward, backward, torch_pool, x, ph, pw, stride, seed + 1)


def test_max_pool_ties_go_to_the_first_max_like_torch():
    """With ties in a window, max_pool_backward sends the gradient to the first max in
    row-major order (np.argmax's choice), overlapping windows adding up; torch's CPU
    max_pool2d chooses the same entries (written out here by hand)."""
    x = np.array(
        [
            [[1.0, 3.0, 3.0, 0.0], [3.0, 2.0, 3.0, 1.0], [0.0, 3.0, 1.0, 3.0]],
            np.full((3, 4), -1.5),  # every window one tie: a ReLU's zeros in a ConvNet
        ]
    )[None]
    dout = np.arange(1.0, 13.0).reshape(1, 2, 2, 3)
    out, cache = REF.max_pool_forward(x, 2, 2, 1)
    dx = REF.max_pool_backward(dout, cache)
    expected_dx = np.array(
        [
            [[0.0, 1.0 + 2.0, 3.0, 0.0], [4.0, 0.0, 5.0 + 6.0, 0.0], [0.0, 0.0, 0.0, 0.0]],
            [[7.0, 8.0, 9.0, 0.0], [10.0, 11.0, 12.0, 0.0], [0.0, 0.0, 0.0, 0.0]],
        ]
    )[None]
    np.testing.assert_array_equal(out, [[[[3.0] * 3] * 2, [[-1.5] * 3] * 2]])
    np.testing.assert_array_equal(dx, expected_dx)
    tx = leaf(x)
    (F.max_pool2d(tx, (2, 2), 1) * torch.from_numpy(dout)).sum().backward()
    np.testing.assert_array_equal(numpy(tx.grad), expected_dx)


@POOL_CASES
@SETTINGS
@given(data=st.data())
def test_max_pool_with_many_ties_matches_torch(overlapping_non_divisible, data):
    """On inputs of only 0, 1 and 2 (ties in most windows), max pooling still equals torch's
    F.max_pool2d and autograd: both take the first max in row-major order."""
    x, ph, pw, stride, seed = data.draw(pool_cases(overlapping_non_divisible), label="case")
    x = np.random.default_rng(seed).integers(0, 3, size=x.shape).astype(np.float64)
    pool_vs_torch(REF.max_pool_forward, REF.max_pool_backward, F.max_pool2d, x, ph, pw, stride, 0)


# ---- residual block -------------------------------------------------------------------------


@st.composite
def residual_cases(draw):
    """(x, w1, b1, w2, b2, dout): x and dout (N, C, H, W), w1 (F, C, K, K), b1 (F,),
    w2 (C, F, K, K), b2 (C,), K in {1, 3, 5}, of standard normal values from a drawn seed."""
    n, c, f = draw(sides(1, 2)), draw(sides(1, 3)), draw(sides(1, 3))
    k = draw(st.sampled_from([1, 3, 5]), label="K")
    h, w = draw(sides(1, 6)), draw(sides(1, 6))
    rng = np.random.default_rng(draw(seeds(), label="seed"))
    return (
        rng.standard_normal((n, c, h, w)),
        rng.standard_normal((f, c, k, k)),
        rng.standard_normal(f),
        rng.standard_normal((c, f, k, k)),
        rng.standard_normal(c),
        rng.standard_normal((n, c, h, w)),
    )


@NET_SETTINGS
@given(case=residual_cases())
def test_residual_block_matches_torch_and_autograd(case):
    """residual_block_forward equals relu(x + conv2d(relu(conv2d(x, w1, b1, padding=p)), w2,
    b2, padding=p)) with p = (K - 1) // 2, and residual_block_backward's dx, dw1, db1, dw2,
    db2 equal autograd's gradients of sum(out * dout)."""
    x, w1, b1, w2, b2, dout = case
    pad = (w1.shape[2] - 1) // 2
    out, cache = REF.residual_block_forward(x, w1, b1, w2, b2)
    grads = REF.residual_block_backward(dout.copy(), cache)
    leaves = [leaf(a) for a in (x, w1, b1, w2, b2)]
    tx, tw1, tb1, tw2, tb2 = leaves
    hidden = F.relu(F.conv2d(tx, tw1, tb1, padding=pad))
    expected = F.relu(tx + F.conv2d(hidden, tw2, tb2, padding=pad))
    (expected * torch.from_numpy(dout)).sum().backward()
    assert_close(out, numpy(expected), "out", RTOL, ATOL)
    assert len(grads) == 5
    for name, got, t in zip(("dx", "dw1", "db1", "dw2", "db2"), grads, leaves, strict=True):
        assert_close(got, numpy(t.grad), name, RTOL, ATOL)


# ---- ConvNet --------------------------------------------------------------------------------


@st.composite
def convnet_cases(draw):
    """A ConvNet's constructor arguments (1-2 channels, even H and W of 4 to 8, 1-3 filters of
    K in {1, 3, 5}, 1-5 hidden units, 2-4 classes, drawn weight_scale, reg and seed), biases
    to write over its zero ones (standard normal, so the ReLUs see them), and a batch (X, y)
    of 1 to 4 standard normal images."""
    evens = st.sampled_from([4, 6, 8])
    c, h, w = draw(sides(1, 2)), draw(evens, label="H"), draw(evens, label="W")
    kwargs = {
        "input_dim": (c, h, w),
        "num_filters": draw(sides(1, 3)),
        "filter_size": draw(st.sampled_from([1, 3, 5])),
        "hidden_dim": draw(sides(1, 5)),
        "num_classes": draw(sides(2, 4)),
        "weight_scale": draw(st.sampled_from([0.3, 1.0])),
        "reg": draw(st.one_of(st.just(0.0), floats(0.0, 1.0))),
        "seed": draw(seeds()),
    }
    n = draw(sides(1, 4), label="N")
    rng = np.random.default_rng(draw(seeds(), label="values seed"))
    biases = {
        "b1": rng.standard_normal(kwargs["num_filters"]),
        "b2": rng.standard_normal(kwargs["hidden_dim"]),
        "b3": rng.standard_normal(kwargs["num_classes"]),
    }
    X = rng.standard_normal((n, c, h, w))
    return kwargs, biases, X, draw(class_labels(n, kwargs["num_classes"]), label="y")


def torch_convnet_scores(params: dict, X: np.ndarray) -> torch.Tensor:
    """ConvNet's forward pass written in torch: F.conv2d (stride 1, padding (K - 1) // 2),
    F.relu, F.max_pool2d(2, 2), flatten, X_flat @ W2 + b2 (the affine weight is (D, M)),
    F.relu, @ W3 + b3. ``params`` are torch leaves keyed like net.params."""
    pad = (params["W1"].shape[2] - 1) // 2
    h = F.relu(F.conv2d(torch.from_numpy(X), params["W1"], params["b1"], padding=pad))
    h = F.max_pool2d(h, 2, 2).flatten(1)
    h = F.relu(h @ params["W2"] + params["b2"])
    return h @ params["W3"] + params["b3"]


@NET_SETTINGS
@given(case=convnet_cases())
def test_convnet_scores_loss_and_grads_match_autograd(case):
    """ConvNet's params have the documented shapes; loss(X) equals the network written in
    torch, and loss(X, y)'s loss (a float) and every gradient equal F.cross_entropy (mean) +
    0.5 * reg * sum of W1**2, W2**2, W3**2 and its autograd gradients."""
    kwargs, biases, X, y = case
    net = REF.ConvNet(**kwargs)
    c, h, w = kwargs["input_dim"]
    f, k = kwargs["num_filters"], kwargs["filter_size"]
    hidden, classes = kwargs["hidden_dim"], kwargs["num_classes"]
    shapes = {
        "W1": (f, c, k, k),
        "b1": (f,),
        "W2": (f * (h // 2) * (w // 2), hidden),
        "b2": (hidden,),
        "W3": (hidden, classes),
        "b3": (classes,),
    }
    assert {name: p.shape for name, p in net.params.items()} == shapes
    net.params.update({name: b.copy() for name, b in biases.items()})
    params = {name: leaf(p) for name, p in net.params.items()}

    scores = net.loss(X.copy())
    with torch.no_grad():
        expected_scores = torch_convnet_scores(params, X)
    assert_close(scores, numpy(expected_scores), "scores", RTOL, ATOL)

    loss, grads = net.loss(X.copy(), y.copy())
    expected = F.cross_entropy(torch_convnet_scores(params, X), torch.from_numpy(y))
    for name in ("W1", "W2", "W3"):
        expected = expected + 0.5 * kwargs["reg"] * (params[name] ** 2).sum()
    expected.backward()
    assert isinstance(loss, float), f"loss is a {type(loss).__name__}"
    assert_close(loss, expected.item(), "loss", RTOL, ATOL)
    assert set(grads) == set(shapes)
    for name, t in params.items():
        assert_close(grads[name], numpy(t.grad), f"grads[{name!r}]", RTOL, ATOL)


# ---- data and training ----------------------------------------------------------------------


@pytest.mark.parametrize(("n_per_class", "size", "seed"), [(1, 6, 0), (5, 16, 3), (20, 9, 7)])
def test_make_bars_returns_documented_images_deterministically(n_per_class, size, seed):
    """make_bars gives X (3n, 1, size, size) float64 and y (3n,) with n labels each of 0, 1, 2;
    the same seed the same arrays, another seed others; without noise each image is a 2-pixel
    thick horizontal (0) or vertical (1) bar of length size // 2 .. size - 2 and brightness
    1..2, or a cross (2) of one of each overlapping on 2x2 pixels; the noise is what is left,
    of the documented standard deviation."""
    X, y = REF.make_bars(n_per_class, size, 0.3, seed)
    assert X.shape == (3 * n_per_class, 1, size, size) and X.dtype == np.float64
    assert y.shape == (3 * n_per_class,) and np.issubdtype(y.dtype, np.integer)
    assert np.bincount(y, minlength=3).tolist() == [n_per_class] * 3
    X_again, y_again = REF.make_bars(n_per_class, size, 0.3, seed)
    np.testing.assert_array_equal(X_again, X)
    np.testing.assert_array_equal(y_again, y)
    assert not np.array_equal(REF.make_bars(n_per_class, size, 0.3, seed + 1)[0], X)

    clean, y_clean = REF.make_bars(n_per_class, size, 0.0, seed)
    np.testing.assert_array_equal(y_clean, y)
    for image, label in zip(clean[:, 0], y, strict=True):
        rows, cols = np.nonzero(image)
        height, width = rows.max() - rows.min() + 1, cols.max() - cols.min() + 1
        brightness = image[image > 0].min()
        assert 1.0 <= brightness <= 2.0
        if label == 0:
            assert height == 2 and size // 2 <= width <= size - 2 and rows.size == 2 * width
            assert np.all(image[rows, cols] == brightness)
        elif label == 1:
            assert width == 2 and size // 2 <= height <= size - 2 and rows.size == 2 * height
            assert np.all(image[rows, cols] == brightness)
        else:
            assert height == width and size // 2 <= width <= size - 2
            assert rows.size == 4 * width - 4
            assert np.sum(image == 2 * brightness) == 4
    noise = X - clean
    assert abs(noise.std() - 0.3) < 0.3 * 6 / math.sqrt(2 * noise.size), noise.std()


#: (ConvNet and shuffling seed, training-set seed, held-out seed): the brief's configuration
#: first, then two more. Held-out accuracy measured (torch 2.13, NumPy on x86-64): 0.9967,
#: 0.9967, 0.9933; over 40 such runs (seeds s, 2s, 2s + 1) the lowest was 0.99 (mean 0.996).
TRAINING_RUNS = [(0, 0, 1), (1, 2, 3), (2, 4, 5)]
#: Chance is 1/3; 0.95 leaves 4 points below the worst run observed (3 images in 300 wrong).
MIN_HELD_OUT_ACCURACY = 0.95


@pytest.mark.parametrize(("seed", "train_seed", "test_seed"), TRAINING_RUNS)
def test_convnet_trained_on_bars_generalizes(seed, train_seed, test_seed):
    """ConvNet(weight_scale=0.1) trained by train_classifier for 10 epochs on
    make_bars(200) (600 images, 19 steps an epoch) classifies at least 95% of a held-out
    make_bars(100) set correctly, its training loss having fallen from about log(3)."""
    X, y = REF.make_bars(200, seed=train_seed)
    X_test, y_test = REF.make_bars(100, seed=test_seed)
    net = REF.ConvNet(weight_scale=0.1, seed=seed)
    losses = REF.train_classifier(net, X, y, epochs=10, seed=seed)
    assert len(losses) == 10 * math.ceil(600 / 32)
    assert losses[0] > 0.9 and np.mean(losses[-19:]) < 0.1, (losses[0], losses[-19:])
    accuracy = REF.accuracy(net, X_test, y_test)
    assert accuracy >= MIN_HELD_OUT_ACCURACY, f"held-out accuracy {accuracy:.4f}"
