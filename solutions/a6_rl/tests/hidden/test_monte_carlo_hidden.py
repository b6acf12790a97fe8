"""Hidden tests of first-visit Monte Carlo: the update against the reference on drawn
episodes (a pair always revisited, where first-visit and every-visit differ), and control
on FrozenLake 4x4, not slippery, with another seed. The control test passes if your
mc_control learns what the reference learns, or what the reference's loop learns with
your own first_visit_mc_update: its mistakes are charged in its own tests only (the loop
keeps the reference's epsilon_greedy, which takes a generator that cannot cross to your
code)."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_composition, graded, modified_in_place
from autograder.testing.strategies import mdp

#: mc_control's run: episodes, gamma, the schedule, seed, and the shortest path's number of
#: moves (see the public test: every one of 1,200 runs of the reference's settings passed).
EPISODES, GAMMA, SEED, SHORTEST = 4000, 0.9, 1, 6
SCHEDULE = {"epsilon_decay": 0.9995, "min_epsilon": 0.05}


@graded(
    part="monte_carlo",
    points=3,
    visibility="after_due_date",
    message="first_visit_mc_update on drawn episodes (a pair visited twice in each): "
    "returns computed backwards, each pair updated once, at its first visit, with the "
    "running average; pairs not visited unchanged; Q and counts left as they were.",
)
@given(
    size=hs.tuples(hs.integers(1, 3), hs.integers(1, 3)),
    gamma=mdp.discounts(1.0),
    data=hs.data(),
)
def test_first_visit_mc_update_matches_reference(student, reference, size, gamma, data):
    Q = data.draw(mdp.q_tables(*size), label="Q")
    counts = data.draw(mdp.visit_counts(*size), label="counts")
    episode = data.draw(mdp.episodes(*size), label="episode")
    args = (Q, counts, episode["states"], episode["actions"], episode["rewards"], gamma)
    got, changed = modified_in_place(student.first_visit_mc_update, *args)
    assert not changed, (
        f"first_visit_mc_update modified {', '.join(changed)} in place: work on copies"
    )
    if not isinstance(got, tuple | list) or len(got) != 2:
        raise AssertionError("first_visit_mc_update must return a tuple (new_Q, new_counts)")
    want_Q, want_counts = reference.first_visit_mc_update(*args)
    assert_close(got[0], want_Q, "first_visit_mc_update: new_Q")
    assert_close(got[1], want_counts, "first_visit_mc_update: new_counts")


def outcome(package, env, Q, episode_rewards):
    """(whether the greedy path of Q is a shortest path to the goal, whether the last 100
    episodes reached the goal at least half the time), after checking the shapes."""
    Q, episode_rewards = np.asarray(Q), np.asarray(episode_rewards)
    assert Q.shape == (16, 4), f"mc_control: Q has shape {Q.shape}, not (16, 4)"
    assert episode_rewards.shape == (EPISODES,), (
        f"mc_control: episode_rewards has shape {episode_rewards.shape}, not ({EPISODES},)"
    )
    path = package.greedy_path(package.transition_table(env), Q, 0)
    return path[-1] == 15 and len(path) == SHORTEST + 1, float(
        np.mean(episode_rewards[-100:])
    ) >= 0.5


@graded(
    part="monte_carlo",
    points=2,
    visibility="after_due_date",
    message="mc_control on FrozenLake 4x4, not slippery, 4000 episodes, gamma 0.9, the "
    "default schedule, seed 1: the greedy path is a 6-move path to the goal and the last "
    "100 episodes reach the goal at least half the time (an epsilon that never decays "
    "misses it). It may use 20 s of CPU time (the reference needs about 0.2 s).",
)
def test_mc_control_learns_with_another_seed(student, reference):
    env = student.make_env("FrozenLake-v1", is_slippery=False)
    got = outcome(student, env, *student.mc_control(env, EPISODES, GAMMA, **SCHEDULE, seed=SEED))

    def check(want):
        assert got[0] or not want[0], (
            "mc_control: the greedy path of the learned Q is not a 6-move path from 0 to the goal"
        )
        assert got[1] or not want[1], (
            "mc_control: the last 100 episodes reached the goal less than half the time"
        )

    def run_reference():
        env = reference.make_env("FrozenLake-v1", is_slippery=False)
        return outcome(
            reference, env, *reference.mc_control(env, EPISODES, GAMMA, **SCHEDULE, seed=SEED)
        )

    parts = ("first_visit_mc_update",)
    assert_composition(check, run_reference, student, reference, reference.mc_control, parts)
