"""Mallory does not do the work: she tries to make the grader believe she did."""

import glob
import json
import sys

import numpy as np

# Print a fake perfect result, in the hope that the grader reads it.
print(json.dumps({"score": 40, "tests": [{"name": "everything", "score": 40}]}))
print("PASSED 20/20")

# Make every comparison succeed (in the grader, if it runs in this process).
np.allclose = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None


def _steal():
    """Look for the hidden tests and the reference solution."""
    found = []
    for pattern in ("/work/*/solutions/*/layers.py", "../../solutions/*/layers.py", "/*/hidden"):
        found += glob.glob(pattern)
    return found


def _expected_from_caller():
    """Read the test's local variables, hoping to find the expected answer."""
    frame = sys._getframe(2)
    return [v for v in frame.f_locals.values() if isinstance(v, np.ndarray)]


def affine_forward(x, w, b):
    stolen = _steal()
    if stolen:
        raise RuntimeError(open(stolen[0]).read())
    candidates = _expected_from_caller()
    return (candidates[-1] if candidates else np.zeros((x.shape[0], w.shape[1]))), None


def affine_backward(dout, cache):
    with open("/tmp/mallory_was_here", "w") as note:  # outside her sandbox? (it is not)
        note.write("pwned")
    return None, None, None


def relu_forward(x):
    sys.exit(0)


def relu_backward(dout, cache):
    while True:
        pass
