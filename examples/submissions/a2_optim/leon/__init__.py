"""Assignment 2: optimization, in NumPy.

You will implement the update rules that train neural networks (SGD with weight decay,
momentum, Nesterov, AdaGrad, RMSProp, Adadelta, Adam and AdamW), gradient clipping,
learning-rate schedules, and the weight initializers that make deep networks trainable at
all. Each one equals its PyTorch counterpart step for step, and its docstring says which.

Every update rule has one interface (optim.py's docstring says it in full):

    new_w, new_state = rule(w, dw, state, lr=..., <hyper-parameters>...)

The state is what the rule remembers between steps: None on the first step, then exactly
what the previous step returned. Rules return new arrays and never modify their inputs.

Arrays are NumPy float64. Where textbooks disagree on a convention, we follow PyTorch and
say so in the docstring (for example: eps is added outside the square root).

Modules, in the order to write them:
    optim.py         sgd, sgd_momentum, nesterov, adagrad, rmsprop, adadelta, adam, adamw
    clipping.py      clip_grad_value, clip_grad_norm
    schedules.py     step_lr, exponential_lr, cosine_annealing_lr, linear_warmup_lr,
                     warmup_cosine_lr
    initializers.py  calculate_gain, compute_fans, lecun_normal, xavier_uniform,
                     xavier_normal, kaiming_uniform, kaiming_normal
Given (nothing to write): landscapes.py (rosenbrock, saddle, trajectory).
"""

from .clipping import clip_grad_norm, clip_grad_value
from .initializers import (
    calculate_gain,
    compute_fans,
    kaiming_normal,
    kaiming_uniform,
    lecun_normal,
    xavier_normal,
    xavier_uniform,
)
from .landscapes import rosenbrock, saddle, trajectory
from .optim import adadelta, adagrad, adam, adamw, nesterov, rmsprop, sgd, sgd_momentum
from .schedules import (
    cosine_annealing_lr,
    exponential_lr,
    linear_warmup_lr,
    step_lr,
    warmup_cosine_lr,
)

__all__ = [
    "adadelta",
    "adagrad",
    "adam",
    "adamw",
    "calculate_gain",
    "clip_grad_norm",
    "clip_grad_value",
    "compute_fans",
    "cosine_annealing_lr",
    "exponential_lr",
    "kaiming_normal",
    "kaiming_uniform",
    "lecun_normal",
    "linear_warmup_lr",
    "nesterov",
    "rmsprop",
    "rosenbrock",
    "saddle",
    "sgd",
    "sgd_momentum",
    "step_lr",
    "trajectory",
    "warmup_cosine_lr",
    "xavier_normal",
    "xavier_uniform",
]
