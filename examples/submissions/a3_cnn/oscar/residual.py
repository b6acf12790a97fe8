"""A residual block: two convolutions and a skip connection (He et al., 2016).

The block learns a correction F(x) to its input instead of a whole new representation:

    h   = relu(conv(x, w1, b1))
    out = relu(x + conv(h, w2, b2))

Both convolutions have stride 1 and "same" padding, pad = (K - 1) // 2 for odd K x K
filters, so conv(h, w2, b2) has the shape of x and the sum is defined. Gradients flow back
through the skip unchanged: that is why networks of a hundred such blocks still train.
"""

from .fast_conv import conv_backward_fast, conv_forward_fast
from .layers import relu_backward, relu_forward


def residual_block_forward(x, w1, b1, w2, b2):
    """Forward pass of a residual block.

    Inputs:
    - x: Input, of shape (N, C, H, W).
    - w1: Filters of the first convolution, of shape (F, C, K, K), K odd.
    - b1: Its biases, of shape (F,).
    - w2: Filters of the second convolution, of shape (C, F, K, K): back to C channels.
    - b2: Its biases, of shape (C,).

    Returns a tuple of:
    - out: Output, of shape (N, C, H, W):
          h   = relu(conv(x, w1, b1))           shape (N, F, H, W)
          out = relu(x + conv(h, w2, b2))       shape (N, C, H, W)
      where conv has stride 1 and pad (K - 1) // 2.
    - cache: Whatever residual_block_backward needs.

    Convention: the second ReLU comes after the sum, as in the original ResNet's basic block
    (without its batch normalization).

    Hint: your conv_forward_fast (or conv_forward_naive) and the given relu_forward, one
    after the other; keep each one's cache.
    """
    # TODO: Compute h = relu(conv(x, w1, b1)) and out = relu(x + conv(h, w2, b2)) with
    #   stride 1 and pad (K - 1) // 2, keeping every layer's cache.
    p = w1.shape[2] // 2
    a, c1 = conv_forward_fast(x, w1, b1, 1, p)
    h, r1 = relu_forward(a)
    c, c2 = conv_forward_fast(h, w2, b2, 1, p)
    out, r2 = relu_forward(c + x)
    return out, (c1, r1, c2, r2)


def residual_block_backward(dout, cache):
    """Backward pass of a residual block.

    Inputs:
    - dout: Upstream gradient, of shape (N, C, H, W).
    - cache: The cache returned by residual_block_forward.

    Returns a tuple of (dx, dw1, db1, dw2, db2), each of the shape of its input.

    Formula: with s = x + conv(h, w2, b2) and ds = dout where s > 0, else 0, x receives ds
    twice: through the skip directly, and back through both convolutions and the first ReLU:
          dx = ds + (gradient of ds through conv2, relu and conv1, with respect to x)

    Hint: the layers' backward passes in reverse order; do not forget the skip's term.
    """
    # TODO: Backpropagate through the last ReLU, the second convolution, the first ReLU
    #   and the first convolution, and add the skip connection's gradient to dx.
    c1, r1, c2, r2 = cache
    ds = relu_backward(dout, r2)
    dh, dw2, db2 = conv_backward_fast(ds, c2)
    dx, dw1, db1 = conv_backward_fast(relu_backward(dh, r1), c1)
    dx += ds  # skip
    return dx, dw1, db1, dw2, db2
