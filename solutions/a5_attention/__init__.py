"""Assignment 5: attention and Transformers, in NumPy and then in PyTorch.

To be written.
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
