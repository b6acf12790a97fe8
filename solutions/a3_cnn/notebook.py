# %% [markdown]
# # Assignment 3: convolutional networks
#
# This notebook uses **your** code in this folder. It first counts what a convolutional
# layer costs, then checks every backward pass you write against numeric gradients, times
# your loops against your vectorized convolution, and finally trains your small ConvNet to
# tell horizontal bars, vertical bars and crosses apart, and shows what its filters learned.
#
# The checks print relative errors (`rel_error`). About 1e-8 or less means a backward pass is
# right; 1e-2 or more almost always means a bug. When a cell raises `NotImplementedError`,
# the message says which TODO is still open.

# %%
import pathlib
import sys
import time

import matplotlib.pyplot as plt
import numpy as np

# The notebook sits inside the a3_cnn folder: make its parent importable.
sys.path.insert(0, str(pathlib.Path.cwd().parent))
import a3_cnn as a3

rng = np.random.default_rng(0)


def rel_error(a, b):
    """The largest relative difference between a and b, entry by entry."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def numeric_gradient_array(f, x, dout, h=1e-5):
    """The central-difference gradient of sum(f(x) * dout) with respect to x.

    f maps the array x to an array of the shape of dout. Each entry of x is moved by +h and
    -h in place, and put back, so f may also read x from elsewhere (a net's params).
    """
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old + h
        plus = np.array(f(x), dtype=float)
        x[index] = old - h
        minus = np.array(f(x), dtype=float)
        x[index] = old
        grad[index] = np.sum((plus - minus) * dout) / (2 * h)
    return grad


# %% [markdown]
# ## Counting
# The notes' example: a 97x97x3 input and fifteen 9x9 filters with stride 2 and no padding.
# Each output side is (97 - 9 + 2 * 0) // 2 + 1 = 45, so the output is 45x45x15. Each
# filter has 3 * 9 * 9 weights and one bias: 15 * 244 = 3660 parameters, whatever the size
# of the image (the filters are shared by every position). The multiplications, on the other
# hand, grow with the output: one dot product of 243 numbers per output entry.

# %%
side = a3.conv_output_size(97, 9, stride=2, pad=0)
params = a3.conv_param_count(3, 15, 9, 9)
mults = a3.conv_mult_count((3, 97, 97), 15, 9, 9, stride=2, pad=0)
print(f"output: {side}x{side}x15 (expected 45x45x15)")
print(f"parameters: {params} (expected 3660)")
print(f"multiplications per image: {mults:,} (expected 7,381,125)")

# %% [markdown]
# ## Convolution with loops
# dx, dw and db of `conv_backward_naive` against numeric gradients, with stride 2, padding 1
# and a filter taller than it is wide (3x2): a rectangular kernel catches a mix-up of HH
# and WW, a stride of 2 a backward pass whose windows are not those of the forward pass.

# %%
x = rng.normal(size=(2, 3, 7, 6))
w = rng.normal(size=(4, 3, 3, 2))
b = rng.normal(size=4)
conv_params = dict(stride=2, pad=1)
out, cache = a3.conv_forward_naive(x, w, b, **conv_params)
print("output shape:", out.shape, "(expected (2, 4, 4, 4))")
dout = rng.normal(size=out.shape)
dx, dw, db = a3.conv_backward_naive(dout, cache)
dx_num = numeric_gradient_array(lambda v: a3.conv_forward_naive(v, w, b, **conv_params)[0], x, dout)
dw_num = numeric_gradient_array(lambda v: a3.conv_forward_naive(x, v, b, **conv_params)[0], w, dout)
db_num = numeric_gradient_array(lambda v: a3.conv_forward_naive(x, w, v, **conv_params)[0], b, dout)
print("conv_naive dx error:", rel_error(dx, dx_num))
print("conv_naive dw error:", rel_error(dw, dw_num))
print("conv_naive db error:", rel_error(db, db_num))

# %% [markdown]
# ## Pooling
# Max pooling has a kink wherever two entries of a window tie for the max: there the numeric
# gradient is meaningless. Random continuous inputs keep ties away. The 3x3 windows with
# stride 2 overlap, so some inputs receive gradient from two windows.

# %%
x = rng.normal(size=(2, 3, 7, 7))
pool_params = dict(pool_height=3, pool_width=3, stride=2)


def check_pool(name, forward, backward):
    """Print the gradient-check error of dx for one kind of pooling."""
    out, cache = forward(x, **pool_params)
    dout = rng.normal(size=out.shape)
    dx = backward(dout, cache)
    dx_num = numeric_gradient_array(lambda v: forward(v, **pool_params)[0], x, dout)
    print(f"{name} dx error:", rel_error(dx, dx_num))


check_pool("max_pool", a3.max_pool_forward, a3.max_pool_backward)
check_pool("avg_pool", a3.avg_pool_forward, a3.avg_pool_backward)

# %% [markdown]
# ## Vectorized convolution
# `conv_forward_fast` and `conv_backward_fast` must compute exactly what the loops compute,
# up to rounding: with stride 1 and with stride 2 (where the last row and column of the
# padded input fall outside every window).

# %%
x = rng.normal(size=(3, 2, 8, 9))
w = rng.normal(size=(4, 2, 3, 3))
b = rng.normal(size=4)
for stride, pad in [(1, 1), (2, 1)]:
    out_naive, cache_naive = a3.conv_forward_naive(x, w, b, stride, pad)
    out_fast, cache_fast = a3.conv_forward_fast(x, w, b, stride, pad)
    dout = rng.normal(size=out_naive.shape)
    naive_grads = a3.conv_backward_naive(dout, cache_naive)
    fast_grads = a3.conv_backward_fast(dout, cache_fast)
    label = f"conv_fast (stride {stride}, pad {pad})"
    print(f"{label} out vs naive error:", rel_error(out_fast, out_naive))
    for grad_name, fast, naive in zip(("dx", "dw", "db"), fast_grads, naive_grads, strict=True):
        print(f"{label} {grad_name} vs naive error:", rel_error(fast, naive))

# %% [markdown]
# ## How much faster?
# One moderate batch: 20 RGB images of 32x32 and 16 filters of 3x3 with padding 1. The loops
# of the naive version run 20 * 16 * 32 * 32 = 327,680 times in Python; the fast version
# hands NumPy one large matrix product. The fast times are the best of five runs (the first
# run of anything is often slower). The times depend on your machine, the ratio much less:
# expect the fast version to be tens to hundreds of times faster.


# %%
def timed(function, repeats=1):
    """The shortest of `repeats` wall-clock times of function(), in seconds, and its result."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


x = rng.normal(size=(20, 3, 32, 32))
w = rng.normal(size=(16, 3, 3, 3))
b = rng.normal(size=16)
naive_forward, (out, cache_naive) = timed(lambda: a3.conv_forward_naive(x, w, b, 1, 1))
fast_forward, (_, cache_fast) = timed(lambda: a3.conv_forward_fast(x, w, b, 1, 1), repeats=5)
dout = rng.normal(size=out.shape)
naive_backward, _ = timed(lambda: a3.conv_backward_naive(dout, cache_naive))
fast_backward, _ = timed(lambda: a3.conv_backward_fast(dout, cache_fast), repeats=5)
timings = {"forward": (naive_forward, fast_forward), "backward": (naive_backward, fast_backward)}
for name, (naive, fast) in timings.items():
    speed_up = naive / fast
    print(f"{name:>8}: naive {naive:.3f} s, fast {fast * 1e3:.1f} ms, {speed_up:.0f} times faster")

# %% [markdown]
# ## Residual block
# out = relu(x + conv(relu(conv(x, w1, b1)), w2, b2)). The input x reaches the output along
# two paths, through the skip and through both convolutions, so dx is the sum of two terms:
# forget the skip's and dx is wrong while the four parameter gradients are still right.

# %%
x = rng.normal(size=(2, 3, 5, 5))
w1 = rng.normal(size=(4, 3, 3, 3))
b1 = rng.normal(size=4)
w2 = rng.normal(size=(3, 4, 3, 3))
b2 = rng.normal(size=3)
block_inputs = [x, w1, b1, w2, b2]
out, cache = a3.residual_block_forward(*block_inputs)
dout = rng.normal(size=out.shape)
grads = a3.residual_block_backward(dout, cache)


def block_output(position):
    """The block's output as a function of its input number `position` (the rest fixed)."""

    def f(value):
        inputs = list(block_inputs)
        inputs[position] = value
        return a3.residual_block_forward(*inputs)[0]

    return f


for position, (name, grad) in enumerate(
    zip(("dx", "dw1", "db1", "dw2", "db2"), grads, strict=True)
):
    grad_num = numeric_gradient_array(block_output(position), block_inputs[position], dout)
    print(f"residual_block {name} error:", rel_error(grad, grad_num))

# %% [markdown]
# ## The ConvNet
# With small weights the scores are all about 0, so the initial loss is about log(3), as
# for any classifier that does not know anything yet. Then every parameter's gradient of
# a tiny net with an L2 penalty is checked: `numeric_gradient_array` moves the entries of
# `net.params[name]` in place, so `net.loss` sees each move. The loss is a number, so dout
# is 1.

# %%
N, C = 4, 3
X = rng.normal(size=(N, 2, 6, 6))
y = rng.integers(0, C, size=N)

net = a3.ConvNet(input_dim=(2, 6, 6), weight_scale=1e-3, seed=0)
loss, _ = net.loss(X, y)
print(f"initial loss {loss:.4f} (log(3) = {np.log(3):.4f})")

net = a3.ConvNet(
    input_dim=(2, 6, 6), num_filters=3, filter_size=3, hidden_dim=5, weight_scale=0.5, reg=0.1
)
_, grads = net.loss(X, y)
for name, param in net.params.items():
    grad_num = numeric_gradient_array(lambda _: net.loss(X, y)[0], param, 1.0)
    print(f"convnet {name} error:", rel_error(grads[name], grad_num))

# %% [markdown]
# ## The data
# `make_bars` draws 16x16 grayscale images of a horizontal bar, a vertical bar or a cross
# of both, of random length, place and brightness, on noise. A single pixel says little
# here: a bright pixel may be noise or part of any of the three shapes. What tells the
# classes apart is the local pattern, a bright row of pixels or a bright column, which is
# exactly what a small filter sees.

# %%
X_train, y_train = a3.make_bars(200, seed=0)
X_test, y_test = a3.make_bars(100, seed=1)
print("training images:", X_train.shape, " held-out images:", X_test.shape)

fig, axes = plt.subplots(3, 6, figsize=(9, 5), layout="constrained")
for label, row in enumerate(axes):
    for ax, index in zip(row, np.flatnonzero(y_train == label), strict=False):
        ax.imshow(X_train[index, 0], cmap="gray")
        ax.set_xticks([])
        ax.set_yticks([])
    row[0].set_ylabel(a3.CLASSES[label])
fig.suptitle("Examples from make_bars, one class per row")
plt.show()

# %% [markdown]
# ## Training
# Two changes from the ConvNet's defaults, both to make its filters easier to read: 5x5
# filters instead of 3x3 (a 3x3 window is hardly wider than a bar, which is 2 pixels thick),
# and an L2 penalty, reg = 0.03, which pulls every weight that does not earn its keep back
# towards 0. Then 8 filters, a 2x2 max pool and 32 hidden units, trained by minibatch SGD with
# momentum for 10 epochs of 600 images: 190 steps, a second or two. The held-out images come
# from another seed: bars the network has never seen. The initial filters are kept, to
# compare with the learned ones below.

# %%
net = a3.ConvNet(filter_size=5, weight_scale=0.03, reg=0.03, seed=0)
initial_filters = net.params["W1"].copy()
losses = a3.train_classifier(net, X_train, y_train, learning_rate=0.05, epochs=10, seed=0)
train_accuracy = a3.accuracy(net, X_train, y_train)
heldout_accuracy = a3.accuracy(net, X_test, y_test)
print(f"training accuracy: {train_accuracy:.3f}")
print(f"held-out accuracy: {heldout_accuracy:.3f}")
data_loss, _ = a3.softmax_loss(net.loss(X_train), y_train)
penalty = 0.5 * net.reg * sum(np.sum(net.params[name] ** 2) for name in ("W1", "W2", "W3"))
print(f"final loss on the training set: {data_loss:.3f} (data) + {penalty:.3f} (L2 penalty)")

# %% [markdown]
# The loss of every minibatch step. It starts a little above log(3) = 1.1: the scores are
# all about 0, and the L2 penalty adds about 0.2. For some 25 steps it falls only slowly,
# mostly as the penalty shrinks the random weights; then it drops fast, as the filters pick
# up the bars, and levels off. Most of what is left at the end is the L2 penalty (printed
# above), not the data loss.

# %%
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
ax.plot(losses)
ax.axhline(np.log(3), color="k", ls="--", lw=0.8, label="log(3), a uniform guess")
ax.set_ylim(bottom=0)
ax.set_xlabel("step")
ax.set_ylabel("minibatch loss")
ax.set_title("Training loss of the ConvNet")
ax.legend()
plt.show()

# %% [markdown]
# ## What the filters learned
# Each of the 8 first-layer filters is 5x5, one weight per pixel of the window it looks at:
# red weights are positive, blue ones negative, white is 0, on one color scale for all 16
# pictures. Top row: the random filters the network started with, faint because the weights
# are small. Bottom row: the same filters after training.
#
# The noise has turned into stripes, most of them two pixels wide, like the bars. In the run
# we made (yours should look the same, up to small differences):
#
# - **Horizontal stripes**, filters 0, 1 and 3. Filter 3 is red across its middle rows: it
#   responds most when a bright horizontal band runs through the middle of its window, a
#   horizontal bar detector. Filter 1 is blue above and red below: it responds most where a
#   bright band lies under a dark one, the top edge of a horizontal bar, a horizontal edge
#   detector. Filter 0 is a weaker copy of filter 1.
# - **Vertical stripes**, filters 2, 4, 5 and 6: the same, turned by a quarter. Filters 2 and
#   4 are red in two columns, vertical bar detectors; filters 5 and 6 are blue on the left
#   and red on the right, vertical edge detectors (the left edge of a vertical bar).
# - **Filter 7** is slightly negative everywhere and has a large positive bias (print
#   `net.params["b1"]`): its output is large everywhere except where the image is bright,
#   a detector of the dark background.
#
# No one told the network about edges: the gradients of the loss shaped the filters. The L2
# penalty pulled back towards 0 every weight that did not help, which is why the stripes
# are clean. And each filter is one set of 25 weights slid over the whole image, so it finds
# its pattern wherever the bar is.

# %%
filters = net.params["W1"][:, 0]
limit = np.abs(np.concatenate([initial_filters[:, 0], filters])).max()
fig, axes = plt.subplots(2, len(filters), figsize=(10, 3), layout="constrained")
for row, (title, weights) in zip(
    axes, [("initial", initial_filters[:, 0]), ("learned", filters)], strict=True
):
    for index, (ax, kernel) in enumerate(zip(row, weights, strict=True)):
        image = ax.imshow(kernel, cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"filter {index}", fontsize="small")
    row[0].set_ylabel(title)
fig.colorbar(image, ax=axes, shrink=0.8, label="weight")
plt.show()

# %% [markdown]
# ## Feature maps
# What each filter sees in an image: the output of the first layer, conv then ReLU, one map
# per filter, for one held-out image of each class. Bright means a strong response; black
# means the ReLU cut the response to 0. The maps share one gray scale, so that their
# strengths can be compared. This is what the max pool and the affine layers get to work
# with. Things to look at:
#
# - The horizontal filters (0, 1, 3) light up along the horizontal bar and along the
#   horizontal arm of the cross, and much more weakly on the vertical bar; the vertical ones
#   (4, 5, 6) do the opposite. Filter 2 answers both, but the vertical bar most sharply.
# - An edge detector's line lies beside the bar, not on it: filter 1's just above the
#   horizontal bar (where the top half of its window is on the background and the bottom
#   half on the bar), filters 5's and 6's just left of the vertical bar. Filter 3's band,
#   a bar detector's, lies on the bar itself.
# - The cross lights up both kinds. After the max pool, the affine layers only have to ask:
#   are there strong horizontal responses, strong vertical ones, or both? Those are the
#   three classes.
# - Filter 7's map is the negative of the image: gray on the background, dark on the bars.
# - The maps are much cleaner than the images: each output sums 25 pixels, which averages
#   the noise away, while a single pixel cannot tell noise from a bar.

# %%
pad = (net.params["W1"].shape[2] - 1) // 2
examples = [np.flatnonzero(y_test == label)[0] for label in range(len(a3.CLASSES))]
conv_out, _ = a3.conv_forward_fast(X_test[examples], net.params["W1"], net.params["b1"], 1, pad)
feature_maps, _ = a3.relu_forward(conv_out)
fig, axes = plt.subplots(len(examples), len(filters) + 1, figsize=(12, 4.5), layout="constrained")
for row, index, maps in zip(axes, examples, feature_maps, strict=True):
    row[0].imshow(X_test[index, 0], cmap="gray")
    row[0].set_ylabel(a3.CLASSES[y_test[index]])
    for ax, feature_map in zip(row[1:], maps, strict=True):
        ax.imshow(feature_map, cmap="gray", vmin=0, vmax=feature_maps.max())
    for ax in row:
        ax.set_xticks([])
        ax.set_yticks([])
axes[0, 0].set_title("image")
for index, ax in enumerate(axes[0, 1:]):
    ax.set_title(f"filter {index}", fontsize="small")
plt.show()
