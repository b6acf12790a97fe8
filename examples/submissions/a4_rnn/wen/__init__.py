"""Assignment 4: recurrent networks (a tanh RNN, the LSTM and the GRU), in NumPy.

You will write one time step of each recurrent layer and its backward pass, then run it over
a whole sequence and backpropagate through time; the layers around them (word embeddings,
an affine layer at every step, a masked softmax loss); a measurement of the vanishing
gradient; and you will see an LSTM learn a delayed-recall task that a plain RNN of the same
size cannot.

Shapes: N sequences in a batch, T time steps, D input features, H hidden units; a sequence
batch is (N, T, D) (batch first) and a hidden state (N, H). Weights are stored as (inputs,
outputs), the transpose of torch's: each module's docstring says how your Wx, Wh and b map to
torch's weight_ih, weight_hh, bias_ih and bias_hh, so you can check your layers against
torch yourself. Every layer follows assignment 1's pattern (out, cache = X_forward(...);
grads = X_backward(dout, cache)); arrays are NumPy float64.

Modules, in the order to write them:
    rnn.py         rnn_step_forward/backward, rnn_forward/backward
    lstm.py        lstm_step_forward/backward, lstm_forward/backward
    gru.py         gru_step_forward/backward, gru_forward/backward
    embedding.py   word_embedding_forward/backward
    temporal.py    temporal_affine_forward/backward, temporal_softmax_loss
    gradients.py   gradient_norms
Given (nothing to write): activations.py (sigmoid), recall.py (make_recall,
recall_vocabulary) and training.py (RecurrentClassifier, train_adam, accuracy).
"""

from .activations import sigmoid
from .embedding import word_embedding_backward, word_embedding_forward
from .gradients import gradient_norms
from .gru import gru_backward, gru_forward, gru_step_backward, gru_step_forward
from .lstm import lstm_backward, lstm_forward, lstm_step_backward, lstm_step_forward
from .recall import make_recall, recall_vocabulary
from .rnn import rnn_backward, rnn_forward, rnn_step_backward, rnn_step_forward
from .temporal import temporal_affine_backward, temporal_affine_forward, temporal_softmax_loss
from .training import RecurrentClassifier, accuracy, train_adam

__all__ = [
    "RecurrentClassifier",
    "accuracy",
    "gradient_norms",
    "gru_backward",
    "gru_forward",
    "gru_step_backward",
    "gru_step_forward",
    "lstm_backward",
    "lstm_forward",
    "lstm_step_backward",
    "lstm_step_forward",
    "make_recall",
    "recall_vocabulary",
    "rnn_backward",
    "rnn_forward",
    "rnn_step_backward",
    "rnn_step_forward",
    "sigmoid",
    "temporal_affine_backward",
    "temporal_affine_forward",
    "temporal_softmax_loss",
    "train_adam",
    "word_embedding_backward",
    "word_embedding_forward",
]
