"""The a1_backprop reference solution, verified against PyTorch (float64) and closed forms.

Every graded function of the first slice (affine, ReLU, softmax loss, gradient checking) is
compared with its torch counterpart (``torch.nn.functional`` for forward passes,
``torch.autograd`` for gradients) on hypothesis-drawn inputs, derandomized so every run sees
the same examples.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.course import Assignment, find_course
from autograder.testing.compare import assert_close
from autograder.testing.gradcheck import relative_error
from autograder.testing.strategies import (
    arrays,
    away_from_kinks,
    batched_shapes,
    class_labels,
    shapes,
    sides,
)

pytestmark = pytest.mark.solutions

REF = Assignment(find_course(Path(__file__).parent), "a1_backprop").load_reference()

SETTINGS = settings(deadline=None, derandomize=True, max_examples=40)

#: Forward passes and analytic gradients: NumPy and torch differ only in summation order.
RTOL, ATOL = 1e-10, 1e-12
#: Numeric (central-difference, h = 1e-5) gradients against autograd: truncation error
#: O(h^2) ~ 1e-10 and round-off ~ eps * |f| / h ~ 1e-8 for these small inputs.
NUMERIC_RTOL, NUMERIC_ATOL = 1e-7, 1e-7


def leaf(a: np.ndarray) -> torch.Tensor:
    """A float64 torch leaf tensor holding a copy of ``a``, tracking gradients."""
    return torch.tensor(np.array(a, dtype=np.float64), dtype=torch.float64, requires_grad=True)


def numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().numpy()


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


def softmax_vs_torch(scores: np.ndarray, y: np.ndarray) -> None:
    """Assert the reference's loss and dscores equal torch's cross-entropy and autograd."""
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        loss, dscores = REF.softmax_loss(scores.copy(), y.copy())
    s = leaf(scores)
    expected = F.cross_entropy(s, torch.from_numpy(y), reduction="mean")
    expected.backward()
    assert isinstance(loss, float), f"loss is a {type(loss).__name__}, not a float"
    assert math.isfinite(loss)
    assert np.isfinite(dscores).all()
    assert_close(loss, expected.item(), "loss", RTOL, ATOL)
    assert_close(dscores, numpy(s.grad), "dscores", RTOL, ATOL)


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
