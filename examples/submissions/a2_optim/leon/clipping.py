"""Gradient clipping: keep one bad batch from throwing the parameters far away.

Both functions take the gradients of every parameter of a model as a list of arrays (of any
shapes) and return new arrays; they never modify the arrays they are given. Clip after the
backward pass and before the update rule:

    grads, norm = clip_grad_norm(grads, max_norm=1.0)
    for i in range(len(params)):
        params[i], states[i] = adam(params[i], grads[i], states[i])
"""

import numpy as np


def clip_grad_norm(grads, max_norm):
    """Rescale the gradients so that their global L2 norm is at most max_norm
    (torch.nn.utils.clip_grad_norm_).

    Inputs:
    - grads: A list of numpy arrays, the gradients, of any shapes.
    - max_norm: A float > 0.

    Returns a tuple of:
    - clipped: A list of new arrays, of the shapes of grads:
          total_norm = sqrt(sum over every array g of sum(g**2))
          scale = min(1, max_norm / (total_norm + 1e-6))
          clipped[i] = scale * grads[i]
    - total_norm: A Python float, the global norm of grads before clipping.

    Convention: the norm is global, that of all the gradients concatenated into one long
    vector, and every array is scaled by the same factor, so the update keeps its direction.
    (Clipping each array by its own norm changes the direction.) The 1e-6 is torch's: it
    avoids dividing by zero, and leaves the norm just below max_norm after clipping.

    Hint: gradients whose norm is already at most max_norm come back unchanged.
    """
    norm_all = float(np.linalg.norm(np.concatenate([grad.ravel() for grad in grads])))
    factor = min(1.0, max_norm / (norm_all + 1e-6))
    return [grad * factor for grad in grads], norm_all


def clip_grad_value(grads, clip_value):
    """Clip every entry of every gradient to [-clip_value, clip_value]
    (torch.nn.utils.clip_grad_value_).

    Inputs:
    - grads: A list of numpy arrays, the gradients, of any shapes.
    - clip_value: A float > 0.

    Returns:
    - clipped: A list of new arrays, of the shapes of grads:
          clipped[i] = min(max(grads[i], -clip_value), clip_value), entry by entry.

    Convention: each entry is clipped on its own, so the direction of the gradient changes
    when some entries are clipped and others are not; clip_grad_norm keeps the direction.

    Hint: np.clip.
    """
    return [np.minimum(np.maximum(grad, -clip_value), clip_value) for grad in grads]
