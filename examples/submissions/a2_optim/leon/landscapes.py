"""Two-dimensional loss landscapes to watch the update rules on (given: nothing to write).

Each landscape takes a point w of shape (2,) and returns (loss, dw): the loss, a Python
float, and its gradient, of shape (2,). trajectory() runs an update rule on one of them.
"""

import numpy as np


def rosenbrock(w, a=1.0, b=100.0):
    """The Rosenbrock function, a long curved valley with its minimum at (a, a**2).

        f(x, y) = (a - x)**2 + b * (y - x**2)**2
        df/dx   = -2 * (a - x) - 4 * b * x * (y - x**2)
        df/dy   = 2 * b * (y - x**2)

    The valley floor is easy to reach and slow to follow: its curvature across is about
    b times its curvature along, so plain gradient descent zigzags.
    """
    x, y = w
    loss = (a - x) ** 2 + b * (y - x**2) ** 2
    dw = np.array([-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)])
    return float(loss), dw


def saddle(w):
    """A saddle point at the origin between two minima at (0, -1) and (0, 1).

        f(x, y) = x**2 + y**4 / 4 - y**2 / 2
        df/dx   = 2 * x
        df/dy   = y**3 - y

    At the origin the gradient is 0 and the curvature along y is negative: a rule that
    starts near y = 0 must build up speed along y to escape.
    """
    x, y = w
    loss = x**2 + y**4 / 4 - y**2 / 2
    return float(loss), np.array([2 * x, y**3 - y])


def trajectory(rule, landscape, w0, steps, schedule=None, **hyper):
    """Run an update rule on a landscape from w0.

    Inputs:
    - rule: An update rule of optim.py, such as adam.
    - landscape: rosenbrock or saddle (any function w -> (loss, dw)).
    - w0: The starting point, of shape (2,).
    - steps: The number of updates, an int >= 0.
    - schedule: None, or a function step -> lr that overrides hyper["lr"] at each step.
    - hyper: The rule's hyper-parameters, such as lr=0.01, momentum=0.9.

    Returns a tuple of:
    - path: The points visited, of shape (steps + 1, 2); path[0] = w0.
    - losses: The loss at each point, of shape (steps + 1,).
    """
    w = np.array(w0, dtype=np.float64)
    state = None
    path, losses = [w], []
    for step in range(steps):
        loss, dw = landscape(w)
        losses.append(loss)
        if schedule is not None:
            hyper["lr"] = schedule(step)
        w, state = rule(w, dw, state, **hyper)
        path.append(w)
    losses.append(landscape(w)[0])
    return np.array(path), np.array(losses)
