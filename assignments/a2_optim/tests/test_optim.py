"""Public tests of the update rules (optim.py): stored steps, and properties with closed forms.

Each rule's stored case runs five steps from stored gradients, with a learning rate that
changes along the way, and compares the parameters after every step. The property tests
use a constant gradient, where each rule's steps have a closed form worth knowing.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, graded
from autograder.testing import strategies as st

#: The entries of a rule's stored case that are not hyper-parameters: the start w, then
#: one dw, one lr and the reference's new_w per step.
TRAJECTORY = ("w", "dw", "lr", "new_w")


def hyper_parameters(case):
    """The stored case's hyper-parameters: every entry that is not in TRAJECTORY, as
    Python numbers (and betas as a tuple)."""
    return {
        key: tuple(value.tolist()) if value.ndim else value.item()
        for key, value in case.items()
        if key not in TRAJECTORY
    }


def check_stored_steps(student, expected, name):
    """Run ``name`` from the stored w over the stored dw and lr of each step, and compare
    new_w after every step."""
    case = expected[name]
    rule, hyper = getattr(student, name), hyper_parameters(case)
    w, state = case["w"], None
    steps = zip(case["dw"], case["lr"], case["new_w"], strict=True)
    for step, (dw, lr, want) in enumerate(steps, start=1):
        w, state = rule(w, dw, state, lr=float(lr), **hyper)
        assert_close(w, want, f"{name}: new_w after step {step} (lr={lr:g})")


def constant_gradient_steps(student, name, w, g, steps, **hyper):
    """The parameters after each of ``steps`` steps of ``name`` with gradient g every time."""
    rule, state, path = getattr(student, name), None, []
    for _ in range(steps):
        w, state = rule(w, g, state, **hyper)
        path.append(w)
    return path


def check_constant_gradient(student, name, w, g, expected_steps, **hyper):
    """Each step's change of w, against the closed form ``expected_steps[k]``."""
    path = constant_gradient_steps(student, name, w, g, len(expected_steps), **hyper)
    before = w
    for k, (after, want) in enumerate(zip(path, expected_steps, strict=True)):
        assert_close(after - before, want, f"{name}: the change of w in step {k + 1}")
        before = after


@hs.composite
def points_and_gradients(draw, low=-2.0, high=2.0):
    """(w, g): parameters and a gradient of the same drawn shape."""
    shape = draw(st.shapes(max_dims=2))
    return draw(st.arrays(shape)), draw(st.arrays(shape, low, high))


@graded(
    part="sgd",
    points=1,
    visibility="visible",
    message="sgd: new_w = w - lr * (dw + weight_decay * w), with w from before the step, and "
    "this step's lr.",
)
def test_sgd_values(student, expected):
    check_stored_steps(student, expected, "sgd")


@graded(
    part="sgd",
    points=2,
    visibility="visible",
    message="sgd: new_w = w - lr * (dw + weight_decay * w). Weight decay uses the old w: "
    "decaying the updated weights afterwards is a different rule.",
)
@given(problem=points_and_gradients(), lr=st.floats(1e-3, 1.0), weight_decay=st.floats(0.0, 1.0))
def test_sgd_one_step(student, problem, lr, weight_decay):
    w, dw = problem
    new_w, _ = student.sgd(w, dw, None, lr=lr, weight_decay=weight_decay)
    assert_close(new_w, w - lr * (dw + weight_decay * w), "sgd: new_w")


@graded(
    part="momentum",
    points=1,
    visibility="visible",
    message="sgd_momentum: b = momentum * b + g, then new_w = w - lr * b with this step's lr. "
    "Keep b in the returned state and use it at the next step. (The form "
    "v = momentum * v - lr * g is the same only while lr stays constant: here it changes.)",
)
def test_sgd_momentum_values(student, expected):
    check_stored_steps(student, expected, "sgd_momentum")


@graded(
    part="momentum",
    points=1,
    visibility="visible",
    message="nesterov: b = momentum * b + g, then new_w = w - lr * (g + momentum * b) with the "
    "new b and this step's lr. Keep b in the returned state and use it at the next step. "
    "(The form v = momentum * v - lr * g is the same only while lr stays constant: here it "
    "changes.)",
)
def test_nesterov_values(student, expected):
    check_stored_steps(student, expected, "nesterov")


def momentum_velocity(g, momentum, steps):
    """b after each step of a constant gradient g: g * (1 - momentum**k) / (1 - momentum)."""
    return [g * (1 - momentum**k) / (1 - momentum) for k in range(1, steps + 1)]


@graded(
    part="momentum",
    points=2,
    visibility="visible",
    message="sgd_momentum with a constant gradient g: the velocity grows as "
    "b_k = g * (1 - momentum**k) / (1 - momentum), so step k moves w by -lr * b_k. If "
    "every step is -lr * g, the velocity is lost between steps: return it in the state.",
)
@given(problem=points_and_gradients(), lr=st.floats(1e-3, 0.5), momentum=st.floats(0.1, 0.95))
def test_momentum_constant_gradient(student, problem, lr, momentum):
    w, g = problem
    steps = [-lr * b for b in momentum_velocity(g, momentum, 10)]
    check_constant_gradient(student, "sgd_momentum", w, g, steps, lr=lr, momentum=momentum)


@graded(
    part="momentum",
    points=2,
    visibility="visible",
    message="nesterov with a constant gradient g: step k moves w by "
    "-lr * (g + momentum * b_k), with b_k = g * (1 - momentum**k) / (1 - momentum). "
    "Stepping by -lr * b_k is plain momentum.",
)
@given(problem=points_and_gradients(), lr=st.floats(1e-3, 0.5), momentum=st.floats(0.1, 0.95))
def test_nesterov_constant_gradient(student, problem, lr, momentum):
    w, g = problem
    steps = [-lr * (g + momentum * b) for b in momentum_velocity(g, momentum, 10)]
    check_constant_gradient(student, "nesterov", w, g, steps, lr=lr, momentum=momentum)


@graded(
    part="adaptive",
    points=1,
    visibility="visible",
    message="adagrad, five steps with weight decay: s = s + g**2 summed over every step and "
    "kept in the state, new_w = w - lr * g / (sqrt(s) + eps), eps outside the square root.",
)
def test_adagrad_values(student, expected):
    check_stored_steps(student, expected, "adagrad")


@graded(
    part="adaptive",
    points=1,
    visibility="visible",
    message="rmsprop, five steps with weight decay: v = alpha * v + (1 - alpha) * g**2, a "
    "running average kept in the state, new_w = w - lr * g / (sqrt(v) + eps), eps outside "
    "the square root.",
)
def test_rmsprop_values(student, expected):
    check_stored_steps(student, expected, "rmsprop")


@graded(
    part="adaptive",
    points=2,
    visibility="visible",
    message="adadelta, five steps with weight decay: check the formula of its docstring, eps "
    "inside both square roots (unlike the other rules), and that the state carries both "
    "running averages to the next step.",
)
def test_adadelta_values(student, expected):
    check_stored_steps(student, expected, "adadelta")


@graded(
    part="adaptive",
    points=2,
    visibility="visible",
    message="adagrad with a constant gradient g: after k steps s = k * g**2, so step k "
    "moves w by -lr * g / (sqrt(k) * |g| + eps): the steps shrink like 1 / sqrt(k).",
)
@given(problem=points_and_gradients(), lr=st.floats(1e-3, 0.5), eps=st.floats(1e-10, 0.1))
def test_adagrad_constant_gradient(student, problem, lr, eps):
    w, g = problem
    steps = [-lr * g / (np.sqrt(k) * np.abs(g) + eps) for k in range(1, 11)]
    check_constant_gradient(student, "adagrad", w, g, steps, lr=lr, eps=eps)


@graded(
    part="adaptive",
    points=2,
    visibility="visible",
    message="rmsprop with a constant gradient g: v is an average, not a sum: after k steps "
    "v = (1 - alpha**k) * g**2, so step k moves w by -lr * g / (sqrt(1 - alpha**k) * |g| "
    "+ eps). Summing g**2 as AdaGrad does makes the steps shrink for ever.",
)
@given(
    problem=points_and_gradients(),
    lr=st.floats(1e-3, 0.5),
    alpha=st.floats(0.5, 0.99),
    eps=st.floats(1e-8, 0.1),
)
def test_rmsprop_constant_gradient(student, problem, lr, alpha, eps):
    w, g = problem
    steps = [-lr * g / (np.sqrt(1 - alpha**k) * np.abs(g) + eps) for k in range(1, 11)]
    check_constant_gradient(student, "rmsprop", w, g, steps, lr=lr, alpha=alpha, eps=eps)


@graded(
    part="adam",
    points=2,
    visibility="visible",
    message="adam, five steps with weight decay: bias-corrected m_hat and v_hat with t = 1 on "
    "the first step, and eps outside the square root (eps = 0.1 here, large enough to "
    "tell).",
)
def test_adam_values(student, expected):
    check_stored_steps(student, expected, "adam")


@graded(
    part="adam",
    points=1,
    visibility="visible",
    message="adamw, five steps: the decay w - lr * weight_decay * w first, then an Adam step "
    "from there with the gradient dw alone (bias-corrected, eps outside the square root).",
)
def test_adamw_values(student, expected):
    check_stored_steps(student, expected, "adamw")


@graded(
    part="adam",
    points=2,
    visibility="visible",
    message="adam with a constant gradient g: the bias-corrected averages are exactly "
    "m_hat = g and v_hat = g**2 at every step, so every step moves w by "
    "-lr * g / (|g| + eps), whatever the betas. Without bias correction the first steps "
    "are several times too large; with eps inside the square root they differ too.",
)
@given(
    problem=points_and_gradients(),
    lr=st.floats(1e-3, 0.5),
    beta1=st.floats(0.5, 0.95),
    beta2=st.floats(0.9, 0.999),
    eps=st.floats(1e-3, 0.5),
)
def test_adam_constant_gradient(student, problem, lr, beta1, beta2, eps):
    w, g = problem
    steps = [-lr * g / (np.abs(g) + eps)] * 5
    check_constant_gradient(student, "adam", w, g, steps, lr=lr, betas=(beta1, beta2), eps=eps)


@graded(
    part="adam",
    points=2,
    visibility="visible",
    message="adamw's weight decay is decoupled: with a zero gradient, m and v stay 0 and each "
    "step just scales w by (1 - lr * weight_decay). The decay must not go through the "
    "gradient (that is adam's weight_decay).",
)
@given(
    w=st.arrays(st.shapes(max_dims=2)),
    lr=st.floats(1e-3, 0.5),
    weight_decay=st.floats(0.01, 1.0),
)
def test_adamw_decay_is_decoupled(student, w, lr, weight_decay):
    path = constant_gradient_steps(
        student, "adamw", w, np.zeros_like(w), 5, lr=lr, weight_decay=weight_decay
    )
    for k, after in enumerate(path, start=1):
        assert_close(after, w * (1 - lr * weight_decay) ** k, f"adamw: new_w after step {k}")
