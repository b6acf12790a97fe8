"""Public tests of ReplayBuffer (replay.py): what it holds, what a batch looks like, and how
batches are drawn.

Every transition the tests add is recognisable from each of its fields (see transition), so
a test can tell which stored transitions a batch holds, whatever random numbers the buffer
drew: a grade never depends on which batches your generator happens to give, only on
properties every correct buffer has."""

import itertools

import numpy as np

from autograder.testing import assert_frequencies, graded

#: The fields of a batch, in the order sample returns them, with their dtypes.
FIELDS = ("states", "actions", "rewards", "next_states", "terminated")
DTYPES = (np.float64, np.int64, np.float64, np.float64, np.bool_)


def transition(i, obs_shape=(2,)):
    """Transition number i: state full of i, action i % 3, reward i, next_state full of
    i + 1, terminated when i % 4 == 3."""
    return np.full(obs_shape, float(i)), i % 3, float(i), np.full(obs_shape, i + 1.0), i % 4 == 3


def filled(student, capacity, count, seed=0):
    """A buffer of the given capacity that was given transitions 0, 1, ..., count - 1."""
    buffer = student.ReplayBuffer(capacity, seed=seed)
    for i in range(count):
        buffer.add(*transition(i))
    return buffer


def numbers(batch):
    """The numbers of the transitions in a batch (its rewards), after checking that it has
    five fields and that every row is one whole transition that was added."""
    assert isinstance(batch, tuple | list) and len(batch) == 5, (
        "sample must return a tuple of five arrays: states, actions, rewards, next_states, "
        "terminated"
    )
    states, actions, rewards, next_states, terminated = (np.asarray(f) for f in batch)
    ids = rewards.astype(int)
    assert np.array_equal(rewards, ids), "a sampled reward is not one of the rewards added"
    rows = ids.reshape((-1,) + (1,) * (states.ndim - 1))
    whole = (
        np.all(states == rows, axis=tuple(range(1, states.ndim)))
        & np.all(next_states == rows + 1, axis=tuple(range(1, states.ndim)))
        & (actions == ids % 3)
        & (terminated == (ids % 4 == 3))
    )
    assert whole.all(), (
        f"row {int(np.argmin(whole))} of the batch mixes fields of different transitions: "
        "row k of states, actions, rewards, next_states and terminated must all come from "
        "the same stored transition (index every stored array with the same indices)"
    )
    return [int(i) for i in ids]


@graded(
    part="replay",
    points=1,
    visibility="visible",
    message="size counts the transitions added, up to capacity, and sample(B) returns "
    "(states, actions, rewards, next_states, terminated) of shapes (B, *obs_shape), (B,), "
    "(B,), (B, *obs_shape), (B,) and dtypes float64, int64, float64, float64, bool, for "
    "array states and for number states (FrozenLake's, obs_shape = ()) alike.",
)
def test_replay_buffer_counts_and_shapes(student):
    buffer = student.ReplayBuffer(4, seed=0)
    assert buffer.capacity == 4, f"capacity is {buffer.capacity}, not the 4 given"
    sizes = [buffer.size]
    for i in range(6):
        buffer.add(*transition(i))
        sizes.append(buffer.size)
    assert sizes == [0, 1, 2, 3, 4, 4, 4], (
        f"size after 0, 1, ..., 6 adds to a buffer of capacity 4 was {sizes}, not "
        "[0, 1, 2, 3, 4, 4, 4]"
    )
    check_batch(buffer.sample(3), 3, (2,))
    numbered = student.ReplayBuffer(5, seed=0)
    for state in range(4):
        numbered.add(state, 1, 0.0, state + 1, False)
    check_batch(numbered.sample(2), 2, ())


def check_batch(batch, size, obs_shape):
    """The five fields of a batch have the stated shapes and dtypes."""
    assert isinstance(batch, tuple | list) and len(batch) == 5, (
        "sample must return a tuple of five arrays: states, actions, rewards, next_states, "
        "terminated"
    )
    for name, dtype, value in zip(FIELDS, DTYPES, batch, strict=True):
        shape = (size, *obs_shape) if name.endswith("states") else (size,)
        where = f"{name} of sample({size}) with states of shape {obs_shape}"
        assert np.shape(value) == shape, f"{where} has shape {np.shape(value)}, not {shape}"
        got = np.asarray(value).dtype
        assert got == dtype, f"{where} has dtype {got}, not {np.dtype(dtype)}"


@graded(
    part="replay",
    points=2,
    visibility="visible",
    message="Once the buffer is full, add overwrites the OLDEST transition: a buffer of "
    "capacity 3 given transitions 0..4 holds 2, 3 and 4, and after 5 and 6 it holds 4, 5 "
    "and 6. The usual mistake is writing every new transition into the last slot once full "
    "(the buffer keeps 0 and 1 forever); the fix is an index that wraps around to 0.",
)
def test_replay_buffer_overwrites_the_oldest(student):
    buffer = filled(student, 3, 5)
    held = held_transitions(buffer)
    assert held == [2, 3, 4], f"after transitions 0..4 the buffer holds {held}, not [2, 3, 4]"
    for i in (5, 6):
        buffer.add(*transition(i))
    held = held_transitions(buffer)
    assert held == [4, 5, 6], f"after transitions 0..6 the buffer holds {held}, not [4, 5, 6]"


def held_transitions(buffer):
    """The numbers of the transitions a full buffer of capacity 3 holds: every number in 100
    batches of 3 (so a batch with a transition twice, charged in the sampling test, does
    not hide the others here)."""
    return sorted({i for _ in range(100) for i in numbers(buffer.sample(3))})


#: The batches of 3 a buffer holding transitions 4..9 can draw, as sets: 20, equally likely.
SUBSETS = list(itertools.combinations(range(4, 10), 3))


@graded(
    part="replay",
    points=3,
    visibility="visible",
    message="sample draws uniformly WITHOUT replacement from the stored transitions only: no "
    "transition twice in a batch, never an empty slot of a buffer that is not full yet, and, "
    "over 2000 batches of 3 from a buffer holding 6 (capacity 6, transitions 0..9 added), "
    "each of the 20 sets of 3 in about a twentieth of the batches, within 6 standard "
    "deviations (a correct buffer fails that bound for fewer than one seed in a million). "
    "The usual mistakes: rng.integers or replace=True (duplicates), drawing from "
    "range(capacity) (empty slots), or one batch reused.",
)
def test_replay_buffer_samples_uniformly_without_replacement(student):
    young = filled(student, 12, 5)
    reached = set()
    for _ in range(200):
        batch = numbers(young.sample(2))
        assert set(batch) <= set(range(5)), (
            f"a buffer of capacity 12 holding transitions 0..4 sampled {batch}: only stored "
            "transitions may be drawn, never an empty slot"
        )
        reached.update(batch)
    assert reached == set(range(5)), (
        f"200 batches of 2 from 5 transitions drew only {sorted(reached)}"
    )
    buffer = filled(student, 6, 10)
    drawn = []
    for _ in range(2000):
        batch = numbers(buffer.sample(3))
        assert len(set(batch)) == 3, f"the batch {batch} holds a transition twice"
        assert set(batch) <= set(range(4, 10)), (
            f"a buffer holding transitions 4..9 sampled {batch}, which it no longer holds"
        )
        drawn.append(SUBSETS.index(tuple(sorted(batch))))
    names = ", ".join(f"{k}: {list(subset)}" for k, subset in enumerate(SUBSETS))
    assert_frequencies(
        drawn, np.full(20, 1 / 20), f"the sets of 3 transitions sampled (numbered {names})"
    )
