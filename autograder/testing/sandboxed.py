"""The grader's ``student`` object in a graded run: a proxy to a sandboxed worker.

It behaves like :class:`autograder.testing.student.InProcessStudent`, so a test cannot tell
the two apart: ``student.f(*args)`` sends a ``call`` request and returns the value; values
that are not data come back as :class:`Handle` objects that can be passed back, called, or
asked for attributes; a function of the test passed as an argument (``f`` for a gradient
checker) is called back across the channel. NumPy's error state of the caller
(``with np.errstate(over="raise")`` in a test) applies to the call in the worker.

Every call has a budget of CPU time (the worker's, read from outside it: see
:mod:`autograder.sandbox.cputime`), per call and per test, and a wall-clock backstop for code
that sleeps or waits; the grade never depends on how busy the machine is. A worker that
overruns its budget, crashes, or prints more than its output limit is killed (its whole
process group), the call fails with a :class:`WorkerFailure` that says what happened, and
the next test starts a fresh worker. That failure is a
:class:`~autograder.testing.student.FailsEveryInput`, which ends the test at once (hypothesis
does not shrink it); should the test catch it and call again, the call fails at once with
the same message rather than wait out a timeout, or start a worker, again.
"""

from __future__ import annotations

import itertools
import os
import select
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn

import msgpack
import numpy as np

from autograder.sandbox import launcher
from autograder.sandbox.inside.channel import MAX_ERROR, Channel, RemoteError
from autograder.sandbox.inside.codec import (
    CALLBACK,
    HANDLE,
    ChannelClosed,
    Codec,
    ProtocolError,
    pack_plain,
)
from autograder.sandbox.inside.incidents import FLOOD, MAX_INCIDENTS, MAX_LENGTH
from autograder.testing import replay
from autograder.testing.results import capped
from autograder.testing.student import (
    FailsEveryInput,
    MissingFunctionError,
    StudentCodeError,
    StudentImportError,
    failed_on_stored_input,
    missing_function_message,
    todo_left,
)


class WorkerFailure(FailsEveryInput):
    """The worker timed out, crashed, or flooded its output; the message says which. The
    rest of the test fails at once with it, whatever the input."""


class WorkerTimeout(WorkerFailure):
    """A call did not finish before its deadline."""

    kind = "timeout"


class _Deadline(Exception):
    """The call in progress overran its budget; the message says how, for the student."""


#: Seconds between two looks at the worker's CPU time while a call runs.
POLL = 0.1


@dataclass
class _Budget:
    """What the call in progress may use: ``cpu`` seconds of the worker's CPU time and
    ``wall`` seconds of wall-clock time. ``overrun`` says, for the student, which limit the
    CPU time went over (the call's, or the test's)."""

    label: str
    cpu: float
    overrun: str
    wall: float
    cpu_start: float | None
    started: float = field(default_factory=time.monotonic)

    def used(self, process: launcher.Process | None) -> float:
        """CPU seconds used since the start (wall-clock seconds where CPU cannot be read)."""
        now = None if process is None or self.cpu_start is None else process.cpu_seconds()
        if now is None:
            return time.monotonic() - self.started
        return now - self.cpu_start

    def cpu_overrun(self, used: float) -> _Deadline | None:
        """The failure of a call that used ``used`` CPU seconds, if that is over budget."""
        if used <= self.cpu:
            return None
        return _Deadline(
            f"{self.overrun}: an infinite loop, or code much slower than it should be. The "
            "process was stopped."
        )

    def check(self, process: launcher.Process | None) -> float:
        """Raise :class:`_Deadline` if the budget is spent; else the seconds to wait before
        the next look."""
        used = self.used(process)
        overrun = self.cpu_overrun(used)
        if overrun is not None:
            raise overrun
        waited = time.monotonic() - self.started
        if waited > self.wall:
            raise _Deadline(
                f"{self.label} did not finish within {self.wall:g} s (wall-clock time) "
                f"while it used only {used:.1f} s of CPU: it was waiting (a sleep, a lock, "
                "a child process, a blocked read) rather than computing. The process was "
                "stopped."
            )
        return min(POLL, self.wall - waited)


class Handle:
    """An object that lives in the worker (a cache, a network, a torch module): pass it
    back, call it, read its attributes, or assign one (``net.params = new_params``; the
    value crosses as data). Like ``student.NAME``, it can be called ``observing`` what the
    call does (:func:`~autograder.testing.student.torch_gradients`): so the worker's own
    attribute ``observing``, should it have one, is out of reach."""

    def __init__(self, student: SandboxStudent, key: int, type_name: str) -> None:
        self._student = student
        self._key = key
        self._type_name = type_name

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._student._request("getattr", self._key, name, (), {})

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            self._student._request("setattr", self._key, name, (value,), {})

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._student._request("call", self._key, None, args, kwargs)

    def observing(self, observe: dict[str, Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Call the object, answering what ``observe`` asks for besides the value."""
        return self._student._observed(self._key, None, observe, args, kwargs)

    def __repr__(self) -> str:
        return f"<{self._type_name} in the student's process>"


class SandboxStudent:
    """Calls into the package in folder ``package``, imported as ``name`` in a worker."""

    def __init__(
        self,
        package: Path,
        name: str,
        limits: launcher.Limits,
        blocked: tuple[str, ...] = (),
        refusal: str = "{name} is not allowed in this assignment",
    ) -> None:
        self._package = package
        self._name = name
        self._limits = limits
        self._blocked = blocked
        self._refusal = refusal
        self._process: launcher.Process | None = None
        self._channel: Channel | None = None
        self._ready = False  # the package is imported in the worker
        self._budget: _Budget | None = None
        self._poisoned: Sticky | None = None
        self._test_cpu = 0.0
        self._import_error: Sticky | None = None
        self._callbacks: dict[int, Callable[..., Any]] = {}
        self._callback_ids = itertools.count()
        self._output = 0
        self._overflow = False
        #: What the student's code tried that the sandbox stops (see
        #: :mod:`autograder.sandbox.inside.incidents`), for the instructor; at most
        #: MAX_INCIDENTS, each once.
        self.incidents: list[str] = []

    def begin_test(self) -> None:
        """A new test starts: forget the previous test's worker failure, reset its budget."""
        self._poisoned = None
        self._test_cpu = 0.0

    def close(self) -> None:
        """Kill the worker, if one runs."""
        if self._process is not None:
            self._process.kill()
        self._process = self._channel = None
        self._ready = False

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            return self._request("call", 0, name, args, kwargs)

        def observing(observe: dict[str, Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
            return self._observed(0, name, observe, args, kwargs)

        call.__name__ = observing.__name__ = name
        call.observing = observing  # type: ignore[attr-defined]
        return call

    def __repr__(self) -> str:
        return f"<student package {self._name}>"

    def _observed(
        self, target: int, name: str | None, observe: dict[str, Any], args: Any, kwargs: Any
    ) -> dict[str, Any]:
        """A call of ``name`` of object ``target`` (None: the object itself), observed."""
        answer = self._request("call", target, name, args, kwargs, observe=observe)
        if "modified" in answer:
            answer["modified"] = [c[:MAX_LENGTH] for c in answer["modified"][:MAX_INCIDENTS]]
        return answer

    # The codec's hooks: what this side sends and receives beyond plain data.
    def _wrap(self, value: Any) -> msgpack.ExtType | None:
        if isinstance(value, Handle):
            return msgpack.ExtType(HANDLE, pack_plain([value._key, value._type_name]))
        if callable(value):
            key = next(self._callback_ids)
            self._callbacks[key] = value
            return msgpack.ExtType(CALLBACK, pack_plain(key))
        return None

    def _unwrap(self, code: int, body: bytes) -> Any:
        if code != HANDLE:
            raise ProtocolError("the worker sent a callback")
        key, type_name = msgpack.unpackb(body)
        if not isinstance(key, int):
            raise ProtocolError("a handle's key must be an integer")
        return Handle(self, key, _untrusted_text(type_name, MAX_TYPE) or "object")

    def _serve(self, message: dict) -> Any:
        if message.get("op") != "callback" or message.get("callback") not in self._callbacks:
            raise ProtocolError("the worker made a request it may not make")
        args, kwargs = message.get("args", ()), message.get("kwargs", {})
        if not isinstance(args, list) or not isinstance(kwargs, dict):
            raise ProtocolError("a callback's arguments must be a list and a map")
        return self._callbacks[message["callback"]](*args, **kwargs)

    @staticmethod
    def _describe(exc: BaseException) -> dict:
        return {"type": type(exc).__name__, "message": str(exc), "where": ""}

    def _read(self, size: int) -> bytes:
        """Up to ``size`` bytes from the worker; while none come, look at its budget."""
        assert self._process is not None and self._process.popen.stdout is not None
        fd = self._process.popen.stdout.fileno()
        wait = None if self._budget is None else POLL
        while not select.select([fd], [], [], wait)[0]:
            assert self._budget is not None
            wait = self._budget.check(self._process)
        return os.read(fd, size)

    def _new_budget(self, label: str, cpu: float, overrun: str) -> _Budget:
        assert self._process is not None
        wall = self._limits.wall_factor * max(cpu, self._limits.call_timeout)
        return _Budget(label, cpu, overrun, wall, self._process.cpu_seconds())

    def _call_budget(self, label: str, calls: int = 1) -> _Budget:
        """The budget of a request of ``calls`` calls (a repeat makes several): the calls'
        limit, or what is left of the test's."""
        limits = self._limits
        left = limits.test_timeout - self._test_cpu
        if left < limits.call_timeout * calls:
            overrun = (
                f"this test's calls used more than {limits.test_timeout:g} s of CPU time in "
                f"all (the last one: {label})"
            )
            return self._new_budget(label, max(left, 0.0), overrun)
        return self._new_budget(label, limits.call_timeout * calls, self._call_overrun(label))

    def _call_overrun(self, label: str) -> str:
        return f"{label} used more than {self._limits.call_timeout:g} s of CPU time"

    def _drain(self, stream: Any) -> None:
        """Read the worker's prints; past the output limit, kill it."""
        for chunk in iter(lambda: stream.read1(65536), b""):
            self._output += len(chunk)
            if self._output > self._limits.output and not self._overflow:
                self._overflow = True
                if self._process is not None:
                    self._process.kill_group()

    def launch(self) -> None:
        """Start the worker's process now, if none runs: it starts Python and imports NumPy
        while the grader collects the tests. The package is imported at the first call."""
        if self._process is not None:
            return
        process = launcher.start(self._package, self._limits)
        assert process.popen.stdin is not None
        self._process, self._output, self._overflow = process, 0, False
        threading.Thread(target=self._drain, args=(process.popen.stderr,), daemon=True).start()
        codec = Codec(self._wrap, self._unwrap)
        self._channel = Channel(self._read, process.popen.stdin, codec, self._serve, self._describe)
        self._channel.on_notes = self._note

    def _start(self) -> None:
        self.launch()
        assert self._process is not None and self._channel is not None
        process = self._process
        init = {
            "op": "init",
            "package_dir": process.package_dir,
            "workdir": process.workdir,
            "name": self._name,
            "limits": self._limits.rlimits(),
            "blocked": list(self._blocked),
            "refusal": self._refusal,
        }
        startup = self._limits.startup_timeout
        overrun = f"importing it used more than {startup:g} s of CPU time"
        self._budget = self._new_budget("importing it", startup, overrun)
        try:
            self._channel.send(init)
            answer = self._channel.receive()
        except _Deadline as err:
            self.close()
            raise StudentImportError(
                f"Your package did not import: {err} Does it run a loop, a sleep or a long "
                "computation at import?"
            ) from None
        except (ChannelClosed, ProtocolError, OSError):
            failure = self._failure("while your package was being imported")
            self.close()
            raise StudentImportError(str(failure)) from None
        finally:
            self._budget = None
        self._note(answer.get("notes", []))
        if "import_error" in answer:
            self.close()
            error = _error_text(_untrusted_error(answer["import_error"]))
            raise StudentImportError(f"Your package did not import: {error}")
        self._ready = True

    def _note(self, notes: Any) -> None:
        """Keep the incidents the worker reports (it is not trusted: text only, capped)."""
        if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
            raise ProtocolError("incidents must be a list of texts")
        for note in notes:
            text = "".join(c if c.isprintable() else "?" for c in note[:MAX_LENGTH])
            if text not in self.incidents and len(self.incidents) < MAX_INCIDENTS:
                self.incidents.append(text)

    def _failure(self, during: str) -> WorkerFailure:
        assert self._process is not None
        popen = self._process.popen
        if self._overflow:
            self._note([f"{FLOOD}: more than {self._limits.output // 1024} KiB printed"])
            return WorkerFailure(
                f"Your code printed more than {self._limits.output // 1024} KiB of output "
                f"{during}; remove the prints (or print less) and try again."
            )
        try:
            code = popen.wait(timeout=2)
        except subprocess.TimeoutExpired:
            code = None
        if code is not None and code > 128 and launcher.bubblewrap() is not None:
            code = 128 - code  # bubblewrap exits with 128 + the signal that killed the worker
        if code is not None and code < 0 and -code == signal.SIGXCPU:
            return WorkerFailure(f"Your code used more than {self._limits.cpu} s of CPU {during}.")
        how = f"exit code {code}" if code is not None and code >= 0 else _signal_name(code)
        return WorkerFailure(
            f"The process running your code stopped {during} ({how}): a crash, a call to "
            "sys.exit or os._exit, or a resource limit."
        )

    def _request(
        self,
        op: str,
        target: int,
        name: str | None,
        args: Any,
        kwargs: Any,
        observe: dict[str, Any] | None = None,
    ) -> Any:
        for sticky in (self._import_error, self._poisoned):
            if sticky is not None:
                _raise(sticky)
        outermost = self._budget is None
        session = replay.active() if outermost else None
        label = name or "a method"
        message = {"op": op, "target": target, "name": name, "errstate": _errstate()}
        message.update({"args": list(args), "kwargs": dict(kwargs), "observe": observe})
        try:
            if not self._ready:
                try:
                    self._start()
                except StudentImportError as err:
                    self._import_error = _sticky(err)
                    _raise(self._import_error)
            assert self._channel is not None
            if isinstance(session, replay.Replay) and session.student is self:
                answer = session.answer(self, message, self._fetch)
                if answer is None:  # after an error the test caught: one by one again
                    value = self._send(message, outermost, label, None)
                else:
                    value = self._replayed(answer, label)
                session.received(value)
            else:
                value = self._send(message, outermost, label, session)
            if observe is not None and not _well_observed(value, observe):
                raise ProtocolError("an observed call's answer is not what was asked for")
            return value
        except RemoteError as err:
            err.error = _untrusted_error(err.error)
            if err.error["type"] == "AttributeError" and target == 0 and op == "call":
                raise MissingFunctionError(missing_function_message(self._name, label)) from None
            todo = todo_left(err.error["type"], err.error["message"])
            if todo is not None:
                raise todo from None
            text, error_type = _error_text(err.error), err.error["type"]
            stored = failed_on_stored_input(text, error_type, args, kwargs)
            if stored is not None:
                raise stored from None
            raise StudentCodeError(text, error_type) from None
        except _Deadline as err:
            self.close()
            self._poisoned = _sticky(WorkerTimeout(str(err)))
            _raise(self._poisoned)
        except ProtocolError as err:
            self._poisoned = _sticky(
                WorkerFailure(f"{label} sent the grader something it refuses: {err}.")
            )
            self.close()
            _raise(self._poisoned)
        except (ChannelClosed, OSError):
            self._poisoned = _sticky(self._failure(f"during {label}"))
            self.close()
            _raise(self._poisoned)
        finally:
            if outermost:
                self._budget = None
                self._callbacks.clear()  # a function of the test lives for one call

    def _send(self, message: dict, outermost: bool, label: str, session: Any) -> Any:
        """Send one request and return its value; a recording ``session`` notes it."""
        assert self._channel is not None
        recording = session if isinstance(session, replay.Recording) else None
        if outermost:
            self._budget = self._call_budget(label)
        try:
            value = self._channel.request(message)
        except BaseException as err:
            if recording is not None:
                recording.failed()
            if outermost and isinstance(err, RemoteError):  # it used CPU too (and hypothesis
                self._settle()  # may call it again)
            raise
        if outermost:
            self._settle()
        if recording is not None:
            recording.add(self, message, value, _handle_key)
        return value

    def _fetch(self, request: dict) -> list[list[dict]]:
        """Send a repeat request (see :mod:`autograder.testing.replay`): its budget is that of
        all the calls it makes, or what is left of the test's."""
        assert self._channel is not None
        calls = len(request["changes"]) * len(request["requests"])
        label = request["requests"][0]["name"] or "a method"
        self._budget = self._call_budget(label, calls)
        answers = self._channel.request(request)
        self._settle()
        if not _well_repeated(answers, len(request["requests"])):
            raise ProtocolError("a repeat's answer is not what was asked for")
        return answers

    def _replayed(self, answer: dict, label: str) -> Any:
        """The value of a request answered by a repeat: the call's own CPU time (as the
        worker measured it; the repeat's, measured from outside, counts for the test) held
        to the call's limit, and its error raised as a request's would be."""
        if answer["cpu"] > self._limits.call_timeout:
            raise _Deadline(
                f"{self._call_overrun(label)}: an infinite loop, or code much slower than it "
                "should be. The process was stopped."
            )
        if "error" in answer:
            raise RemoteError(answer["error"])
        assert self._channel is not None
        return self._channel.codec.decode(answer["value"])

    def _settle(self) -> None:
        """After a call's answer: charge its CPU time to the test, and fail the call if it
        overran its budget. Deciding here, from the CPU time alone, makes the outcome the
        same however long the call took on the clock (a fast call is never polled)."""
        assert self._budget is not None
        used = self._budget.used(self._process)
        self._test_cpu += used
        overrun = self._budget.cpu_overrun(used)
        if overrun is not None:
            raise overrun


#: A failure that repeats: the exception and the traceback of its first raise.
Sticky = tuple[BaseException, TracebackType | None]


def _sticky(failure: BaseException) -> Sticky:
    """Raise ``failure`` once, here, and keep its traceback: re-raising it with that same
    traceback keeps hypothesis' replays consistent and the traceback from growing."""
    try:
        raise failure
    except BaseException as caught:
        return caught, caught.__traceback__


def _raise(sticky: Sticky) -> NoReturn:
    raise sticky[0].with_traceback(sticky[1]) from None


def _well_observed(answer: Any, observe: dict[str, Any]) -> bool:
    """Whether the worker's answer to an observed call is what was asked for (it is not
    trusted): a value, and a list of names, a count of lines, and maps of names to
    gradients where asked."""
    if not isinstance(answer, dict) or "value" not in answer:
        return False
    changed, lines = answer.get("modified"), answer.get("lines")
    if "modified" in observe and not (
        isinstance(changed, list) and all(isinstance(c, str) for c in changed)
    ):
        return False
    if "lines" in observe and not (isinstance(lines, int) and lines >= 0):
        return False
    gradients = answer.get("gradients")
    return "gradients" not in observe or (
        isinstance(gradients, dict)
        and set(gradients) == {"inputs", "parameters"}
        and all(isinstance(g, dict) for g in gradients.values())
    )


def _handle_key(value: Any) -> int | None:
    """The key of ``value`` if it is a handle (an object in the worker), else None."""
    return value._key if isinstance(value, Handle) else None


def _well_repeated(answers: Any, requests: int) -> bool:
    """Whether the worker's answer to a repeat is what was asked for (it is not trusted):
    one or more evaluations of ``requests`` answers each, every answer a value's body or an
    error with the CPU seconds it used; an error ends its evaluation and the whole answer."""
    if not isinstance(answers, list) or not answers:
        return False
    for number, evaluation in enumerate(answers):
        if not isinstance(evaluation, list) or not 0 < len(evaluation) <= requests:
            return False
        if not all(_well_answered(answer) for answer in evaluation):
            return False
        errors = ["error" in answer for answer in evaluation]
        if any(errors[:-1]) or (errors[-1] and number != len(answers) - 1):
            return False
        if not errors[-1] and len(evaluation) != requests:
            return False
    return True


def _well_answered(answer: Any) -> bool:
    """One request's answer in a repeat: a value's body or an error, and CPU seconds."""
    if not isinstance(answer, dict) or set(answer) not in ({"value", "cpu"}, {"error", "cpu"}):
        return False
    cpu, outcome = answer["cpu"], answer.get("value", answer.get("error"))
    return isinstance(cpu, float) and cpu >= 0 and isinstance(outcome, bytes | dict)


def _errstate() -> dict[str, str]:
    """NumPy's error state in this thread (``with np.errstate(...)`` in a test), for the
    worker to apply around the call; a ``call`` handler is this process's business only."""
    return {key: value for key, value in np.geterr().items() if value != "call"}


def _signal_name(code: int | None) -> str:
    if code is None:
        return "still running"
    try:
        return f"killed by {signal.Signals(-code).name}"
    except ValueError:
        return f"killed by signal {-code}"


def _error_text(error: dict) -> str:
    """``Type: message (in where)``, from an error map :func:`_untrusted_error` made."""
    where = f" (in {error['where']})" if error["where"] else ""
    message = error["message"]
    return f"{error['type']}{': ' + message if message else ''}{where}"


#: The most characters the grader keeps of each field of an error the worker reports: the
#: worker caps its messages, but it runs the student's code and is not trusted to.
MAX_TYPE, MAX_MESSAGE, MAX_WHERE = 100, MAX_ERROR, 300


def _untrusted_error(error: object) -> dict[str, str]:
    """The worker's error map (``type``, ``message``, ``where``) as texts the grader may show
    and store: printable, each capped (anything but text counts as empty)."""
    fields = error if isinstance(error, dict) else {}
    return {
        "type": _untrusted_text(fields.get("type"), MAX_TYPE) or "Error",
        "message": _untrusted_text(fields.get("message"), MAX_MESSAGE),
        "where": _untrusted_text(fields.get("where"), MAX_WHERE),
    }


def _untrusted_text(value: object, limit: int) -> str:
    """``value`` if it is text, printable (line breaks kept) and cut to ``limit``; else ""."""
    if not isinstance(value, str):
        return ""
    return "".join(c if c.isprintable() or c in "\n\t" else "?" for c in capped(value, limit))
