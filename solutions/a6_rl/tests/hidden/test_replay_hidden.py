"""Hidden tests of ReplayBuffer: what it holds after drawn sequences of transitions,
compared with the reference buffer; its seeding; its refusal of a batch larger than itself.

No test compares the student's batches with the reference's: two correct buffers may draw
different batches from the same seed (rng.choice, a permutation, ...). A whole-buffer batch
(sample(size)) is compared as a set, sorted by reward; every reward a test adds is unique."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs
from hypothesis.extra import numpy as hnp

from autograder.testing import assert_close, exception_raised, graded
from autograder.testing import strategies as st

FIELDS = ("states", "actions", "rewards", "next_states", "terminated")


@hs.composite
def transitions(draw, max_count=15):
    """A list of 1..max_count transitions: states of a drawn shape obs_shape (numbers when
    obs_shape is ()), actions in 0..3, reward i for transition i, drawn flags."""
    obs_shape = draw(st.shapes(0, 2, 1, 3), label="obs_shape")
    count = draw(hs.integers(1, max_count), label="count")
    states = draw(st.arrays((count + 1, *obs_shape)), label="states")
    actions = draw(hs.lists(hs.integers(0, 3), min_size=count, max_size=count), label="actions")
    flags = draw(hnp.arrays(np.bool_, (count,)), label="terminated")
    return [
        (as_state(states[i]), actions[i], float(i), as_state(states[i + 1]), bool(flags[i]))
        for i in range(count)
    ]


def as_state(value):
    """A state as an environment gives it: a number when obs_shape is (), else an array."""
    return float(value) if np.ndim(value) == 0 else value


def sorted_contents(buffer):
    """The five fields of sample(size), the whole buffer, rows sorted by reward (every
    reward added is unique)."""
    batch = buffer.sample(buffer.size)
    order = np.argsort(np.asarray(batch[2]))
    return [np.asarray(field)[order] for field in batch]


@graded(
    part="replay",
    points=2,
    visibility="after_due_date",
    message="After every add of a drawn sequence, size and the transitions held (a batch of "
    "the whole buffer, as a set) must be the reference buffer's: the last `capacity` transitions "
    "added, each one whole. The usual mistakes: the write index not wrapping around to the "
    "oldest slot, size growing past capacity, a state stored in the wrong row.",
)
@given(capacity=hs.integers(1, 6), steps=transitions())
def test_replay_buffer_matches_reference_contents(student, reference, capacity, steps):
    mine, theirs = student.ReplayBuffer(capacity, seed=0), reference.ReplayBuffer(capacity, seed=0)
    for k, step in enumerate(steps, start=1):
        mine.add(*step)
        theirs.add(*step)
        assert mine.size == theirs.size, f"size after {k} adds is {mine.size}"
        contents = zip(FIELDS, sorted_contents(mine), sorted_contents(theirs), strict=True)
        for name, got, want in contents:
            assert_close(got, want, f"{name} of a batch of the whole buffer after {k} adds")


@graded(
    part="replay",
    points=1,
    visibility="after_due_date",
    message="sample draws from self.rng = np.random.default_rng(seed) only: two buffers made "
    "with the same seed and given the same transitions return the same batches, another "
    "seed other batches, and one buffer's batches change from call to call. The usual "
    "mistakes: np.random.choice (the global generator), or a new generator made from the "
    "seed at every call (the same batch every time).",
)
@given(seed=st.seeds())
def test_replay_buffer_sample_is_seeded(student, seed):
    def batches(seed):
        buffer = student.ReplayBuffer(10, seed=seed)
        for i in range(8):
            buffer.add(np.full(2, float(i)), i % 3, float(i), np.full(2, i + 1.0), False)
        return [tuple(np.asarray(buffer.sample(4)[2]).tolist()) for _ in range(5)]

    first, again, other = batches(seed), batches(seed), batches(seed + 1)
    assert first == again, "two buffers with the same seed returned different batches"
    assert first != other, f"buffers with the seeds {seed} and {seed + 1} returned the same batches"
    assert len(set(first)) > 1, "five calls of sample(4) on one buffer returned the same batch"


@graded(
    part="replay",
    points=1,
    visibility="after_due_date",
    message="sample(batch_size) raises ValueError when batch_size is larger than size (a batch "
    "cannot hold more different transitions than the buffer has), and sample(size) does not.",
)
@given(capacity=hs.integers(1, 6), steps=transitions(max_count=8))
def test_replay_buffer_refuses_a_batch_larger_than_its_size(student, capacity, steps):
    buffer = student.ReplayBuffer(capacity, seed=0)
    for step in steps:
        buffer.add(*step)
    size = min(len(steps), capacity)
    raised = exception_raised(buffer.sample, size + 1)
    assert raised == "ValueError", (
        f"sample({size + 1}) on a buffer of {size} transitions "
        + (f"raised {raised}" if raised else "returned")
        + ", where it must raise ValueError"
    )
    got = np.shape(buffer.sample(size)[2])
    assert got == (size,), f"sample({size}) on a buffer of {size} returned rewards of shape {got}"
