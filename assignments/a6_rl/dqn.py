"""The TD targets of DQN and double DQN, for a minibatch of transitions.

DQN trains its online network Q so that Q(s, a) moves towards a target y built from the
reward and the value of the next state, as Q-learning does with a table. The target uses a
second network, the target network (a copy of the online one, updated every few thousand
steps), so that y does not move with every update. Here the networks are given as the
Q-values they output, arrays with one row per transition of the batch and one column per
action: no network is needed to compute the targets.

Shapes: B transitions in a batch (from ReplayBuffer.sample), A actions. Arrays are float64,
terminated is bool; a function never modifies its arguments.

A terminal state has value 0: the episode ends there, so no reward comes after it. A
network does not know which states are terminal, and outputs some Q-values for them anyway;
those must be ignored (masked), whatever they are. A time limit (Gymnasium's truncated) is
not termination: such a transition has terminated=False and is bootstrapped as usual.
"""

import numpy as np


def dqn_targets(rewards, next_q, terminated, gamma):
    """The DQN target of each transition: the reward plus the discounted best next value.

    Inputs:
    - rewards: The rewards r, of shape (B,).
    - next_q: The TARGET network's Q-values of the next states, of shape (B, A):
      next_q[k, a] = Q_target(next_state_k, a). Finite numbers.
    - terminated: Of shape (B,), bool: True where next_state_k is terminal.
    - gamma: The discount factor, a float in [0, 1].

    Returns:
    - targets: The targets y, of shape (B,):
          y_k = r_k + gamma * max_a next_q[k, a]     if not terminated[k]
          y_k = r_k                                  if terminated[k]

    Formula: y = r + gamma * (1 - terminated) * max_a Q_target(s', a), as in Mnih et al.
    (2015). gamma multiplies the next state's value, never the reward.

    Hint: next_q.max(axis=1) is the best next value of every row; np.where(terminated, 0.0,
    values) masks the terminal ones.
    """
    # TODO: Take the best Q-value of each next state, replace it by 0 where the next state
    #   is terminal, and add the discounted result to the rewards (in a new array).
    raise NotImplementedError(
        "TODO in dqn_targets: Take the best Q-value of each next state, replace it by "
        "0 where the next state is terminal, and add the discounted result to the "
        "rewards (in a new array)."
    )


def double_dqn_targets(rewards, next_q_online, next_q_target, terminated, gamma):
    """The double-DQN target: the online network picks the next action, the target network
    values it.

    Inputs:
    - rewards: The rewards r, of shape (B,).
    - next_q_online: The ONLINE network's Q-values of the next states, of shape (B, A).
    - next_q_target: The TARGET network's Q-values of the next states, of shape (B, A).
      Both finite numbers.
    - terminated: Of shape (B,), bool: True where next_state_k is terminal.
    - gamma: The discount factor, a float in [0, 1].

    Returns:
    - targets: The targets y, of shape (B,):
          a*_k = argmax_a next_q_online[k, a]
          y_k  = r_k + gamma * next_q_target[k, a*_k]     if not terminated[k]
          y_k  = r_k                                      if terminated[k]

    Convention: a tie in the argmax goes to the lowest action index, as np.argmax breaks it.

    Note: plain DQN takes the max of one network's estimates, and the max of noisy
    estimates is biased upwards; double DQN (van Hasselt, Guez and Silver, 2016) selects the
    action with one network and evaluates it with the other, which removes most of that
    bias. Selecting and evaluating with the same network, either one, is DQN again.

    Hint: next_q_target[np.arange(B), actions] picks one entry per row.
    """
    # TODO: Pick each row's action with the online Q-values, read its value in the target
    #   Q-values, mask the terminal rows and add the discounted values to the rewards.
    raise NotImplementedError(
        "TODO in double_dqn_targets: Pick each row's action with the online Q-values, "
        "read its value in the target Q-values, mask the terminal rows and add the "
        "discounted values to the rewards."
    )
