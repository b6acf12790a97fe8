"""A vanilla recurrent network with a tanh nonlinearity, one step and a whole sequence.

Shapes: N sequences in a batch, T time steps, D input features, H hidden units. A sequence
batch x has shape (N, T, D) (batch first, torch's batch_first=True), a hidden state (N, H).

Parameters, and how they map to torch.nn.RNN / nn.RNNCell (nonlinearity="tanh"), which
store their weights transposed and split the bias in two:
    Wx, of shape (D, H)  =  weight_ih.T      (torch's weight_ih_l0 has shape (H, D))
    Wh, of shape (H, H)  =  weight_hh.T
    b,  of shape (H,)    =  bias_ih + bias_hh
So to check your layer against torch, copy Wx.T into weight_ih, Wh.T into weight_hh, b into
bias_ih and zeros into bias_hh.

Every forward pass returns (out, cache) and its backward pass takes (dout, cache), as in
assignment 1. What you put in a cache is your choice: only your backward pass reads it.
Arrays are float64; never modify an argument in place.
"""

import numpy as np


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    """One time step of a tanh RNN.

    Inputs:
    - x: Inputs of this step, of shape (N, D).
    - prev_h: The hidden state of the previous step, of shape (N, H).
    - Wx: Input-to-hidden weights, of shape (D, H).
    - Wh: Hidden-to-hidden weights, of shape (H, H).
    - b: Biases, of shape (H,).

    Returns a tuple of:
    - next_h: The next hidden state, of shape (N, H):
          next_h = tanh(x @ Wx + prev_h @ Wh + b)
    - cache: Whatever rnn_step_backward needs.

    Convention: this is torch.nn.RNNCell(D, H, nonlinearity="tanh") with weight_ih = Wx.T,
    weight_hh = Wh.T and bias_ih + bias_hh = b (see the module's docstring).

    Hint: the derivative of tanh is 1 - tanh**2, so keeping next_h in the cache is enough
    to differentiate it later.
    """
    # TODO: Compute next_h = tanh(x @ Wx + prev_h @ Wh + b) and cache what the backward
    #   pass needs.
    z = x @ Wx + prev_h @ Wh + b
    next_h = np.tanh(z)
    return next_h, (x, prev_h, Wx, Wh, next_h)


def rnn_step_backward(dnext_h, cache):
    """Backward pass of one time step of a tanh RNN.

    Inputs:
    - dnext_h: Upstream gradient with respect to next_h, of shape (N, H).
    - cache: The cache returned by rnn_step_forward.

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, D).
    - dprev_h: Gradient with respect to prev_h, of shape (N, H).
    - dWx: Gradient with respect to Wx, of shape (D, H).
    - dWh: Gradient with respect to Wh, of shape (H, H).
    - db: Gradient with respect to b, of shape (H,).

    Formula, with a = x @ Wx + prev_h @ Wh + b the pre-activation:
          da      = dnext_h * (1 - next_h**2)
          dx      = da @ Wx.T          dWx = x.T @ da
          dprev_h = da @ Wh.T          dWh = prev_h.T @ da
          db      = da summed over the batch axis

    Hint: once you have da, the rest is assignment 1's affine backward pass, twice.
    """
    # TODO: Backpropagate through tanh to get da, then through the two products and the
    #   bias.
    x, prev_h, Wx, Wh, next_h = cache
    dz = (1 - np.square(next_h)) * dnext_h
    return dz @ Wx.T, dz @ Wh.T, x.T @ dz, prev_h.T @ dz, dz.sum(axis=0)


def rnn_forward(x, h0, Wx, Wh, b):
    """A tanh RNN run over a whole sequence.

    Inputs:
    - x: Input sequences, of shape (N, T, D).
    - h0: Initial hidden state, of shape (N, H).
    - Wx, Wh, b: Parameters, as in rnn_step_forward.

    Returns a tuple of:
    - h: The hidden states of every step, of shape (N, T, H):
          h[:, 0] = rnn_step_forward(x[:, 0], h0, ...)
          h[:, t] = rnn_step_forward(x[:, t], h[:, t - 1], ...)     for t = 1, ..., T - 1
    - cache: Whatever rnn_backward needs.

    Convention: h equals the output of torch.nn.RNN(D, H, batch_first=True) called with the
    initial state h0[None] (torch's (num_layers, N, H)); h[:, -1] is its h_n. h0 itself is
    not part of h.

    Hint: loop over time and call rnn_step_forward; keep every step's cache (a list).
    """
    # TODO: Run rnn_step_forward over the T steps, starting from h0, and collect the hidden
    #   states in h and the step caches in the cache.
    hs = []
    caches = []
    h = h0
    for t in range(x.shape[1]):
        h, c = rnn_step_forward(x[:, t], h, Wx, Wh, b)
        hs.append(h)
        caches.append(c)
    return np.stack(hs, axis=1), caches


def rnn_backward(dh, cache):
    """Backpropagation through time for a tanh RNN.

    Inputs:
    - dh: Upstream gradients of every hidden state, of shape (N, T, H): dh[:, t] is the
      gradient of the loss with respect to h[:, t] from outside the RNN (from the layer
      above), not counting the path through later steps.
    - cache: The cache returned by rnn_forward.

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, T, D).
    - dh0: Gradient with respect to h0, of shape (N, H).
    - dWx: Gradient with respect to Wx, of shape (D, H).
    - dWh: Gradient with respect to Wh, of shape (H, H).
    - db: Gradient with respect to b, of shape (H,).

    Formula: h[:, t] receives gradient from two places, the layer above (dh[:, t]) and the
    next step (the dprev_h of step t + 1). Going backwards, t = T - 1, ..., 0:
          dnext = dh[:, t] + dprev_h          (dprev_h = 0 before the last step)
          dx[:, t], dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dnext, cache of step t)
      dWx, dWh and db are the sums of the steps' dWx_t, dWh_t and db_t (every step uses the
      same weights), and dh0 is the dprev_h left after step 0.

    Hint: the classic mistakes are forgetting to add the dprev_h coming from step t + 1, and
    overwriting dWx (=) instead of accumulating it (+=).
    """
    # TODO: Walk the steps backwards, adding the gradient from the next step to dh[:, t],
    #   sum the weight gradients over the steps, and return the gradient left for h0.
    dxs = []
    dWx, dWh, db = 0, 0, 0
    dh0 = None
    for t in range(dh.shape[1] - 1, -1, -1):
        # gradient of h_t from the layer above
        dx_t, dh_prev, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t], cache[t])
        dxs.insert(0, dx_t)
        dWx = dWx + dWx_t
        dWh = dWh + dWh_t
        db = db + db_t
        dh0 = dh_prev
    return np.stack(dxs, axis=1), dh0, dWx, dWh, db
