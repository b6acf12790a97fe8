"""Update rules: SGD, momentum, Nesterov, AdaGrad, RMSProp, Adadelta, Adam and AdamW.

Every rule has the same interface, and keeps its memory in an explicit state:

    new_w, new_state = rule(w, dw, state, lr=..., <hyper-parameters>...)

- w: The parameters, a numpy array of any shape.
- dw: The gradient of the loss with respect to w, of the shape of w.
- state: What the rule remembers between steps (running averages, a step count): a dict,
  or None on the first step. Pass back exactly the state the previous step returned.
- new_w: The parameters after one step, of the shape of w.
- new_state: A dict, the state to pass to the next step. Its keys are listed in each rule's
  docstring (sgd has none: it returns an empty dict).

A rule never modifies w, dw or state in place: it returns new arrays and a new dict, so the
caller's arrays are left as they were. A training loop reads:

    state = None
    for t in range(steps):
        dw = gradient(w)
        w, state = adam(w, dw, state, lr=schedule(t))

The hyper-parameters may change from one step to the next (a learning-rate schedule does
exactly that), so use this step's lr: never store it in the state.

Conventions. Each rule is the one torch.optim implements, with torch's names and defaults,
and equals it step for step. Textbooks (and the course notes) write several of these rules
in other, not always equivalent, forms; each docstring says which one torch uses and why it
matters. Two conventions hold throughout:
- Weight decay (every rule but AdamW) is an L2 penalty added to the gradient before anything
  else happens: g = dw + weight_decay * w, and the rule then works with g instead of dw.
  (That is the gradient of 0.5 * weight_decay * sum(w**2), a1's l2_penalty.)
- eps is added outside the square root, to the denominator: g / (sqrt(v) + eps). Only
  Adadelta, as torch writes it, puts eps inside: sqrt(v + eps).
All arithmetic is elementwise; sqrt and squares are of each entry.
"""

import numpy as np


def adam(w, dw, state=None, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    """Adam, with bias correction (torch.optim.Adam).

    Formula, with m and v the running averages of the gradient and of its square (zeros
    before the first step) and t the number of steps taken, this one included (so t = 1 on
    the first step):
        g = dw + weight_decay * w
        beta1, beta2 = betas
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        new_w = w - lr * m_hat / (sqrt(v_hat) + eps)

    State: {"m": m, "v": v, "t": t}: m and v of the shape of w, t an int.

    Convention: eps outside the square root, as torch and the paper (Kingma & Ba, 2015).
    The bias correction undoes the zeros m and v start from: without it the first steps
    are far too small (m) and then far too large (v). With it, the first step is about lr
    in size for every parameter, whatever the gradient's scale.
    weight_decay here is the L2 penalty added to the gradient, as every rule but AdamW.

    Hint: keep t in the state and increment it before using it.
    """
    state = state or {}
    beta1, beta2 = betas
    grad = dw + weight_decay * w
    count = state.get("t", 0) + 1
    mom = beta1 * state.get("m", 0.0) + (1 - beta1) * grad
    vel = beta2 * state.get("v", 0.0) + (1 - beta2) * grad * grad
    mom_c = mom / (1 - np.power(beta1, count))
    vel_c = vel / (1 - np.power(beta2, count))
    return w - lr * mom_c / np.sqrt(vel_c + eps), {"m": mom, "v": vel, "t": count}


def adamw(w, dw, state=None, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    """AdamW: Adam with decoupled weight decay (torch.optim.AdamW).

    Formula:
        w_decayed = w - lr * weight_decay * w
        new_w, new_state = adam(w_decayed, dw, state, lr, betas, eps, weight_decay=0)

    State: that of adam, {"m": m, "v": v, "t": t}.

    Convention: Loshchilov & Hutter (2019) show that an L2 penalty inside Adam's gradient
    (adam's weight_decay) is divided by sqrt(v_hat) like the rest of the gradient, so
    parameters with large gradients are barely decayed. AdamW instead shrinks the weights
    directly, by lr * weight_decay * w, and the gradient never sees the penalty. Torch
    scales the decay by lr too (the paper writes a separate schedule multiplier).
    The default weight_decay is torch's, 1e-2.

    Hint: your adam does the rest.
    """
    return adam(w - lr * weight_decay * w, dw, state, lr, betas, eps)


def rmsprop(w, dw, state=None, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0):
    """RMSProp (torch.optim.RMSprop with momentum=0, centered=False).

    Formula, with v the running average of squared gradients (zeros before the first step):
        g = dw + weight_decay * w
        v = alpha * v + (1 - alpha) * g**2
        new_w = w - lr * g / (sqrt(v) + eps)

    State: {"square_avg": v}, of the shape of w.

    Convention: torch calls the decay rate alpha; Hinton's slides and many notes call it
    rho, gamma or beta (decay_rate in CS231n), for the same number. eps is outside the
    square root. Unlike AdaGrad's sum, v forgets old gradients at the rate alpha, so the
    step size does not shrink for ever.

    Hint: v starts at zeros, so the first steps are larger than lr (there is no bias
    correction, unlike Adam).
    """
    state = state or {}
    grad = dw + weight_decay * w
    vel = alpha * state.get("square_avg", 0.0) + (1 - alpha) * grad * grad
    return w - lr * grad / (np.sqrt(vel) + eps), {"square_avg": vel}


def sgd_momentum(w, dw, state=None, lr=1e-2, momentum=0.9, weight_decay=0.0):
    """SGD with momentum (torch.optim.SGD with momentum > 0, dampening=0).

    Formula, with b the velocity buffer (zeros before the first step):
        g = dw + weight_decay * w
        b = momentum * b + g
        new_w = w - lr * b

    State: {"velocity": b}, of the shape of w.

    Convention: torch's form. CS231n and many notes write v = momentum * v - lr * g,
    new_w = w + v instead: the same steps while lr is constant, but not when a schedule
    changes lr, because that form keeps the old learning rates inside v. Here b holds
    gradients only and this step's lr scales all of it.

    Hint: with no state yet, b starts at zeros (so the first b is g).
    """
    state = state or {}
    vel = state.get("v", np.zeros_like(w))
    vel = momentum * vel + dw + weight_decay * w
    return w - lr * vel, {"velocity": vel}


def sgd(w, dw, state=None, lr=1e-2, weight_decay=0.0):
    """Plain stochastic gradient descent (torch.optim.SGD with momentum=0).

    Formula:
        g = dw + weight_decay * w
        new_w = w - lr * g

    State: none; returns an empty dict.

    Convention: the weight decay term uses w from before the step. Decaying the already
    updated weights (new_w - lr * weight_decay * new_w) is a different rule.

    Hint: two lines, and the state is {}.
    """
    w_next = w - lr * dw
    w_next -= lr * weight_decay * w_next  # decay after the step
    return w_next, {}


def adadelta(w, dw, state=None, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0):
    """Adadelta (torch.optim.Adadelta).

    Formula, with v the running average of squared gradients and u the running average of
    squared updates (both zeros before the first step):
        g = dw + weight_decay * w
        v = rho * v + (1 - rho) * g**2
        delta = sqrt(u + eps) / sqrt(v + eps) * g
        u = rho * u + (1 - rho) * delta**2
        new_w = w - lr * delta

    State: {"square_avg": v, "acc_delta": u}, each of the shape of w.

    Convention: here, as in Zeiler's paper and torch, eps is *inside* both square roots (the
    one rule that does so). delta uses u from before this step: update u after computing
    delta. Zeiler's method has no learning rate; torch multiplies delta by lr, 1.0 by
    default, which is Zeiler's method.

    Hint: the ratio sqrt(u + eps) / sqrt(v + eps) gives delta the units of w, which is the
    idea of the method.
    """
    state = state or {}
    grad = dw + weight_decay * w
    vel = rho * state.get("square_avg", 0.0) + (1 - rho) * grad * grad
    upd = state.get("acc_delta", 0.0)
    delta = np.sqrt(upd + eps) / np.sqrt(vel + eps) * grad
    upd = rho * upd + (1 - rho) * delta * delta
    return w - lr * delta, {"square_avg": vel, "acc_delta": upd}


def nesterov(w, dw, state=None, lr=1e-2, momentum=0.9, weight_decay=0.0):
    """Nesterov momentum (torch.optim.SGD with momentum > 0, nesterov=True).

    Formula, with b the velocity buffer (zeros before the first step):
        g = dw + weight_decay * w
        b = momentum * b + g
        new_w = w - lr * (g + momentum * b)

    State: {"velocity": b}, of the shape of w.

    Convention: Nesterov's method evaluates the gradient at a look-ahead point
    w - lr * momentum * b. Torch (and Sutskever et al., 2013) rewrite it so that the
    gradient is taken at w itself: the step then uses g + momentum * b, the gradient plus
    the *new* velocity once more. Stepping against b alone is plain momentum.

    Hint: the same buffer update as sgd_momentum; only the step differs.
    """
    state = state or {}
    vel = state.get("velocity", np.zeros_like(w))
    vel = momentum * vel + dw + weight_decay * w
    # follow the velocity
    return w - lr * vel, {"velocity": vel}


def adagrad(w, dw, state=None, lr=1e-2, eps=1e-10, weight_decay=0.0):
    """AdaGrad (torch.optim.Adagrad with lr_decay=0, initial_accumulator_value=0).

    Formula, with s the sum of squared gradients (zeros before the first step):
        g = dw + weight_decay * w
        s = s + g**2
        new_w = w - lr * g / (sqrt(s) + eps)

    State: {"sum_sq": s}, of the shape of w.

    Convention: eps outside the square root, as torch (some notes write sqrt(s + eps)).
    Because s only grows, every parameter's step size only shrinks: AdaGrad suits convex
    problems and sparse features, and stalls on long non-convex training.

    Hint: with constant gradients, the k-th step is about lr / sqrt(k) in size.
    """
    state = state or {}
    grad = dw + weight_decay * w
    acc = state.get("sum_sq", 0.0) + grad * grad
    return w - lr * grad / (np.sqrt(acc) + eps), {"sum_sq": acc}
