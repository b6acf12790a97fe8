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

import matplotlib.pyplot as plt
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

# %% [markdown]
# ## Leaky ReLU
# Like ReLU, with a kink at 0 where the numeric gradient is meaningless: the inputs are
# kept away from it.

# %%
x = rng.normal(size=(5, 6))
x[np.abs(x) < 1e-2] = 0.1
dout = rng.normal(size=x.shape)
_, cache = a1.leaky_relu_forward(x, negative_slope=0.1)
dx = a1.leaky_relu_backward(dout, cache)
dx_num = a1.eval_numerical_gradient_array(lambda v: a1.leaky_relu_forward(v, 0.1)[0], x, dout)
print("leaky_relu dx error:", a1.rel_error(dx, dx_num))

# %% [markdown]
# ## Sigmoid and tanh
# Both are smooth everywhere, and both backward passes need only the forward output.
# Far from 0 their derivatives are tiny (tanh'(5) is about 2e-4), which makes relative
# errors noisy there: the inputs stay moderate.

# %%
x = rng.normal(size=(5, 6))
dout = rng.normal(size=x.shape)
_, cache = a1.sigmoid_forward(x)
dx = a1.sigmoid_backward(dout, cache)
dx_num = a1.eval_numerical_gradient_array(lambda v: a1.sigmoid_forward(v)[0], x, dout)
print("sigmoid dx error:", a1.rel_error(dx, dx_num))

_, cache = a1.tanh_forward(x)
dx = a1.tanh_backward(dout, cache)
dx_num = a1.eval_numerical_gradient_array(lambda v: a1.tanh_forward(v)[0], x, dout)
print("tanh dx error:", a1.rel_error(dx, dx_num))

big = a1.sigmoid_forward(np.array([-1e3, 0.0, 1e3]))[0]
print("sigmoid of -1e3, 0, 1e3 (0, 0.5, 1 if stable):", big)

# %% [markdown]
# ## Dropout
# In training mode the mask is random; a fixed seed draws the same mask on every call, so
# the forward pass is a deterministic function of x and can be checked numerically. About a
# fraction 1 - p of the elements survive, and the mean of the output stays close to the
# mean of the input (the survivors are scaled by 1 / (1 - p)).

# %%
p = 0.3
x = rng.normal(loc=1.0, size=(100, 50))
out, _ = a1.dropout_forward(x, p, training=True, seed=0)
print(f"fraction kept: {np.mean(out != 0):.3f} (1 - p = {1 - p})")
print(f"mean of input {x.mean():.3f}, of output in training {out.mean():.3f}")
print("test mode returns x unchanged:", np.array_equal(a1.dropout_forward(x, p, False)[0], x))

x = rng.normal(size=(6, 8))
dout = rng.normal(size=x.shape)
_, cache = a1.dropout_forward(x, p, training=True, seed=0)
dx = a1.dropout_backward(dout, cache)
dx_num = a1.eval_numerical_gradient_array(
    lambda v: a1.dropout_forward(v, p, training=True, seed=0)[0], x, dout
)
print("dropout dx error:", a1.rel_error(dx, dx_num))

# %% [markdown]
# ## Binary cross-entropy and mean squared error
# Both losses return a number (the mean over every element) and its gradient, so the
# scalar checker `eval_numerical_gradient` applies directly.

# %%
logits = 2 * rng.normal(size=(8, 3))
targets = rng.integers(0, 2, size=(8, 3)).astype(float)
loss, dlogits = a1.binary_cross_entropy_with_logits(logits, targets)
dlogits_num = a1.eval_numerical_gradient(
    lambda z: a1.binary_cross_entropy_with_logits(z, targets)[0], logits
)
print("binary_cross_entropy dlogits error:", a1.rel_error(dlogits, dlogits_num))

pred = rng.normal(size=(8, 3))
target = rng.normal(size=(8, 3))
loss, dpred = a1.mse_loss(pred, target)
dpred_num = a1.eval_numerical_gradient(lambda v: a1.mse_loss(v, target)[0], pred)
print("mse dpred error:", a1.rel_error(dpred, dpred_num))

# %% [markdown]
# ## Logistic regression with an L2 or L1 penalty
# The L1 penalty reg * sum(|w|) has a kink at w = 0, so the weights are kept away from 0.
# The bias is a number; the checker wants an array, so it lives in an array of one element.

# %%
X = rng.normal(size=(10, 4))
y = rng.integers(0, 2, size=10)
w = rng.normal(size=4)
w[np.abs(w) < 0.1] = 0.5
b = np.array([0.3])


def check_logistic_regression(penalty, reg=0.1):
    """Print the gradient-check errors of dw and db for one penalty."""
    _, dw, db = a1.logistic_regression_loss(w, b[0], X, y, reg=reg, penalty=penalty)
    dw_num = a1.eval_numerical_gradient(
        lambda v: a1.logistic_regression_loss(v, b[0], X, y, reg=reg, penalty=penalty)[0], w
    )
    db_num = a1.eval_numerical_gradient(
        lambda v: a1.logistic_regression_loss(w, v[0], X, y, reg=reg, penalty=penalty)[0], b
    )
    print(f"logistic_regression {penalty} dw error:", a1.rel_error(dw, dw_num))
    print(f"logistic_regression {penalty} db error:", a1.rel_error(db, db_num[0]))


check_logistic_regression("l2")
check_logistic_regression("l1")

# %% [markdown]
# ## Batch normalization
# In training mode each feature is normalized with the statistics of the batch, so every
# output depends on every input: dx has three paths. After the layer, with gamma = 1 and
# beta = 0, each feature has mean about 0 and standard deviation about 1.

# %%
N, D = 6, 5
x = rng.normal(loc=2.0, size=(N, D))
gamma = rng.normal(size=D)
beta = rng.normal(size=D)
running_mean, running_var = np.zeros(D), np.ones(D)
out, *_ = a1.batchnorm_forward(x, np.ones(D), np.zeros(D), running_mean, running_var)
print("means after batchnorm (about 0):", out.mean(axis=0).round(6))
print("stds after batchnorm (about 1):", out.std(axis=0).round(4))


def batchnorm_train(x, gamma, beta):
    """The output of batchnorm_forward in training mode (the running averages ignored)."""
    return a1.batchnorm_forward(x, gamma, beta, running_mean, running_var, training=True)[0]


dout = rng.normal(size=(N, D))
_, cache, _, _ = a1.batchnorm_forward(x, gamma, beta, running_mean, running_var, training=True)
dx, dgamma, dbeta = a1.batchnorm_backward(dout, cache)
dx_num = a1.eval_numerical_gradient_array(lambda v: batchnorm_train(v, gamma, beta), x, dout)
dgamma_num = a1.eval_numerical_gradient_array(lambda v: batchnorm_train(x, v, beta), gamma, dout)
dbeta_num = a1.eval_numerical_gradient_array(lambda v: batchnorm_train(x, gamma, v), beta, dout)
print("batchnorm dx error:", a1.rel_error(dx, dx_num))
print("batchnorm dgamma error:", a1.rel_error(dgamma, dgamma_num))
print("batchnorm dbeta error:", a1.rel_error(dbeta, dbeta_num))

# %% [markdown]
# ## Layer normalization
# The same normalization, over each example's features instead of over the batch.

# %%
x = rng.normal(loc=2.0, size=(N, D))
dout = rng.normal(size=(N, D))
_, cache = a1.layernorm_forward(x, gamma, beta)
dx, dgamma, dbeta = a1.layernorm_backward(dout, cache)
dx_num = a1.eval_numerical_gradient_array(
    lambda v: a1.layernorm_forward(v, gamma, beta)[0], x, dout
)
dgamma_num = a1.eval_numerical_gradient_array(
    lambda v: a1.layernorm_forward(x, v, beta)[0], gamma, dout
)
dbeta_num = a1.eval_numerical_gradient_array(
    lambda v: a1.layernorm_forward(x, gamma, v)[0], beta, dout
)
print("layernorm dx error:", a1.rel_error(dx, dx_num))
print("layernorm dgamma error:", a1.rel_error(dgamma, dgamma_num))
print("layernorm dbeta error:", a1.rel_error(dbeta, dbeta_num))

# %% [markdown]
# ## Fully connected network
# With small weights and no regularization, the scores are all about 0 and the initial loss
# is about log(C). Then every parameter's gradient is checked: `eval_numerical_gradient`
# perturbs `net.params[name]` in place, so `net.loss` sees each perturbation while the other
# parameters stay fixed. Dropout uses `dropout_seed`, so every call drops the same units.
#
# With batch norm, the bias `b{i}` of a hidden layer has no effect on the loss at all: batch
# norm subtracts the batch mean right after adding it. Its gradient is 0, both numbers are
# rounding noise, and their relative error means nothing; for those we print the largest
# gradient instead, which should be tiny (1e-12 or less).

# %%
N, D, C = 6, 5, 4
X = rng.normal(size=(N, D))
y = rng.integers(0, C, size=N)

net = a1.FullyConnectedNet([20, 20], input_dim=D, num_classes=C, weight_scale=1e-3, seed=0)
loss, _ = net.loss(X, y)
print(f"initial loss {loss:.4f} (log({C}) = {np.log(C):.4f})")


def check_net_gradients(normalization):
    """Check every parameter's gradient of a small net with dropout and regularization."""
    net = a1.FullyConnectedNet(
        [7, 6],
        input_dim=D,
        num_classes=C,
        dropout=0.25,
        normalization=normalization,
        reg=0.1,
        weight_scale=0.5,
        seed=0,
        dropout_seed=0,
    )
    _, grads = net.loss(X, y)
    hidden_biases = [f"b{i}" for i in range(1, net.num_layers)]
    for name, param in net.params.items():
        grad_num = a1.eval_numerical_gradient(lambda _: net.loss(X, y)[0], param)
        if normalization == "batchnorm" and name in hidden_biases:
            largest = max(np.abs(grads[name]).max(), np.abs(grad_num).max())
            print(f"fc_net {normalization} {name}: largest |gradient| {largest:.1e}")
        else:
            print(f"fc_net {normalization} {name} error:", a1.rel_error(grads[name], grad_num))


check_net_gradients("batchnorm")
check_net_gradients("layernorm")

# %% [markdown]
# ## Training on spirals
# Three interleaved spiral arms, which no linear classifier can separate. A network with
# two hidden layers of 100 units learns them with plain minibatch SGD in a few seconds. The
# held-out set comes from another seed: points the network has never seen.

# %%
X_train, y_train = a1.make_spirals(seed=0)
X_test, y_test = a1.make_spirals(seed=1)
net = a1.FullyConnectedNet(
    [100, 100], input_dim=2, num_classes=3, reg=1e-3, weight_scale=0.1, seed=0
)
losses = a1.train_classifier(net, X_train, y_train, learning_rate=0.5, epochs=200, seed=0)
train_accuracy = a1.accuracy(net, X_train, y_train)
heldout_accuracy = a1.accuracy(net, X_test, y_test)
print(f"training accuracy: {train_accuracy:.3f}")
print(f"held-out accuracy: {heldout_accuracy:.3f}")

# %% [markdown]
# The loss of every minibatch step: noisy, because each step sees a different minibatch,
# but going down.

# %%
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
ax.semilogy(losses)
ax.set_xlabel("step")
ax.set_ylabel("minibatch loss (log scale)")
ax.set_title("Training loss")
plt.show()

# %% [markdown]
# The class the network predicts at every point of the plane, with the held-out points on
# top in the color of their true class.

# %%
grid = np.linspace(-1.2, 1.2, 300)
xx, yy = np.meshgrid(grid, grid)
scores = net.loss(np.column_stack([xx.ravel(), yy.ravel()]))
regions = np.argmax(scores, axis=1).reshape(xx.shape)
levels = np.arange(scores.shape[1] + 1) - 0.5
fig, ax = plt.subplots(figsize=(5, 5), layout="constrained")
ax.contourf(xx, yy, regions, levels=levels, cmap="viridis", alpha=0.3)
ax.scatter(
    X_test[:, 0],
    X_test[:, 1],
    c=y_test,
    cmap="viridis",
    vmin=levels[0],
    vmax=levels[-1],
    s=12,
    edgecolors="k",
    linewidths=0.3,
)
ax.set_aspect("equal")
ax.set_title(f"Decision regions, held-out accuracy {heldout_accuracy:.3f}")
plt.show()
