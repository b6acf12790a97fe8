"""Learning-rate schedules: the learning rate to use at each step of training.

Every schedule is a function of the step and the base learning rate:

    lr = schedule(step, base_lr, <parameters>...)

- step: The number of scheduler steps taken so far, an int >= 0. The first update of
  training uses step = 0. (Torch calls it last_epoch; it is an epoch or an iteration,
  whichever you call scheduler.step() after.)
- base_lr: The learning rate the optimizer was created with, a float > 0.
- lr: A Python float, the learning rate for that step.

Each equals its torch.optim.lr_scheduler counterpart, named in its docstring: the learning
rate torch's optimizer holds after `step` calls of scheduler.step(). A loop reads:

    for t in range(steps):
        w, state = sgd_momentum(w, gradient(w), state, lr=cosine_annealing_lr(t, 0.1, steps))
"""

import math


def warmup_cosine_lr(step, base_lr, warmup_steps, total_steps, start_factor=1 / 3, eta_min=0.0):
    """Linear warm-up, then cosine annealing down to eta_min at total_steps
    (torch.optim.lr_scheduler.SequentialLR of LinearLR(start_factor,
    total_iters=warmup_steps) then CosineAnnealingLR(T_max=total_steps - warmup_steps,
    eta_min), with milestones=[warmup_steps]).

    Formula:
        for step < warmup_steps:
            lr = linear_warmup_lr(step, base_lr, warmup_steps, start_factor)
        for step >= warmup_steps:
            lr = cosine_annealing_lr(step - warmup_steps, base_lr,
                                     total_steps - warmup_steps, eta_min)

    Inputs: step, base_lr as in the module docstring; warmup_steps, an int >= 1;
    total_steps, an int > warmup_steps; start_factor as in linear_warmup_lr; eta_min as in
    cosine_annealing_lr.

    Convention: the peak, base_lr, is at step = warmup_steps, where the cosine starts; the
    last learning rate, eta_min, is at step = total_steps.

    Hint: two lines, using your two schedules above.
    """
    return (
        linear_warmup_lr(step, base_lr, warmup_steps, start_factor)
        if step < warmup_steps
        else cosine_annealing_lr(
            step - warmup_steps, base_lr, total_steps - warmup_steps, eta_min
        )
    )


def cosine_annealing_lr(step, base_lr, T_max, eta_min=0.0):
    """Cosine annealing from base_lr down to eta_min over T_max steps
    (torch.optim.lr_scheduler.CosineAnnealingLR).

    Formula:
        lr = eta_min + (base_lr - eta_min) * (1 + cos(pi * step / T_max)) / 2

    Inputs: step, base_lr as in the module docstring; T_max, an int >= 1, the number of
    steps from base_lr to eta_min; eta_min, a float >= 0, the last learning rate.

    Convention: lr = base_lr at step 0 and eta_min at step T_max. Past T_max the formula
    (and torch) climbs back up along the cosine (no restart, no clamping): schedule
    T_max steps of training.

    Hint: math.cos and math.pi.
    """
    return eta_min + (base_lr - eta_min) * (1 + math.cos(step / T_max * math.pi)) / 2


def step_lr(step, base_lr, step_size, gamma=0.1):
    """Step decay: multiply the learning rate by gamma every step_size steps
    (torch.optim.lr_scheduler.StepLR).

    Formula:
        lr = base_lr * gamma ** (step // step_size)

    Inputs: step, base_lr as in the module docstring; step_size, an int >= 1; gamma, a float.

    Convention: steps 0 .. step_size - 1 use base_lr itself; the first decay happens at
    step = step_size.

    Hint: integer division.
    """
    return base_lr * gamma ** (step // step_size)


def linear_warmup_lr(step, base_lr, warmup_steps, start_factor=1 / 3):
    """Linear warm-up: grow the learning rate from start_factor * base_lr to base_lr over
    warmup_steps steps, then keep it (torch.optim.lr_scheduler.LinearLR with end_factor=1
    and total_iters=warmup_steps).

    Formula:
        factor = start_factor + (1 - start_factor) * min(step, warmup_steps) / warmup_steps
        lr = base_lr * factor

    Inputs: step, base_lr as in the module docstring; warmup_steps, an int >= 1;
    start_factor, a float in (0, 1], torch's default 1/3.

    Convention: step 0 uses start_factor * base_lr (never 0: the first update moves), and
    base_lr is reached at step = warmup_steps exactly, not one step earlier or later.
    Count the steps on a small case: with warmup_steps = 2 and start_factor = 0.5 the
    factors are 0.5, 0.75, 1, 1, ...

    Hint: min keeps the factor at 1 after the warm-up.
    """
    return base_lr * (start_factor + (1 - start_factor) * min(1.0, step / warmup_steps))


def exponential_lr(step, base_lr, gamma):
    """Exponential decay: multiply the learning rate by gamma every step
    (torch.optim.lr_scheduler.ExponentialLR).

    Formula:
        lr = base_lr * gamma ** step

    Inputs: step, base_lr as in the module docstring; gamma, a float in (0, 1].

    Hint: step decay with step_size = 1.
    """
    return base_lr * gamma**step
