# %% [markdown]
# # Assignment 4: recurrent networks
#
# This notebook uses **your** code in this folder. It checks every backward pass you write
# against numeric gradients, one step and whole sequences, then measures how the gradient
# of a plain RNN vanishes over 50 steps while an LSTM's survives, and finally trains an LSTM
# and an RNN made of your layers on a task that needs a memory of 40 steps.
#
# The checks print relative errors (`rel_error`). About 1e-8 or less means a backward pass is
# right; 1e-2 or more almost always means a bug. When a cell raises `NotImplementedError`,
# the message says which TODO is still open.

# %%
import pathlib
import sys

import matplotlib.pyplot as plt
import numpy as np

# The notebook sits inside the a4_rnn folder: make its parent importable.
sys.path.insert(0, str(pathlib.Path.cwd().parent))
import a4_rnn as a4

rng = np.random.default_rng(0)


def rel_error(a, b):
    """The largest relative difference between a and b, entry by entry."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def numeric_gradient_array(f, x, dout, h=1e-5):
    """The central-difference gradient of sum(f(x) * dout) with respect to x.

    f maps the array x to an array of the shape of dout. Each entry of x is moved by +h and
    -h in place, and put back, so f may also read x from elsewhere.
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


def check_layer(label, forward, backward, inputs, upstream):
    """Print the gradient-check error of every input of a layer.

    forward(*inputs) returns the layer's states, then its cache; backward(*upstream, cache)
    returns one gradient per input, in the order of inputs (a dict: name -> array).
    upstream holds one gradient per state (next_h, or next_h and next_c, ...).
    """
    *_, cache = forward(*inputs.values())
    grads = backward(*upstream, cache)
    for (name, value), grad in zip(inputs.items(), grads, strict=True):

        def states(v, name=name):
            return np.stack(forward(*{**inputs, name: v}.values())[:-1])

        grad_num = numeric_gradient_array(states, value, np.stack(upstream))
        print(f"{label} d{name} error:", rel_error(grad, grad_num))


def only_step(dh, step):
    """A copy of the upstream gradient dh (N, T, H), zero except at time step `step`."""
    kept = np.zeros_like(dh)
    kept[:, step] = dh[:, step]
    return kept


# %% [markdown]
# ## The tanh RNN
# One step first: next_h = tanh(x @ Wx + prev_h @ Wh + b). Then a sequence of T = 5 steps
# from a non-zero h0. Backpropagation through time has two places where bugs hide, so the
# sequence is checked three times: with an upstream gradient on every step, on only the
# last step (the gradient must travel back through every step to reach x[:, 0] and h0),
# and on only the first (the later steps must then receive nothing).

# %%
N, T, D, H = 3, 5, 4, 3
x = rng.normal(size=(N, T, D))
h0 = rng.normal(size=(N, H))
rnn_params = {"Wx": 0.5 * rng.normal(size=(D, H)), "Wh": 0.5 * rng.normal(size=(H, H))}
rnn_params["b"] = 0.5 * rng.normal(size=H)

step = {"x": x[:, 0], "prev_h": h0, **rnn_params}
check_layer("rnn_step", a4.rnn_step_forward, a4.rnn_step_backward, step, [rng.normal(size=(N, H))])

dh = rng.normal(size=(N, T, H))
sequence = {"x": x, "h0": h0, **rnn_params}
for where, upstream in [("every step", dh), ("last step", only_step(dh, -1)),
                        ("first step", only_step(dh, 0))]:  # fmt: skip
    check_layer(f"rnn ({where})", a4.rnn_forward, a4.rnn_backward, sequence, [upstream])

# %% [markdown]
# ## The LSTM
# The four gates come out of one product, in torch's order i, f, g, o. A step has two
# outputs, next_h and next_c, and its backward pass two upstream gradients; a sequence
# returns the hidden and the cell states of every step. The checks give both states an
# upstream gradient, so the path from next_c to the loss is checked too.

# %%
lstm_params = {"Wx": 0.5 * rng.normal(size=(D, 4 * H)), "Wh": 0.5 * rng.normal(size=(H, 4 * H))}
lstm_params["b"] = 0.5 * rng.normal(size=4 * H)
c0 = rng.normal(size=(N, H))

step = {"x": x[:, 0], "prev_h": h0, "prev_c": c0, **lstm_params}
upstream = [rng.normal(size=(N, H)), rng.normal(size=(N, H))]
check_layer("lstm_step", a4.lstm_step_forward, a4.lstm_step_backward, step, upstream)

dc = rng.normal(size=(N, T, H))
sequence = {"x": x, "h0": h0, "c0": c0, **lstm_params}
for where, upstream in [("every step", [dh, dc]),
                        ("last step", [only_step(dh, -1), only_step(dc, -1)]),
                        ("first step", [only_step(dh, 0), only_step(dc, 0)])]:  # fmt: skip
    check_layer(f"lstm ({where})", a4.lstm_forward, a4.lstm_backward, sequence, upstream)

# %% [markdown]
# ## The GRU
# torch's convention: the reset gate multiplies prev_h @ Wh_n + bh_n, bias included, so the
# two biases bx and bh are checked apart: in their r and z blocks their gradients are equal,
# in the n block they are not.

# %%
gru_params = {"Wx": 0.5 * rng.normal(size=(D, 3 * H)), "Wh": 0.5 * rng.normal(size=(H, 3 * H))}
gru_params["bx"] = 0.5 * rng.normal(size=3 * H)
gru_params["bh"] = 0.5 * rng.normal(size=3 * H)

step = {"x": x[:, 0], "prev_h": h0, **gru_params}
check_layer("gru_step", a4.gru_step_forward, a4.gru_step_backward, step, [rng.normal(size=(N, H))])

sequence = {"x": x, "h0": h0, **gru_params}
for where, upstream in [("every step", dh), ("last step", only_step(dh, -1)),
                        ("first step", only_step(dh, 0))]:  # fmt: skip
    check_layer(f"gru ({where})", a4.gru_forward, a4.gru_backward, sequence, [upstream])

# %% [markdown]
# ## Word embedding, temporal affine layer, masked loss
# The tokens repeat words on purpose (word 0 three times, word 3 twice): each occurrence
# adds its gradient to the word's row. The loss gets a mask that drops the last two steps
# of the second sequence: they must change nothing, and at the start, with small scores,
# the loss is about log(V), a uniform guess.

# %%
tokens = np.array([[0, 3, 0, 5], [2, 3, 1, 0]])
W_embed = rng.normal(size=(6, 3))
out, cache = a4.word_embedding_forward(tokens, W_embed)
dout = rng.normal(size=out.shape)
dW = a4.word_embedding_backward(dout, cache)
dW_num = numeric_gradient_array(lambda v: a4.word_embedding_forward(tokens, v)[0], W_embed, dout)
print("word_embedding dW error:", rel_error(dW, dW_num))

affine = {"x": rng.normal(size=(2, 4, 3)), "w": rng.normal(size=(3, 5)), "b": rng.normal(size=5)}
check_layer(
    "temporal_affine",
    a4.temporal_affine_forward,
    a4.temporal_affine_backward,
    affine,
    [rng.normal(size=(2, 4, 5))],
)

V = 5
scores = 0.01 * rng.normal(size=(2, 4, V))
targets = rng.integers(0, V, size=(2, 4))
mask = np.array([[True, True, True, True], [True, True, False, False]])
loss, dscores = a4.temporal_softmax_loss(scores, targets, mask)
print(f"loss with small scores: {loss:.4f} (log(V) = {np.log(V):.4f})")
scores = rng.normal(size=(2, 4, V))
loss, dscores = a4.temporal_softmax_loss(scores, targets, mask)
dscores_num = numeric_gradient_array(
    lambda v: a4.temporal_softmax_loss(v, targets, mask)[0], scores, 1.0
)
print("temporal_softmax_loss dx error:", rel_error(dscores, dscores_num))
print("dx at the masked steps (must be 0):", np.abs(dscores[1, 2:]).max())

# %% [markdown]
# ## The vanishing gradient
# How much of the gradient of the last hidden state h_T reaches an earlier state h_t? For
# each t, `gradient_norms` computes the (H, H) Jacobian d h_T / d h_t and its norm. The
# weights are drawn as torch initializes them (uniform in +-1/sqrt(H)), on 50 steps of
# random inputs. For the LSTM we set the forget gate's biases, which decide how much of the
# cell state a step keeps: sigmoid(1) = 0.73, sigmoid(3) = 0.95.
#
# First, a check of `gradient_norms` itself on a short sequence: norms[0] is the norm of
# the Jacobian of h_T with respect to h0, which numeric differences of your forward pass
# give row by row (row k: the gradient of h_T[k], an upstream gradient of 1 on entry k).

# %%
x_short, h_short = rng.normal(size=(1, 3, D)), rng.normal(size=(1, H))
c_zero = np.zeros((1, H))
last_state = {
    "rnn": lambda v: a4.rnn_forward(x_short, v, *rnn_params.values())[0][:, -1],
    "lstm": lambda v: a4.lstm_forward(x_short, v, c_zero, *lstm_params.values())[0][:, -1],
}
for cell, params in [("rnn", rnn_params), ("lstm", lstm_params)]:
    norms = a4.gradient_norms(x_short, h_short, *params.values(), cell=cell)
    rows = [numeric_gradient_array(last_state[cell], h_short, np.eye(H)[[k]]) for k in range(H)]
    print(f"gradient_norms[0] ({cell}) error:", rel_error(norms[0], np.linalg.norm(rows)))
    print(f"gradient_norms[T] ({cell}) = {norms[-1]:.4f} (sqrt(H) = {np.sqrt(H):.4f})")

# %%
T_long, D_long, H_long = 50, 8, 16
x_long = rng.normal(size=(4, T_long, D_long))
h_zero = np.zeros((4, H_long))
bound = 1 / np.sqrt(H_long)


def torch_like(gates):
    """Wx, Wh, b drawn as torch initializes nn.RNN (gates = 1) and nn.LSTM (gates = 4)."""
    width = gates * H_long
    return [
        rng.uniform(-bound, bound, size) for size in [(D_long, width), (H_long, width), (width,)]
    ]


curves = {"RNN": a4.gradient_norms(x_long, h_zero, *torch_like(1), cell="rnn")}
for forget_bias in (1.0, 3.0):
    Wx, Wh, b = torch_like(4)
    b[H_long : 2 * H_long] = forget_bias
    label = f"LSTM, forget bias {forget_bias:g}"
    curves[label] = a4.gradient_norms(x_long, h_zero, Wx, Wh, b, cell="lstm")

fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
for label, norms in curves.items():
    ax.semilogy(np.arange(T_long + 1), norms, label=label)
ax.set_xlabel("t")
ax.set_ylabel("|| d h_T / d h_t ||")
ax.set_title(f"How much of h_T's gradient reaches h_t (T = {T_long})")
ax.legend()
plt.show()
for label, norms in curves.items():
    print(f"{label}: norms[0] / norms[T - 1] = {norms[0] / norms[-2]:.1e}")

# %% [markdown]
# The RNN's curve falls in a straight line on the log scale: every step back multiplies the
# gradient by about the same factor, and after 50 steps some 15 orders of magnitude are
# gone. Nothing that happened at the start can still move the loss at the end: the RNN
# cannot learn from it. The LSTM's cell state passes its gradient on multiplied only by the
# forget gate: with forget bias 1 it decays too, about 0.73 a step (several orders of
# magnitude, far fewer than the RNN's), and with forget bias 3 hardly at all.
#
# ## Learning to remember
# `make_recall` writes sequences of 42 tokens: a symbol (one of 4), 40 distractors, then a
# query token; the label is the symbol. To answer at the query, a network must carry the
# symbol across 40 steps. `RecurrentClassifier` (given) embeds the tokens with your
# `word_embedding_forward`, runs your LSTM or your RNN, and classifies the last step with
# your `temporal_affine_forward` and `temporal_softmax_loss` (a mask that keeps only the
# last step). `train_adam` (given) trains it: 600 Adam steps of 32 sequences, a few seconds.

# %%
X_train, y_train = a4.make_recall(4800, seed=0)
X_test, y_test = a4.make_recall(500, seed=1)
print("a sequence:", X_train[0], "label:", y_train[0])
histories = {}
for cell in ("lstm", "rnn"):
    model = a4.RecurrentClassifier(cell, a4.recall_vocabulary(), 4, seed=0)
    histories[cell] = a4.train_adam(model, X_train, y_train, seed=0)
    print(f"{cell}: held-out accuracy {a4.accuracy(model, X_test, y_test):.3f} (chance 0.25)")

fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
for cell, losses in histories.items():
    ax.plot(losses, label=cell.upper(), lw=0.8)
ax.axhline(np.log(4), color="k", ls="--", lw=0.8, label="log(4), a uniform guess")
ax.set_ylim(bottom=0)
ax.set_xlabel("step")
ax.set_ylabel("minibatch loss")
ax.set_title("Delayed recall, 40 steps")
ax.legend()
plt.show()

# %% [markdown]
# Both start at log(4): neither network knows yet which token matters. The LSTM's loss
# falls to nearly 0 within some 50 steps (its forget bias of 3 keeps 14% of the cell state
# across the 41 steps, enough for the gradient to find the symbol), and it recalls every
# held-out symbol. The RNN's never leaves log(4): the gradient that would tell it to keep
# the symbol is some 15 orders of magnitude too small when it arrives. Same task, same
# size, same optimizer: the difference is the gradient path through the cell state that
# you measured above.
