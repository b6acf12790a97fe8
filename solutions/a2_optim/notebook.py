# %% [markdown]
# # Assignment 2: optimization
#
# This notebook uses **your** code in this folder. It first checks each update rule against
# a case whose answer is known in closed form, then lets all eight rules loose on two small
# landscapes, the Rosenbrock valley and a saddle point, so that you can watch how each one
# moves. The last parts check your gradient clipping, learning-rate schedules and weight
# initializers.
#
# The checks print relative errors (`rel_error`). Where the answer is exact, a correct rule
# gives about 1e-15, rounding alone; the numeric gradient checks of the landscapes give about
# 1e-8. An error of 1e-6 or more means a bug. When a cell raises `NotImplementedError`, the
# message says which TODO is still open.

# %%
import pathlib
import sys

import matplotlib.pyplot as plt
import numpy as np

# The notebook sits inside the a2_optim folder: make its parent importable.
sys.path.insert(0, str(pathlib.Path.cwd().parent))
import a2_optim as a2

rng = np.random.default_rng(0)


def rel_error(a, b):
    """The largest relative difference between a and b, entry by entry."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def run_steps(rule, w, dw, steps, **hyper):
    """Take `steps` steps of `rule` with the same gradient dw every time."""
    state = None
    for _ in range(steps):
        w, state = rule(w, dw, state, **hyper)
    return w, state


# %% [markdown]
# ## SGD with weight decay
# One step is w - lr * (dw + weight_decay * w). A rule must also leave its inputs alone.

# %%
w = rng.normal(size=(3, 4))
dw = rng.normal(size=(3, 4))
w_before, dw_before = w.copy(), dw.copy()
new_w, state = a2.sgd(w, dw, None, lr=0.1, weight_decay=0.01)
print("sgd one step error:", rel_error(new_w, w - 0.1 * (dw + 0.01 * w)))
print("sgd state:", state)
print("w and dw unchanged:", np.array_equal(w, w_before) and np.array_equal(dw, dw_before))

# %% [markdown]
# ## Momentum and Nesterov on a constant gradient
# With the same gradient g at every step, the velocity after k steps is a geometric sum:
# b_k = g * (1 - mu**k) / (1 - mu). It grows towards g / (1 - mu), ten times g for
# mu = 0.9: that is how momentum speeds up along a direction where the gradient keeps its
# sign. Momentum moves by lr * b_j at step j, Nesterov by lr * (g + mu * b_j).

# %%
g = rng.normal(size=5)
w0 = rng.normal(size=5)
lr, mu, k = 0.1, 0.9, 10
b = [g * (1 - mu**j) / (1 - mu) for j in range(1, k + 1)]

w, state = run_steps(a2.sgd_momentum, w0, g, k, lr=lr, momentum=mu)
print("sgd_momentum velocity error:", rel_error(state["velocity"], b[-1]))
print("sgd_momentum position error:", rel_error(w, w0 - lr * sum(b)))

w, state = run_steps(a2.nesterov, w0, g, k, lr=lr, momentum=mu)
print("nesterov velocity error:", rel_error(state["velocity"], b[-1]))
print("nesterov position error:", rel_error(w, w0 - lr * sum(g + mu * bj for bj in b)))

# %% [markdown]
# ## AdaGrad, RMSProp and Adadelta
# On a constant gradient g, AdaGrad's sum of squares after j steps is j * g**2, so its j-th
# step is lr * g / (sqrt(j) * |g| + eps): about lr / sqrt(j), whatever the size of g.
# RMSProp's average is (1 - alpha**j) * g**2, so its steps start larger than lr and settle
# at about lr. Adadelta's first step is sqrt(eps) / sqrt((1 - rho) * g**2 + eps) * g: tiny,
# because its average of past updates starts at 0.

# %%
lr, eps, alpha, rho = 0.1, 1e-8, 0.9, 0.9
j = np.arange(1, k + 1)[:, None]  # the step numbers 1 .. k, one per row

w, state = run_steps(a2.adagrad, w0, g, k, lr=lr, eps=eps)
adagrad_moves = lr * g / (np.sqrt(j) * np.abs(g) + eps)
print("adagrad sum_sq error:", rel_error(state["sum_sq"], k * g**2))
print("adagrad position error:", rel_error(w, w0 - adagrad_moves.sum(axis=0)))

w, state = run_steps(a2.rmsprop, w0, g, k, lr=lr, alpha=alpha, eps=eps)
rmsprop_moves = lr * g / (np.sqrt(1 - alpha**j) * np.abs(g) + eps)
print("rmsprop square_avg error:", rel_error(state["square_avg"], (1 - alpha**k) * g**2))
print("rmsprop position error:", rel_error(w, w0 - rmsprop_moves.sum(axis=0)))

w, state = a2.adadelta(w0, g, None, lr=1.0, rho=rho, eps=1e-6)
delta = np.sqrt(1e-6) / np.sqrt((1 - rho) * g**2 + 1e-6) * g
print("adadelta first step error:", rel_error(w, w0 - delta))
print("adadelta acc_delta error:", rel_error(state["acc_delta"], (1 - rho) * delta**2))

# %% [markdown]
# ## Adam and AdamW
# On a constant gradient, the bias correction makes m_hat = g and v_hat = g**2 exactly, at
# every step: Adam moves each parameter by lr * g / (|g| + eps), about lr, from the very
# first step. Without the correction, the first step would be (1 - beta1) / sqrt(1 - beta2),
# about 3.2, times as large.
#
# With a zero gradient Adam does not move, so AdamW's only effect is its decoupled weight
# decay: each step multiplies w by (1 - lr * weight_decay).

# %%
lr, eps = 0.01, 1e-8
w, state = run_steps(a2.adam, w0, g, k, lr=lr, eps=eps)
print("adam constant-gradient step error:", rel_error(w0 - w, k * lr * g / (np.abs(g) + eps)))
print("adam step count:", state["t"])

lr, weight_decay = 0.1, 0.5
w, state = run_steps(a2.adamw, w0, np.zeros(5), k, lr=lr, weight_decay=weight_decay)
print("adamw pure decay error:", rel_error(w, w0 * (1 - lr * weight_decay) ** k))

# %% [markdown]
# ## The landscapes
# Two functions of a point w = (x, y), given in `landscapes.py`, each returning the loss and
# its gradient. A central difference, (f(w + h) - f(w - h)) / (2h) along each axis, checks
# the gradients before we trust them.


# %%
# The numeric gradient, by central differences.
def numeric_gradient(f, w, h=1e-5):
    """The central-difference gradient of f (a function w -> (loss, dw)) at w."""
    grad = np.zeros_like(w)
    for i in range(w.size):
        step = np.zeros_like(w)
        step[i] = h
        grad[i] = (f(w + step)[0] - f(w - step)[0]) / (2 * h)
    return grad


for landscape in (a2.rosenbrock, a2.saddle):
    points = rng.uniform(-1.5, 1.5, size=(5, 2))
    errors = [rel_error(landscape(p)[1], numeric_gradient(landscape, p)) for p in points]
    print(f"{landscape.__name__} gradient error:", max(errors))

# %% [markdown]
# ## Eight rules on the Rosenbrock valley
# f(x, y) = (1 - x)**2 + 100 * (y - x**2)**2 has its minimum, 0, at (1, 1), at the end of a
# long curved valley whose walls are far steeper than its floor is sloped. Every rule starts
# at (-1.5, 2) and takes 500 steps. The hyper-parameters below are tuned so that each rule
# shows its character; change them and run again.

# %%
RULES = {
    "sgd": a2.sgd,
    "sgd_momentum": a2.sgd_momentum,
    "nesterov": a2.nesterov,
    "adagrad": a2.adagrad,
    "rmsprop": a2.rmsprop,
    "adadelta": a2.adadelta,
    "adam": a2.adam,
    "adamw": a2.adamw,
}
ROSENBROCK_HYPER = {
    "sgd": dict(lr=1e-3),  # about the largest stable lr at the start: 3e-3 blows up to nan
    "sgd_momentum": dict(lr=1e-3, momentum=0.9),
    "nesterov": dict(lr=1e-3, momentum=0.9),  # 1.5e-3 blows up, where momentum survives it
    "adagrad": dict(lr=0.5),  # its first step is lr in each coordinate; then they shrink
    "rmsprop": dict(lr=0.02, alpha=0.9),  # 0.05 rattles across the valley, no faster
    "adadelta": dict(lr=1.0),  # torch's default, Zeiler's method: no learning rate at all
    "adam": dict(lr=0.1),
    "adamw": dict(lr=0.1, weight_decay=0.1),  # ten times torch's default, to show the decay
}
ROSENBROCK_START, ROSENBROCK_STEPS = (-1.5, 2.0), 500

rosenbrock_runs = {
    name: a2.trajectory(RULES[name], a2.rosenbrock, ROSENBROCK_START, ROSENBROCK_STEPS, **hyper)
    for name, hyper in ROSENBROCK_HYPER.items()
}
for name, (path, losses) in rosenbrock_runs.items():
    x, y = path[-1]
    print(f"{name:>13}: ends at ({x:6.3f}, {y:6.3f}), loss {losses[-1]:.2e}")


# %%
# Helpers that draw the figures of both landscapes.
def loss_grid(landscape, xlim, ylim, n=200):
    """The landscape's loss on an n by n grid over the box xlim by ylim."""
    xx, yy = np.meshgrid(np.linspace(*xlim, n), np.linspace(*ylim, n))
    zz = np.vectorize(lambda x, y: landscape(np.array([x, y]))[0])(xx, yy)
    return xx, yy, zz


def draw_contours(ax, grid, levels):
    """The contour lines of a loss_grid, on axes that show exactly the grid's box."""
    xx, yy, zz = grid
    ax.contour(xx, yy, zz, levels=levels, colors="0.6", linewidths=0.6)
    ax.set_xlim(xx[0, 0], xx[0, -1])
    ax.set_ylim(yy[0, 0], yy[-1, 0])


def draw_path(ax, path):
    """A path, one red dot per step, from its start (a black dot)."""
    ax.plot(path[:, 0], path[:, 1], "-", color="C3", lw=1, marker=".", ms=2)
    ax.plot(*path[0], "o", color="k", ms=5)


def plot_paths(runs, landscape, xlim, ylim, levels, minima):
    """One panel per rule: the landscape's contours, the rule's path and the minima."""
    fig, axes = plt.subplots(2, 4, figsize=(14, 7), sharex=True, sharey=True, layout="constrained")
    grid = loss_grid(landscape, xlim, ylim)
    for ax, (name, (path, losses)) in zip(axes.flat, runs.items(), strict=True):
        draw_contours(ax, grid, levels)
        draw_path(ax, path)
        ax.plot(*np.transpose(minima), "*", color="C2", ms=12)
        ax.set_title(f"{name}: loss {losses[-1]:.2g}")
    return fig


def plot_losses(runs, ax):
    """The loss against the step, one line per rule."""
    for name, (_, losses) in runs.items():
        ax.plot(losses, label=name, lw=1.2)
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    ax.legend(ncol=2, fontsize="small")


# %% [markdown]
# Each panel shows one rule's path (red dots, one per step) from the black dot towards the
# green star, on the contours of the loss (log-spaced: each line is a constant factor below
# the previous one). Things to look at:
#
# - **sgd** drops to the valley floor, then crawls along it: on the floor the gradient is
#   tiny, and so are its steps. In 500 steps it gets from x = -1.5 to x = -1.1. Its
#   learning rate cannot be larger: across the valley the loss is so steep that a larger
#   step overshoots the floor further at every step, and blows up (try lr=3e-3).
# - **sgd_momentum** and **nesterov** accumulate the small, steady slope along the floor
#   (up to 1 / (1 - momentum) = 10 times it) while their zigzags across it cancel out: they
#   follow the valley all the way round. Their velocity makes them overshoot the floor at
#   the start, Nesterov's most.
# - **adagrad** divides each gradient by the square root of the sum of all its past
#   squares. Its first step is exactly lr in each coordinate, whatever the gradient (the
#   jump up and to the right). The huge gradients of the first steps stay in that sum for
#   ever, so its steps shrink and it slows to a crawl on the valley floor.
# - **rmsprop** and **adam** divide by a running average instead, which forgets. Each
#   coordinate then moves by up to about lr per step whatever the size of its gradient, so
#   the small gradients along the floor still earn sizeable steps. Without momentum,
#   RMSProp's steps rattle across the floor; Adam's momentum averages them out, and it gets
#   much further.
# - **adadelta** has no learning rate: its steps start at about sqrt(eps) and then keep
#   about the size of its own recent steps, so it starts slowly and speeds up only
#   gradually (give it 1000 steps and it gets round the bend).
# - **adamw** shrinks the weights towards (0, 0) by lr * weight_decay * w at every step, a
#   pull that the gradient must keep fighting: it follows Adam's path, but lags behind.

# %%
levels = np.logspace(-1, 3.5, 16)
fig = plot_paths(rosenbrock_runs, a2.rosenbrock, (-2, 2), (-1, 3), levels, [(1.0, 1.0)])
fig.suptitle(f"Rosenbrock, {ROSENBROCK_STEPS} steps from {ROSENBROCK_START}")
plt.show()

# %% [markdown]
# A closer look at SGD's first 40 steps. The valley floor, where the loss is lowest across
# the valley, is the curve y = x**2 (dashed). Where it crosses y = 2, the loss curves about
# 8000 times more sharply across the valley than along it (the eigenvalues of its Hessian
# there are about 1800 and 0.22). A gradient step overshoots the floor when
# lr * curvature > 1, and lands further away each time when lr * curvature > 2. With
# lr = 1e-3 that product is 1.8 across the valley, so SGD jumps from wall to wall, a little
# less far each time; along the valley it is 0.0002, so SGD hardly moves that way. That is
# the zigzag, and no single learning rate suits both directions.

# %%
fig, ax = plt.subplots(figsize=(5, 4), layout="constrained")
draw_contours(ax, loss_grid(a2.rosenbrock, (-1.55, -1.3), (1.9, 2.1)), np.linspace(5.8, 13, 13))
draw_path(ax, rosenbrock_runs["sgd"][0][:41])
floor_x = np.linspace(-1.55, -1.3, 50)
ax.plot(floor_x, floor_x**2, "--", color="C0", lw=1, label="valley floor, y = x**2")
ax.legend(loc="lower left")
ax.set_title("sgd, the first 40 steps")
plt.show()

# %% [markdown]
# The loss against the step, on a log scale. The curves that reach 1e-2 and below found the
# valley's far end; the flat ones are still on the floor, far from the minimum.

# %%
fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
plot_losses(rosenbrock_runs, ax)
ax.set_yscale("log")
ax.set_title("Rosenbrock: loss against steps")
plt.show()

# %% [markdown]
# ## Eight rules near a saddle point
# f(x, y) = x**2 + y**4 / 4 - y**2 / 2 has a saddle at (0, 0), where the gradient is 0, and
# two minima, -0.25, at (0, -1) and (0, 1). Every rule starts at (-1, 1e-6): on the ridge
# line y = 0, nudged by one millionth. Along y the gradient is y**3 - y, about -y: tiny near
# the ridge, but it points away from it.

# %%
SADDLE_HYPER = {
    "sgd": dict(lr=0.1),
    "sgd_momentum": dict(lr=0.1, momentum=0.9),  # the lr of sgd, to compare the two
    "nesterov": dict(lr=0.1, momentum=0.9),
    "adagrad": dict(lr=0.1),
    "rmsprop": dict(lr=0.05, alpha=0.9),
    "adadelta": dict(lr=1.0),
    "adam": dict(lr=0.05),
    "adamw": dict(lr=0.05, weight_decay=0.1),
}
SADDLE_START, SADDLE_STEPS = (-1.0, 1e-6), 200

saddle_runs = {
    name: a2.trajectory(RULES[name], a2.saddle, SADDLE_START, SADDLE_STEPS, **hyper)
    for name, hyper in SADDLE_HYPER.items()
}
for name, (path, losses) in saddle_runs.items():
    escaped = np.abs(path[:, 1]) > 0.5
    when = f"after {np.argmax(escaped)} steps" if escaped.any() else "never"
    print(f"{name:>13}: |y| > 0.5 {when}; ends at loss {losses[-1]:.4f}")

# %% [markdown]
# The contours below 0 are dashed. Things to look at:
#
# - **sgd** multiplies its distance from the ridge by (1 + lr) per step: from 1e-6 to 1
#   that takes log(1e6) / log(1.1), about 145 steps, which it spends sliding to the saddle
#   and sitting there, where the gradient is almost 0.
# - **sgd_momentum** and **nesterov**, with the same lr, grow that distance by a larger
#   factor per step, and escape about three times sooner. Along x their velocity carries
#   them past the saddle and back; Nesterov's correction damps that swinging.
# - The adaptive rules divide each coordinate's gradient by its own running size,
#   lr * g / (sqrt(v) + eps). A gradient of 1e-6 along y then earns a step of about lr, as
#   large as a gradient of 1 would: **adagrad**, **rmsprop**, **adam** and **adamw** head
#   for the minimum at once, without visiting the saddle.
# - **adadelta** leaves the ridge quickly too, but its steps along x, which keep the size
#   of its recent ones, shrink as the gradient along x does: after 200 steps it is still
#   creeping towards the minimum.
#
# Started exactly on y = 0, no rule would ever leave the ridge: the gradient along y would
# be exactly 0. In a real network, noise in the gradients supplies the nudge.

# %%
levels = np.linspace(-0.25, 2.5, 23)
minima = [(0.0, -1.0), (0.0, 1.0)]
fig = plot_paths(saddle_runs, a2.saddle, (-1.5, 1.5), (-1.5, 1.5), levels, minima)
fig.suptitle(f"Saddle, {SADDLE_STEPS} steps from {SADDLE_START}")
plt.show()

# %% [markdown]
# The loss against the step. The loss at the saddle is 0 (dashed line), at the minima -0.25
# (dotted line). SGD sits on the plateau at 0 for about a hundred steps, the momentum rules
# for a few dozen: the slope along y is there, but too small for them to feel. The adaptive
# rules never stop there.

# %%
fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
plot_losses(saddle_runs, ax)
ax.axhline(0.0, color="k", ls="--", lw=0.8)
ax.axhline(-0.25, color="C2", ls=":", lw=0.8)
ax.set_title("Saddle: loss against steps")
plt.show()

# %% [markdown]
# ## Gradient clipping
# `clip_grad_norm` scales all the gradients by one factor so that their global norm (that
# of all of them concatenated) becomes max_norm, up to the 1e-6 torch adds to the norm.
# Gradients already within max_norm come back unchanged. `clip_grad_value` clips each entry
# on its own.

# %%
grads = [10 * rng.normal(size=(4, 3)), 10 * rng.normal(size=7), 10 * rng.normal(size=(2, 2, 2))]
global_norm = np.sqrt(sum(np.sum(gr**2) for gr in grads))
clipped, total_norm = a2.clip_grad_norm(grads, max_norm=1.0)
clipped_norm = np.sqrt(sum(np.sum(c**2) for c in clipped))
print("clip_grad_norm total norm error:", rel_error(total_norm, global_norm))
print("clip_grad_norm clipped norm error:", rel_error(clipped_norm, 1.0))
print(
    "clip_grad_norm direction error:", rel_error(clipped[1] / clipped_norm, grads[1] / global_norm)
)
unchanged, _ = a2.clip_grad_norm(grads, max_norm=2 * global_norm)
print(
    "clip_grad_norm below max_norm error:",
    max(rel_error(u, gr) for u, gr in zip(unchanged, grads, strict=True)),
)

clipped = a2.clip_grad_value(grads, clip_value=0.5)
print("clip_grad_value largest |entry|:", max(np.abs(c).max() for c in clipped))

# %% [markdown]
# ## Learning-rate schedules
# The values where the conventions matter: the linear warm-up starts at
# start_factor * base_lr (not 0) and reaches base_lr exactly at step = warmup_steps; cosine
# annealing reaches eta_min at step = T_max; warm-up then cosine peaks at step =
# warmup_steps and ends at eta_min at step = total_steps.

# %%
base_lr = 0.1
print(
    "step_lr at step 29 and 30 error:",
    rel_error(
        [a2.step_lr(29, base_lr, 30, 0.5), a2.step_lr(30, base_lr, 30, 0.5)], [base_lr, base_lr / 2]
    ),
)
print("exponential_lr error:", rel_error(a2.exponential_lr(10, base_lr, 0.9), base_lr * 0.9**10))
print(
    "cosine_annealing_lr end error:",
    rel_error(a2.cosine_annealing_lr(100, base_lr, 100, 1e-3), 1e-3),
)
print("linear_warmup_lr start error:", rel_error(a2.linear_warmup_lr(0, base_lr, 20), base_lr / 3))
print("linear_warmup_lr peak error:", rel_error(a2.linear_warmup_lr(20, base_lr, 20), base_lr))
print("warmup_cosine_lr peak error:", rel_error(a2.warmup_cosine_lr(10, base_lr, 10, 100), base_lr))
print(
    "warmup_cosine_lr end error:",
    rel_error(a2.warmup_cosine_lr(100, base_lr, 10, 100, eta_min=1e-3), 1e-3),
)

# %% [markdown]
# The five schedules over 100 steps, from base_lr = 0.1. Step decay halves the rate every
# 30 steps; exponential decay multiplies it by 0.97 at every step; cosine annealing goes
# down slowly, then fast, then slowly again; the warm-ups start small so that the first
# steps, taken while Adam's or momentum's averages are still poor, stay small.

# %%
steps = np.arange(101)
schedules = {
    "step_lr(step_size=30, gamma=0.5)": lambda t: a2.step_lr(t, base_lr, 30, 0.5),
    "exponential_lr(gamma=0.97)": lambda t: a2.exponential_lr(t, base_lr, 0.97),
    "cosine_annealing_lr(T_max=100)": lambda t: a2.cosine_annealing_lr(t, base_lr, 100),
    "linear_warmup_lr(warmup_steps=20)": lambda t: a2.linear_warmup_lr(t, base_lr, 20),
    "warmup_cosine_lr(10, total_steps=100)": lambda t: a2.warmup_cosine_lr(t, base_lr, 10, 100),
}
fig, ax = plt.subplots(figsize=(9, 4), layout="constrained")
for label, schedule in schedules.items():
    ax.plot(steps, [schedule(t) for t in steps], label=label)
ax.set_xlabel("step")
ax.set_ylabel("learning rate")
ax.set_title(f"Learning-rate schedules, base_lr = {base_lr}")
ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1))
plt.show()

# %% [markdown]
# ## Weight initializers
# For a (400, 300) weight (fan_in 400, fan_out 300), the standard deviation of the drawn
# entries against the formula: the ratio should be 1 within about 1% (the draws are random;
# these are not exact checks). A uniform draw on [-bound, bound] has std bound / sqrt(3).

# %%
shape = (400, 300)
fan_in, fan_out = a2.compute_fans(shape)
print(f"fans (fan_in, fan_out) of a {shape} weight: {(fan_in, fan_out)}")
print(f"fans of (64, 3, 5, 5) filters: {a2.compute_fans((64, 3, 5, 5))}")
relu_gain = a2.calculate_gain("relu")
initializers = {
    "lecun_normal": (a2.lecun_normal(shape, seed=0), 1 / np.sqrt(fan_in)),
    "xavier_uniform": (a2.xavier_uniform(shape, seed=0), np.sqrt(2 / (fan_in + fan_out))),
    "xavier_normal": (a2.xavier_normal(shape, seed=0), np.sqrt(2 / (fan_in + fan_out))),
    "kaiming_uniform": (a2.kaiming_uniform(shape, seed=0), relu_gain / np.sqrt(fan_in)),
    "kaiming_normal": (a2.kaiming_normal(shape, seed=0), relu_gain / np.sqrt(fan_in)),
}
print(f"{'initializer':>16} {'sample std':>11} {'formula':>9} {'ratio':>7} {'mean':>8}")
for name, (weights, std) in initializers.items():
    sample_std = weights.std()
    print(f"{name:>16} {sample_std:11.5f} {std:9.5f} {sample_std / std:7.4f} {weights.mean():8.5f}")

# %% [markdown]
# Why the gain matters: the size of the signal (the root mean square of the activations)
# through 30 layers of 256 ReLU units, from inputs of std 1. A ReLU zeroes about half of its
# inputs, which halves the mean square of the signal at each layer; Kaiming's gain sqrt(2)
# makes up for it. With LeCun's or Xavier's variance (the same here, since fan_in = fan_out:
# their two lines coincide) the signal shrinks by a factor sqrt(2) per layer, and after 30
# layers it is about 2**-15, 3e-5, of what it was: so are the gradients flowing back.

# %%
width, depth = 256, 30
inits = {
    "lecun_normal": (lambda seed: a2.lecun_normal((width, width), seed=seed), "-"),
    "xavier_normal": (lambda seed: a2.xavier_normal((width, width), seed=seed), "--"),
    "kaiming_normal": (lambda seed: a2.kaiming_normal((width, width), seed=seed), "-"),
}
x0 = rng.normal(size=(500, width))
fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
for label, (init, style) in inits.items():
    h, sizes = x0, []
    for layer in range(depth):
        h = np.maximum(0.0, h @ init(layer))
        sizes.append(np.sqrt(np.mean(h**2)))
    ax.semilogy(np.arange(1, depth + 1), sizes, style, marker=".", label=label)
ax.set_xlabel("layer")
ax.set_ylabel("root mean square of the activations")
ax.set_title(f"A deep ReLU network, {width} units per layer")
ax.legend()
plt.show()
