"""The vanishing gradient, measured: how much of h_T's gradient reaches each earlier state.

Backpropagation through time multiplies one Jacobian per step. For a tanh RNN each factor is
diag(1 - h**2) @ Wh.T, and a product of many such factors usually shrinks geometrically:
the gradient "vanishes", and the RNN cannot learn what happened many steps ago. An LSTM's
cell state passes the gradient on multiplied only by its forget gate f, which is about
sigmoid(forget bias) before training: 0.73 a step for a bias of 1 (0.73**50 = 1.6e-7, far
slower than the RNN's decay, yet a decay), 0.95 for a bias of 3 (0.95**50 = 0.09), where
the gradient survives.
"""

import numpy as np

from .lstm import lstm_step_backward, lstm_step_forward
from .rnn import rnn_step_backward, rnn_step_forward

#: The recurrent layers gradient_norms measures.
CELLS = ("rnn", "lstm")


def gradient_norms(x, h0, Wx, Wh, b, cell="rnn"):
    """The norm of the Jacobian of the last hidden state with respect to every earlier one.

    Inputs:
    - x: Input sequences, of shape (N, T, D).
    - h0: Initial hidden state, of shape (N, H).
    - Wx, Wh, b: The parameters of a tanh RNN (shapes (D, H), (H, H), (H,)) if cell is
      "rnn", of an LSTM (shapes (D, 4H), (H, 4H), (4H,)) if cell is "lstm".
    - cell: "rnn" or "lstm" (any other value raises ValueError, naming the two). The LSTM
      starts from the cell state c0 = 0.

    Returns:
    - norms: An array of shape (T + 1,). With h_0 = h0 and h_t = the hidden state after t
      inputs (h[:, t - 1] of rnn_forward or lstm_forward), for t = 0, ..., T:
          norms[t] = mean over the N sequences of || d h_T / d h_t ||_F
      where d h_T / d h_t is the (H, H) Jacobian of one sequence (entry (k, j) is
      d h_T[k] / d h_t[j]) and ||.||_F its Frobenius norm (the square root of the sum of its
      squared entries). So norms[T] = sqrt(H) (the identity), and norms[0] measures how much
      of the last state's gradient reaches the start.

    Convention: for the LSTM, d h_T / d h_t is the gradient that backpropagation gives h_t
    (dprev_h), with the cell state c_t a separate variable: the paths from h_t through the
    later cell states are in it, the gradient that reaches c_t itself is not.

    Hint: run the step forward functions over time, keeping each step's cache, then go
    backwards with the step backward functions, starting from dnext_h = e_k (and
    dnext_c = 0): each dprev_h is then row k of the Jacobian d h_T / d h_t. To get all H
    rows at once, repeat every sequence H times (np.repeat(x, H, axis=0)) and start from
    np.tile(np.eye(H), (N, 1)): copy k of sequence n gets e_k.
    """
    # TODO: Refuse a cell other than "rnn" and "lstm" (ValueError). Run the chosen cell
    #   forward over H copies of every sequence, keeping each step's cache, then backward
    #   from the identity, and record the mean Jacobian norm of every step (norms[T] for
    #   the identity itself).
    if cell not in ("rnn", "lstm"):
        raise ValueError(f"unknown cell {cell!r}: use 'rnn' or 'lstm'")
    N, T, D = x.shape
    H = h0.shape[1]
    # forward once, keeping every step's cache
    caches = []
    h, c = h0, np.zeros_like(h0)
    for t in range(T):
        if cell == "rnn":
            h, sc = rnn_step_forward(x[:, t, :], h, Wx, Wh, b)
        else:
            h, c, sc = lstm_step_forward(x[:, t, :], h, c, Wx, Wh, b)
        caches.append(sc)
    # one backward pass per unit k of h_T: row k of every Jacobian
    sq = np.zeros((T + 1, N))
    for k in range(H):
        dh = np.zeros((N, H))
        dh[:, k] = 1.0
        dc = np.zeros((N, H))
        sq[T] += np.sum(dh**2, axis=1)
        for t in range(T - 1, -1, -1):
            if cell == "rnn":
                _, dh, _, _, _ = rnn_step_backward(dh, caches[t])
            else:
                _, dh, dc, _, _, _ = lstm_step_backward(dh, dc, caches[t])
            sq[t] += np.sum(dh**2, axis=1)
    return np.sqrt(sq).mean(axis=1)
