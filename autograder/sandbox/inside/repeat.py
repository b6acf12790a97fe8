"""The worker's side of a ``repeat`` request: the same requests, for many values of one array.

A numeric gradient check evaluates the test's function at ``x`` with one element moved at a
time; each evaluation makes the same requests (``student.affine_forward(v, w, b)``) with
only ``v`` changed. The grader records the requests of the first evaluation
(:mod:`autograder.testing.replay`) and asks for all the others at once::

    {"op": "repeat", "requests": [request, ...], "variable": x, "changes": [[i, value], ...],
     "max_bytes": n}

Each request is a ``call``, ``getattr`` or ``setattr`` as the grader would send it, plus
``slots``: the places in ``[args, kwargs]`` (paths of list indexes and map keys) where the
array goes; and ``target_from``: None, or the number of an earlier request of the same
evaluation whose value is the object to call (``net.loss(X, y)`` gets the bound method, a
new object each time, then calls it). For each change, in order, the worker makes a copy of
``variable`` with element ``i`` (in C order) set to ``value``, and serves every request with
a fresh copy of its arguments (as a request of its own would have decoded them) and that
copy in its slots. The calls are the same, in the same order, as one request each would
make; only the round trips go. Nothing of the grader runs here: the test's function, and
what it does with the values, stay in the grader, which checks that each evaluation makes
exactly the recorded requests.

The answer is one list per evaluation, one entry per request: ``{"value": body, "cpu": s}``
(the value encoded on its own, and the CPU seconds the request used) or ``{"error": map,
"cpu": s}``. An error ends the answer there, as it ends the evaluation in the grader; so
does ``max_bytes`` of encoded values (the grader asks again for the rest).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

try:
    from .codec import ProtocolError, is_tensor
except ImportError:  # in the worker, where this folder is on sys.path
    from codec import ProtocolError, is_tensor  # type: ignore[no-redef]

#: The requests a repeat may contain (never ``observe``: see the grader's side).
REPEATABLE = frozenset({"call", "getattr", "setattr"})


def repeat(
    message: dict,
    handle: Callable[[dict, Any], Any],
    encode: Callable[[Any], bytes],
    describe: Callable[[BaseException], dict],
) -> list[list[dict]]:
    """Serve ``message`` (see the module docstring) with ``handle(request, target)`` for
    each request, ``encode`` for each value and ``describe`` for an error."""
    requests, variable, changes = _checked(message)
    answers: list[list[dict]] = []
    size = 0
    for index, value in changes:
        changed = variable.copy()
        changed.flat[index] = value
        evaluation: list[dict] = []
        answers.append(evaluation)
        values: list[Any] = []
        for request in requests:
            slots = {tuple(path) for path in request["slots"]}
            arguments = _fresh(
                [request.get("args", []), request.get("kwargs", {})], (), slots, changed
            )
            start = time.process_time()
            source = request.get("target_from")
            try:
                target = None if source is None else values[source]
                values.append(
                    handle({**request, "args": arguments[0], "kwargs": arguments[1]}, target)
                )
                body = encode(values[-1])
            except BaseException as exc:  # the student's exception, as a request of its own
                evaluation.append({"error": describe(exc), "cpu": time.process_time() - start})
                return answers
            evaluation.append({"value": body, "cpu": time.process_time() - start})
            size += len(body)
        if size > message["max_bytes"]:
            break
    return answers


def _checked(message: dict) -> tuple[list[dict], np.ndarray, list[tuple[int, float]]]:
    """The request's parts, or :class:`ProtocolError` if they are not what the grader sends."""
    requests, variable = message.get("requests"), message.get("variable")
    changes, max_bytes = message.get("changes"), message.get("max_bytes")
    if not isinstance(variable, np.ndarray) or not isinstance(max_bytes, int):
        raise ProtocolError("a repeat needs an array and a size")
    if not isinstance(requests, list) or not all(
        isinstance(r, dict)
        and r.get("op") in REPEATABLE
        and _paths(r.get("slots"))
        and (r.get("target_from") is None or r.get("target_from") in range(number))
        for number, r in enumerate(requests)
    ):
        raise ProtocolError("a repeat's requests must be calls, getattrs and setattrs with slots")
    if not isinstance(changes, list) or not all(
        isinstance(c, list) and len(c) == 2 and isinstance(c[0], int) and 0 <= c[0] < variable.size
        and isinstance(c[1], float)
        for c in changes
    ):  # fmt: skip
        raise ProtocolError("a repeat's changes must be [index, value] pairs inside the array")
    return requests, variable, [(i, v) for i, v in changes]


def _paths(slots: Any) -> bool:
    return isinstance(slots, list) and all(
        isinstance(path, list) and all(isinstance(key, int | str) for key in path) for path in slots
    )


def _fresh(value: Any, here: tuple, slots: set[tuple], variable: np.ndarray) -> Any:
    """A copy of the decoded ``value`` (arrays, tensors and containers copied; objects behind
    handles kept), with a copy of ``variable`` at each of ``slots``."""
    if here in slots:
        return variable.copy()
    kind = type(value)
    if kind is list or kind is tuple:
        return kind(_fresh(item, (*here, i), slots, variable) for i, item in enumerate(value))
    if kind is dict:
        return {key: _fresh(item, (*here, key), slots, variable) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        return value.copy()
    if is_tensor(value):
        return value.clone()
    return value
