"""Numeric gradient checking: the tool you use to verify every backward pass you write.

A backward pass is correct when it agrees with a numeric gradient computed by finite
differences. We use central differences, for a small step h and the unit vector e_i:

    df/dx_i ~= (f(x + h e_i) - f(x - h e_i)) / (2 h)

whose error is O(h^2), much smaller than the O(h) of the one-sided (f(x + h e_i) - f(x)) / h.
With h = 1e-5 in float64 the numeric gradient of a smooth, well-scaled function is accurate
to about 1e-10, so a correct backward pass gives a relative error (rel_error) of about 1e-7 or
less; an error of 1e-2 or more almost always means a bug.
"""

import numpy as np


def eval_numerical_gradient(f, x, h=1e-5):
    """Numeric gradient of a scalar function f at x, by central differences.

    Inputs:
    - f: A function that takes a numpy array (of the shape of x) and returns a number.
    - x: A numpy float array of any shape, the point at which to evaluate the gradient.
      It is modified in place during the computation and restored before returning.
    - h: The finite-difference step (default 1e-5).

    Returns:
    - grad: A numpy array of the same shape as x, with, for every index i of x,
          grad[i] = (f(x with x[i] + h) - f(x with x[i] - h)) / (2 h)

    Convention: central differences (not one-sided). x is perturbed in place, one element
    at a time, and every element is set back to its original value right after its two
    evaluations, so x is unchanged when the function returns.

    Hint: np.ndindex(x.shape) iterates over every index of an array of any shape. Save the
    old value of x[i], evaluate f at old + h and old - h, then restore x[i] = old.
    """
    # TODO: For every index i of x, set x[i] to old + h and to old - h, evaluate f at each,
    #   restore x[i] = old, and store (f_plus - f_minus) / (2 h) in grad[i].
    raise NotImplementedError(
        "TODO in eval_numerical_gradient: For every index i of x, set x[i] to old + h "
        "and to old - h, evaluate f at each, restore x[i] = old, and store (f_plus - "
        "f_minus) / (2 h) in grad[i]."
    )


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    """Numeric gradient of an array-valued function f at x, given an upstream gradient df.

    This checks a layer's backward pass: if f is the layer's forward pass and df = dL/df(x)
    is the gradient arriving from above, the result is dL/dx, what the backward pass must
    return for x. It is the numeric gradient of the scalar sum(f(x) * df).

    Inputs:
    - f: A function that takes a numpy array (of the shape of x) and returns a numpy array.
    - x: A numpy float array of any shape. It is modified in place during the computation
      and restored before returning.
    - df: A numpy array of the shape of f(x), the upstream gradient.
    - h: The finite-difference step (default 1e-5).

    Returns:
    - grad: A numpy array of the same shape as x, with, for every index i of x,
          grad[i] = sum((f(x with x[i] + h) - f(x with x[i] - h)) * df) / (2 h)

    Convention: central differences, x perturbed in place and restored, as in
    eval_numerical_gradient.

    Hint: f may return an array that shares memory with x (f = lambda x: x, say), which
    changes when you restore x. Reduce each output to the number sum(f(...) * df) right away,
    or copy it, before you touch x again.
    """
    # TODO: As in eval_numerical_gradient, but for every index i of x compute
    #   sum((f_plus - f_minus) * df) / (2 h), where f_plus and f_minus are f at x[i] +- h.
    raise NotImplementedError(
        "TODO in eval_numerical_gradient_array: As in eval_numerical_gradient, but for "
        "every index i of x compute sum((f_plus - f_minus) * df) / (2 h), where f_plus "
        "and f_minus are f at x[i] +- h."
    )


def rel_error(x, y):
    """Largest elementwise relative error between two arrays of the same shape.

    Inputs:
    - x: A numpy array (or a number).
    - y: A numpy array (or a number) of the same shape as x.

    Returns:
    - error: A Python float,
          error = max over elements of |x - y| / max(1e-8, |x| + |y|)
      and 0.0 when the arrays are empty.

    Convention: the denominator is floored at 1e-8 so that two (near-)zero entries do not
    divide by zero; below that magnitude the error is, in effect, an absolute error times
    1e8. A correct backward pass usually gives rel_error of 1e-7 or less against a numeric
    gradient.

    Hint: np.abs, np.maximum (elementwise, not np.max) and np.max are all you need.
    """
    # TODO: Return max(|x - y| / max(1e-8, |x| + |y|)) over all elements as a float
    #   (0.0 if the arrays are empty).
    raise NotImplementedError(
        "TODO in rel_error: Return max(|x - y| / max(1e-8, |x| + |y|)) over all "
        "elements as a float (0.0 if the arrays are empty)."
    )
