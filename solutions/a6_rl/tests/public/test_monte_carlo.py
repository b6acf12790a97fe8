"""Public tests of first-visit Monte Carlo (monte_carlo.py): the update from one recorded
episode against a stored case, and control on FrozenLake 4x4, not slippery.

The control test runs your own mc_control (with your epsilon_greedy and
first_visit_mc_update inside, if you built it from them) with seed 0; what it checks holds
for every correct implementation, whatever numbers it draws and in which order.
"""

import numpy as np

from autograder.testing import assert_matches_stored, graded

#: mc_control's run: episodes, gamma, the schedule (epsilon = max(0.05, 0.9995**k) in
#: episode k: above 1/2 for the first 1386 episodes, 0.14 in the last), and the shortest
#: path's number of moves. Over 1,200 runs of the reference's settings (600 seeds, each with
#: two orders of drawing the random numbers), every run found a shortest path and its last
#: 100 episodes reached the goal 74% of the time at least; with 2000 episodes and 0.999, 10
#: runs in 600 never found the goal while epsilon was large, and never learned.
EPISODES, GAMMA, SHORTEST = 4000, 0.9, 6
SCHEDULE = {"epsilon_decay": 0.9995, "min_epsilon": 0.05}


def check_control(student, env, Q, episode_rewards):
    """mc_control's result on ``env``, FrozenLake (4x4, not slippery), after EPISODES
    episodes: the shapes, a greedy path that reaches the goal by a shortest path, and late
    episodes that mostly reach it."""
    Q, episode_rewards = np.asarray(Q), np.asarray(episode_rewards)
    assert Q.shape == (16, 4), f"mc_control: Q has shape {Q.shape}, not (16, 4)"
    assert episode_rewards.shape == (EPISODES,), (
        f"mc_control: episode_rewards has shape {episode_rewards.shape}, not ({EPISODES},)"
    )
    path = student.greedy_path(student.transition_table(env), Q, 0)
    assert path[-1] == 15 and len(path) == SHORTEST + 1, (
        f"mc_control: the greedy path of the learned Q is {path}, not a {SHORTEST}-move path "
        "from 0 to the goal (15)"
    )
    late = float(np.mean(episode_rewards[-100:]))
    assert late >= 0.5, (
        f"mc_control: the last 100 episodes reached the goal {late:.0%} of the time; with "
        "epsilon decayed to 0.14 they reach it far more than half the time (an epsilon that "
        "never decays from 1 plays at random: about 2%)"
    )


@graded(
    part="monte_carlo",
    points=3,
    visibility="visible",
    message="first_visit_mc_update: the returns G_t = rewards[t] + gamma * G_{t+1} "
    "(computed backwards), then for each pair (S_t, A_t) at its first visit only: count + 1 "
    "and Q moved to the running average, Q + (G_t - Q) / count. The stored episode visits "
    "(0, 1) and (2, 0) twice: every-visit Monte Carlo updates them twice.",
)
def test_first_visit_mc_update_values(student, expected):
    args = ("Q", "counts", "states", "actions", "rewards", "gamma")
    returns = ("new_Q", "new_counts")
    assert_matches_stored(student, expected, "first_visit_mc_update", args=args, returns=returns)


@graded(
    part="monte_carlo",
    points=2,
    visibility="visible",
    message="mc_control on FrozenLake 4x4, not slippery, 4000 episodes, gamma 0.9, the "
    "default schedule (epsilon = max(0.05, 0.9995**k) in episode k), seed 0: the greedy path "
    "of the learned Q walks from 0 to the goal in 6 moves, and the last 100 episodes reach "
    "the goal at least half the time. It runs your epsilon_greedy and first_visit_mc_update "
    "if you built mc_control from them: fix their tests first. It may use 20 s of CPU time "
    "(the reference needs about 0.2 s).",
)
def test_mc_control_frozen_lake(student):
    env = student.make_env("FrozenLake-v1", is_slippery=False)
    Q, episode_rewards = student.mc_control(env, EPISODES, GAMMA, **SCHEDULE, seed=0)
    check_control(student, env, Q, episode_rewards)
