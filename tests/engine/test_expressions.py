"""Functions written as data (:mod:`autograder.testing.expressions`): they compute what the
function written out computes, bit for bit; they cross the channel as data and come back
the same; and a tree that is not an expression is refused before anything is built."""

from __future__ import annotations

import msgpack
import numpy as np
import pytest

from autograder.sandbox.inside.codec import EXPRESSION, Codec, ProtocolError
from autograder.sandbox.inside.expression import MAX_NODES
from autograder.testing import expressions as ex

X = np.array([[-2.5, -0.0, 0.3], [1e-8, 1.7, 3.0]])

WRITTEN_OUT = [
    (ex.total(ex.sin(ex.x) * ex.x), lambda x: float(np.sum(np.sin(x) * x))),
    (ex.total(ex.x**3) + ex.total(ex.x) ** 2, lambda x: float(np.sum(x**3) + np.sum(x) ** 2)),
    (ex.tanh(ex.x) ** 2, lambda x: np.tanh(x) ** 2),
    (ex.sin(ex.x), np.sin),
    (1 / (1 + ex.exp(-ex.x)), lambda x: 1 / (1 + np.exp(-x))),
    (2.5 - ex.cos(ex.x) / 4, lambda x: 2.5 - np.cos(x) / 4),
    (ex.log(ex.x * ex.x + 1), lambda x: np.log(x * x + 1)),
]


@pytest.mark.parametrize("expression, function", WRITTEN_OUT, ids=lambda v: repr(v)[:30])
def test_an_expression_computes_what_the_function_written_out_computes(expression, function):
    value, expected = expression(X), function(X)
    assert type(value) is type(expected)
    assert np.asarray(value).tobytes() == np.asarray(expected).tobytes()


def test_an_expression_reads_as_it_is_written():
    assert repr(ex.total(ex.x**3) + ex.total(ex.x) ** 2) == "sum(x ** 3) + (sum(x) ** 2)"
    assert repr(1 / (1 + ex.exp(-ex.x))) == "1 / (1 + exp(-x))"


@pytest.mark.parametrize("expression", [e for e, _ in WRITTEN_OUT], ids=lambda v: repr(v)[:30])
def test_an_expression_crosses_the_channel_as_data(expression):
    codec = Codec(lambda value: None, lambda code, body: None)
    back = codec.decode(codec.encode({"f": expression}))["f"]
    assert isinstance(back, ex.Expression) and back.tree == expression.tree
    assert np.asarray(back(X)).tobytes() == np.asarray(expression(X)).tobytes()


def forged(tree) -> bytes:
    return msgpack.packb(msgpack.ExtType(EXPRESSION, msgpack.packb(tree)))


@pytest.mark.parametrize(
    "tree",
    [
        ["system", "x"],  # not an operation
        ["sin", "x", "x"],  # an operation with the wrong number of operands
        ["add", "x", "y"],  # another variable
        ["mul", "x", True],  # a constant that is not a number
        ["mul", "x", [1.0]],  # a list where a number goes
        [],
        ["total", ["neg"] * 2],
        ["neg", ["neg", ["neg"]]],
    ],
)
def test_a_tree_that_is_not_an_expression_is_refused(tree):
    with pytest.raises(ProtocolError, match="refused an expression"):
        Codec(lambda value: None, lambda code, body: None).decode(forged(tree))


def test_an_expression_too_large_is_refused():
    tree = "x"
    for _ in range(MAX_NODES):
        tree = ["neg", tree]
    with pytest.raises(ProtocolError, match="more than"):
        Codec(lambda value: None, lambda code, body: None).decode(forged(tree))
