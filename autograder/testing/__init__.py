"""The test API every assignment's tests use.

A test is a pytest function that reaches student code only through the ``student``
fixture (attribute calls and the values they return), declares itself with
:func:`graded`, draws inputs with :mod:`~autograder.testing.strategies`, and checks results
with :func:`assert_matches_stored` (public tests: a stored case), :func:`assert_matches_reference`
(hidden tests: the reference on the same input), :func:`assert_close` or
:func:`assert_gradient`::

    from hypothesis import given
    from autograder.testing import assert_close, graded, strategies as st

    @graded(part="relu", points=1, visibility="visible", message="relu_forward is max(0, x).")
    @given(x=st.arrays(st.shapes()))
    def test_relu_forward(student, x):
        out, _ = student.relu_forward(x)
        assert_close(out, np.maximum(0, x), "out")

Fixtures: ``student`` (everywhere), ``expected`` (stored expected values, public tests),
``reference`` (the reference solution, hidden tests only). A random draw (an initializer)
is checked by its statistics with :func:`assert_distribution`, draws among a few outcomes
(an epsilon-greedy action) by their counts with :func:`assert_frequencies`. A test that a
function refuses bad input uses :func:`exception_raised`, which names the student's
exception the same way in-process and sandboxed; one that it leaves its arguments alone uses
:func:`modified_in_place`; one that it is vectorized, :func:`lines_executed`. A composite
test that also accepts the result made with the student's own helper (a mistake in the
helper is charged once, in the helper's test) checks with :func:`assert_one_of`, getting
the helper's result with :func:`result_or_none`; a hidden test of a composition (a network
of layers) accepts the reference built from the student's parts with
:func:`assert_composition`. Torch code (a5 on) is called the same way: tensors cross as
data, a module the test builds (``block = student.Block(...)``) stays with the student's
code, and :func:`torch_gradients` runs autograd there for an upstream gradient. A function the
test hands the student's code to call (``f`` of a gradient checker) is best written as an
:mod:`~autograder.testing.expressions` expression (``ex.total(ex.sin(ex.x) * ex.x)``):
sandboxed, it is evaluated next to the student's code instead of called back each time.
"""

from autograder.testing import expressions, strategies
from autograder.testing.checks import (
    assert_matches_reference,
    assert_matches_stored,
    assert_returns,
)
from autograder.testing.compare import assert_close, assert_close_each, assert_gradient
from autograder.testing.composition import assert_composition, assert_one_of
from autograder.testing.distributions import assert_distribution, assert_frequencies
from autograder.testing.gradcheck import numeric_gradient, numeric_gradient_array, relative_error
from autograder.testing.graded import graded
from autograder.testing.student import (
    exception_raised,
    lines_executed,
    modified_in_place,
    result_or_none,
    torch_gradients,
)

__all__ = [
    "assert_close",
    "assert_close_each",
    "assert_composition",
    "assert_distribution",
    "assert_frequencies",
    "assert_gradient",
    "assert_matches_reference",
    "assert_matches_stored",
    "assert_one_of",
    "assert_returns",
    "exception_raised",
    "expressions",
    "graded",
    "lines_executed",
    "modified_in_place",
    "numeric_gradient",
    "numeric_gradient_array",
    "relative_error",
    "result_or_none",
    "strategies",
    "torch_gradients",
]
