"""A replay buffer for DQN: the transitions an agent has seen, kept to train on later.

DQN (Mnih et al., 2015) does not learn from each transition once, as it happens: it stores
every transition in a buffer of fixed capacity and trains on minibatches drawn uniformly at
random from it. A minibatch of transitions from many episodes is far less correlated than a
run of consecutive steps, and each transition is used in many updates.

A transition is what one env.step gives, with the state it started from:
    (state, action, reward, next_state, terminated)
where terminated says that next_state ends the episode (a terminal state: its value is 0).
A time limit that cuts the episode short (Gymnasium's truncated) is not termination: store
terminated=False for it.
"""

import numpy as np


class ReplayBuffer:
    """A first-in, first-out store of at most `capacity` transitions, sampled uniformly.

    Attributes:
    - capacity: The most transitions the buffer holds, an int >= 1, as given.
    - size: The number of transitions stored now: the number added so far, but at most
      capacity. len(buffer) returns it.
    - rng: np.random.default_rng(seed), the generator every call to sample draws from.

    Convention: once the buffer is full, each add overwrites the OLDEST transition stored
    (first in, first out), so the buffer always holds the last `capacity` transitions added.
    A state is an array of any shape obs_shape (the same for every transition) or a number
    (obs_shape = ()).

    Example:
        buffer = ReplayBuffer(capacity=10_000, seed=0)
        buffer.add(state, action, reward, next_state, terminated)   # after every env.step
        states, actions, rewards, next_states, terminated = buffer.sample(32)
    """

    def __init__(self, capacity, seed=None):
        """Create an empty buffer.

        Inputs:
        - capacity: The most transitions the buffer holds, an int >= 1.
        - seed: The seed of np.random.default_rng for sampling (None: fresh randomness).
          Two buffers made with the same seed, given the same transitions and asked for the
          same batch sizes, return the same batches.

        Hint: the shape of a state is known only at the first add: create your arrays there
        (np.zeros((capacity, *np.shape(state)))), or keep a list of transitions.
        """
        self.capacity = capacity
        self.size = 0
        self.rng = np.random.default_rng(seed)
        # TODO: Set up whatever storage add and sample use (nothing stored yet).
        raise NotImplementedError(
            "TODO in ReplayBuffer.__init__: Set up whatever storage add and sample use "
            "(nothing stored yet)."
        )

    def __len__(self):
        """The number of transitions stored, self.size."""
        return self.size

    def add(self, state, action, reward, next_state, terminated):
        """Store one transition, overwriting the oldest one if the buffer is full.

        Inputs:
        - state: The state the step started from, an array of shape obs_shape or a number.
        - action: The action taken, an int.
        - reward: The reward received, a float.
        - next_state: The state the step led to, of the same shape as state.
        - terminated: A bool, True if next_state ends the episode.

        Returns nothing; self.size grows by one until it reaches self.capacity.

        Hint: keep the index where the next transition goes; after writing there, move it
        forward by one, back to 0 after capacity - 1. When the buffer is full, that index
        is the oldest transition's.
        """
        # TODO: Write the transition into the slot of the next index (allocating your
        #   arrays at the first add), advance the index around the buffer and update size.
        raise NotImplementedError(
            "TODO in ReplayBuffer.add: Write the transition into the slot of the next "
            "index (allocating your arrays at the first add), advance the index around "
            "the buffer and update size."
        )

    def sample(self, batch_size):
        """A minibatch of stored transitions, drawn uniformly without replacement.

        Inputs:
        - batch_size: B, an int with 1 <= B <= self.size.

        Returns a tuple of:
        - states: Their states, of shape (B, *obs_shape), float64.
        - actions: Their actions, of shape (B,), int64.
        - rewards: Their rewards, of shape (B,), float64.
        - next_states: Their next states, of shape (B, *obs_shape), float64.
        - terminated: Their terminated flags, of shape (B,), bool.
        Row k of all five is the same stored transition.

        Convention: every set of B different stored transitions is equally likely, and no
        transition appears twice in one batch (two batches may share transitions). The
        draws come from self.rng only, so the batches depend on the seed, the transitions
        added and the batch sizes asked for, and on nothing else.

        Raises ValueError when batch_size > self.size (a batch cannot hold more different
        transitions than the buffer has), with a message that says so.

        Hint: self.rng.choice(n, size=B, replace=False) draws B different indices in
        [0, n) uniformly; index every stored array with the same indices.
        """
        # TODO: Refuse a batch larger than the buffer, draw batch_size different indices of
        #   stored transitions with self.rng, and return the five arrays at those indices.
        raise NotImplementedError(
            "TODO in ReplayBuffer.sample: Refuse a batch larger than the buffer, draw "
            "batch_size different indices of stored transitions with self.rng, and "
            "return the five arrays at those indices."
        )
