"""Hidden tests of temporal-difference control against the reference.

The updates are driven as CS188's grader drives them, with drawn lists of 1 to 8
transitions (episodes that end and start again, pairs revisited, Q-tables often tied for
the maximum): each update gets the Q-table your previous one returned, and the whole table
is compared with the reference's after every update; no update may modify the table it is
given. The training tests run CliffWalking with another seed, and pass if your loop
learns the path the reference learns, or the one the reference's loop learns with your own
update: its mistakes are charged in its own tests only.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_composition, graded, modified_in_place
from autograder.testing import strategies as st
from autograder.testing.strategies import mdp

#: The transition fields of each update, in the order of its parameters after Q.
FIELDS = {
    "sarsa_update": ("state", "action", "reward", "next_state", "next_action", "terminated"),
    "q_learning_update": ("state", "action", "reward", "next_state", "terminated"),
    "expected_sarsa_update": ("state", "action", "reward", "next_state", "terminated"),
}

#: The update each training loop is made of.
UPDATES = {"train_sarsa": "sarsa_update", "train_q_learning": "q_learning_update"}
#: The CliffWalking runs: episodes, step size, exploration, discount, seed.
EPISODES, ALPHA, EPSILON, GAMMA, SEED = 1000, 0.1, 0.1, 1.0, 1
#: The start, the goal, and the row above the cliff.
START, GOAL, EDGE_ROW = 36, 47, range(24, 36)
#: The optimal path: up from the start, right along the cliff's edge, down into the goal.
CLIFF_EDGE = [START, *EDGE_ROW, GOAL]
#: A safe path has at most this many states on the row above the cliff (the cliff edge has
#: 10, its first and last excepted), and the last 200 episodes' average reward is above
#: SAFE_REWARDS. Measured over 1,100 runs of the reference's settings (550 seeds, each with
#: two orders of drawing the random numbers): SARSA's greedy path never fell and had at most
#: 4 such states (none in 92% of the runs), its late average was -28.5 at worst (-22
#: typically); Q-learning's, which falls from the cliff now and then, is about -50, and its
#: greedy path was the cliff edge in every run.
MOST_NEAR, SAFE_REWARDS = 4, -35.0


@hs.composite
def update_inputs(draw):
    """(Q, transitions, settings): a drawn Q-table of 1 to 4 states and 1 to 3 actions,
    transitions over it, and alpha, gamma and epsilon."""
    size = (draw(st.sides(1, 4), label="nS"), draw(st.sides(1, 3), label="nA"))
    Q = draw(mdp.q_tables(*size), label="Q")
    transitions = draw(mdp.transitions(*size), label="transitions")
    settings = {
        "alpha": draw(hs.sampled_from((0.1, 0.5, 1.0)), label="alpha"),
        "gamma": draw(mdp.discounts(1.0), label="gamma"),
        "epsilon": draw(hs.sampled_from((0.0, 0.1, 0.5, 1.0)), label="epsilon"),
    }
    return Q, transitions, settings


def check_updates(student, reference, function, inputs):
    """Feed the drawn transitions to ``function`` one by one, each to the Q-table the
    student's previous update returned, and compare the whole table with the reference's
    after each."""
    Q, transitions, settings = inputs
    if function != "expected_sarsa_update":
        settings = {k: v for k, v in settings.items() if k != "epsilon"}
    want = Q
    count = len(transitions["state"])
    for i in range(count):
        row = [transitions[name][i].item() for name in FIELDS[function]]
        Q, changed = modified_in_place(getattr(student, function), Q, *row, **settings)
        assert not changed, (
            f"{function} modified Q in place: return an updated copy (new_Q = Q.copy())"
        )
        want = getattr(reference, function)(want, *row, **settings)
        shown = ", ".join(
            f"{name}={value}" for name, value in zip(FIELDS[function], row, strict=True)
        )
        assert_close(Q, want, f"{function}: new_Q after update {i + 1} of {count} ({shown})")


@graded(
    part="sarsa",
    points=4,
    visibility="after_due_date",
    message="sarsa_update, driven with drawn transitions: the target R + gamma * Q(S', A') "
    "(the next action taken, not the best), R alone when terminated, gamma on Q only; Q "
    "left as it was.",
)
@given(inputs=update_inputs())
def test_sarsa_update_matches_reference(student, reference, inputs):
    check_updates(student, reference, "sarsa_update", inputs)


@graded(
    part="q_learning",
    points=4,
    visibility="after_due_date",
    message="q_learning_update, driven with drawn transitions: the target R + gamma * max "
    "over a of Q(S', a), R alone when terminated, gamma on Q only; Q left as it was.",
)
@given(inputs=update_inputs())
def test_q_learning_update_matches_reference(student, reference, inputs):
    check_updates(student, reference, "q_learning_update", inputs)


@graded(
    part="expected_sarsa",
    points=4,
    visibility="after_due_date",
    message="expected_sarsa_update, driven with drawn transitions and epsilons (0 and 1 "
    "included): the target R + gamma * sum over a of pi(a | S') Q(S', a) with the "
    "epsilon-greedy probabilities, R alone when terminated; Q left as it was.",
)
@given(inputs=update_inputs())
def test_expected_sarsa_update_matches_reference(student, reference, inputs):
    check_updates(student, reference, "expected_sarsa_update", inputs)


def describe(path, episode_rewards):
    """What a greedy path on CliffWalking, and the rewards of the episodes that taught it,
    show: "the cliff edge" (the optimal path), "a safe path" (it never falls from the cliff,
    at most MOST_NEAR of its states are on the row above the cliff, and the last 200
    episodes earned more than SAFE_REWARDS on average), or what else."""
    if path == CLIFF_EDGE:
        return "the cliff edge"
    if START in path[1:]:
        return "a path that falls from the cliff (back to the start)"
    if len(set(path) & set(EDGE_ROW[1:-1])) > MOST_NEAR:
        return f"a path with more than {MOST_NEAR} states on the row above the cliff"
    if np.mean(episode_rewards[-200:]) <= SAFE_REWARDS:
        return f"a path away from the cliff, but late episodes averaged {SAFE_REWARDS} or less"
    return "a safe path"


def learned_kind(package, function):
    """What the Q-table that ``package``'s ``function`` learns on CliffWalking (with SEED)
    shows (see describe), after checking the shapes of what it returns."""
    env = package.make_env("CliffWalking-v1")
    result = getattr(package, function)(
        env, EPISODES, alpha=ALPHA, gamma=GAMMA, epsilon=EPSILON, seed=SEED
    )
    if not isinstance(result, tuple | list) or len(result) != 2:
        raise AssertionError(f"{function} must return a tuple (Q, episode_rewards)")
    Q, episode_rewards = (np.asarray(value) for value in result)
    assert Q.shape == (48, 4), f"{function}: Q has shape {Q.shape}, not (48, 4)"
    assert episode_rewards.shape == (EPISODES,), (
        f"{function}: episode_rewards has shape {episode_rewards.shape}, not ({EPISODES},)"
    )
    path = package.greedy_path(package.transition_table(env), Q, START)
    return describe(path, episode_rewards)


def check_training(student, reference, function):
    """What ``function`` learns, against what the reference learns (or the reference's
    loop run with the student's update; not with their epsilon_greedy, which would need the
    grader's generator in the sandbox)."""
    kind = learned_kind(student, function)

    def check(want):
        assert kind == want, f"{function}: the greedy path is {kind}, not {want}"

    run, update = getattr(reference, function), UPDATES[function]
    assert_composition(
        check, lambda: learned_kind(reference, function), student, reference, run, (update,)
    )


@graded(
    part="td_control",
    points=3,
    visibility="after_due_date",
    message="train_q_learning on CliffWalking (1000 episodes, alpha 0.1, epsilon 0.1, gamma "
    "1, seed 1): the greedy path is the cliff edge, the optimal path. It may use 20 s of "
    "CPU time (the reference needs about 0.2 s).",
)
def test_train_q_learning_with_another_seed(student, reference):
    check_training(student, reference, "train_q_learning")


@graded(
    part="td_control",
    points=3,
    visibility="after_due_date",
    message="train_sarsa on CliffWalking (1000 episodes, alpha 0.1, epsilon 0.1, gamma 1, "
    "seed 1): the greedy path keeps away from the cliff (never falls, at most 4 states on "
    "the row above it) and the last 200 episodes earn more than -35 on average. It may use "
    "20 s of CPU time (the reference needs about 0.2 s).",
)
def test_train_sarsa_with_another_seed(student, reference):
    check_training(student, reference, "train_sarsa")
