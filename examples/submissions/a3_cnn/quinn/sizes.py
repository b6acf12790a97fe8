"""Counting for convolutional layers: output sizes, parameters and multiplications.

These are the formulas of the course notes. A convolutional layer with F filters of size
HH x WW over C input channels, stride S and zero padding P turns an input of C x H x W
into an output of F x H' x W'. Work them out by hand for the notes' example before you
write them: a 97x97x3 input with fifteen 9x9 filters, stride 2 and no padding gives a
45x45x15 output, and the layer has 3660 parameters.
"""


def conv_output_size(size, kernel_size, stride=1, pad=0):
    """The output length, along one axis, of a convolution or a pooling window.

    Inputs:
    - size: The input length along the axis (H or W), an int >= 1.
    - kernel_size: The filter (or pooling window) length along that axis, an int >= 1.
    - stride: The step between two windows, an int >= 1.
    - pad: The zeros added at each end of the axis, an int >= 0.

    Returns an int:
        out = (size - kernel_size + 2 * pad) // stride + 1

    Raises ValueError when the window does not fit in the padded input
    (kernel_size > size + 2 * pad).

    Convention: when (size - kernel_size + 2 * pad) is not divisible by stride, the last
    windows that would stick out of the input are dropped (floor division), as torch's
    F.conv2d does: with size 7, kernel 3, stride 3 and no padding the windows start at 0 and
    3, so out = 2 (the input's last column is never used).

    Hint: the windows start at 0, stride, 2 * stride, ... and the last one must end inside
    the padded input.
    """
    # TODO: Raise ValueError if the window does not fit, else return
    #   (size - kernel_size + 2 * pad) // stride + 1.
    if kernel_size > size + 2 * pad:
        raise ValueError("window does not fit")
    steps, _ = divmod(size + 2 * pad - kernel_size, stride)
    return steps + 1


def conv_param_count(in_channels, num_filters, kernel_height, kernel_width):
    """The number of learnable parameters of a convolutional layer.

    Inputs:
    - in_channels: C, the number of input channels.
    - num_filters: F, the number of filters (output channels).
    - kernel_height, kernel_width: HH and WW, the size of each filter.

    Returns an int:
        params = F * (C * HH * WW + 1)

    Convention: each filter has C * HH * WW weights (it spans every input channel) and one
    bias. The notes' example: 15 * (3 * 9 * 9 + 1) = 3660.

    Hint: the count does not depend on the input's height and width: that is weight sharing.
    """
    # TODO: Return F * (C * HH * WW + 1).
    return num_filters * in_channels * kernel_height * kernel_width + num_filters


def conv_mult_count(input_shape, num_filters, kernel_height, kernel_width, stride=1, pad=0):
    """The number of multiplications a convolutional layer makes for one input image.

    Inputs:
    - input_shape: (C, H, W), the shape of one input image.
    - num_filters: F, the number of filters.
    - kernel_height, kernel_width: HH and WW.
    - stride, pad: As in conv_output_size, the same along both axes.

    Returns an int:
        H' = conv_output_size(H, HH, stride, pad)
        W' = conv_output_size(W, WW, stride, pad)
        mults = F * H' * W' * (C * HH * WW)

    Convention: each of the F * H' * W' outputs is a dot product of C * HH * WW weights
    with as many inputs (the bias is an addition, not a multiplication). The notes'
    example: 15 * 45 * 45 * (3 * 9 * 9) = 7,381,125.

    Hint: use your conv_output_size.
    """
    # TODO: Compute H' and W' with conv_output_size and return F * H' * W' * C * HH * WW.
    C, H, W = input_shape
    Hp = conv_output_size(H, kernel_height, stride, pad)
    Wp = conv_output_size(W, kernel_width, stride, pad)
    return num_filters * Hp * Wp * C * kernel_height * kernel_width
