"""What the otter tests of the a1 slice share: their cases, a comparison and a numeric
gradient, in NumPy alone (no course kit: these tests are otter's own, not the kit's).

``otter generate`` ships this module and the cases file as support files; ``otter run``
copies both beside the submission, where the tests import them. The tolerances are the
kit's: ``assert_close``'s rtol 1e-6 and atol 1e-9 for values, 1e-5 and 1e-7 against a
central-difference gradient with step 1e-5.
"""

import functools

import numpy as np

#: The cases file, beside the submission: the kit's stored cases of the slice and inputs
#: drawn once with a fixed seed, with the reference solution's values.
CASES_FILE = "a1_slice_cases.npz"
RTOL, ATOL = 1e-6, 1e-9
GRADIENT_RTOL, GRADIENT_ATOL = 1e-5, 1e-7
STEP = 1e-5


@functools.cache
def _cases():
    """Every case of :data:`CASES_FILE`, by name: its arrays by key."""
    cases = {}
    with np.load(CASES_FILE, allow_pickle=False) as data:
        for member in data.files:
            name, key = member.split(".", 1)
            cases.setdefault(name, {})[key] = data[member]
    return cases


def case(name):
    """The arrays of the case ``name``, by key (a 0-d array as a Python number)."""
    return {k: v.item() if v.ndim == 0 else v for k, v in _cases()[name].items()}


def numbered(prefix):
    """The cases ``PREFIX_0``, ``PREFIX_1``, ... in order."""
    cases, count = _cases(), 0
    while f"{prefix}_{count}" in cases:
        count += 1
    return [case(f"{prefix}_{k}") for k in range(count)]


def assert_close(actual, expected, name, rtol=RTOL, atol=ATOL):
    """Fail unless ``actual`` has ``expected``'s shape and values within tolerance."""
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if actual.shape != expected.shape:
        raise AssertionError(f"{name}: shape {actual.shape}, expected {expected.shape}")
    if not np.allclose(actual, expected, rtol=rtol, atol=atol):
        error = np.max(np.abs(actual - expected) / np.maximum(np.abs(expected), atol))
        raise AssertionError(f"{name}: max relative error {error:.1e} (allowed {rtol:g})")


def numeric_gradient(forward, x, dout, h=STEP):
    """Central-difference gradient of ``sum(forward(x) * dout)`` with respect to ``x``."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        kept = x[i]
        x[i] = kept + h
        plus = np.sum(np.asarray(forward(x)) * dout)
        x[i] = kept - h
        minus = np.sum(np.asarray(forward(x)) * dout)
        x[i] = kept
        grad[i] = (plus - minus) / (2 * h)
    return grad


def assert_gradient(forward, x, dout, analytic, name):
    """Fail unless ``analytic`` is the gradient of ``sum(forward(x) * dout)`` at ``x``."""
    numeric = numeric_gradient(forward, x, dout)
    assert_close(analytic, numeric, f"{name} (numeric gradient)", GRADIENT_RTOL, GRADIENT_ATOL)
