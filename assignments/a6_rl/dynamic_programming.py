"""Dynamic programming on a tabular MDP whose model is known: policy evaluation, policy
improvement, policy iteration and value iteration (Sutton and Barto, chapter 4).

The model is a transition table in the form Gymnasium's FrozenLake and CliffWalking expose
as env.unwrapped.P (environments.transition_table gives it as lists):
    P[s][a] = [(prob, next_state, reward, terminated), ...]
one tuple per outcome of taking action a in state s; the probs of P[s][a] sum to 1, and an
outcome may be listed more than once (FrozenLake lists a slip into a wall twice: add up
every entry). States are 0 .. nS - 1 and actions 0 .. nA - 1, with nS = len(P) and
nA = len(P[0]).

Arrays are float64: values V of shape (nS,), action values Q of shape (nS, nA), and a
policy of shape (nS, nA) whose row s holds the probabilities pi(a | s) (a deterministic
policy is one-hot). No function modifies its arguments: each returns new arrays.

Conventions of every function here:
- The value of a terminal state is 0. An outcome with terminated=True ends the episode:
  it contributes its reward and nothing after it, whatever V holds for its next state.
  Mask by the outcome's flag, never by the row of its next state: CliffWalking's goal
  (state 47) is entered only with terminated=True, but its own row in P is not absorbing
  (P[47][0] == [(1.0, 35, -1, False)]), so a V[47] computed from that row is not 0.
- gamma discounts the next state's value, never the reward: r + gamma * V(s').
- Greedy ties go to the lowest action index (np.argmax's rule).
"""

import numpy as np


def q_from_v(P, V, gamma):
    """The one-step lookahead: the action values that the state values V imply.

    Inputs:
    - P: Transition table, P[s][a] = [(prob, next_state, reward, terminated), ...].
    - V: State values, of shape (nS,).
    - gamma: Discount factor, a float in [0, 1].

    Returns:
    - Q: Action values, of shape (nS, nA):
          Q(s, a) = sum over (p, s', r, terminated) in P[s][a] of
                    p * (r + gamma * V(s') * (1 - terminated))

    Convention: an outcome with terminated=True bootstraps from 0, not from V(s'): the
    value of a terminal state is 0 (see the module's docstring for why V[s'] itself may
    not be 0 there).

    Hint: loop over s, a and the outcomes of P[s][a], and add (+=) each one's term: a
    table may list the same next state twice, and both entries count.
    """
    # TODO: Sum p * (r + gamma * V(s')) over the outcomes of every state-action pair,
    #   without V(s') for an outcome that terminates the episode.
    raise NotImplementedError(
        "TODO in q_from_v: Sum p * (r + gamma * V(s')) over the outcomes of every "
        "state-action pair, without V(s') for an outcome that terminates the episode."
    )


def policy_evaluation(P, policy, gamma, theta=1e-10, max_sweeps=10_000):
    """Iterative policy evaluation, synchronous: the values v_pi of a policy.

    Inputs:
    - P: Transition table, P[s][a] = [(prob, next_state, reward, terminated), ...].
    - policy: Action probabilities pi(a | s), of shape (nS, nA).
    - gamma: Discount factor, a float in [0, 1].
    - theta: Stop once a sweep changes no value by theta or more.
    - max_sweeps: Stop after this many sweeps at most.

    Returns:
    - V: The values of the last sweep, of shape (nS,).

    Formula, starting from V_0 = 0 (every state), sweep k + 1 computes every state's new
    value from the previous sweep's values only:
          V_{k+1}(s) = sum over a of pi(a | s) * Q_k(s, a),   Q_k = q_from_v(P, V_k, gamma)
    and the loop stops after the first sweep whose largest change
    max over s of |V_{k+1}(s) - V_k(s)| is below theta, or after max_sweeps sweeps.

    Convention: synchronous (two arrays, Jacobi style): a value computed in a sweep is not
    used before the next sweep. Sutton and Barto's box (section 4.1) updates in place
    instead, each new value used at once by the states after it in the same sweep; both
    converge to v_pi, but after a given number of sweeps they differ, and the tests count
    sweeps (max_sweeps=1, 2, ...). With max_sweeps=1 the result is the expected reward of
    one step.

    Hint: q_from_v gives every Q_k(s, a) at once from V_k; weight each row by the policy.
    """
    # TODO: Sweep from V = 0: compute all the new values from the old ones, stop once the
    #   largest change is below theta (or after max_sweeps sweeps), and return V.
    raise NotImplementedError(
        "TODO in policy_evaluation: Sweep from V = 0: compute all the new values from "
        "the old ones, stop once the largest change is below theta (or after "
        "max_sweeps sweeps), and return V."
    )


def policy_improvement(P, V, gamma):
    """The deterministic policy greedy with respect to the values V.

    Inputs:
    - P: Transition table, P[s][a] = [(prob, next_state, reward, terminated), ...].
    - V: State values, of shape (nS,).
    - gamma: Discount factor, a float in [0, 1].

    Returns:
    - policy: A one-hot policy, of shape (nS, nA): policy[s, a] = 1 for
          a = argmax over a of Q(s, a),   Q = q_from_v(P, V, gamma)
      and 0 for every other action.

    Convention: ties go to the lowest action index, as np.argmax breaks them.
    """
    # TODO: Take the greedy action of q_from_v(P, V, gamma) in every state (ties to the
    #   lowest index) and return it as a one-hot policy.
    raise NotImplementedError(
        "TODO in policy_improvement: Take the greedy action of q_from_v(P, V, gamma) "
        "in every state (ties to the lowest index) and return it as a one-hot policy."
    )


def policy_iteration(P, gamma, theta=1e-10, max_iterations=1_000):
    """Policy iteration: evaluate, improve, until the policy no longer changes.

    Inputs:
    - P: Transition table, P[s][a] = [(prob, next_state, reward, terminated), ...].
    - gamma: Discount factor, a float in [0, 1] (below 1, or every policy must end its
      episodes: the values of one that never does are infinite).
    - theta: The tolerance passed to policy_evaluation.
    - max_iterations: Stop after this many evaluations at most.

    Returns a tuple of:
    - V: The values of the returned policy, of shape (nS,) (policy_evaluation's).
    - policy: A one-hot policy, of shape (nS, nA), greedy with respect to V.

    Formula, starting from the uniform random policy pi_0(a | s) = 1 / nA:
          V = policy_evaluation(P, pi_i, gamma, theta)
          pi_{i+1} = policy_improvement(P, V, gamma)
      until pi_{i+1} equals pi_i (then return V and pi_i), or max_iterations evaluations.

    Hint: build it from your policy_evaluation and policy_improvement; np.array_equal
    compares two policies.
    """
    # TODO: Start from the uniform random policy and alternate evaluation and improvement
    #   until the improved policy equals the current one.
    raise NotImplementedError(
        "TODO in policy_iteration: Start from the uniform random policy and alternate "
        "evaluation and improvement until the improved policy equals the current one."
    )


def value_iteration(P, gamma, theta=1e-10, max_sweeps=10_000):
    """Value iteration: the optimal values v_* and a greedy (optimal) policy.

    Inputs:
    - P: Transition table, P[s][a] = [(prob, next_state, reward, terminated), ...].
    - gamma: Discount factor, a float in [0, 1].
    - theta: Stop once a sweep changes no value by theta or more.
    - max_sweeps: Stop after this many sweeps at most.

    Returns a tuple of:
    - V: The values of the last sweep, of shape (nS,).
    - policy: policy_improvement(P, V, gamma): one-hot, of shape (nS, nA).

    Formula, starting from V_0 = 0 and synchronous like policy_evaluation:
          V_{k+1}(s) = max over a of Q_k(s, a),   Q_k = q_from_v(P, V_k, gamma)
    stopping after the first sweep whose largest change is below theta, or after
    max_sweeps sweeps.

    Example: on FrozenLake 4x4 (slippery, gamma 0.99) V[0] is 0.542026; not slippery
    with gamma 0.9, V[0] = 0.9**5, the discounted reward of the 6-step shortest path; on
    CliffWalking with gamma 1, V[36] = -13.
    """
    # TODO: Sweep V_{k+1}(s) = max over a of Q_k(s, a) from V = 0 until the largest change
    #   is below theta, then return V and the greedy policy.
    raise NotImplementedError(
        "TODO in value_iteration: Sweep V_{k+1}(s) = max over a of Q_k(s, a) from V = "
        "0 until the largest change is below theta, then return V and the greedy "
        "policy."
    )
