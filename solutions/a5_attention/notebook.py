# %% [markdown]
# # Assignment 5: Attention and Transformers
#
# This notebook uses **your** code in this folder. It checks the backward pass of your
# softmax, your scaled dot-product attention and your multi-head attention against numeric
# gradients, and your multi-head attention against `torch.nn.MultiheadAttention`; it shows
# your masks, draws your positional encodings, and runs your beam search on a small table
# where greedy search goes wrong. Last, it trains a small Transformer made of your
# `TransformerEncoderBlock` to reverse strings of digits, and draws where its heads look.
#
# The checks print relative errors: about 1e-8 or less means a function is right; 1e-3 or
# more almost always means a bug. When a cell raises `NotImplementedError`, the message says
# which TODO is still open. The whole notebook runs in a few seconds.

# %%
import itertools
import pathlib
import sys

import matplotlib.pyplot as plt
import numpy as np
import torch

# The notebook sits inside the a5_attention folder: make its parent importable.
sys.path.insert(0, str(pathlib.Path.cwd().parent))
import a5_attention as a5

rng = np.random.default_rng(0)


def relative_error(a, b):
    """The largest relative difference between a and b, entry by entry (0 for empty arrays)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.size == 0:
        return 0.0
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


def check_gradients(label, forward, backward, inputs, dout, skip=()):
    """Print the gradient-check error of every input of a layer, except those in skip.

    forward(*inputs.values()) returns (out, cache); backward(dout, cache) returns one
    gradient per input, in the order of inputs (a dict: name -> array).
    """
    _, cache = forward(*inputs.values())
    grads = backward(dout, cache)
    for (name, value), grad in zip(inputs.items(), grads, strict=True):
        if name in skip:
            continue

        def out(v, name=name):
            return forward(*{**inputs, name: v}.values())[0]

        numeric = numeric_gradient_array(out, value.copy(), dout)
        print(f"{label} d{name} error:", relative_error(grad, numeric))


# %% [markdown]
# ## Softmax along the last axis
# Every row of the output sums to 1, and adding a constant to a row changes nothing: with
# the row's maximum subtracted first, scores of 1000 do not overflow.

# %%
x = rng.normal(size=(2, 3, 5))
out, _ = a5.softmax_forward(x)
print("row sums:", out.sum(axis=-1).round(12).ravel())
shifted, _ = a5.softmax_forward(x + 1000.0)
print("softmax(x + 1000) vs softmax(x) error:", relative_error(shifted, out))
check_gradients(
    "softmax", a5.softmax_forward, lambda d, c: [a5.softmax_backward(d, c)], {"x": x},
    rng.normal(size=x.shape),
)  # fmt: skip

# %% [markdown]
# ## The masks
# A causal mask lets position t attend to positions 0..t (True on and below the diagonal);
# a padding mask is True for the real tokens of each sequence. True always means "may
# attend", as in `torch.nn.functional.scaled_dot_product_attention`.

# %%
print("causal_mask(4):\n", a5.causal_mask(4).astype(int))
print("padding_mask([3, 1], 4):\n", a5.padding_mask(np.array([3, 1]), 4).astype(int))

# %% [markdown]
# ## Scaled dot-product attention
# L = 4 queries attend over S = 5 keys, in a batch of 2, with the padding mask of lengths 5
# and 3 (shape (2, 1, 5): the same for every query). Then the same with a mask that leaves
# query 0 of the first example nothing to attend to: its output row is 0, and no gradient
# reaches it or flows back through it.

# %%
N, L, S, d_k, d_v = 2, 4, 5, 3, 2
q, k, v = rng.normal(size=(N, L, d_k)), rng.normal(size=(N, S, d_k)), rng.normal(size=(N, S, d_v))
dout = rng.normal(size=(N, L, d_v))
padding = a5.padding_mask(np.array([5, 3]), S)[:, None, :]


def attention_with(mask):
    """scaled_dot_product_attention_forward(q, k, v) with ``mask`` fixed."""
    return lambda q, k, v: a5.scaled_dot_product_attention_forward(q, k, v, mask)


inputs = {"q": q, "k": k, "v": v}
backward = a5.scaled_dot_product_attention_backward
check_gradients("attention (padding)", attention_with(padding), backward, inputs, dout)

nothing = np.broadcast_to(padding, (N, L, S)).copy()
nothing[0, 0] = False  # query 0 of example 0 may attend to no key
out, cache = attention_with(nothing)(q, k, v)
dq, dk, dv = backward(dout, cache)
print("output row of the query with no keys (must be 0):", out[0, 0])
print("its dq row (must be 0):", dq[0, 0])
check_gradients("attention (a query with no keys)", attention_with(nothing), backward, inputs, dout)

# %% [markdown]
# ## Multi-head attention
# E = 6 features in 2 heads of 3, 3 queries over 4 keys, with padding (lengths 4 and 2) and
# an attention mask. First a case you can work out by hand: with one head and identity
# projections (W_q = W_k = W_v = W_o = I, biases 0), multi-head attention is your
# scaled dot-product attention of the inputs themselves, with the two masks combined.

# %%
N, L, S, E, heads = 2, 3, 4, 6, 2
query, (key, value) = rng.normal(size=(N, L, E)), rng.normal(size=(2, N, S, E))
key_padding_mask = a5.padding_mask(np.array([4, 2]), S)
attn_mask = np.tril(np.ones((L, S), dtype=bool), k=1)  # query i sees keys 0..i+1
eye = np.eye(E)
out, _ = a5.multi_head_attention_forward(
    query, key, value, np.vstack([eye, eye, eye]), np.zeros(3 * E), eye, np.zeros(E), 1,
    key_padding_mask, attn_mask,
)  # fmt: skip
both = attn_mask[None, :, :] & key_padding_mask[:, None, :]
want, _ = a5.scaled_dot_product_attention_forward(query, key, value, both)
print("multi-head attention, one head and identity weights, vs attention error:",
      relative_error(out, want))  # fmt: skip

# %% [markdown]
# Now with drawn weights, against `torch.nn.MultiheadAttention` in float64 holding the same
# four arrays. Its masks have the opposite polarity (True means "ignore"): it gets `~mask`.

# %%
params = {
    "in_proj_weight": rng.normal(size=(3 * E, E)) / np.sqrt(E),
    "in_proj_bias": 0.1 * rng.normal(size=3 * E),
    "out_proj_weight": rng.normal(size=(E, E)) / np.sqrt(E),
    "out_proj_bias": 0.1 * rng.normal(size=E),
}


def mha(query, key, value, in_proj_weight, in_proj_bias, out_proj_weight, out_proj_bias,
        masks=(key_padding_mask, attn_mask)):  # fmt: skip
    """Your multi-head attention with this section's heads and masks (by default)."""
    return a5.multi_head_attention_forward(
        query, key, value, in_proj_weight, in_proj_bias, out_proj_weight, out_proj_bias,
        heads, *masks,
    )  # fmt: skip


out, _ = mha(query, key, value, *params.values())
theirs = torch.nn.MultiheadAttention(E, heads, batch_first=True).double()
with torch.no_grad():
    theirs.in_proj_weight.copy_(torch.tensor(params["in_proj_weight"]))
    theirs.in_proj_bias.copy_(torch.tensor(params["in_proj_bias"]))
    theirs.out_proj.weight.copy_(torch.tensor(params["out_proj_weight"]))
    theirs.out_proj.bias.copy_(torch.tensor(params["out_proj_bias"]))
    want, _ = theirs(
        *(torch.tensor(a) for a in (query, key, value)),
        key_padding_mask=torch.tensor(~key_padding_mask),
        attn_mask=torch.tensor(~attn_mask),
        need_weights=False,
    )
print("multi-head attention vs torch.nn.MultiheadAttention error:", relative_error(out, want))

# %% [markdown]
# The backward pass returns seven gradients: the three inputs and the four parameters.
# One part of them is 0 whatever the inputs: the key bias b_k (in_proj_bias[E:2E]) adds
# q . b_k to every score of query q, the same for every key, and the softmax does not
# change when a whole row moves. So d b_k is 0 up to rounding, and the cell prints its size
# instead of a relative error, which would compare two rounding errors.
# For self-attention (one x passed as query, key and value, here with a causal mask) x's
# gradient is the sum of the first three.

# %%
dout = rng.normal(size=(N, L, E))
inputs = {"query": query, "key": key, "value": value, **params}
backward = a5.multi_head_attention_backward
check_gradients("multi-head attention", mha, backward, inputs, dout, skip=["in_proj_bias"])
_, cache = mha(*inputs.values())
din_proj_bias = backward(dout, cache)[4]
numeric = numeric_gradient_array(
    lambda b: mha(*{**inputs, "in_proj_bias": b}.values())[0], params["in_proj_bias"].copy(), dout
)
for name, block in [("b_q", slice(0, E)), ("b_v", slice(2 * E, 3 * E))]:
    print(f"multi-head attention d{name} error:",
          relative_error(din_proj_bias[block], numeric[block]))  # fmt: skip
print("multi-head attention largest |d b_k| (0 up to rounding):",
      np.abs(din_proj_bias[E : 2 * E]).max())  # fmt: skip

x, masks = query, (a5.padding_mask(np.array([3, 2]), L), a5.causal_mask(L))
_, cache = mha(x, x, x, *params.values(), masks=masks)
dquery, dkey, dvalue, *_ = backward(dout, cache)
numeric = numeric_gradient_array(
    lambda v: mha(v, v, v, *params.values(), masks=masks)[0], x.copy(), dout
)
print("self-attention dx = dquery + dkey + dvalue error:",
      relative_error(dquery + dkey + dvalue, numeric))  # fmt: skip

# %% [markdown]
# ## Sinusoidal positional encodings
# Each pair of columns is a sine and a cosine of the position, slower from left to right.
# On the right, the dot products of the encodings: they depend mostly on the distance
# between two positions, largest on the diagonal.

# %%
pe = a5.sinusoidal_positional_encoding(50, 32)
print("row 0 (sin 0, cos 0, ...):", pe[0, :6])
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
image = left.imshow(pe, cmap="RdBu", aspect="auto", vmin=-1, vmax=1)
left.set_xlabel("column")
left.set_ylabel("position t")
left.set_title("sinusoidal_positional_encoding(50, 32)")
fig.colorbar(image, ax=left)
image = right.imshow(pe @ pe.T, cmap="viridis")
right.set_xlabel("position s")
right.set_ylabel("position t")
right.set_title("pe[t] . pe[s]")
fig.colorbar(image, ax=right)
plt.show()

# %% [markdown]
# ## Beam search on a small table
# A "model" with four tokens, `<s>` (0), `a` (1), `b` (2) and `</s>` (3), whose next-token
# probabilities depend only on the last token (a table; a network would take the whole
# prefix). `a` is the likelier first token, but nothing likely follows it; `b` is followed
# by `</s>` nine times in ten. Greedy search (beam width 1) takes `a`; a beam of 2 keeps
# `b` too and finds the better sequence. With max_len = 3 there are few enough sequences to
# score every one of them, and a beam as wide as the number of prefixes must find the best.

# %%
START, EOS, WORDS = 0, 3, ["<s>", "a", "b", "</s>"]
table = np.log(np.array([
    [0.01, 0.55, 0.43, 0.01],  # after <s>
    [0.01, 0.30, 0.33, 0.36],  # after a
    [0.01, 0.04, 0.05, 0.90],  # after b
    [0.25, 0.25, 0.25, 0.25],  # after </s> (never asked)
]))  # fmt: skip


def step_fn(prefixes):
    """The log-probabilities (B, 4) of the next token after each prefix (B, t)."""
    return table[prefixes[:, -1]]


def sequences(length):
    """Every sequence start, y_1, ..., y_n that beam_search could return, n <= length."""
    found, live = [], [[START]]
    for n in range(1, length + 1):
        grown = [[*prefix, token] for prefix in live for token in range(len(WORDS))]
        found += [s for s in grown if s[-1] == EOS or n == length]
        live = [s for s in grown if s[-1] != EOS]
    return found


def total(sequence):
    """The sum of the log-probabilities of a sequence's tokens after start."""
    return sum(table[a, b] for a, b in itertools.pairwise(sequence))


for width in (1, 2):
    tokens, score = a5.beam_search(step_fn, START, width, 3, EOS)
    print(f"beam width {width}:", " ".join(WORDS[t] for t in tokens),
          f"probability {np.exp(score):.3f}")  # fmt: skip
best = max(sequences(3), key=total)
print("best of all:", " ".join(WORDS[t] for t in best), f"probability {np.exp(total(best)):.3f}")
_, score = a5.beam_search(step_fn, START, len(WORDS) ** 2, 3, EOS)
print("widest beam vs exhaustive search, score error:", relative_error(score, total(best)))

# %% [markdown]
# ## A Transformer that reverses strings
# `make_reversal` (given) writes strings of 6 to 8 digits, padded to 8 with a PAD token
# (10), and their reversal. `ReversalTransformer` (given) embeds the tokens, adds a learned
# vector per position, runs two of **your** `TransformerEncoderBlock` (with your
# `MultiHeadAttention` inside, the padding masked as keys) and scores the 10 digits at every
# position. `train_reversal` (given) trains it with Adam: 300 steps of 64 strings, about a
# second. The public test runs exactly this training and asks for 95% of the held-out
# digits right.

# %%
tokens, targets, lengths = a5.make_reversal(3, seed=10)
print("tokens: ", tokens[0], "\ntargets:", targets[0])

torch.manual_seed(0)
model = a5.ReversalTransformer()  # the model train_reversal(seed=0) would build
accuracy, history = a5.train_reversal(seed=0, model=model)
print(f"held-out token accuracy: {accuracy:.3f}")

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.5), layout="constrained")
left.plot(history["loss"], lw=0.8)
left.axhline(np.log(10), color="k", ls="--", lw=0.8, label="log(10), a uniform guess")
left.set_xlabel("step")
left.set_ylabel("batch loss")
left.legend()
right.plot(history["accuracy"], lw=0.8)
right.set_xlabel("step")
right.set_ylabel("batch token accuracy")
fig.suptitle("Training on the reversal task")
plt.show()

# %% [markdown]
# The loss starts near log(10): the model guesses. For some 60 steps it falls steadily while
# the accuracy climbs to about 0.6; then the model finds where to look, and within some 30
# steps more it gets every digit of its batches right, and keeps them so to the end.
#
# ## Where the heads look
# `attention_weights` (given) reads the weights your `MultiHeadAttention` returns, block by
# block, with a forward hook. For a string of 8 digits and one of 6, each picture is one
# head: row t is the output position, column s the input position it reads. To output the
# digit at position t, the model must read position L - 1 - t: the anti-diagonal. The
# padding columns stay empty: your mask keeps every head off them (the padding rows of the
# shorter string are outputs no one reads).

# %%
tokens, targets, lengths = a5.make_reversal(200, seed=11)
examples = [int(np.argmax(lengths == 8)), int(np.argmax(lengths == 6))]
weights = a5.attention_weights(model, tokens[examples])
blocks, block_heads = len(weights), weights[0].shape[1]
for row, index in enumerate(examples):
    fig, axes = plt.subplots(blocks, block_heads, figsize=(9, 4.6), layout="constrained")
    for b in range(blocks):
        for h in range(block_heads):
            axes[b, h].imshow(weights[b][row, h], cmap="Greys", vmin=0, vmax=1)
            axes[b, h].set_title(f"block {b}, head {h}", fontsize=9)
            axes[b, h].set_xticks([])
            axes[b, h].set_yticks([])
    digits = " ".join(str(t) for t in tokens[index, : lengths[index]])
    fig.suptitle(f"attention on {digits} (length {lengths[index]})")
    plt.show()

weights = a5.attention_weights(model, tokens)
strings, positions = np.nonzero(np.arange(tokens.shape[1])[None, :] < lengths[:, None])
for b, w in enumerate(weights):
    on_source = w[strings, :, positions, lengths[strings] - 1 - positions].mean(axis=0)
    print(f"block {b}: mean weight on position L - 1 - t, per head:", on_source.round(2))

# %% [markdown]
# The second block's heads read the anti-diagonal, almost all their weight on the one digit
# each position outputs. What the first block's heads compute is less clear from the
# pictures; but a position cannot find L - 1 - t before it knows L, and only attention can
# tell it where its string ends.
