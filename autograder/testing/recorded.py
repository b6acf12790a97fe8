"""A batch's hypothesis examples, drawn once: recorded on the reference, replayed for each
submission.

Grading is derandomized, so hypothesis gives every submission of a batch the same examples
as long as the test behaves the same: the engine's next example depends only on what the
earlier ones did (returned, or raised; which values the test drew inside its body). A
warm grader (:mod:`autograder.testing.forkserver`) runs the tests once on the reference and
records, for each property test whose every example returned, the examples in order: the
``@given`` arguments and the values drawn inside the body (with their strategies' reprs).

A submission's run then replays them (:func:`run_recorded`): each recorded example is
passed to the test's body as it is, without hypothesis, and the values drawn in the body
come from the recording while the strategy asked for has the recorded repr. If every
example returns, the test passes: hypothesis would have run exactly these examples, in
this order, and the student's code saw exactly these calls. If one raises a failure that
does not depend on the input (a :class:`~autograder.testing.student.FailsEveryInput`: the
package did not import, a TODO is left, the worker timed out), the test ends with it, as
hypothesis would have ended it (it lets such a failure through, unshrunk), without starting
hypothesis' engine, about 10 ms a test. Otherwise, at the first example
that raised (or that drew from another strategy), hypothesis runs the test as usual, and
its executions of the examples already replayed are not run again: each draws its values
from the engine as the first time (so the engine sees the same test) and returns or raises
what it did then. From there on, everything runs as usual, shrinking included. The student's
code sees the same calls in the same order as without any of this, with one exception: an
example whose drawing diverged runs again from its start (the calls before the divergence
are made twice; a student's output of the wrong shape is the usual cause).
"""

from __future__ import annotations

import copy
import functools
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
from hypothesis.errors import StopTest
from hypothesis.strategies._internal.core import DataObject

from autograder.testing.replay import identical
from autograder.testing.student import FailsEveryInput

#: Where a recorded example's ``data`` argument (``hs.data()``) was.
DATA = "<hypothesis data>"


class Overrun:
    """The recorded value of a draw that ran out of hypothesis' choices (the engine stopped
    that example there, and went on to the next)."""


#: The recorded examples of this process's runs, by test id (a warm grader loads them).
RECORDINGS: dict[str, list[Example]] = {}


@dataclass
class Draw:
    """A value the test drew in its body, with its strategy's repr and label."""

    strategy: str
    label: Any
    value: Any


@dataclass
class Example:
    """One execution of a test's body: its ``@given`` arguments and what it drew."""

    given: dict[str, Any]
    draws: list[Draw] = field(default_factory=list)


def load(path: Path) -> None:
    """Make the recordings in ``path`` (written by a recording run) this process's."""
    RECORDINGS.update(pickle.loads(path.read_bytes()))


def save(recordings: dict[str, list[Example]], path: Path) -> None:
    """Write ``recordings``, leaving out any that cannot be written (not plain values)."""
    kept = {}
    for test, examples in recordings.items():
        try:
            pickle.dumps(examples)
        except Exception:  # a value pickle refuses: that test runs as usual
            continue
        kept[test] = examples
    path.write_bytes(pickle.dumps(kept))


def is_property_test(item: pytest.Item) -> bool:
    """Whether ``item`` is a hypothesis test (``@given``)."""
    return hasattr(getattr(item, "obj", None), "hypothesis")


class _RecordingData:
    """A test's ``data`` that notes every value drawn."""

    def __init__(self, data: DataObject, draws: list[Draw]) -> None:
        self._data = data
        self._draws = draws

    def draw(self, strategy: Any, label: Any = None) -> Any:
        try:
            value = self._data.draw(strategy, label=label)
        except StopTest:
            self._draws.append(Draw(repr(strategy), label, Overrun()))
            raise
        self._draws.append(Draw(repr(strategy), label, copy.deepcopy(value)))
        return value


def record(item: pytest.Function) -> Callable[[bool], None]:
    """Record ``item``'s examples while it runs; the returned function, called with whether
    the test passed, keeps them (a test whose every example returned) and restores it."""
    handle = item.obj.hypothesis
    test = handle.inner_test
    examples: list[Example] = []
    complete = [True]

    @functools.wraps(test)
    def recording(*args: Any, **kwargs: Any) -> Any:
        example = Example(
            {
                name: DATA if isinstance(value, DataObject) else copy.deepcopy(value)
                for name, value in kwargs.items()
                if name not in item.funcargs
            }
        )
        noted = {
            name: _RecordingData(value, example.draws) if isinstance(value, DataObject) else value
            for name, value in kwargs.items()
        }
        try:
            result = test(*args, **noted)
        except StopTest:  # a draw in the body ran out of choices: the engine goes on
            examples.append(example)
            raise
        except BaseException:
            complete[0] = False  # the reference failed: this test is not replayed
            raise
        examples.append(example)
        return result

    handle.inner_test = recording

    def finish(passed: bool) -> None:
        handle.inner_test = test
        if passed and complete[0] and examples:
            RECORDINGS[item.nodeid] = examples

    return finish


class _Diverged(BaseException):
    """The body drew from another strategy than the recorded one."""


class _Overran(BaseException):
    """The body reached the draw where the recorded example ran out of choices."""


class _ReplayData:
    """A test's ``data`` that answers the recorded draws while the strategies match."""

    def __init__(self, draws: list[Draw]) -> None:
        self._draws = draws
        #: What the body drew: (strategy, label, value), to draw again in the engine.
        self.drawn: list[tuple[Any, Any, Any]] = []

    def draw(self, strategy: Any, label: Any = None) -> Any:
        number = len(self.drawn)
        if number >= len(self._draws):
            raise _Diverged
        recorded = self._draws[number]
        if repr(strategy) != recorded.strategy or label != recorded.label:
            raise _Diverged
        self.drawn.append((strategy, label, recorded.value))
        if isinstance(recorded.value, Overrun):
            raise _Overran
        return copy.deepcopy(recorded.value)


@dataclass
class _Outcome:
    """What a replayed example did: its draws, and the exception it raised (if any)."""

    example: Example
    drawn: list[tuple[Any, Any, Any]]
    error: tuple[BaseException, TracebackType | None] | None = None
    diverged: bool = False


def run_recorded(item: pytest.Function) -> bool:
    """Run the property test ``item`` from its recording, if it has one (False: it has
    none, run it as usual). See the module docstring."""
    examples = RECORDINGS.get(item.nodeid)
    if not examples or not is_property_test(item):
        return False
    fixtures = {name: item.funcargs[name] for name in item._fixtureinfo.argnames}
    handle = item.obj.hypothesis
    test = handle.inner_test
    replayed = []
    for example in examples:
        outcome = _replay(test, fixtures, example)
        replayed.append(outcome)
        if outcome.error is not None or outcome.diverged:
            break
    else:
        return True
    last = replayed[-1]
    if last.error is not None and isinstance(last.error[0], FailsEveryInput):
        error, traceback = last.error  # hypothesis would let it through at once, unshrunk
        raise error.with_traceback(traceback)
    handle.inner_test = _resuming(test, replayed)
    try:
        item.obj(**fixtures)
    finally:
        handle.inner_test = test
    return True


def _replay(test: Callable[..., Any], fixtures: dict[str, Any], example: Example) -> _Outcome:
    data = _ReplayData(example.draws)
    given = {
        name: data if _is_data(value) else copy.deepcopy(value)
        for name, value in example.given.items()
    }
    outcome = _Outcome(example, data.drawn)
    try:
        test(**fixtures, **given)
    except _Overran:
        pass  # as the reference's did: the engine went on to the next example
    except _Diverged:
        outcome.diverged = True
    except BaseException as error:  # the student's failure, or a test's own: as hypothesis sees it
        outcome.error = (error, error.__traceback__)
    return outcome


def _resuming(test: Callable[..., Any], replayed: list[_Outcome]) -> Callable[..., Any]:
    """The test's body for hypothesis: its first executions are the replayed examples (each
    draws its values from the engine and returns or raises as it did), then it runs."""
    executions = iter(replayed)

    @functools.wraps(test)
    def resumed(*args: Any, **kwargs: Any) -> Any:
        outcome = next(executions, None)
        if outcome is None or outcome.diverged:
            return test(*args, **kwargs)
        _check_same(outcome.example.given, kwargs)
        data = next((v for v in kwargs.values() if isinstance(v, DataObject)), None)
        for strategy, label, value in outcome.drawn:
            assert data is not None
            drawn = data.draw(strategy, label=label)  # raises StopTest where it overran
            if not identical(drawn, value):
                raise RuntimeError("internal: hypothesis drew another value than the recording")
        if outcome.error is not None:
            error, traceback = outcome.error
            raise error.with_traceback(traceback)
        return None

    return resumed


def _check_same(given: dict[str, Any], kwargs: dict[str, Any]) -> None:
    for name, value in given.items():
        if not _is_data(value) and not identical(kwargs.get(name), value):
            raise RuntimeError(f"internal: hypothesis drew another {name} than the recording")


def _is_data(value: Any) -> bool:
    return isinstance(value, str) and value == DATA
