def batchnorm_forward(
    x, gamma, beta, running_mean, running_var, training=True, momentum=0.1, eps=1e-5
):
    return x, None, running_mean, running_var


def batchnorm_backward(dout, cache):
    return dout, dout[0] * 0, dout[0] * 0


def layernorm_forward(x, gamma, beta, eps=1e-5):
    return x, None


def layernorm_backward(dout, cache):
    return dout, dout[0] * 0, dout[0] * 0
