"""Assignment 5: attention and Transformers, in NumPy and then in PyTorch.

You will write scaled dot-product attention and multi-head attention in NumPy, forward and
backward, with the softmax they are built on, causal and padding masks and sinusoidal
positional encodings; beam search; then multi-head attention and a Transformer encoder
block as PyTorch modules, equal to torch's own with the same weights; and you will see a
small Transformer made of your blocks learn to reverse strings of digits.

Shapes are batch first: N sequences, L queries, S keys, E = num_heads * d_head features.
The NumPy layers follow assignment 1's pattern (out, cache = X_forward(...);
grads = X_backward(dout, cache)) on float64 arrays. Masks are boolean, True meaning "may
attend" everywhere in this assignment, as in torch.nn.functional.scaled_dot_product_attention
and the opposite of torch.nn.MultiheadAttention's masks.

Modules, in the order to write them:
    softmax.py      softmax_forward/backward
    attention.py    scaled_dot_product_attention_forward/backward, causal_mask, padding_mask
    multihead.py    multi_head_attention_forward/backward
    positional.py   sinusoidal_positional_encoding
    beam.py         beam_search
    transformer.py  MultiHeadAttention, TransformerEncoderBlock (PyTorch)
Given (nothing to write): reversal.py (make_reversal, ReversalTransformer, train_reversal,
token_accuracy, attention_weights).
"""

from .attention import (
    causal_mask,
    padding_mask,
    scaled_dot_product_attention_backward,
    scaled_dot_product_attention_forward,
)
from .beam import beam_search
from .multihead import multi_head_attention_backward, multi_head_attention_forward
from .positional import sinusoidal_positional_encoding
from .reversal import (
    ReversalTransformer,
    attention_weights,
    make_reversal,
    token_accuracy,
    train_reversal,
)
from .softmax import softmax_backward, softmax_forward
from .transformer import MultiHeadAttention, TransformerEncoderBlock

__all__ = [
    "MultiHeadAttention",
    "ReversalTransformer",
    "TransformerEncoderBlock",
    "attention_weights",
    "beam_search",
    "causal_mask",
    "make_reversal",
    "multi_head_attention_backward",
    "multi_head_attention_forward",
    "padding_mask",
    "scaled_dot_product_attention_backward",
    "scaled_dot_product_attention_forward",
    "sinusoidal_positional_encoding",
    "softmax_backward",
    "softmax_forward",
    "token_accuracy",
    "train_reversal",
]
