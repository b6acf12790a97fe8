"""Correct a4_rnn functions written as students of other courses write them.

Each top-level definition replaces the reference's of the same name (test_variants.py); each
is right by its reference's docstring, and written differently on purpose: a sequence cache
of whole arrays instead of a list of step caches, the input projection of every step made
in one product before the loop, gates computed one by one with their own slices of the
weights (still in torch's order i, f, g, o and r, z, n), dict caches, a loop with += for the
embedding's backward pass, a float mask in the loss, and the Jacobians of gradient_norms
multiplied out explicitly. This file is never imported; its imports are for reading and
linting it. A definition uses what the module it goes into imports, or imports the rest
inside itself.
"""

import numpy as np

from .activations import sigmoid
from .gradients import CELLS


def rnn_forward(x, h0, Wx, Wh, b):
    """Its own loop over time (no call to rnn_step_forward); every input projection made in
    one product before the loop; the cache holds whole arrays, not a list of step caches."""
    N, T, D = x.shape
    H = h0.shape[1]
    projected = (x.reshape(N * T, D) @ Wx).reshape(N, T, H) + b
    hs = np.empty((N, T, H))
    state = h0
    for t in range(T):
        state = np.tanh(projected[:, t, :] + state @ Wh)
        hs[:, t, :] = state
    return hs, {"x": x, "h0": h0, "hs": hs, "Wx": Wx, "Wh": Wh}


def rnn_backward(dh, cache):
    """BPTT on the array cache: the previous state of step t read from hs (h0 for t = 0),
    the pre-activation gradients of every step kept, and dWx and db summed once at the end
    with np.einsum."""
    x, h0, hs, Wx, Wh = cache["x"], cache["h0"], cache["hs"], cache["Wx"], cache["Wh"]
    N, T, H = hs.shape
    das = np.zeros((N, T, H))
    dWh = np.zeros_like(Wh)
    carried = np.zeros((N, H))
    for t in range(T - 1, -1, -1):
        previous = h0 if t == 0 else hs[:, t - 1, :]
        da = (dh[:, t, :] + carried) * (1.0 - hs[:, t, :] ** 2)
        dWh += np.dot(previous.T, da)
        carried = np.dot(da, Wh.T)
        das[:, t, :] = da
    dx = np.einsum("nth,dh->ntd", das, Wx)
    dWx = np.einsum("ntd,nth->dh", x, das)
    db = das.sum(axis=(0, 1))
    return dx, carried, dWx, dWh, db


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    """The four gates computed one by one, each from its own block of Wx, Wh and b (i, f,
    g, o in that order); the cache is a dict."""
    H = prev_h.shape[1]

    def block(k):
        cols = slice(k * H, (k + 1) * H)
        return np.dot(x, Wx[:, cols]) + np.dot(prev_h, Wh[:, cols]) + b[cols]

    input_gate = sigmoid(block(0))
    forget_gate = sigmoid(block(1))
    candidate = np.tanh(block(2))
    output_gate = sigmoid(block(3))
    next_c = forget_gate * prev_c + input_gate * candidate
    next_h = output_gate * np.tanh(next_c)
    cache = {
        "x": x,
        "prev_h": prev_h,
        "prev_c": prev_c,
        "Wx": Wx,
        "Wh": Wh,
        "gates": (input_gate, forget_gate, candidate, output_gate),
        "next_c": next_c,
    }
    return next_h, next_c, cache


def lstm_step_backward(dnext_h, dnext_c, cache):
    """Reads the dict cache, recomputes tanh(next_c), and builds each weight gradient from
    its four gate blocks with np.hstack."""
    i, f, g, o = cache["gates"]
    x, prev_h, prev_c = cache["x"], cache["prev_h"], cache["prev_c"]
    tanh_c = np.tanh(cache["next_c"])
    dc_total = dnext_c + dnext_h * o * (1.0 - tanh_c * tanh_c)
    d_i = dc_total * g * i * (1.0 - i)
    d_f = dc_total * prev_c * f * (1.0 - f)
    d_g = dc_total * i * (1.0 - g * g)
    d_o = dnext_h * tanh_c * o * (1.0 - o)
    blocks = (d_i, d_f, d_g, d_o)
    H = prev_h.shape[1]
    dx = sum(np.dot(d, cache["Wx"][:, k * H : (k + 1) * H].T) for k, d in enumerate(blocks))
    dprev_h = sum(np.dot(d, cache["Wh"][:, k * H : (k + 1) * H].T) for k, d in enumerate(blocks))
    dWx = np.hstack([np.dot(x.T, d) for d in blocks])
    dWh = np.hstack([np.dot(prev_h.T, d) for d in blocks])
    db = np.hstack([d.sum(axis=0) for d in blocks])
    return dx, dprev_h, dc_total * f, dWx, dWh, db


def lstm_forward(x, h0, c0, Wx, Wh, b):
    """Its own loop (no call to lstm_step_forward), the input projection of every step made
    before it; the cache holds the gates of every step as (N, T, 4H) and the states."""
    N, T, _ = x.shape
    H = h0.shape[1]
    xw = np.matmul(x, Wx) + b
    gates = np.zeros((N, T, 4 * H))
    hs, cs = np.zeros((N, T, H)), np.zeros((N, T, H))
    h_t, c_t = h0, c0
    for t in range(T):
        a = xw[:, t] + h_t @ Wh
        act = np.concatenate([sigmoid(a[:, : 2 * H]), np.tanh(a[:, 2 * H : 3 * H])], axis=1)
        act = np.concatenate([act, sigmoid(a[:, 3 * H :])], axis=1)
        c_t = act[:, H : 2 * H] * c_t + act[:, :H] * act[:, 2 * H : 3 * H]
        h_t = act[:, 3 * H :] * np.tanh(c_t)
        gates[:, t], hs[:, t], cs[:, t] = act, h_t, c_t
    return hs, cs, (x, h0, c0, Wx, Wh, gates, hs, cs)


def lstm_backward(dh, dc, cache):
    """BPTT on the array cache, gate by gate; the pre-activation gradients of every step
    kept as (N, T, 4H), dx, dWx and db made from them after the loop with np.tensordot."""
    x, h0, c0, Wx, Wh, gates, hs, cs = cache
    N, T, H = hs.shape
    da_all = np.zeros((N, T, 4 * H))
    dWh = np.zeros(Wh.shape)
    dh_next, dc_next = np.zeros((N, H)), np.zeros((N, H))
    for t in reversed(range(T)):
        i, f = gates[:, t, :H], gates[:, t, H : 2 * H]
        g, o = gates[:, t, 2 * H : 3 * H], gates[:, t, 3 * H :]
        c_prev = cs[:, t - 1] if t > 0 else c0
        h_prev = hs[:, t - 1] if t > 0 else h0
        dh_t = dh[:, t] + dh_next
        tc = np.tanh(cs[:, t])
        dc_t = dc[:, t] + dc_next + dh_t * o * (1 - tc**2)
        da = np.concatenate(
            [dc_t * g * i * (1 - i), dc_t * c_prev * f * (1 - f), dc_t * i * (1 - g**2)], axis=1
        )
        da = np.concatenate([da, dh_t * tc * o * (1 - o)], axis=1)
        da_all[:, t] = da
        dWh += h_prev.T @ da
        dh_next, dc_next = da @ Wh.T, dc_t * f
    dx = np.tensordot(da_all, Wx, axes=([2], [1]))
    dWx = np.tensordot(x, da_all, axes=([0, 1], [0, 1]))
    db = da_all.sum(axis=1).sum(axis=0)
    return dx, dh_next, dc_next, dWx, dWh, db


def gru_step_forward(x, prev_h, Wx, Wh, bx, bh):
    """Gates one by one from their own blocks of the weights (r, z, n in that order); the
    cache a tuple that keeps the hidden state's candidate block under its own name."""
    H = prev_h.shape[1]
    r_blk, z_blk, n_blk = slice(0, H), slice(H, 2 * H), slice(2 * H, 3 * H)
    reset = sigmoid(x @ Wx[:, r_blk] + bx[r_blk] + prev_h @ Wh[:, r_blk] + bh[r_blk])
    update = sigmoid(x @ Wx[:, z_blk] + bx[z_blk] + prev_h @ Wh[:, z_blk] + bh[z_blk])
    hidden_n = prev_h @ Wh[:, n_blk] + bh[n_blk]
    cand = np.tanh(x @ Wx[:, n_blk] + bx[n_blk] + reset * hidden_n)
    next_h = cand + update * (prev_h - cand)
    return next_h, (x, prev_h, Wx, Wh, reset, update, cand, hidden_n)


def gru_step_backward(dnext_h, cache):
    """Block by block: each gate's pre-activation gradient, then the weight gradients
    written column block by column block into zero arrays."""
    x, prev_h, Wx, Wh, reset, update, cand, hidden_n = cache
    H = prev_h.shape[1]
    d_cand_pre = dnext_h * (1 - update) * (1 - cand**2)
    d_update_pre = dnext_h * (prev_h - cand) * update * (1 - update)
    d_reset_pre = d_cand_pre * hidden_n * reset * (1 - reset)
    d_hidden_n = d_cand_pre * reset
    dWx, dWh = np.zeros(Wx.shape), np.zeros(Wh.shape)
    dbx, dbh = np.zeros(3 * H), np.zeros(3 * H)
    dx = np.zeros(x.shape)
    dprev_h = dnext_h * update
    for k, (d_in, d_hid) in enumerate(
        [(d_reset_pre, d_reset_pre), (d_update_pre, d_update_pre), (d_cand_pre, d_hidden_n)]
    ):
        cols = slice(k * H, (k + 1) * H)
        dWx[:, cols] = x.T @ d_in
        dWh[:, cols] = prev_h.T @ d_hid
        dbx[cols] = d_in.sum(axis=0)
        dbh[cols] = d_hid.sum(axis=0)
        dx += d_in @ Wx[:, cols].T
        dprev_h = dprev_h + d_hid @ Wh[:, cols].T
    return dx, dprev_h, dWx, dWh, dbx, dbh


def word_embedding_backward(dout, cache):
    """Two Python loops over the tokens, each adding its gradient to its word's row (+=)."""
    x, V = cache
    N, T = x.shape
    dW = np.zeros((V, dout.shape[2]))
    for n in range(N):
        for t in range(T):
            dW[x[n, t]] += dout[n, t]
    return dW


def temporal_softmax_loss(x, y, mask):
    """The mask as float weights; a loop over time with np.logaddexp.reduce for the
    log-sum-exp, probabilities by np.exp(x - lse), and the one-hot targets from np.eye."""
    N, T, V = x.shape
    weights = mask.astype(np.float64)
    count = weights.sum()
    loss = 0.0
    dx = np.zeros((N, T, V))
    for t in range(T):
        lse = np.logaddexp.reduce(x[:, t, :], axis=1)
        log_p = x[:, t, :] - lse[:, None]
        picked = log_p[np.arange(N), y[:, t]]
        loss -= np.sum(weights[:, t] * picked)
        dx[:, t, :] = (np.exp(log_p) - np.eye(V)[y[:, t]]) * weights[:, t, None]
    return loss / count, dx / count


def gradient_norms(x, h0, Wx, Wh, b, cell="rnn"):
    """The Jacobians multiplied out, one sequence at a time: each step's Jacobian of the
    state (h for the RNN, the pair (h, c) for the LSTM) with respect to the previous one,
    from the formulas, chained backwards from d h_T / d h_T = [I 0]."""
    from .activations import sigmoid

    if cell not in CELLS:
        raise ValueError(f"cell must be one of {CELLS}, not {cell!r}")
    N, T, _ = x.shape
    H = h0.shape[1]

    def rnn_step(x_t, state):
        """The next state h and d h' / d h."""
        h = np.tanh(x_t @ Wx + state @ Wh + b)
        return h, np.diag(1 - h**2) @ Wh.T

    def lstm_step(x_t, state):
        """The next state (h, c) and its (2H, 2H) Jacobian with respect to (h, c)."""
        h, c = state[:H], state[H:]
        a = x_t @ Wx + h @ Wh + b
        i, f = sigmoid(a[:H]), sigmoid(a[H : 2 * H])
        g, o = np.tanh(a[2 * H : 3 * H]), sigmoid(a[3 * H :])
        next_c = f * c + i * g
        tc = np.tanh(next_c)
        dc_dh = (
            np.diag(g * i * (1 - i)) @ Wh[:, :H].T
            + np.diag(c * f * (1 - f)) @ Wh[:, H : 2 * H].T
            + np.diag(i * (1 - g**2)) @ Wh[:, 2 * H : 3 * H].T
        )
        dh_dh = np.diag(o * (1 - o) * tc) @ Wh[:, 3 * H :].T + np.diag(o * (1 - tc**2)) @ dc_dh
        dh_dc = np.diag(o * (1 - tc**2) * f)
        jacobian = np.block([[dh_dh, dh_dc], [dc_dh, np.diag(f)]])
        return np.concatenate([o * tc, next_c]), jacobian

    step = rnn_step if cell == "rnn" else lstm_step
    width = H if cell == "rnn" else 2 * H
    norms = np.zeros((N, T + 1))
    for n in range(N):
        state = np.concatenate([h0[n], np.zeros(width - H)])
        jacobians = []
        for t in range(T):
            state, jacobian = step(x[n, t], state)
            jacobians.append(jacobian)
        chain = np.eye(H, width)
        norms[n, T] = np.linalg.norm(chain[:, :H])
        for t in reversed(range(T)):
            chain = chain @ jacobians[t]
            norms[n, t] = np.linalg.norm(chain[:, :H])
    return norms.mean(axis=0)
