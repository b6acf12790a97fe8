"""One function of the test at many inputs, with one round trip to the sandboxed worker.

A numeric gradient check evaluates the test's function ``f`` at ``x`` with one element
moved by +-h at a time: 2n evaluations, each making the same requests to the student's code
(``lambda v: student.affine_forward(v, w, b)[0]``) with only ``v`` changed. Sandboxed, each
request is a round trip to the worker; :func:`evaluate_each` makes them one (or a few):

1. **record**: the first evaluation runs as usual, and the requests it makes are recorded,
   with the places where ``x`` itself (the very array object) is among their arguments;
2. **repeat**: the worker is asked, in one request, to make the same requests for every other
   value of ``x`` (see :mod:`autograder.sandbox.inside.repeat`): the same calls in the same
   order as one request each would make;
3. **replay**: ``f`` runs here for every other value, as before, and each request it makes
   is answered from that batch, after checking that it is the recorded request with the same
   arguments (compared bit for bit) and ``x`` in the same places.

So the test's code (``f``, and what it does with the values) stays in the grader, and no
grader code or reference value enters the worker: only the requests ``f`` would have sent.
Where nothing can be repeated (in-process, a function of the test passed to the student's
code, an observed call, ``x`` not passed as it is: ``float(v[0])``), the evaluations run one
by one; so do the rest of them from the first that makes other requests than the first
evaluation did (which the check sees before it asks the worker, unless ``f``'s requests
change with the values it gets back).
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: Encoded values per repeat answer, at most (about: the worker stops after the evaluation
#: that passes it); the rest comes in the next answer. Bounds the grader's and the worker's
#: memory, well under the channel's message limit.
MAX_BYTES = 4 * 1024 * 1024

#: The place of ``x`` in a recorded request's arguments: a path into ``[args, kwargs]``.
Path = tuple[int | str, ...]


#: What a recording student passes: the key of a value that is one of its handles (an object
#: in the worker), else None.
KeyOf = Callable[[Any], "int | None"]


@dataclass
class _Recorded:
    """One request of the first evaluation: what was sent, as a comparable snapshot;
    ``target_from``: the earlier request of the evaluation whose value (a handle) it calls."""

    message: dict
    snapshot: Any
    slots: list[Path]
    target_from: int | None


class _Marker:
    """Where ``x`` stood in a snapshot."""


_X = _Marker()


class _NotRepeatable(Exception):
    """An argument that cannot be compared or sent again (a function of the test)."""


@dataclass
class Recording:
    """The requests the first evaluation makes, and their values (see the module
    docstring)."""

    variable: np.ndarray
    student: Any = None
    key_of: KeyOf = lambda value: None
    requests: list[_Recorded] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)
    repeatable: bool = True

    def add(self, student: Any, message: dict, value: Any, key_of: KeyOf) -> None:
        """Note that ``student`` sent ``message`` and got ``value``."""
        if self.student not in (None, student) or message.get("observe") is not None:
            self.repeatable = False
            return
        self.student, self.key_of = student, key_of
        slots: list[Path] = []
        try:
            snapshot = _snapshot(
                [message["args"], message["kwargs"]], self.variable, self._produced(), slots
            )
        except _NotRepeatable:
            self.repeatable = False
            return
        target_from = _produced_by(message["target"], self.values, key_of)
        self.requests.append(_Recorded(message, snapshot, slots, target_from))
        self.values.append(value)

    def failed(self) -> None:
        """A request failed: the evaluations go one by one (the failure ends the check)."""
        self.repeatable = False

    def _produced(self) -> _Handles:
        return _Handles(self.key_of, {id(v) for v in _leaves(self.values)})


def _produced_by(target: int, values: list[Any], key_of: KeyOf) -> int | None:
    """The request whose value is the handle ``target`` names (None: none of them)."""
    for number, value in enumerate(values):
        if key_of(value) == target:
            return number
    return None


@dataclass(frozen=True)
class _Handles:
    """How a snapshot treats handles: ``key_of`` tells them, and those made during the
    evaluation (``made``: their ids) cannot be repeated as arguments."""

    key_of: KeyOf
    made: set[int]


def _leaves(value: Any) -> Iterator[Any]:
    """Every item of ``value``, containers opened."""
    if type(value) in (list, tuple):
        for item in value:
            yield from _leaves(item)
    elif type(value) is dict:
        for item in value.values():
            yield from _leaves(item)
    else:
        yield value


class Replay:
    """Answers the requests of the later evaluations from the worker's repeat answers:
    ``changes[k]`` (a flat index into ``base`` and its value) makes evaluation k."""

    def __init__(
        self, recording: Recording, base: np.ndarray, changes: list[tuple[int, float]]
    ) -> None:
        self.recording = recording
        self.base = base
        self.changes = changes
        self._answers: Iterator[list[dict]] = iter(())
        self._evaluation: list[dict] = []
        self._values: list[Any] = []
        self._position = 0
        self._next_change = 0
        self._live = False

    @property
    def student(self) -> Any:
        return self.recording.student

    def begin(self) -> None:
        """The next evaluation starts."""
        self._evaluation, self._values, self._position = [], [], 0

    def received(self, value: Any) -> None:
        """The value of the request just answered (a later request may call it)."""
        self._values.append(value)

    def end(self) -> None:
        """The evaluation ended; one that did not make every recorded request makes the rest
        go one by one."""
        if self._position != len(self.recording.requests):
            self._live = True
        self._next_change += 1

    def answer(self, student: Any, message: dict, fetch: Callable[[dict], list]) -> dict | None:
        """The worker's answer (``{"value": body, "cpu": s}`` or ``{"error": ..., "cpu":
        s}``) to ``message``, the evaluation's next request; ``fetch`` sends a repeat
        request when the answers so far are used up. None: send ``message`` as usual,
        because it is not the recorded request (and from then on, every request), or
        because the worker's answer ended with an error before it, which ``f`` caught (the
        worker stands where one request at a time would have left it)."""
        if self._live or not self._expected(student, message):
            self._live = True
            return None
        if self._position == 0:
            self._evaluation = next(self._answers, None) or self._fetch(fetch)
        self._position += 1
        if self._position > len(self._evaluation):
            return None
        return self._evaluation[self._position - 1]

    def _expected(self, student: Any, message: dict) -> bool:
        """Whether ``message`` is the request the recording has at this place."""
        requests = self.recording.requests
        if student is not self.student or self._position >= len(requests):
            return False
        recorded = requests[self._position]
        key_of = self.recording.key_of
        target = (
            recorded.message["target"]
            if recorded.target_from is None
            else key_of(self._values[recorded.target_from])
        )
        if message["target"] != target or any(
            message.get(key) != recorded.message.get(key) for key in ("op", "name", "errstate")
        ):
            return False
        made = _Handles(key_of, {id(v) for v in _leaves(self._values)})
        try:
            arguments = _snapshot(
                [message["args"], message["kwargs"]], self.recording.variable, made
            )
        except _NotRepeatable:
            return False
        return identical(arguments, recorded.snapshot)

    def _fetch(self, fetch: Callable[[dict], list]) -> list[dict]:
        """Ask the worker for the evaluations from this one on; the first of them."""
        requests = [
            {**r.message, **_without_x(r), "slots": [list(path) for path in r.slots]}
            | {"target_from": r.target_from}
            for r in self.recording.requests
        ]
        request = {
            "op": "repeat",
            "requests": requests,
            "variable": self.base,
            "changes": [[i, v] for i, v in self.changes[self._next_change :]],
            "max_bytes": MAX_BYTES,
        }
        self._answers = iter(fetch(request))
        return next(self._answers)


def _without_x(recorded: _Recorded) -> dict:
    """The recorded request's arguments with None where ``x`` was (the worker puts each
    evaluation's value there)."""
    args, kwargs = _unsnapshot(recorded.snapshot)
    return {"args": args, "kwargs": kwargs}


_ACTIVE: ContextVar[Recording | Replay | None] = ContextVar("replay", default=None)


def active() -> Recording | Replay | None:
    """What the evaluation in progress does with requests: record them, replay them, or
    nothing (None: send each as usual)."""
    return _ACTIVE.get()


def evaluate_each(
    f: Callable[[np.ndarray], Any], x: np.ndarray, changes: Sequence[tuple[tuple[int, ...], float]]
) -> list[Any]:
    """``[f(x) with x[index] = value for each (index, value) of changes]``, in that order,
    ``x`` (float64) changed in place and restored after each evaluation.

    The same as that loop, in results and in what the student's code sees; sandboxed, with
    one round trip to the worker (or a few) instead of one per evaluation (see the module
    docstring).
    """
    if not changes:
        return []
    base = x.copy()
    recording = Recording(x)
    token = _ACTIVE.set(recording)
    try:
        results = [_at(f, x, *changes[0])]
    finally:
        _ACTIVE.reset(token)
    rest = changes[1:]
    if not (recording.repeatable and any(r.slots for r in recording.requests) and rest):
        return results + [_at(f, x, *change) for change in rest]
    flat = [(int(np.ravel_multi_index(index, x.shape)), float(value)) for index, value in rest]
    replay = Replay(recording, base, flat)
    token = _ACTIVE.set(replay)
    try:
        for change in rest:
            replay.begin()
            results.append(_at(f, x, *change))
            replay.end()
    finally:
        _ACTIVE.reset(token)
    return results


def _at(f: Callable[[np.ndarray], Any], x: np.ndarray, index: tuple[int, ...], value: float) -> Any:
    old = x[index]
    x[index] = value
    try:
        return f(x)
    finally:
        x[index] = old


def _snapshot(
    value: Any,
    x: np.ndarray,
    handles: _Handles,
    slots: list[Path] | None = None,
    here: Path = (),
) -> Any:
    """A copy of the arguments ``value`` to compare later: ``x`` itself marked (its place
    added to ``slots``), arrays copied, containers rebuilt, handles as they are;
    :class:`_NotRepeatable` for a handle made during the evaluation, or anything else that
    is not plain data (a function of the test)."""
    if value is x:
        if slots is not None:
            slots.append(here)
        return _X
    kind = type(value)
    if kind is list or kind is tuple:
        return kind(_snapshot(v, x, handles, slots, (*here, i)) for i, v in enumerate(value))
    if kind is dict:
        return {k: _snapshot(v, x, handles, slots, (*here, k)) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return value.copy()
    if value is None or isinstance(value, bool | int | float | str | bytes | np.generic):
        return value
    if handles.key_of(value) is not None and id(value) not in handles.made:
        return value
    raise _NotRepeatable


def _unsnapshot(snapshot: Any) -> Any:
    """The snapshot as arguments to send: None where ``x`` was."""
    if snapshot is _X:
        return None
    kind = type(snapshot)
    if kind is list or kind is tuple:
        return kind(_unsnapshot(v) for v in snapshot)
    if kind is dict:
        return {k: _unsnapshot(v) for k, v in snapshot.items()}
    return snapshot


def identical(a: Any, b: Any) -> bool:
    """Whether two values are the same, bit for bit (so -0.0 and 0.0 differ, NaN equals NaN),
    with the same types and map keys in the same order; other objects (handles) must be the
    same object or equal."""
    if type(a) is not type(b):
        return False
    if type(a) is list or type(a) is tuple:
        return len(a) == len(b) and all(identical(u, v) for u, v in zip(a, b, strict=True))
    if type(a) is dict:
        return list(a) == list(b) and all(identical(a[k], b[k]) for k in a)
    if isinstance(a, np.ndarray | np.generic):
        return a.dtype == b.dtype and np.shape(a) == np.shape(b) and a.tobytes() == b.tobytes()
    if isinstance(a, float):
        return struct.pack("<d", a) == struct.pack("<d", b)
    if a is b:
        return True
    try:
        return bool(a == b)
    except Exception:  # an object whose == is not a truth value
        return False
