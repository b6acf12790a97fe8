from .gradient_check import eval_numerical_gradient, eval_numerical_gradient_array, rel_error
from .layers import affine_backward, affine_forward, relu_backward, relu_forward
from .losses import softmax_loss
