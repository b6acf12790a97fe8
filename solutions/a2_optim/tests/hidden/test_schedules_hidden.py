"""Hidden tests of the learning-rate schedules against the reference, step by step."""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, graded
from autograder.testing import strategies as st


def check_schedule(student, reference, name, steps, **arguments):
    """The student's and the reference's lr at every step 0 .. steps - 1."""
    for step in range(steps):
        got = getattr(student, name)(step, **arguments)
        want = getattr(reference, name)(step, **arguments)
        assert_close(got, want, f"{name}: lr at step {step}")


@graded(
    part="schedules",
    points=1,
    visibility="after_due_date",
    message="step_lr is base_lr * gamma ** (step // step_size). Step 0 is the first step and "
    "uses base_lr; the first decay is at step step_size.",
)
@given(base_lr=st.floats(1e-3, 1.0), step_size=hs.integers(1, 10), gamma=st.floats(0.1, 1.0))
def test_step_lr_matches_reference(student, reference, base_lr, step_size, gamma):
    check_schedule(
        student, reference, "step_lr", 40, base_lr=base_lr, step_size=step_size, gamma=gamma
    )


@graded(
    part="schedules",
    points=1,
    visibility="after_due_date",
    message="exponential_lr is base_lr * gamma ** step. Step 0 is the first step and uses base_lr.",
)
@given(base_lr=st.floats(1e-3, 1.0), gamma=st.floats(0.1, 1.0))
def test_exponential_lr_matches_reference(student, reference, base_lr, gamma):
    check_schedule(student, reference, "exponential_lr", 40, base_lr=base_lr, gamma=gamma)


@graded(
    part="schedules",
    points=2,
    visibility="after_due_date",
    message="cosine_annealing_lr is eta_min + (base_lr - eta_min) * (1 + cos(pi * step / "
    "T_max)) / 2 at every step, past T_max too (it climbs back, as torch's).",
)
@given(base_lr=st.floats(1e-3, 1.0), T_max=hs.integers(1, 30), eta_fraction=st.floats(0.0, 0.9))
def test_cosine_annealing_matches_reference(student, reference, base_lr, T_max, eta_fraction):
    check_schedule(
        student,
        reference,
        "cosine_annealing_lr",
        2 * T_max + 3,
        base_lr=base_lr,
        T_max=T_max,
        eta_min=eta_fraction * base_lr,
    )


@graded(
    part="schedules",
    points=3,
    visibility="after_due_date",
    message="linear_warmup_lr: the factor start_factor + (1 - start_factor) * min(step, "
    "warmup_steps) / warmup_steps, so start_factor at step 0 and 1 from step warmup_steps "
    "on: count the steps, the warm-up must not end one step early or late.",
)
@given(
    base_lr=st.floats(1e-3, 1.0),
    warmup_steps=hs.integers(1, 20),
    start_factor=st.floats(0.01, 1.0),
)
def test_linear_warmup_matches_reference(student, reference, base_lr, warmup_steps, start_factor):
    check_schedule(
        student,
        reference,
        "linear_warmup_lr",
        warmup_steps + 5,
        base_lr=base_lr,
        warmup_steps=warmup_steps,
        start_factor=start_factor,
    )


@graded(
    part="schedules",
    points=3,
    visibility="after_due_date",
    message="warmup_cosine_lr: linear_warmup_lr for step < warmup_steps, then "
    "cosine_annealing_lr(step - warmup_steps, base_lr, total_steps - warmup_steps, eta_min).",
)
@given(
    base_lr=st.floats(1e-3, 1.0),
    warmup_steps=hs.integers(1, 10),
    cosine_steps=hs.integers(1, 30),
    start_factor=st.floats(0.01, 1.0),
    eta_fraction=st.floats(0.0, 0.9),
)
def test_warmup_cosine_matches_reference(
    student, reference, base_lr, warmup_steps, cosine_steps, start_factor, eta_fraction
):
    check_schedule(
        student,
        reference,
        "warmup_cosine_lr",
        warmup_steps + cosine_steps + 3,
        base_lr=base_lr,
        warmup_steps=warmup_steps,
        total_steps=warmup_steps + cosine_steps,
        start_factor=start_factor,
        eta_min=eta_fraction * base_lr,
    )
