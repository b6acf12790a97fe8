"""Hidden tests of the update rules against the reference, over 25 steps.

Each test draws a problem (a shape, a start, and a gradient that depends on w, so that a
wrong step changes every later gradient), the rule's hyper-parameters, and a learning rate
that may halve every five steps as a schedule would. The student's rule runs 25 steps on
two parameters in turn, each with its own state; the reference takes each step from the
student's w with its own state, and w is compared after every step, as is whether the rule
left its arguments as they were.
"""

import dataclasses
from dataclasses import dataclass

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, graded, modified_in_place
from autograder.testing import strategies as st

STEPS = 25


@dataclass(frozen=True)
class Problem:
    """Gradients g(w, t) = scale * (curvature * (w - target) + 0.1 * noise[t]), a bowl with
    its minimum at target, jittered by noise; the learning rate lr * decay**(t // 5).

    The start w0, the curvature (in [0.1, 2]), the target and the noise are drawn from the
    seed, so that a failing example reads as a few numbers (and shrinks fast)."""

    shape: tuple[int, ...]
    seed: int
    scale: float
    lr: float
    decay: float

    def start(self):
        return np.random.default_rng([self.seed, 0]).normal(size=self.shape)

    def gradient(self, w, step):
        rng = np.random.default_rng([self.seed, 1])
        curvature, target = rng.uniform(0.1, 2.0, size=w.shape), rng.normal(size=w.shape)
        noise = np.random.default_rng([self.seed, 2, step]).normal(size=w.shape)
        return self.scale * (curvature * (w - target) + 0.1 * noise)

    def lr_at(self, step):
        return self.lr * self.decay ** (step // 5)


@hs.composite
def problems(draw, scales, lr=(1e-3, 0.5)):
    """A Problem whose gradient scale is one of ``scales`` and base lr is in ``lr``."""
    return Problem(
        shape=draw(st.shapes(max_dims=3)),
        seed=draw(st.seeds()),
        scale=draw(hs.sampled_from(scales)),
        lr=draw(st.floats(*lr)),
        decay=draw(hs.sampled_from([1.0, 0.5])),
    )


#: For the rules whose step is lr * g: lr * scale * curvature stays at most 1 (stable).
PLAIN = problems(scales=[1.0, 0.01])
#: For the adaptive rules, whose step is about lr whatever the scale: small gradients make
#: eps matter, large ones would make a plain rule diverge.
ADAPTIVE = problems(scales=[1.0, 1e-3, 10.0], lr=(1e-3, 0.3))
WEIGHT_DECAY = hs.one_of(hs.just(0.0), st.floats(0.01, 0.5))
EPS = hs.sampled_from([1e-8, 1e-4, 1e-2, 0.3])


def check_against_reference(student, reference, name, problem, **hyper):
    """Run ``name`` 25 steps in the student's package on two parameters at once, a step of
    one then a step of the other, each with its own state; at each step, the reference takes
    the same step from the student's w, with the state it keeps itself, and w is compared.
    The rule must leave w, dw and the state it is given as they were.

    Starting each reference step from the student's w keeps round-off from compounding: a
    correct rule whose arithmetic differs in the last bit could otherwise drift away over 25
    steps (Adam with small v nearly takes the sign of g). A wrong state still shows, since
    the reference's state is its own. Two parameters stepped in turn show a state kept
    anywhere but in the state dict (a module-level variable mixes the two)."""
    mine, theirs = getattr(student, name), getattr(reference, name)
    problems = (problem, dataclasses.replace(problem, seed=problem.seed + 1))
    ws = [p.start() for p in problems]
    states, want_states = [None, None], [None, None]
    for step in range(STEPS):
        for which, this in enumerate(problems):
            w, lr = ws[which], this.lr_at(step)
            dw = this.gradient(w, step)
            (new_w, states[which]), changed = modified_in_place(
                mine, w, dw, states[which], lr=lr, **hyper
            )
            want, want_states[which] = theirs(w, dw, want_states[which], lr=lr, **hyper)
            where = f"parameter {which + 1} of 2, step {step + 1} of {STEPS} (lr={lr:g})"
            assert_close(new_w, want, f"{name}: new_w after {where}")
            assert not changed, (
                f"{name} modified {', '.join(changed)} in place ({where}): a rule returns a "
                "new w and a new state and leaves those it was given as they were."
            )
            ws[which] = new_w


@graded(
    part="sgd",
    points=4,
    visibility="after_due_date",
    message="sgd: new_w = w - lr * (dw + weight_decay * w) at every step, with that step's "
    "lr and the w from before the step in the weight decay.",
)
@given(problem=PLAIN, weight_decay=WEIGHT_DECAY)
def test_sgd_matches_reference(student, reference, problem, weight_decay):
    check_against_reference(student, reference, "sgd", problem, weight_decay=weight_decay)


@graded(
    part="momentum",
    points=4,
    visibility="after_due_date",
    message="sgd_momentum: b = momentum * b + (dw + weight_decay * w), new_w = w - lr * b, "
    "with b carried from step to step in the state and this step's lr (torch's form: when "
    "lr changes, v = momentum * v - lr * g is not the same rule).",
)
@given(problem=PLAIN, momentum=st.floats(0.0, 0.99), weight_decay=WEIGHT_DECAY)
def test_sgd_momentum_matches_reference(student, reference, problem, momentum, weight_decay):
    check_against_reference(
        student, reference, "sgd_momentum", problem, momentum=momentum, weight_decay=weight_decay
    )


@graded(
    part="momentum",
    points=4,
    visibility="after_due_date",
    message="nesterov: the velocity as in sgd_momentum, then new_w = w - lr * (g + momentum "
    "* b) with the new b (stepping by lr * b alone is plain momentum).",
)
@given(problem=PLAIN, momentum=st.floats(0.0, 0.99), weight_decay=WEIGHT_DECAY)
def test_nesterov_matches_reference(student, reference, problem, momentum, weight_decay):
    check_against_reference(
        student, reference, "nesterov", problem, momentum=momentum, weight_decay=weight_decay
    )


@graded(
    part="adaptive",
    points=3,
    visibility="after_due_date",
    message="adagrad: s = s + g**2 summed over every step, new_w = w - lr * g / (sqrt(s) + "
    "eps), eps outside the square root.",
)
@given(problem=ADAPTIVE, eps=EPS, weight_decay=WEIGHT_DECAY)
def test_adagrad_matches_reference(student, reference, problem, eps, weight_decay):
    check_against_reference(
        student, reference, "adagrad", problem, eps=eps, weight_decay=weight_decay
    )


@graded(
    part="adaptive",
    points=3,
    visibility="after_due_date",
    message="rmsprop: v = alpha * v + (1 - alpha) * g**2, a running average (not a sum as "
    "in AdaGrad), new_w = w - lr * g / (sqrt(v) + eps), eps outside the square root.",
)
@given(problem=ADAPTIVE, alpha=st.floats(0.5, 0.999), eps=EPS, weight_decay=WEIGHT_DECAY)
def test_rmsprop_matches_reference(student, reference, problem, alpha, eps, weight_decay):
    check_against_reference(
        student, reference, "rmsprop", problem, alpha=alpha, eps=eps, weight_decay=weight_decay
    )


@graded(
    part="adaptive",
    points=3,
    visibility="after_due_date",
    message="adadelta: v = rho * v + (1 - rho) * g**2; delta = sqrt(u + eps) / sqrt(v + eps) "
    "* g with the u of the previous step; then u = rho * u + (1 - rho) * delta**2 and "
    "new_w = w - lr * delta. Here eps is inside both square roots.",
)
@given(
    problem=problems(scales=[1.0, 1e-3, 10.0], lr=(0.1, 2.0)),
    rho=st.floats(0.5, 0.99),
    eps=EPS,
    weight_decay=WEIGHT_DECAY,
)
def test_adadelta_matches_reference(student, reference, problem, rho, eps, weight_decay):
    check_against_reference(
        student, reference, "adadelta", problem, rho=rho, eps=eps, weight_decay=weight_decay
    )


@graded(
    part="adam",
    points=5,
    visibility="after_due_date",
    message="adam: m and v running averages of g and g**2, bias-corrected with "
    "1 - beta**t (t = 1 on the first step, counted in the state), new_w = w - lr * m_hat / "
    "(sqrt(v_hat) + eps) with eps outside the square root, weight decay added to g.",
)
@given(
    problem=ADAPTIVE,
    beta1=st.floats(0.0, 0.95),
    beta2=st.floats(0.5, 0.9999),
    eps=EPS,
    weight_decay=WEIGHT_DECAY,
)
def test_adam_matches_reference(student, reference, problem, beta1, beta2, eps, weight_decay):
    check_against_reference(
        student,
        reference,
        "adam",
        problem,
        betas=(beta1, beta2),
        eps=eps,
        weight_decay=weight_decay,
    )


@graded(
    part="adam",
    points=5,
    visibility="after_due_date",
    message="adamw: first w = w - lr * weight_decay * w, then an Adam step from there with "
    "the gradient dw alone (the decay never enters m or v).",
)
@given(
    problem=ADAPTIVE,
    beta1=st.floats(0.0, 0.95),
    beta2=st.floats(0.5, 0.9999),
    eps=EPS,
    weight_decay=st.floats(0.0, 0.5),
)
def test_adamw_matches_reference(student, reference, problem, beta1, beta2, eps, weight_decay):
    check_against_reference(
        student,
        reference,
        "adamw",
        problem,
        betas=(beta1, beta2),
        eps=eps,
        weight_decay=weight_decay,
    )
