"""A long short-term memory (LSTM) layer, one step and a whole sequence.

Shapes: N sequences in a batch, T time steps, D input features, H hidden units. A sequence
batch x has shape (N, T, D) (batch first); a hidden state h and a cell state c are (N, H).

The four gates are computed together, from one pre-activation a of shape (N, 4H), in
torch's order: input gate i, forget gate f, candidate g, output gate o:
    a = x @ Wx + prev_h @ Wh + b
    i = sigmoid(a[:, 0:H])      f = sigmoid(a[:, H:2H])
    g = tanh(a[:, 2H:3H])       o = sigmoid(a[:, 3H:4H])
    next_c = f * prev_c + i * g
    next_h = o * tanh(next_c)

Parameters, and how they map to torch.nn.LSTM / nn.LSTMCell, which store their weights
transposed and split the bias in two (same gate order along the 4H axis):
    Wx, of shape (D, 4H)  =  weight_ih.T      (torch's weight_ih_l0 has shape (4H, D))
    Wh, of shape (H, 4H)  =  weight_hh.T
    b,  of shape (4H,)    =  bias_ih + bias_hh
So to check your layer against torch, copy Wx.T into weight_ih, Wh.T into weight_hh, b into
bias_ih and zeros into bias_hh.

sigmoid is given (activations.py). Every forward pass returns its outputs and a cache, and
its backward pass takes the upstream gradients and the cache; what you put in a cache is
your choice. Arrays are float64; never modify an argument in place.
"""

import numpy as np

from .activations import sigmoid


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    """One time step of an LSTM.

    Inputs:
    - x: Inputs of this step, of shape (N, D).
    - prev_h: The previous hidden state, of shape (N, H).
    - prev_c: The previous cell state, of shape (N, H).
    - Wx: Input-to-hidden weights, of shape (D, 4H).
    - Wh: Hidden-to-hidden weights, of shape (H, 4H).
    - b: Biases, of shape (4H,).

    Returns a tuple of:
    - next_h: The next hidden state, of shape (N, H).
    - next_c: The next cell state, of shape (N, H).
    - cache: Whatever lstm_step_backward needs.
    with the formulas of the module's docstring (gates i, f, g, o in that order).

    Convention: this is torch.nn.LSTMCell(D, H) with weight_ih = Wx.T, weight_hh = Wh.T and
    bias_ih + bias_hh = b; it returns (next_h, next_c) too.

    Hint: compute a once, then slice it into four (N, H) blocks. The forget gate multiplies
    the old cell state prev_c, the input gate the new candidate g.
    """
    # TODO: Compute the pre-activation a, the gates i, f, g, o (in that order along the 4H
    #   axis), next_c and next_h, and cache what the backward pass needs.
    N, H = prev_h.shape
    a = x.dot(Wx) + prev_h.dot(Wh) + b
    # gates: input, forget, output, candidate
    i = sigmoid(a[:, 0:H])
    f = sigmoid(a[:, H:2 * H])
    o = sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:4 * H])
    next_c = f * prev_c + i * g
    next_h = o * np.tanh(next_c)
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c)
    return next_h, next_c, cache


def lstm_step_backward(dnext_h, dnext_c, cache):
    """Backward pass of one time step of an LSTM.

    Inputs:
    - dnext_h: Upstream gradient with respect to next_h, of shape (N, H).
    - dnext_c: Upstream gradient with respect to next_c, of shape (N, H).
    - cache: The cache returned by lstm_step_forward.

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, D).
    - dprev_h: Gradient with respect to prev_h, of shape (N, H).
    - dprev_c: Gradient with respect to prev_c, of shape (N, H).
    - dWx: Gradient with respect to Wx, of shape (D, 4H).
    - dWh: Gradient with respect to Wh, of shape (H, 4H).
    - db: Gradient with respect to b, of shape (4H,).

    Formula: next_c reaches the loss two ways, directly (dnext_c) and through next_h:
          dc      = dnext_c + dnext_h * o * (1 - tanh(next_c)**2)
          do      = dnext_h * tanh(next_c)
          di = dc * g      df = dc * prev_c      dg = dc * i      dprev_c = dc * f
      then through each gate's nonlinearity (sigmoid' = s * (1 - s), tanh' = 1 - t**2) to
      da of shape (N, 4H), the four blocks in the order i, f, g, o; and from da, as in an
      affine layer: dx = da @ Wx.T, dprev_h = da @ Wh.T, dWx = x.T @ da, dWh = prev_h.T @ da,
      db = da summed over the batch axis.

    Hint: the term dnext_h * o * (1 - tanh(next_c)**2) is the one most often forgotten, and
    without it no gradient from h reaches the cell.
    """
    # TODO: Combine the two gradients reaching next_c, backpropagate through the gates to
    #   da (blocks i, f, g, o), then through the products with Wx and Wh.
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c = cache
    tanh_c = np.tanh(next_c)
    dnext_c = dnext_c + dnext_h * o * (1 - tanh_c ** 2)
    di = dnext_c * g
    df = dnext_c * prev_c
    do = dnext_h * tanh_c
    dg = dnext_c * i
    dprev_c = dnext_c * f
    da = np.hstack((di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)))
    dx = da.dot(Wx.T)
    dprev_h = da.dot(Wh.T)
    dWx = x.T.dot(da)
    dWh = prev_h.T.dot(da)
    db = da.sum(0)
    return dx, dprev_h, dprev_c, dWx, dWh, db


def lstm_forward(x, h0, c0, Wx, Wh, b):
    """An LSTM run over a whole sequence.

    Inputs:
    - x: Input sequences, of shape (N, T, D).
    - h0: Initial hidden state, of shape (N, H).
    - c0: Initial cell state, of shape (N, H).
    - Wx, Wh, b: Parameters, as in lstm_step_forward.

    Returns a tuple of:
    - h: The hidden states of every step, of shape (N, T, H).
    - c: The cell states of every step, of shape (N, T, H):
          h[:, 0], c[:, 0] = lstm_step_forward(x[:, 0], h0, c0, ...)
          h[:, t], c[:, t] = lstm_step_forward(x[:, t], h[:, t - 1], c[:, t - 1], ...)
    - cache: Whatever lstm_backward needs.

    Convention: h equals the output of torch.nn.LSTM(D, H, batch_first=True) called with
    (h0[None], c0[None]); h[:, -1] and c[:, -1] are its h_n and c_n. h0 and c0 are not part
    of h and c.

    Hint: loop over time, carrying both states from one step to the next.
    """
    # TODO: Run lstm_step_forward over the T steps, starting from h0 and c0, and collect
    #   the hidden states, the cell states and the step caches.
    N, T, D = x.shape
    _, H = h0.shape
    h = np.zeros((N, T, H))
    c = np.zeros((N, T, H))
    cache = []
    prev_h, prev_c = h0, c0
    for t in range(T):
        prev_h, prev_c, cache_t = lstm_step_forward(x[:, t, :], prev_h, prev_c, Wx, Wh, b)
        h[:, t, :] = prev_h
        c[:, t, :] = prev_c
        cache.append(cache_t)
    return h, c, cache


def lstm_backward(dh, dc, cache):
    """Backpropagation through time for an LSTM.

    Inputs:
    - dh: Upstream gradients of every hidden state, of shape (N, T, H), from outside the
      LSTM (the layer above), not counting the path through later steps.
    - dc: Upstream gradients of every cell state, of shape (N, T, H), likewise; pass
      np.zeros_like(c) when only h is used further on (the usual case).
    - cache: The cache returned by lstm_forward.

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, T, D).
    - dh0: Gradient with respect to h0, of shape (N, H).
    - dc0: Gradient with respect to c0, of shape (N, H).
    - dWx: Gradient with respect to Wx, of shape (D, 4H).
    - dWh: Gradient with respect to Wh, of shape (H, 4H).
    - db: Gradient with respect to b, of shape (4H,).

    Formula: going backwards, t = T - 1, ..., 0, both states receive gradient from the
    layer above and from step t + 1 (dprev_h = dprev_c = 0 before the last step):
          dx[:, t], dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(
              dh[:, t] + dprev_h, dc[:, t] + dprev_c, cache of step t)
      dWx, dWh and db are the sums over the steps; dh0 and dc0 are what is left after step 0.

    Hint: the cell state's gradient dprev_c must be carried from step to step like dprev_h:
    it is the path along which the LSTM's gradient survives long sequences.
    """
    # TODO: Walk the steps backwards, carrying dprev_h and dprev_c, sum the weight
    #   gradients over the steps, and return the gradients left for h0 and c0.
    N, T, H = dh.shape
    D = cache[0][0].shape[1]
    dx = np.zeros((N, T, D))
    dWx = np.zeros((D, 4 * H))
    dWh = np.zeros((H, 4 * H))
    db = np.zeros(4 * H)
    dprev_h = np.zeros((N, H))
    dprev_c = np.zeros((N, H))
    for t in reversed(range(T)):
        dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(
            dh[:, t, :] + dprev_h, dc[:, t, :], cache[t]
        )
        dx[:, t, :] = dx_t
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dprev_h, dprev_c, dWx, dWh, db
