"""Word embeddings: each integer token becomes a learned vector.

Shapes: N sequences of T tokens, each an integer in [0, V) (a vocabulary of V words), and
vectors of dimension D. The embedding matrix W has shape (V, D): row v is the vector of
word v. This is torch.nn.Embedding(V, D) with weight = W.
"""

import numpy as np


def word_embedding_forward(x, W):
    """Forward pass of a word embedding: look up each token's vector.

    Inputs:
    - x: Integer tokens, of shape (N, T), each in [0, V).
    - W: Word vectors, of shape (V, D).

    Returns a tuple of:
    - out: The vectors of the tokens, of shape (N, T, D):
          out[n, t] = W[x[n, t]]
    - cache: Whatever word_embedding_backward needs.

    Convention: this is torch.nn.Embedding(V, D) with weight = W (F.embedding(x, W)).

    Hint: NumPy's integer-array indexing W[x] does the whole lookup at once.
    """
    # TODO: Look up the row of W of every token of x, and cache what the backward pass
    #   needs.
    return W[x], (x, W.shape)


def word_embedding_backward(dout, cache):
    """Backward pass of a word embedding.

    Inputs:
    - dout: Upstream gradient, of shape (N, T, D).
    - cache: The cache returned by word_embedding_forward.

    Returns:
    - dW: Gradient with respect to W, of shape (V, D):
          dW[v] = sum of dout[n, t] over every (n, t) with x[n, t] == v
      (zero for the words that do not occur). There is no gradient for x: tokens are
      integers.

    Hint: a word may occur many times, and each occurrence adds its gradient.
    dW[x] += dout does not accumulate repeated indices (the last write wins);
    np.add.at(dW, x, dout) does.
    """
    # TODO: Start from zeros of W's shape and add each dout[n, t] to the row of its token,
    #   counting repeated tokens every time.
    x, shape = cache
    dW = np.zeros(shape)
    words = x.ravel()
    grads = dout.reshape(-1, shape[1])
    for k in range(len(words)):
        if words[k]:
            dW[words[k]] += grads[k]
    return dW
