"""Weight penalties, and a model that uses them: binary logistic regression.

A penalty is added to the data loss to prefer small weights. Each function returns the
penalty and its gradient, so a model adds both to its own:

    loss = data_loss + penalty(w)
    dw   = d(data_loss)/dw + d(penalty)/dw

Biases are not penalized (nor, in FullyConnectedNet, the normalization parameters).
"""

import numpy as np

from .losses import binary_cross_entropy_with_logits


def l2_penalty(w, reg):
    """The L2 penalty (weight decay) and its gradient.

    Inputs:
    - w: A numpy array of weights, of any shape.
    - reg: The regularization strength lambda, a float >= 0.

    Returns a tuple of:
    - loss: A Python float:
          loss = 0.5 * reg * sum(w**2)
    - dw: Gradient with respect to w, of the shape of w:
          dw = reg * w

    Convention: the factor 0.5 makes the gradient reg * w, which is what PyTorch's
    optimizers add for weight_decay=reg. (Some textbooks write reg * sum(w**2), whose
    gradient is 2 * reg * w.)

    Hint: one line each.
    """
    # TODO: Compute loss = 0.5 * reg * sum(w**2) and dw = reg * w.
    raise NotImplementedError(
        "TODO in l2_penalty: Compute loss = 0.5 * reg * sum(w**2) and dw = reg * w."
    )


def l1_penalty(w, reg):
    """The L1 penalty and a subgradient of it.

    Inputs:
    - w: A numpy array of weights, of any shape.
    - reg: The regularization strength lambda, a float >= 0.

    Returns a tuple of:
    - loss: A Python float:
          loss = reg * sum(|w|)
    - dw: A subgradient with respect to w, of the shape of w:
          dw = reg * sign(w)
      |w| has no derivative at w = 0; we use sign(0) = 0 there (np.sign does), as PyTorch's
      autograd does for abs.

    Hint: L1 pushes every weight towards 0 with the same force, whatever its size; L2's
    push shrinks as the weight does. That is why L1 gives sparse weights.
    """
    # TODO: Compute loss = reg * sum(|w|) and dw = reg * sign(w), with sign(0) = 0.
    raise NotImplementedError(
        "TODO in l1_penalty: Compute loss = reg * sum(|w|) and dw = reg * sign(w), "
        "with sign(0) = 0."
    )


def logistic_regression_loss(w, b, X, y, reg=0.0, penalty="l2"):
    """Loss and gradients of binary logistic regression with an L2 or L1 penalty.

    The model scores each example with z = X @ w + b and predicts the probability sigma(z)
    that its label is 1.

    Inputs:
    - w: Weights, of shape (D,).
    - b: The bias, a float.
    - X: Data, of shape (N, D).
    - y: Labels, of shape (N,), each 0 or 1.
    - reg: The regularization strength, a float >= 0.
    - penalty: "l2" (0.5 * reg * sum(w**2)) or "l1" (reg * sum(|w|)), as l2_penalty and
      l1_penalty define them. The bias is not penalized.

    Returns a tuple of:
    - loss: A Python float:
          loss = binary_cross_entropy_with_logits(X @ w + b, y) + penalty(w)
    - dw: Gradient with respect to w, of shape (D,):
          dw = X.T @ dz + d(penalty)/dw,   where dz = (sigma(z) - y) / N
    - db: Gradient with respect to b, a float: db = sum(dz)

    Hint: build it from your binary_cross_entropy_with_logits, l2_penalty and l1_penalty;
    the affine part's gradient is the same as affine_backward's. Add the penalty's gradient
    once, and only to w.
    """
    if penalty not in ("l2", "l1"):
        raise ValueError(f'penalty must be "l2" or "l1", not {penalty!r}')
    # TODO: Score z = X @ w + b, take the binary cross-entropy on z and its gradient dz,
    #   backpropagate dz to w and b, and add the chosen penalty's loss and gradient.
    raise NotImplementedError(
        "TODO in logistic_regression_loss: Score z = X @ w + b, take the binary "
        "cross-entropy on z and its gradient dz, backpropagate dz to w and b, and add "
        "the chosen penalty's loss and gradient."
    )
