"""Public tests of temporal-difference control (td.py).

The updates are driven as CS188's grader drives them: a stored list of transitions, fed
one after another, each to the Q-table your previous update returned, and the whole
Q-table compared after every update, so the first wrong update is the one named. Nothing
random plays a part.

The training tests run your train_q_learning and train_sarsa (with your epsilon_greedy and
updates inside, if you built them from those) on CliffWalking, as Sutton and Barto's
example 6.6 does, and follow the greedy actions of the Q-table learned from the start:
what they check holds for every correct implementation, whatever numbers it draws and in
which order.
"""

import numpy as np

from autograder.testing import assert_close, graded

#: The transition fields of each update, in the order of its parameters after Q.
FIELDS = {
    "sarsa_update": ("state", "action", "reward", "next_state", "next_action", "terminated"),
    "q_learning_update": ("state", "action", "reward", "next_state", "terminated"),
    "expected_sarsa_update": ("state", "action", "reward", "next_state", "terminated"),
}
#: The settings of each update, its last parameters.
SETTINGS = {
    "sarsa_update": ("alpha", "gamma"),
    "q_learning_update": ("alpha", "gamma"),
    "expected_sarsa_update": ("alpha", "gamma", "epsilon"),
}

#: The CliffWalking runs: episodes, step size, exploration, discount, seed.
EPISODES, ALPHA, EPSILON, GAMMA, SEED = 1000, 0.1, 0.1, 1.0, 0
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


def check_updates(student, expected, function):
    """Feed the stored transitions of ``function`` one by one, each to the Q-table the
    previous update returned, and compare the whole Q-table after each."""
    case = expected[function]
    settings = [case[name].item() for name in SETTINGS[function]]
    Q = case["Q"]
    count = len(case["state"])
    for i in range(count):
        row = [case[name][i].item() for name in FIELDS[function]]
        Q = getattr(student, function)(Q, *row, *settings)
        shown = ", ".join(
            f"{name}={value}" for name, value in zip(FIELDS[function], row, strict=True)
        )
        assert_close(
            Q, case["new_Q"][i], f"{function}: new_Q after update {i + 1} of {count} ({shown})"
        )


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


def learned(student, function, seed):
    """What the Q-table ``function`` learns on CliffWalking shows (see describe), after
    checking the shapes of what it returns; and the greedy path."""
    env = student.make_env("CliffWalking-v1")
    result = getattr(student, function)(
        env, EPISODES, alpha=ALPHA, gamma=GAMMA, epsilon=EPSILON, seed=seed
    )
    if not isinstance(result, tuple | list) or len(result) != 2:
        raise AssertionError(f"{function} must return a tuple (Q, episode_rewards)")
    Q, episode_rewards = (np.asarray(value) for value in result)
    assert Q.shape == (48, 4), f"{function}: Q has shape {Q.shape}, not (48, 4)"
    assert episode_rewards.shape == (EPISODES,), (
        f"{function}: episode_rewards has shape {episode_rewards.shape}, not ({EPISODES},)"
    )
    path = student.greedy_path(student.transition_table(env), Q, START)
    return describe(path, episode_rewards), path


@graded(
    part="sarsa",
    points=2,
    visibility="visible",
    message="sarsa_update, driven with 8 stored transitions: new_Q(S, A) = Q(S, A) + alpha "
    "* (R + gamma * Q(S', A') - Q(S, A)), with the target R alone when terminated; only "
    "Q[S, A] changes. Using max over Q(S', .) instead of Q(S', A') is Q-learning.",
)
def test_sarsa_update_transitions(student, expected):
    check_updates(student, expected, "sarsa_update")


@graded(
    part="q_learning",
    points=2,
    visibility="visible",
    message="q_learning_update, driven with 8 stored transitions: new_Q(S, A) = Q(S, A) + "
    "alpha * (R + gamma * max over a of Q(S', a) - Q(S, A)), with the target R alone when "
    "terminated; only Q[S, A] changes.",
)
def test_q_learning_update_transitions(student, expected):
    check_updates(student, expected, "q_learning_update")


@graded(
    part="expected_sarsa",
    points=2,
    visibility="visible",
    message="expected_sarsa_update, driven with 8 stored transitions (epsilon 0.2): the "
    "target is R + gamma * ((1 - epsilon) * max of Q(S', .) + epsilon * mean of Q(S', .)), "
    "the expectation under epsilon-greedy, R alone when terminated.",
)
def test_expected_sarsa_update_transitions(student, expected):
    check_updates(student, expected, "expected_sarsa_update")


@graded(
    part="td_control",
    points=3,
    visibility="visible",
    message="train_q_learning on CliffWalking (1000 episodes, alpha 0.1, epsilon 0.1, gamma "
    "1, seed 0) learns the optimal path, Sutton and Barto's example 6.6: the greedy path "
    "goes up from the start (36), right along the cliff's edge (24 to 35) and down into the "
    "goal (47). It runs your epsilon_greedy and q_learning_update if you built it from "
    "them: fix their tests first. It may use 20 s of CPU time (the reference needs about "
    "0.2 s).",
)
def test_train_q_learning_walks_the_cliff_edge(student):
    kind, path = learned(student, "train_q_learning", SEED)
    assert kind == "the cliff edge", f"train_q_learning: the greedy path is {kind}: {path}"


@graded(
    part="td_control",
    points=3,
    visibility="visible",
    message="train_sarsa on CliffWalking (1000 episodes, alpha 0.1, epsilon 0.1, gamma 1, "
    "seed 0) learns the safe path, Sutton and Barto's example 6.6: SARSA values the "
    "exploring policy it follows, which now and then falls from the cliff's edge, so its "
    "greedy path keeps away from the cliff (never falls, at most 4 states on the row above "
    "it; it may stop short of the goal, where two actions are worth about the same), and "
    "the last 200 episodes earn more than -35 on average (Q-learning's about -50). It runs "
    "your epsilon_greedy and sarsa_update if you built it from them: fix their tests first. "
    "It may use 20 s of CPU time (the reference needs about 0.2 s).",
)
def test_train_sarsa_takes_the_safe_path(student):
    kind, path = learned(student, "train_sarsa", SEED)
    assert kind == "a safe path", f"train_sarsa: the greedy path is {kind}: {path}"
