"""Functions of one array written as data: expressions in ``x``.

A test that hands the student's code a function to call (``eval_numerical_gradient(f, x)``
calls ``f`` twice per entry of ``x``) can pass a plain Python function: in a sandboxed run,
each call then crosses back to the grader and its answer crosses again, a round trip per
call. An expression crosses once, as data (the codec's ``EXPRESSION``), and the worker
evaluates it next to the student's code with NumPy: no code of the test enters the worker,
only this tree of operations::

    from autograder.testing import expressions as ex

    smooth = ex.total(ex.sin(ex.x) * ex.x)    # f(x) = sum(sin(x) * x), a float
    squashed = ex.tanh(ex.x) ** 2              # f(x) = tanh(x)**2, elementwise

An expression is called like the function it stands for, in the grader and in the worker
alike: ``smooth(x)``. Arithmetic (``+ - * / **``, unary ``-``) is Python's on the values,
as in a function written out; ``sin``, ``cos``, ``tanh``, ``exp`` and ``log`` are NumPy's
(elementwise); ``total`` is ``float(np.sum(...))``.

Both sides import this file (the worker sees only its own folder), so it imports nothing but
NumPy. A tree that arrives is checked before it is used: known operations only, numbers as
constants, at most ``MAX_NODES`` nodes.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np

#: The variable: the one array the function is called with.
VARIABLE = "x"
#: The most operations and constants a tree may hold.
MAX_NODES = 256

UNARY: dict[str, Callable[[Any], Any]] = {
    "neg": operator.neg,
    "sin": np.sin,
    "cos": np.cos,
    "tanh": np.tanh,
    "exp": np.exp,
    "log": np.log,
    "total": lambda value: float(np.sum(value)),
}
BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "div": operator.truediv,
    "pow": operator.pow,
}
_SYMBOLS = {"add": "+", "sub": "-", "mul": "*", "div": "/", "pow": "**"}

#: A tree: the variable, a number, or ``[operation, operand, ...]``.
Tree = Any


class ExpressionError(ValueError):
    """A tree that is not an expression: an unknown operation, or too large."""


class Expression:
    """A function of one array ``x``, as a tree of operations (see the module docstring)."""

    __slots__ = ("tree",)

    def __init__(self, tree: Tree) -> None:
        self.tree = tree

    def __call__(self, x: Any) -> Any:
        return _evaluate(self.tree, x)

    def __repr__(self) -> str:
        return _text(self.tree)

    def _binary(self, operation: str, other: Any, reflected: bool = False) -> Expression:
        if not isinstance(other, Expression | int | float) or isinstance(other, bool):
            return NotImplemented
        operands = [self.tree, _tree_of(other)]
        return Expression([operation, *(operands[::-1] if reflected else operands)])

    def __add__(self, other: Any) -> Expression:
        return self._binary("add", other)

    def __radd__(self, other: Any) -> Expression:
        return self._binary("add", other, reflected=True)

    def __sub__(self, other: Any) -> Expression:
        return self._binary("sub", other)

    def __rsub__(self, other: Any) -> Expression:
        return self._binary("sub", other, reflected=True)

    def __mul__(self, other: Any) -> Expression:
        return self._binary("mul", other)

    def __rmul__(self, other: Any) -> Expression:
        return self._binary("mul", other, reflected=True)

    def __truediv__(self, other: Any) -> Expression:
        return self._binary("div", other)

    def __rtruediv__(self, other: Any) -> Expression:
        return self._binary("div", other, reflected=True)

    def __pow__(self, other: Any) -> Expression:
        return self._binary("pow", other)

    def __rpow__(self, other: Any) -> Expression:
        return self._binary("pow", other, reflected=True)

    def __neg__(self) -> Expression:
        return Expression(["neg", self.tree])


def _tree_of(value: Expression | float) -> Tree:
    if isinstance(value, Expression):
        return value.tree
    return int(value) if isinstance(value, int) else float(value)


def _evaluate(tree: Tree, x: Any) -> Any:
    if tree == VARIABLE:
        return x
    if not isinstance(tree, list):
        return tree
    operation, *operands = tree
    values = [_evaluate(operand, x) for operand in operands]
    return (UNARY if len(values) == 1 else BINARY)[operation](*values)


def _text(tree: Tree) -> str:
    """``tree`` written out, as in Python (``sum`` for ``total``)."""
    if not isinstance(tree, list):
        return tree if tree == VARIABLE else f"{tree:g}"
    operation, *operands = tree
    if operation == "neg":
        return f"-{_operand_text(operands[0])}"
    if len(operands) == 1:
        return f"{'sum' if operation == 'total' else operation}({_text(operands[0])})"
    left, right = (_operand_text(operand) for operand in operands)
    return f"{left} {_SYMBOLS[operation]} {right}"


def _operand_text(tree: Tree) -> str:
    text = _text(tree)
    is_operation = isinstance(tree, list) and (len(tree) == 3 or tree[0] == "neg")
    return f"({text})" if is_operation else text


def checked(tree: Tree) -> Expression:
    """The expression of a tree that came across the channel, or :class:`ExpressionError`."""
    seen = [0]

    def check(node: Tree) -> None:  # a node's depth is never more than the nodes seen
        seen[0] += 1
        if seen[0] > MAX_NODES:
            raise ExpressionError(f"an expression of more than {MAX_NODES} nodes")
        if node == VARIABLE or (isinstance(node, float | int) and not isinstance(node, bool)):
            return
        if not isinstance(node, list) or not node:
            raise ExpressionError(f"{node!r} is not part of an expression")
        operation, *operands = node
        known = UNARY if len(operands) == 1 else BINARY if len(operands) == 2 else {}
        if not isinstance(operation, str) or operation not in known:
            raise ExpressionError(f"unknown operation {operation!r} of {len(operands)} operands")
        for operand in operands:
            check(operand)

    check(tree)
    return Expression(tree)


x = Expression(VARIABLE)


def sin(argument: Expression) -> Expression:
    """``np.sin`` of ``argument``, elementwise."""
    return Expression(["sin", argument.tree])


def cos(argument: Expression) -> Expression:
    """``np.cos`` of ``argument``, elementwise."""
    return Expression(["cos", argument.tree])


def tanh(argument: Expression) -> Expression:
    """``np.tanh`` of ``argument``, elementwise."""
    return Expression(["tanh", argument.tree])


def exp(argument: Expression) -> Expression:
    """``np.exp`` of ``argument``, elementwise."""
    return Expression(["exp", argument.tree])


def log(argument: Expression) -> Expression:
    """``np.log`` of ``argument``, elementwise."""
    return Expression(["log", argument.tree])


def total(argument: Expression) -> Expression:
    """The sum of every entry of ``argument``, as a float: ``float(np.sum(argument))``."""
    return Expression(["total", argument.tree])
