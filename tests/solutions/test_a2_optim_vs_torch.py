"""The a2_optim reference solution, verified against PyTorch (float64).

Update rules: sgd, sgd_momentum, nesterov, adagrad, rmsprop, adadelta, adam and adamw each
equal their torch.optim counterpart (SGD with momentum 0, momentum > 0 and nesterov=True,
dampening 0; Adagrad, RMSprop, Adadelta, Adam, AdamW) step for step over 25 steps, compared
after every step (the parameters and every array of the state), on hypothesis-drawn shapes
and hyper-parameters (lr over 1e-4..0.5; momentum, alpha, rho and betas over [0, 0.999],
momentum > 0; eps over 1e-8..0.5; weight decay 0 or 1e-4..1), derandomized so every run
sees the same examples. The gradient depends on the parameters (a quadratic bowl plus seeded
noise), so the trajectory feeds back on itself; the reference takes every step from torch's
current parameters with the state it returned itself. The lr changes at every step, as a
schedule changes it (which tells torch's momentum form from the CS231n form). Each rule
returns the documented state keys and leaves its inputs unmodified.

Clipping: clip_grad_value and clip_grad_norm (clipped gradients and the returned total norm)
equal torch.nn.utils.clip_grad_value_ and clip_grad_norm_ on lists of 1 to 4 arrays, with
max_norm below and above the norm.

Schedules: step_lr, exponential_lr, cosine_annealing_lr, linear_warmup_lr and
warmup_cosine_lr equal the lr that torch's StepLR, ExponentialLR, CosineAnnealingLR, LinearLR
and SequentialLR(LinearLR, CosineAnnealingLR) leave in the optimizer after each number of
scheduler.step() calls, from 0 to past the end of the schedule.

Initializers: calculate_gain equals torch.nn.init.calculate_gain; compute_fans equals torch's
fans (for the transposed shape of an affine weight, which torch stores as (out, in)); the
reference draws exactly rng.normal(0, std) or rng.uniform(-bound, bound) with the documented
std and bound; and large samples of lecun_normal, xavier_*, kaiming_* agree with torch.nn.init
(fixed seeds, so nothing can flake) in mean, variance, range and shape (kurtosis 3 for a
normal, 1.8 for a uniform), within the stated statistical tolerances.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.course import Assignment, find_course
from autograder.testing.compare import assert_close
from autograder.testing.strategies import arrays, floats, seeds, shapes, sides

pytestmark = pytest.mark.solutions

REF = Assignment(find_course(Path(__file__).parent), "a2_optim").load_reference()

SETTINGS = settings(deadline=None, derandomize=True, max_examples=40)

#: Update rules. NumPy and torch evaluate the same formulas in a different order (torch's
#: Adam uses lerp and divides sqrt(v) by sqrt(1 - beta2**t) instead of v by 1 - beta2**t), so
#: a step differs by a few ulps; since the reference steps from torch's parameters with its
#: own state (see trajectories()), only the state carries those differences on. ATOL is for
#: buffers that cancel to ~0 (a velocity whose gradients change sign). The largest difference
#: observed over 2,000 examples per rule was 1e-3 of the allowed one.
RULE_RTOL, RULE_ATOL = 1e-10, 1e-12
#: Clipping: the global norm sums the squares in a different order (torch takes the norm of
#: each array, then the norm of those norms): a few ulps (observed: 7e-4 of the allowed).
CLIP_RTOL, CLIP_ATOL = 1e-12, 1e-15
#: Schedules: torch updates the lr recursively (lr_t from lr_{t-1}), the reference evaluates
#: the closed form: about one ulp per step, over at most ~100 steps. The cosine's
#: 1 + cos(x) near x = pi cancels, so past T_max (lr close to eta_min) the error is up to
#: ~1e-16 * base_lr in absolute terms: ATOL is relative to base_lr. (Observed over 2,000
#: examples per schedule: 5e-3 of the allowed difference.)
SCHED_RTOL, SCHED_ATOL = 1e-11, 1e-14
#: calculate_gain and compute_fans: the same closed forms.
GAIN_RTOL = 1e-14

#: Steps of each update rule's trajectory.
STEPS = 25


def log_uniform(low: float, high: float) -> st.SearchStrategy[float]:
    """A float in [low, high] whose logarithm is drawn uniformly (so every scale is tried)."""
    return st.floats(math.log10(low), math.log10(high)).map(lambda e: 10.0**e)


LRS = log_uniform(1e-4, 0.5)
EPS = log_uniform(1e-8, 0.5)
#: Momentum, alpha, rho and betas: decay rates from 0 (no memory) to 0.999.
RATES = floats(0.0, 0.999)
WEIGHT_DECAYS = st.one_of(st.just(0.0), log_uniform(1e-4, 1.0))


# --------------------------------------------------------------------------------------------
# Update rules
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleCase:
    """An update rule of the reference, its torch.optim counterpart and its hyper-parameters.

    The hyper-parameters drawn from ``hyper`` go by the same names to both; ``fixed`` only to
    torch (to select the variant the rule implements). ``state`` maps each key of the
    reference's state to the name of the same buffer in torch's optimizer state."""

    name: str
    optimizer: type[torch.optim.Optimizer]
    hyper: st.SearchStrategy[dict]
    state: dict[str, str]
    fixed: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return self.name


ADAM_HYPER = st.fixed_dictionaries(
    {"betas": st.tuples(RATES, RATES), "eps": EPS, "weight_decay": WEIGHT_DECAYS}
)
ADAM_STATE = {"m": "exp_avg", "v": "exp_avg_sq", "t": "step"}

RULES = [
    RuleCase(
        "sgd",
        torch.optim.SGD,
        st.fixed_dictionaries({"weight_decay": WEIGHT_DECAYS}),
        {},
        {"momentum": 0.0},
    ),
    RuleCase(
        "sgd_momentum",
        torch.optim.SGD,
        st.fixed_dictionaries({"momentum": floats(1e-3, 0.999), "weight_decay": WEIGHT_DECAYS}),
        {"velocity": "momentum_buffer"},
        {"dampening": 0.0},
    ),
    RuleCase(
        "nesterov",
        torch.optim.SGD,
        st.fixed_dictionaries({"momentum": floats(1e-3, 0.999), "weight_decay": WEIGHT_DECAYS}),
        {"velocity": "momentum_buffer"},
        {"dampening": 0.0, "nesterov": True},
    ),
    RuleCase(
        "adagrad",
        torch.optim.Adagrad,
        st.fixed_dictionaries({"eps": EPS, "weight_decay": WEIGHT_DECAYS}),
        {"sum_sq": "sum"},
        {"lr_decay": 0.0, "initial_accumulator_value": 0.0},
    ),
    RuleCase(
        "rmsprop",
        torch.optim.RMSprop,
        st.fixed_dictionaries({"alpha": RATES, "eps": EPS, "weight_decay": WEIGHT_DECAYS}),
        {"square_avg": "square_avg"},
        {"momentum": 0.0, "centered": False},
    ),
    RuleCase(
        "adadelta",
        torch.optim.Adadelta,
        st.fixed_dictionaries({"rho": RATES, "eps": EPS, "weight_decay": WEIGHT_DECAYS}),
        {"square_avg": "square_avg", "acc_delta": "acc_delta"},
    ),
    RuleCase("adam", torch.optim.Adam, ADAM_HYPER, ADAM_STATE, {"amsgrad": False}),
    RuleCase("adamw", torch.optim.AdamW, ADAM_HYPER, ADAM_STATE, {"amsgrad": False}),
]


@st.composite
def trajectories(draw):
    """A problem to run an update rule on for STEPS steps: w0, and the gradient
    g_t(w) = curvature * (w - target) + noise_t of a quadratic bowl plus noise, and the lr of
    every step (a drawn lr times a factor in [0.1, 1] that changes at every step).

    The gradient is taken at torch's parameters, and at every step the reference starts from
    them too (with its own state): in exact arithmetic that is the reference's own trajectory,
    and round-off cannot be amplified from step to step. Two separate trajectories can drift
    apart with both rules right: with beta2 (or alpha) = 0, Adam (RMSProp) is sign descent, and
    where g is near 0 the feedback (through the gradient or the weight decay) turns a 1e-16
    difference in w into up to lr * (curvature + weight_decay) / eps times more at the next
    step. (Observed with separate trajectories: 5e-9 relative after 24 steps of Adam with
    beta2 = 0.)

    Returns (w0, curvature, target, noise of shape (STEPS, *shape), lrs of STEPS floats)."""
    shape = draw(shapes())
    rng = np.random.default_rng(draw(seeds()))
    noise_scale = draw(st.one_of(st.just(0.0), log_uniform(1e-3, 10.0)))
    lr = draw(LRS)
    return (
        draw(arrays(shape)),
        draw(arrays(shape, 0.05, 2.0)),
        draw(arrays(shape)),
        noise_scale * rng.standard_normal((STEPS, *shape)),
        [lr * f for f in rng.uniform(0.1, 1.0, STEPS).tolist()],
    )


def state_snapshot(state: dict | None) -> dict:
    """A deep copy of a rule's state (arrays copied), to check it is not modified."""
    if state is None:
        return {}
    return {k: np.copy(v) if isinstance(v, np.ndarray) else v for k, v in state.items()}


@pytest.mark.parametrize("case", RULES, ids=str)
@SETTINGS
@given(problem=trajectories(), data=st.data())
def test_update_rule_matches_torch_optim_step_for_step(case: RuleCase, problem, data):
    """Each update rule equals its torch.optim optimizer at every one of 25 steps, with a
    w-dependent gradient and a different lr at every step, in w and in every state buffer."""
    w0, curvature, target, noise, lrs = problem
    hyper = data.draw(case.hyper, label="hyper")
    rule = getattr(REF, case.name)

    param = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    optimizer = case.optimizer([param], lr=lrs[0], **case.fixed, **hyper)
    state = None
    for t in range(STEPS):
        where = f"{case.name} step {t + 1}"
        # The reference steps from torch's parameters, with its own state (see trajectories()).
        w = param.detach().numpy().copy()
        dw = curvature * (w - target) + noise[t]
        param.grad = torch.from_numpy(dw.copy())
        optimizer.param_groups[0]["lr"] = lrs[t]
        optimizer.step()

        w_before, dw_before, state_before = w.copy(), dw.copy(), state_snapshot(state)
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            new_w, new_state = rule(w, dw, state, lr=lrs[t], **hyper)
        np.testing.assert_array_equal(w, w_before, err_msg=f"{where}: w was modified")
        np.testing.assert_array_equal(dw, dw_before, err_msg=f"{where}: dw was modified")
        for key, value in state_before.items():
            np.testing.assert_array_equal(
                state[key], value, err_msg=f"{where}: state[{key!r}] was modified"
            )

        assert isinstance(new_state, dict), f"{where}: the state is a {type(new_state)}"
        assert set(new_state) == set(case.state), f"{where}: state keys {sorted(new_state)}"
        assert isinstance(new_w, np.ndarray), f"{where}: w is a {type(new_w).__name__}"
        assert new_w.dtype == np.float64, f"{where}: w has dtype {new_w.dtype}"
        assert_close(new_w, param.detach().numpy(), f"{where}: w", RULE_RTOL, RULE_ATOL)
        torch_state = optimizer.state[param]
        for ours, theirs in case.state.items():
            expected = torch_state[theirs]
            if ours == "t":
                assert new_state["t"] == int(expected.item()) == t + 1, f"{where}: t"
                continue
            assert_close(
                new_state[ours], expected.numpy(), f"{where}: {ours}", RULE_RTOL, RULE_ATOL
            )
        state = new_state


# --------------------------------------------------------------------------------------------
# Gradient clipping
# --------------------------------------------------------------------------------------------

GRADIENT_LISTS = st.lists(arrays(shapes(1, 3)), min_size=1, max_size=4)


def torch_grads(grads: list[np.ndarray]) -> list[torch.Tensor]:
    """Float64 leaf tensors (the values do not matter) whose .grad hold copies of grads."""
    params = []
    for g in grads:
        p = torch.zeros(g.shape, dtype=torch.float64, requires_grad=True)
        p.grad = torch.tensor(g, dtype=torch.float64)
        params.append(p)
    return params


@SETTINGS
@given(grads=GRADIENT_LISTS, clip_value=floats(1e-3, 6.0))
def test_clip_grad_value_matches_torch(grads, clip_value):
    """clip_grad_value equals torch.nn.utils.clip_grad_value_ on every array and leaves its
    input unmodified."""
    before = [g.copy() for g in grads]
    clipped = REF.clip_grad_value(grads, clip_value)
    params = torch_grads(before)
    torch.nn.utils.clip_grad_value_(params, clip_value)
    assert len(clipped) == len(grads)
    for i, (g, b, p) in enumerate(zip(grads, before, params, strict=True)):
        np.testing.assert_array_equal(g, b, err_msg=f"grads[{i}] was modified")
        assert_close(clipped[i], p.grad.numpy(), f"clipped[{i}]", CLIP_RTOL, CLIP_ATOL)


@pytest.mark.parametrize("side", ["below", "above"])
@SETTINGS
@given(grads=GRADIENT_LISTS, data=st.data())
def test_clip_grad_norm_matches_torch(side, grads, data):
    """clip_grad_norm's clipped arrays and total norm equal torch.nn.utils.clip_grad_norm_'s,
    with max_norm below the gradients' norm (they shrink) and above it (they do not)."""
    norm = math.sqrt(sum(float(np.sum(g**2)) for g in grads))
    ratio = data.draw(log_uniform(1e-3, 0.99) if side == "below" else log_uniform(1.01, 1e3))
    max_norm = ratio * norm if norm > 0 else ratio
    before = [g.copy() for g in grads]
    clipped, total_norm = REF.clip_grad_norm(grads, max_norm)
    params = torch_grads(before)
    expected_norm = torch.nn.utils.clip_grad_norm_(params, max_norm)
    assert isinstance(total_norm, float), f"total_norm is a {type(total_norm).__name__}"
    assert_close(total_norm, expected_norm.item(), "total_norm", CLIP_RTOL, CLIP_ATOL)
    assert len(clipped) == len(grads)
    for i, (g, b, p) in enumerate(zip(grads, before, params, strict=True)):
        np.testing.assert_array_equal(g, b, err_msg=f"grads[{i}] was modified")
        assert_close(clipped[i], p.grad.numpy(), f"clipped[{i}]", CLIP_RTOL, CLIP_ATOL)


# --------------------------------------------------------------------------------------------
# Learning-rate schedules
# --------------------------------------------------------------------------------------------

BASE_LRS = log_uniform(1e-4, 1.0)


def torch_lrs(
    base_lr: float,
    make_scheduler: Callable[[torch.optim.Optimizer], torch.optim.lr_scheduler.LRScheduler],
    last_step: int,
) -> list[float]:
    """The lr in torch's optimizer after 0, 1, ..., last_step calls of scheduler.step()."""
    param = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=base_lr)
    lrs = []
    with warnings.catch_warnings():
        # Torch's schedulers warn about call order and deprecated arguments (SequentialLR
        # has passed an epoch to its schedulers' step() in some versions); none of that
        # changes the values. Silenced here only, around torch's scheduler code.
        warnings.simplefilter("ignore")
        scheduler = make_scheduler(optimizer)
        for _ in range(last_step + 1):
            lrs.append(optimizer.param_groups[0]["lr"])
            optimizer.step()  # no gradient: changes nothing, but keeps the call order right
            scheduler.step()
    return lrs


def assert_schedule(name: str, schedule: Callable[[int], float], expected: list[float], base_lr):
    """Assert schedule(step) is a float equal to expected[step] for every step."""
    ours = [schedule(step) for step in range(len(expected))]
    for step, lr in enumerate(ours):
        assert isinstance(lr, float), f"{name}({step}) is a {type(lr).__name__}, not a float"
    assert_close(ours, expected, f"{name} (index = step)", SCHED_RTOL, SCHED_ATOL * base_lr)


@SETTINGS
@given(base_lr=BASE_LRS, step_size=sides(1, 10), gamma=floats(0.01, 1.5))
def test_step_lr_matches_torch(base_lr, step_size, gamma):
    """step_lr equals torch's StepLR for steps 0 to 5 * step_size + 3."""
    expected = torch_lrs(
        base_lr,
        lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=step_size, gamma=gamma),
        5 * step_size + 3,
    )
    assert_schedule(
        "step_lr", lambda s: REF.step_lr(s, base_lr, step_size, gamma), expected, base_lr
    )


@SETTINGS
@given(base_lr=BASE_LRS, gamma=floats(0.01, 1.0))
def test_exponential_lr_matches_torch(base_lr, gamma):
    """exponential_lr equals torch's ExponentialLR for steps 0 to 40."""
    expected = torch_lrs(
        base_lr, lambda opt: torch.optim.lr_scheduler.ExponentialLR(opt, gamma=gamma), 40
    )
    assert_schedule(
        "exponential_lr", lambda s: REF.exponential_lr(s, base_lr, gamma), expected, base_lr
    )


@SETTINGS
@given(base_lr=BASE_LRS, t_max=sides(1, 40), eta_fraction=st.one_of(st.just(0.0), floats(0, 1)))
def test_cosine_annealing_lr_matches_torch(base_lr, t_max, eta_fraction):
    """cosine_annealing_lr equals torch's CosineAnnealingLR for steps 0 to 2 * T_max + 3
    (down to eta_min at T_max and back up along the cosine)."""
    eta_min = eta_fraction * base_lr
    expected = torch_lrs(
        base_lr,
        lambda opt: torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=t_max, eta_min=eta_min),
        2 * t_max + 3,
    )
    assert_schedule(
        "cosine_annealing_lr",
        lambda s: REF.cosine_annealing_lr(s, base_lr, t_max, eta_min),
        expected,
        base_lr,
    )


START_FACTORS = st.one_of(st.just(1 / 3), st.just(1.0), floats(1e-3, 1.0))


@SETTINGS
@given(base_lr=BASE_LRS, warmup=sides(1, 30), start_factor=START_FACTORS)
def test_linear_warmup_lr_matches_torch(base_lr, warmup, start_factor):
    """linear_warmup_lr equals torch's LinearLR(start_factor, end_factor=1,
    total_iters=warmup_steps) for steps 0 to 2 * warmup_steps + 3."""
    expected = torch_lrs(
        base_lr,
        lambda opt: torch.optim.lr_scheduler.LinearLR(
            opt, start_factor=start_factor, end_factor=1.0, total_iters=warmup
        ),
        2 * warmup + 3,
    )
    assert_schedule(
        "linear_warmup_lr",
        lambda s: REF.linear_warmup_lr(s, base_lr, warmup, start_factor),
        expected,
        base_lr,
    )


@SETTINGS
@given(
    base_lr=BASE_LRS,
    warmup=sides(1, 20),
    cosine_steps=sides(1, 30),
    start_factor=START_FACTORS,
    eta_fraction=st.one_of(st.just(0.0), floats(0, 1)),
)
def test_warmup_cosine_lr_matches_torch_sequential_lr(
    base_lr, warmup, cosine_steps, start_factor, eta_fraction
):
    """warmup_cosine_lr equals torch's SequentialLR([LinearLR, CosineAnnealingLR(T_max=
    total - warmup, eta_min)], milestones=[warmup]) for steps 0 to total + T_max + 3."""
    total = warmup + cosine_steps
    eta_min = eta_fraction * base_lr

    def make(opt):
        lr_scheduler = torch.optim.lr_scheduler
        return lr_scheduler.SequentialLR(
            opt,
            [
                lr_scheduler.LinearLR(
                    opt, start_factor=start_factor, end_factor=1.0, total_iters=warmup
                ),
                lr_scheduler.CosineAnnealingLR(opt, T_max=cosine_steps, eta_min=eta_min),
            ],
            milestones=[warmup],
        )

    expected = torch_lrs(base_lr, make, total + cosine_steps + 3)
    assert_schedule(
        "warmup_cosine_lr",
        lambda s: REF.warmup_cosine_lr(s, base_lr, warmup, total, start_factor, eta_min),
        expected,
        base_lr,
    )


# --------------------------------------------------------------------------------------------
# Initializers: gains and fans
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("nonlinearity", ["linear", "sigmoid", "tanh", "relu", "leaky_relu"])
def test_calculate_gain_matches_torch_default_param(nonlinearity):
    """calculate_gain equals torch.nn.init.calculate_gain for every supported nonlinearity,
    without a param (leaky_relu's default slope 0.01)."""
    gain = REF.calculate_gain(nonlinearity)
    assert isinstance(gain, float), f"calculate_gain is a {type(gain).__name__}"
    expected = torch.nn.init.calculate_gain(nonlinearity)
    assert_close(gain, expected, f"calculate_gain({nonlinearity!r})", GAIN_RTOL, 0.0)


@SETTINGS
@given(slope=st.one_of(floats(-10.0, 10.0), st.integers(-5, 5), st.sampled_from([0.0, 0.2])))
def test_calculate_gain_leaky_relu_with_param_matches_torch(slope):
    """calculate_gain("leaky_relu", slope) equals torch's for float and int slopes."""
    expected = torch.nn.init.calculate_gain("leaky_relu", slope)
    got = REF.calculate_gain("leaky_relu", slope)
    assert_close(got, expected, f"calculate_gain('leaky_relu', {slope})", GAIN_RTOL, 0.0)


@pytest.mark.parametrize("nonlinearity", ["softplus", "gelu", "Relu"])
def test_calculate_gain_rejects_what_torch_rejects(nonlinearity):
    """calculate_gain raises ValueError for a nonlinearity torch also rejects."""
    with pytest.raises(ValueError):
        torch.nn.init.calculate_gain(nonlinearity)
    with pytest.raises(ValueError):
        REF.calculate_gain(nonlinearity)


@SETTINGS
@given(shape=shapes(2, 5, 1, 6))
def test_compute_fans_matches_torch(shape):
    """compute_fans equals torch's _calculate_fan_in_and_fan_out: for (F, C, k...) shapes as
    they are, for an affine (D_in, D_out) shape as torch's (D_out, D_in) Linear weight."""
    torch_shape = shape[::-1] if len(shape) == 2 else shape
    expected = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(torch_shape))
    fans = REF.compute_fans(shape)
    assert isinstance(fans, tuple) and len(fans) == 2, f"compute_fans returned {fans!r}"
    assert all(type(f) is int for f in fans), f"fans {fans!r} are not ints"
    assert fans == tuple(expected), f"compute_fans({shape}) = {fans}, torch's {expected}"


@pytest.mark.parametrize("shape", [(), (5,)])
def test_compute_fans_rejects_fewer_than_two_axes_like_torch(shape):
    """compute_fans raises ValueError for fewer than 2 axes, as torch does."""
    with pytest.raises(ValueError):
        torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    with pytest.raises(ValueError):
        REF.compute_fans(shape)


# --------------------------------------------------------------------------------------------
# Initializers: the draws
# --------------------------------------------------------------------------------------------

#: An affine (D_in, D_out) shape (fan_in 500, fan_out 400) and a filter (F, C, HH, WW) shape
#: (fan_in 1600, fan_out 3200): each about 2e5 entries, and fan_in != fan_out so a swapped
#: mode, or an affine shape read the torch way round, changes the variance by 25% or more.
INIT_SHAPES = [(500, 400), (128, 64, 5, 5)]
#: Kaiming's nonlinearity (torch's argument) and leaky slope a; the reference takes the gain.
KAIMING_NONLINEARITIES = [("relu", 0.0), ("linear", 0.0), ("leaky_relu", 0.2)]
XAVIER_GAINS = [1.0, 5.0 / 3.0]

#: Statistics of n ~ 2e5 draws. A sample variance's relative standard deviation is
#: sqrt(2 / n) ~ 0.0032 for a normal and sqrt(0.8 / n) ~ 0.0020 for a uniform; a sample
#: kurtosis's standard deviation is sqrt(24 / n) ~ 0.011 for a normal (3) and ~ 1.07 / sqrt(n)
#: ~ 0.0024 for a uniform (1.8). With fixed seeds nothing can flake; and each bound below
#: would fail for a random seed with a chance of about 2e-9 (6 sigma) or less:
#: - the variance within VAR_RTOL = 2% of the formula (over 6 sigma for a normal, 10 for a
#:   uniform), and ours within TORCH_VAR_RTOL = 3% of torch's (the difference of two
#:   samples: over 6.7 sigma); a wrong fan or gain is off by 4% (leaky_relu's 1 + 0.2**2) to
#:   several times;
MEAN_SIGMAS = 6.0  # the mean within 6 standard errors, sqrt(var / n), of 0
VAR_RTOL = 0.02
TORCH_VAR_RTOL = 0.03
#: - the kurtosis within 0.1 of 3 (normal) or 1.8 (uniform): 9 sigma for a normal, 40 for a
#:   uniform, and the two are 1.2 apart;
KURTOSIS_ATOL = 0.1
#: - every uniform draw within [-bound, bound] (bound as the test computes it, up to
#:   round-off), and the largest |w| above bound * (1 - 1e-4): all n draws miss the top
#:   1e-4 of the range with probability (1 - 1e-4)**n ~ e**-20.
BOUND_RTOL = 1e-12
TOP_FRACTION = 1e-4
#: Seeds of the draws: ours (np.random.default_rng) and torch's (torch.manual_seed).
OUR_SEED, TORCH_SEED = 2024, 1234


def fans_of(shape: tuple[int, ...]) -> tuple[int, int]:
    """(fan_in, fan_out) of an affine (D_in, D_out) or filter (F, C, k...) shape, written
    here independently of the reference."""
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive


def torch_draw(init_: Callable, shape: tuple[int, ...], **kwargs) -> np.ndarray:
    """torch's in-place initializer applied to a float64 tensor of ``shape`` (transposed for
    an affine shape, as torch stores a Linear weight), drawn after torch.manual_seed(TORCH_SEED)
    (within fork_rng, so torch's global generator is left as it was)."""
    torch_shape = shape[::-1] if len(shape) == 2 else shape
    tensor = torch.empty(torch_shape, dtype=torch.float64)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(TORCH_SEED)
        init_(tensor, **kwargs)
    return tensor.numpy()


def kurtosis(x: np.ndarray) -> float:
    centered = x - x.mean()
    return float(np.mean(centered**4) / np.mean(centered**2) ** 2)


@dataclass(frozen=True)
class InitCase:
    """One initializer call: ours (the reference function and its keyword arguments), torch's
    (the in-place function and its keyword arguments), and the distribution both should draw
    from: "normal" with standard deviation ``scale`` or "uniform" on [-scale, scale]."""

    name: str
    shape: tuple[int, ...]
    ours: dict
    torch_init: Callable
    theirs: dict
    distribution: str
    scale: float
    label: str

    def __str__(self) -> str:
        return self.label

    @property
    def variance(self) -> float:
        return self.scale**2 if self.distribution == "normal" else self.scale**2 / 3

    def draw(self, seed: int | None = OUR_SEED) -> np.ndarray:
        return getattr(REF, self.name)(self.shape, **self.ours, seed=seed)


def init_cases() -> list[InitCase]:
    """Every initializer on every INIT_SHAPES shape: Xavier with each of XAVIER_GAINS, Kaiming
    with each of KAIMING_NONLINEARITIES and both modes. The std and bound are the documented
    formulas, written here again."""
    init = torch.nn.init
    cases = []
    for shape in INIT_SHAPES:
        fan_in, fan_out = fans_of(shape)
        dims = "x".join(map(str, shape))
        cases.append(
            InitCase(
                "lecun_normal",
                shape,
                {},
                init.kaiming_normal_,
                {"mode": "fan_in", "nonlinearity": "linear"},
                "normal",
                1 / math.sqrt(fan_in),
                f"lecun_normal-{dims}",
            )
        )
        for gain in XAVIER_GAINS:
            std = gain * math.sqrt(2 / (fan_in + fan_out))
            kwargs = {"gain": gain}
            for name, init_, family, scale in [
                ("xavier_normal", init.xavier_normal_, "normal", std),
                ("xavier_uniform", init.xavier_uniform_, "uniform", math.sqrt(3) * std),
            ]:
                label = f"{name}-{dims}-gain{gain:.3g}"
                cases.append(InitCase(name, shape, kwargs, init_, kwargs, family, scale, label))
        for nonlinearity, a in KAIMING_NONLINEARITIES:
            gain = init.calculate_gain(nonlinearity, a)
            for mode, fan in [("fan_in", fan_in), ("fan_out", fan_out)]:
                ours = {"gain": gain, "mode": mode}
                theirs = {"a": a, "mode": mode, "nonlinearity": nonlinearity}
                std = gain / math.sqrt(fan)
                for name, init_, family, scale in [
                    ("kaiming_normal", init.kaiming_normal_, "normal", std),
                    ("kaiming_uniform", init.kaiming_uniform_, "uniform", math.sqrt(3) * std),
                ]:
                    label = f"{name}-{dims}-{nonlinearity}{a or ''}-{mode}"
                    cases.append(InitCase(name, shape, ours, init_, theirs, family, scale, label))
    return cases


INIT_CASES = init_cases()


@pytest.mark.parametrize("case", INIT_CASES, ids=str)
def test_initializer_draws_numpy_exactly_with_documented_std_or_bound(case: InitCase):
    """The initializer returns a float64 array of the shape asked, equal to
    default_rng(seed).normal(0, std) or .uniform(-bound, bound) with the documented std or
    bound; the same seed gives the same array, another seed another."""
    w = case.draw()
    assert isinstance(w, np.ndarray) and w.dtype == np.float64, f"{case}: dtype {w.dtype}"
    assert w.shape == case.shape, f"{case}: shape {w.shape}"
    rng = np.random.default_rng(OUR_SEED)
    if case.distribution == "normal":
        expected = rng.normal(0.0, case.scale, size=case.shape)
    else:
        expected = rng.uniform(-case.scale, case.scale, size=case.shape)
    # The std or bound is computed in another order here: a few ulps.
    assert_close(w, expected, f"{case}", 1e-12, 1e-15 * case.scale)
    np.testing.assert_array_equal(case.draw(), w, err_msg=f"{case}: the same seed differs")
    assert not np.array_equal(case.draw(OUR_SEED + 1), w), f"{case}: seeds give the same array"
    assert case.draw(None).shape == case.shape


@pytest.mark.parametrize("case", INIT_CASES, ids=str)
def test_initializer_statistics_match_torch_init(case: InitCase):
    """A large draw of the initializer and one of its torch.nn.init counterpart have mean 0,
    the variance of the formula and of each other, the same family (normal kurtosis 3,
    uniform 1.8) and, for a uniform, the same range [-bound, bound], within the stated
    statistical tolerances."""
    ours, theirs = case.draw().ravel(), torch_draw(case.torch_init, case.shape, **case.theirs)
    theirs = theirs.ravel()
    n, variance = ours.size, case.variance
    family_kurtosis = 3.0 if case.distribution == "normal" else 1.8
    for who, x in [("ours", ours), ("torch's", theirs)]:
        where = f"{case}, {who}"
        assert abs(x.mean()) <= MEAN_SIGMAS * math.sqrt(variance / n), f"{where}: mean"
        assert_close(x.var(), variance, f"{where}: variance vs the formula", VAR_RTOL, 0.0)
        assert abs(kurtosis(x) - family_kurtosis) <= KURTOSIS_ATOL, f"{where}: kurtosis"
        if case.distribution == "uniform":
            top = np.abs(x).max()
            assert top <= case.scale * (1 + BOUND_RTOL), f"{where}: |w| {top} > {case.scale}"
            assert top >= case.scale * (1 - TOP_FRACTION), f"{where}: max |w| {top}"
    assert_close(ours.var(), theirs.var(), f"{case}: variance vs torch's", TORCH_VAR_RTOL, 0.0)
