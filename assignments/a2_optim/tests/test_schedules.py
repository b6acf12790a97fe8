"""Public tests of the learning-rate schedules (schedules.py)."""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, graded
from autograder.testing import strategies as st


def check_stored_schedule(student, expected, name):
    """The schedule's lr at each stored step 0, 1, ..., with its stored arguments."""
    case = expected[name]
    steps, lrs = case.pop("step"), case.pop("lr")
    arguments = {key: value.item() for key, value in case.items()}
    for step, want in zip(steps.tolist(), lrs, strict=True):
        got = getattr(student, name)(step, **arguments)
        assert_close(got, want, f"{name}: lr at step {step}")


@graded(
    part="schedules",
    points=0.5,
    visibility="visible",
    message="step_lr at steps 0, 1, 2, ...: base_lr * gamma ** (step // step_size), so "
    "base_lr until step step_size - 1; step 0 is the first update of training.",
)
def test_step_lr_values(student, expected):
    check_stored_schedule(student, expected, "step_lr")


@graded(
    part="schedules",
    points=0.5,
    visibility="visible",
    message="exponential_lr at steps 0, 1, 2, ...: base_lr * gamma ** step; step 0 is the "
    "first update of training and uses base_lr.",
)
def test_exponential_lr_values(student, expected):
    check_stored_schedule(student, expected, "exponential_lr")


@graded(
    part="schedules",
    points=0.5,
    visibility="visible",
    message="cosine_annealing_lr at steps 0, 1, 2, ...: eta_min + (base_lr - eta_min) * "
    "(1 + cos(pi * step / T_max)) / 2, so base_lr at step 0, eta_min at step T_max, and "
    "back up along the cosine after it.",
)
def test_cosine_annealing_lr_values(student, expected):
    check_stored_schedule(student, expected, "cosine_annealing_lr")


@graded(
    part="schedules",
    points=0.5,
    visibility="visible",
    message="linear_warmup_lr at steps 0, 1, 2, ...: start_factor * base_lr at step 0, "
    "growing linearly to base_lr at step warmup_steps exactly, then base_lr.",
)
def test_linear_warmup_lr_values(student, expected):
    check_stored_schedule(student, expected, "linear_warmup_lr")


@graded(
    part="schedules",
    points=1,
    visibility="visible",
    message="warmup_cosine_lr at steps 0, 1, 2, ...: linear_warmup_lr before warmup_steps, "
    "then cosine_annealing_lr from base_lr down to eta_min over the remaining "
    "total_steps - warmup_steps steps.",
)
def test_warmup_cosine_lr_values(student, expected):
    check_stored_schedule(student, expected, "warmup_cosine_lr")


@graded(
    part="schedules",
    points=2,
    visibility="visible",
    message="linear_warmup_lr: start_factor * base_lr at step 0 (not later), base_lr exactly "
    "at step warmup_steps (not one step earlier), and base_lr from then on.",
)
@given(
    warmup_steps=hs.integers(1, 20),
    base_lr=st.floats(1e-3, 1.0),
    start_factor=st.floats(0.01, 0.9),
)
def test_linear_warmup_endpoints(student, warmup_steps, base_lr, start_factor):
    def lr(step):
        return student.linear_warmup_lr(step, base_lr, warmup_steps, start_factor)

    assert_close(lr(0), start_factor * base_lr, "linear_warmup_lr: lr at step 0")
    before_end = start_factor + (1 - start_factor) * (warmup_steps - 1) / warmup_steps
    assert_close(
        lr(warmup_steps - 1),
        base_lr * before_end,
        f"linear_warmup_lr: lr at step {warmup_steps - 1}",
    )
    for step in (warmup_steps, warmup_steps + 1, 2 * warmup_steps + 3):
        assert_close(lr(step), base_lr, f"linear_warmup_lr: lr at step {step}")


@graded(
    part="schedules",
    points=3,
    visibility="visible",
    message="warmup_cosine_lr: start_factor * base_lr at step 0, the peak base_lr at step "
    "warmup_steps, halfway between base_lr and eta_min in the middle of the cosine, and "
    "eta_min at step total_steps.",
)
@given(
    warmup_steps=hs.integers(1, 10),
    half_cosine=hs.integers(1, 10),
    base_lr=st.floats(1e-3, 1.0),
    start_factor=st.floats(0.01, 0.9),
    eta_fraction=st.floats(0.0, 0.5),
)
def test_warmup_cosine_landmarks(
    student, warmup_steps, half_cosine, base_lr, start_factor, eta_fraction
):
    total_steps, eta_min = warmup_steps + 2 * half_cosine, eta_fraction * base_lr

    def lr(step):
        return student.warmup_cosine_lr(
            step, base_lr, warmup_steps, total_steps, start_factor, eta_min
        )

    assert_close(lr(0), start_factor * base_lr, "warmup_cosine_lr: lr at step 0")
    assert_close(
        lr(warmup_steps), base_lr, f"warmup_cosine_lr: lr at step warmup_steps = {warmup_steps}"
    )
    middle = warmup_steps + half_cosine
    assert_close(lr(middle), (base_lr + eta_min) / 2, f"warmup_cosine_lr: lr at step {middle}")
    assert_close(
        lr(total_steps), eta_min, f"warmup_cosine_lr: lr at step total_steps = {total_steps}"
    )
