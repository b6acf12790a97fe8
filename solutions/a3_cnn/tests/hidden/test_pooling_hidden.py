"""Hidden tests of max and average pooling against the reference: overlapping windows,
rectangular windows, and sizes the stride does not divide."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_matches_reference, graded
from autograder.testing import strategies as st
from autograder.testing.strategies import convolution

INPUTS = convolution.pool_inputs(max_batch=3, max_channels=3, max_size=9, max_pool=4)


def after_relu(inputs):
    """The inputs with x through a ReLU, as a conv net pools it: every window of negative
    entries becomes a window of tied zeros."""
    x, *sizes = inputs
    return (np.maximum(x, 0.0), *sizes)


#: Distinct entries, or entries after a ReLU (ties: the gradient goes to the first maximum
#: in row-major order, as the docstring and torch say).
MAX_INPUTS = hs.one_of(INPUTS, INPUTS.map(after_relu))


def check_pooling(student, reference, kind, inputs, data):
    """``kind``'s forward pass against the reference's, then its backward pass, each on the
    cache of its own forward pass."""
    (_, cache), (want, want_cache) = assert_matches_reference(
        student, reference, f"{kind}_forward", *inputs, returns=("out", None)
    )
    dout = data.draw(st.arrays(want.shape), label="dout")
    dx = getattr(student, f"{kind}_backward")(dout, cache)
    want_dx = getattr(reference, f"{kind}_backward")(dout, want_cache)
    assert_close(dx, want_dx, f"{kind}_backward: dx")


@graded(
    part="pooling",
    points=5,
    visibility="after_due_date",
    message="max pooling: the max of each window forward; backward, each dout entry to its "
    "window's max only (where entries tie, as after a ReLU, to the first in row-major order), "
    "adding up where windows overlap.",
)
@given(inputs=MAX_INPUTS, data=hs.data())
def test_max_pool_matches_reference(student, reference, inputs, data):
    check_pooling(student, reference, "max_pool", inputs, data)


@graded(
    part="pooling",
    points=5,
    visibility="after_due_date",
    message="average pooling: the mean of each window forward; backward, each dout entry "
    "shared equally by its window, adding up where windows overlap.",
)
@given(inputs=INPUTS, data=hs.data())
def test_avg_pool_matches_reference(student, reference, inputs, data):
    check_pooling(student, reference, "avg_pool", inputs, data)
