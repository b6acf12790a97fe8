"""Functions of one array written as data, for a test that hands the student's code a
function to call: in a sandboxed run the worker evaluates them itself, where a Python
function would be called back across the channel at every call. See
:mod:`autograder.sandbox.inside.expression`."""

from autograder.sandbox.inside.expression import Expression, cos, exp, log, sin, tanh, total, x

__all__ = ["Expression", "cos", "exp", "log", "sin", "tanh", "total", "x"]
