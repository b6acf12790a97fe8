# %% [markdown]
# # Assignment 1: backpropagation from scratch
#
# This notebook uses **your** code in this folder. Run it after each part to see, in
# numbers, whether your backward passes agree with numeric gradients.
#
# A relative error (`rel_error`) of about 1e-7 or less means a backward pass is right;
# 1e-2 or more almost always means a bug. When a cell raises `NotImplementedError`, the
# message says which TODO is still open.

# %%
import pathlib
import sys

import numpy as np

# The notebook sits inside the a1_backprop folder: make its parent importable.
sys.path.insert(0, str(pathlib.Path.cwd().parent))
import a1_backprop as a1

rng = np.random.default_rng(0)

# %% [markdown]
# ## Your gradient checker
# `eval_numerical_gradient` on f(x) = sum(x**2), whose gradient is 2x.

# %%
x = rng.normal(size=(3, 4))
grad = a1.eval_numerical_gradient(lambda v: float(np.sum(v**2)), x)
print("eval_numerical_gradient vs 2x:", a1.rel_error(grad, 2 * x))

# %% [markdown]
# ## Affine layer
# `out = x_flat @ w + b`; check dx, dw and db against numeric gradients.

# %%
x = rng.normal(size=(4, 3, 2))
w = rng.normal(size=(6, 5))
b = rng.normal(size=5)
dout = rng.normal(size=(4, 5))
_, cache = a1.affine_forward(x, w, b)
dx, dw, db = a1.affine_backward(dout, cache)
dx_num = a1.eval_numerical_gradient_array(lambda v: a1.affine_forward(v, w, b)[0], x, dout)
dw_num = a1.eval_numerical_gradient_array(lambda v: a1.affine_forward(x, v, b)[0], w, dout)
db_num = a1.eval_numerical_gradient_array(lambda v: a1.affine_forward(x, w, v)[0], b, dout)
print("affine dx error:", a1.rel_error(dx, dx_num))
print("affine dw error:", a1.rel_error(dw, dw_num))
print("affine db error:", a1.rel_error(db, db_num))

# %% [markdown]
# ## ReLU
# The numeric gradient is meaningless exactly at the kink x = 0, so the inputs are kept
# away from it.

# %%
x = rng.normal(size=(5, 6))
x[np.abs(x) < 1e-2] = 0.1
dout = rng.normal(size=x.shape)
_, cache = a1.relu_forward(x)
dx = a1.relu_backward(dout, cache)
dx_num = a1.eval_numerical_gradient_array(lambda v: a1.relu_forward(v)[0], x, dout)
print("relu dx error:", a1.rel_error(dx, dx_num))

# %% [markdown]
# ## Softmax loss
# For C classes and random small scores, the loss should be close to log(C): every class
# is about equally likely.

# %%
scores = 0.001 * rng.normal(size=(50, 10))
y = rng.integers(0, 10, size=50)
loss, dscores = a1.softmax_loss(scores, y)
dscores_num = a1.eval_numerical_gradient(lambda s: a1.softmax_loss(s, y)[0], scores)
print(f"loss {loss:.4f} (log(10) = {np.log(10):.4f})")
print("softmax dscores error:", a1.rel_error(dscores, dscores_num))

big_loss, _ = a1.softmax_loss(1e3 * rng.normal(size=(4, 3)), np.array([0, 1, 2, 0]))
print("loss for logits of size 1e3 (finite if stable):", big_loss)
