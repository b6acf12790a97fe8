"""A gated recurrent unit (GRU) layer, one step and a whole sequence, in torch's convention.

Shapes: N sequences in a batch, T time steps, D input features, H hidden units. A sequence
batch x has shape (N, T, D) (batch first), a hidden state (N, H).

Two pre-activations of shape (N, 3H), one from the input and one from the hidden state, each
with its own bias, in torch's gate order: reset gate r, update gate z, candidate n:
    ax = x @ Wx + bx                    ah = prev_h @ Wh + bh
    r = sigmoid(ax[:, 0:H] + ah[:, 0:H])
    z = sigmoid(ax[:, H:2H] + ah[:, H:2H])
    n = tanh(ax[:, 2H:3H] + r * ah[:, 2H:3H])
    next_h = (1 - z) * n + z * prev_h

Note the two conventions torch fixes (other texts differ): the reset gate multiplies
(W_hn h + b_hn), the hidden state's product and its bias, after the product, not h before
it; and z keeps the old state (z = 1 copies prev_h), 1 - z lets the candidate in.

Parameters: exactly torch.nn.GRU's / nn.GRUCell's, transposed (same gate order along 3H):
    Wx, of shape (D, 3H)  =  weight_ih.T      (torch's weight_ih_l0 has shape (3H, D))
    Wh, of shape (H, 3H)  =  weight_hh.T
    bx, of shape (3H,)    =  bias_ih
    bh, of shape (3H,)    =  bias_hh
Unlike the RNN and the LSTM, the two biases cannot be merged into one: b_hn (the last H
entries of bh) sits inside r * (...) while b_in (the last H of bx) does not. For r and z
they only add up, so their gradients there are equal.

sigmoid is given (activations.py). What you put in a cache is your choice. Arrays are
float64; never modify an argument in place.
"""

import numpy as np

from .activations import sigmoid


def gru_step_forward(x, prev_h, Wx, Wh, bx, bh):
    """One time step of a GRU.

    Inputs:
    - x: Inputs of this step, of shape (N, D).
    - prev_h: The previous hidden state, of shape (N, H).
    - Wx: Input-to-hidden weights, of shape (D, 3H).
    - Wh: Hidden-to-hidden weights, of shape (H, 3H).
    - bx: Input biases, of shape (3H,).
    - bh: Hidden biases, of shape (3H,).

    Returns a tuple of:
    - next_h: The next hidden state, of shape (N, H), with the formulas of the module's
      docstring (gates r, z, n in that order).
    - cache: Whatever gru_step_backward needs.

    Convention: this is torch.nn.GRUCell(D, H) with weight_ih = Wx.T, weight_hh = Wh.T,
    bias_ih = bx and bias_hh = bh.

    Hint: compute ax and ah whole, then slice; keep ah's candidate block (W_hn h + b_hn) for
    the backward pass, since r multiplies it.
    """
    # TODO: Compute ax and ah, the gates r and z, the candidate n (r times the hidden
    #   state's block, bias included) and next_h = (1 - z) * n + z * prev_h.
    gx = np.dot(x, Wx) + bx
    gh = np.dot(prev_h, Wh) + bh
    gx_r, gx_z, gx_n = np.split(gx, 3, axis=1)
    gh_r, gh_z, gh_n = np.split(gh, 3, axis=1)
    r = sigmoid(gx_r + gh_r)
    z = sigmoid(gx_z + gh_z)
    n = np.tanh(gx_n + r * gh_n)  # torch: r multiplies (W_hn h + b_hn)
    next_h = (1.0 - z) * n + z * prev_h
    cache = {"x": x, "prev_h": prev_h, "Wx": Wx, "Wh": Wh, "r": r, "z": z, "n": n, "gh_n": gh_n}
    return next_h, cache


def gru_step_backward(dnext_h, cache):
    """Backward pass of one time step of a GRU.

    Inputs:
    - dnext_h: Upstream gradient with respect to next_h, of shape (N, H).
    - cache: The cache returned by gru_step_forward.

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, D).
    - dprev_h: Gradient with respect to prev_h, of shape (N, H).
    - dWx: Gradient with respect to Wx, of shape (D, 3H).
    - dWh: Gradient with respect to Wh, of shape (H, 3H).
    - dbx: Gradient with respect to bx, of shape (3H,).
    - dbh: Gradient with respect to bh, of shape (3H,).

    Formula, with hn = ah[:, 2H:3H] = (prev_h @ Wh + bh)[:, 2H:3H]:
          dn  = dnext_h * (1 - z)          dz = dnext_h * (prev_h - n)
          dan = dn * (1 - n**2)            (the candidate's pre-activation)
          dr  = dan * hn
          dar = dr * r * (1 - r)           daz = dz * z * (1 - z)
          dax = [dar, daz, dan]            dah = [dar, daz, dan * r]     (blocks r, z, n)
          dx = dax @ Wx.T    dWx = x.T @ dax         dbx = dax summed over the batch
          dprev_h = dnext_h * z + dah @ Wh.T
          dWh = prev_h.T @ dah                       dbh = dah summed over the batch

    Hint: prev_h reaches next_h twice, directly through z * prev_h and through ah; add both.
    """
    # TODO: Backpropagate through next_h = (1 - z) * n + z * prev_h, through the gates to
    #   dax and dah (blocks r, z, n), then through the two products and biases.
    r, z, n = cache["r"], cache["z"], cache["n"]
    prev_h = cache["prev_h"]
    dn_pre = dnext_h * (1.0 - z) * (1.0 - n**2)
    dz_pre = dnext_h * (prev_h - n) * z * (1.0 - z)
    dr_pre = dn_pre * cache["gh_n"] * r * (1.0 - r)
    dgx = np.hstack((dr_pre, dz_pre, dn_pre))
    dgh = np.hstack((dr_pre, dz_pre, dn_pre * r))
    dx = np.dot(dgx, cache["Wx"].T)
    dprev_h = np.dot(dgh, cache["Wh"].T) + dnext_h * z
    dWx = np.dot(cache["x"].T, dgx)
    dWh = np.dot(prev_h.T, dgh)
    dbx = np.sum(dgx, axis=0)
    dbh = np.sum(dgh, axis=0)
    return dx, dprev_h, dWx, dWh, dbx, dbh


def gru_forward(x, h0, Wx, Wh, bx, bh):
    """A GRU run over a whole sequence.

    Inputs:
    - x: Input sequences, of shape (N, T, D).
    - h0: Initial hidden state, of shape (N, H).
    - Wx, Wh, bx, bh: Parameters, as in gru_step_forward.

    Returns a tuple of:
    - h: The hidden states of every step, of shape (N, T, H):
          h[:, 0] = gru_step_forward(x[:, 0], h0, ...)
          h[:, t] = gru_step_forward(x[:, t], h[:, t - 1], ...)     for t = 1, ..., T - 1
    - cache: Whatever gru_backward needs.

    Convention: h equals the output of torch.nn.GRU(D, H, batch_first=True) called with
    h0[None]; h[:, -1] is its h_n. h0 itself is not part of h.

    Hint: the same loop as rnn_forward, with gru_step_forward.
    """
    # TODO: Run gru_step_forward over the T steps, starting from h0, and collect the hidden
    #   states and the step caches.
    N, T, D = x.shape
    H = h0.shape[1]
    h = np.empty((N, T, H))
    step_caches = []
    h_t = h0
    for t in range(T):
        h_t, sc = gru_step_forward(x[:, t, :], h_t, Wx, Wh, bx, bh)
        h[:, t, :] = h_t
        step_caches.append(sc)
    return h, {"steps": step_caches, "D": D}


def gru_backward(dh, cache):
    """Backpropagation through time for a GRU.

    Inputs:
    - dh: Upstream gradients of every hidden state, of shape (N, T, H), from outside the
      GRU (the layer above), not counting the path through later steps.
    - cache: The cache returned by gru_forward.

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, T, D).
    - dh0: Gradient with respect to h0, of shape (N, H).
    - dWx: Gradient with respect to Wx, of shape (D, 3H).
    - dWh: Gradient with respect to Wh, of shape (H, 3H).
    - dbx: Gradient with respect to bx, of shape (3H,).
    - dbh: Gradient with respect to bh, of shape (3H,).

    Formula: as in rnn_backward, for t = T - 1, ..., 0 (dprev_h = 0 before the last step):
          dx[:, t], dprev_h, dWx_t, dWh_t, dbx_t, dbh_t = gru_step_backward(
              dh[:, t] + dprev_h, cache of step t)
      the weight and bias gradients are the sums over the steps, and dh0 is the dprev_h
      left after step 0.

    Hint: the same loop as rnn_backward, with one more bias.
    """
    # TODO: Walk the steps backwards, adding the gradient from the next step to dh[:, t],
    #   sum the weight and bias gradients over the steps, and return the gradient for h0.
    N, T, H = dh.shape
    D = cache["D"]
    dx = np.empty((N, T, D))
    dWx = np.zeros((D, 3 * H))
    dWh = np.zeros((H, 3 * H))
    dbx = np.zeros(3 * H)
    dbh = np.zeros(3 * H)
    dh_next = np.zeros((N, H))
    for t in range(T - 1, -1, -1):
        dx_t, dh_next, dWx_t, dWh_t, dbx_t, dbh_t = gru_step_backward(
            dh[:, t, :] + dh_next, cache["steps"][t]
        )
        dx[:, t, :] = dx_t
        dWx = dWx + dWx_t
        dWh = dWh + dWh_t
        dbx = dbx + dbx_t
        dbh = dbh + dbh_t
    return dx, dh_next, dWx, dWh, dbx, dbh
