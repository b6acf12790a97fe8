"""The sandboxed worker: imports one student package and answers the grader's calls.

Run as ``python -B -s worker.py [--parent PID]`` with the channel on stdin/stdout (``--parent``
where no sandbox ties its life to the grader's: see ``lifeline``). It:

1. keeps the channel on private file descriptors and points the student's stdout and
   stderr at the process's stderr (which the grader drains and caps) and stdin at
   /dev/null, so nothing the student prints can reach the channel;
2. reads the ``init`` message: the package folder and name, its resource limits, the
   libraries the assignment forbids;
3. sets the limits (soft = hard, so student code cannot raise them), blocks the forbidden
   imports, seeds the random draws the student does not seed, starts noting incidents
   (:mod:`incidents`), imports the package, and answers
   ``{"ready": true}`` or ``{"import_error": ...}``;
4. serves ``call`` (with ``observe``, it also answers what the call did besides its value:
   see ``observe``), ``getattr`` and ``setattr`` requests, and ``repeat`` (the same requests
   for many values of one array, in one round trip: see ``repeat``) until the channel
   closes; each answer carries the incidents noted since the last (``notes``). Values that
   are not data (a cache, a network object) stay here behind handles.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import random
import resource
import sys
import traceback
import types
from pathlib import Path
from typing import Any

import msgpack
import numpy as np  # imported before the limits and the import blocker apply

sys.path.insert(0, str(Path(__file__).resolve().parent))
from channel import MAX_ERROR, Channel
from codec import CALLBACK, HANDLE, Codec, ProtocolError, pack_plain
from incidents import Incidents
from lifeline import OPTION, die_with_parent
from observe import OBSERVABLE, observed_call
from package_loader import load_package
from repeat import repeat

#: NumPy's floating-point error categories and the actions a call may ask for (np.errstate).
FLOAT_ERRORS = frozenset({"divide", "over", "under", "invalid"})
FLOAT_ACTIONS = frozenset({"ignore", "warn", "raise", "print"})
#: NumPy's own error-state functions, taken before the student's package is imported: a
#: package that replaces ``np.errstate`` or ``np.geterr`` cannot switch a test's checks off.
ERRSTATE, GETERR = np.errstate, np.geterr

LIMITS = {
    "memory": resource.RLIMIT_AS,
    "cpu": resource.RLIMIT_CPU,
    "file_size": resource.RLIMIT_FSIZE,
    "open_files": resource.RLIMIT_NOFILE,
    "processes": resource.RLIMIT_NPROC,
}


def set_limits(limits: dict[str, int]) -> None:
    """Apply the resource limits, soft and hard alike; no core dumps."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    for name, value in limits.items():
        resource.setrlimit(LIMITS[name], (value, value))


class BlockedModule(types.ModuleType):
    """What importing a forbidden library gives: any use of it raises ImportError."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise ImportError(self.__dict__["_refusal"])


class Blocker(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Makes ``import torch`` (and its submodules) give a :class:`BlockedModule`, so the
    package still imports and only the functions that use the library fail."""

    def __init__(self, modules: list[str], refusal: str) -> None:
        self.modules = modules
        self.refusal = refusal

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if any(name == m or name.startswith(m + ".") for m in self.modules):
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec: Any) -> types.ModuleType:
        module = BlockedModule(spec.name)
        module.__dict__["_refusal"] = self.refusal.format(name=spec.name.split(".")[0])
        module.__path__ = []
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        return None


class Worker:
    """The objects the grader can reach, and the requests it may make."""

    def __init__(self, package_dir: Path) -> None:
        self.package_dir = package_dir
        self.objects: dict[int, Any] = {}
        self.channel: Channel | None = None

    def wrap(self, value: Any) -> msgpack.ExtType:
        key = len(self.objects)
        self.objects[key] = value
        return msgpack.ExtType(HANDLE, pack_plain([key, type(value).__name__]))

    def unwrap(self, code: int, body: bytes) -> Any:
        if code == HANDLE:
            key = msgpack.unpackb(body)[0]
            if key not in self.objects:
                raise ProtocolError(f"no object with handle {key}")
            return self.objects[key]
        if code == CALLBACK:
            return self.callback(msgpack.unpackb(body))
        raise ProtocolError(f"unexpected extension {code}")

    def callback(self, key: int) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            assert self.channel is not None
            message = {"op": "callback", "callback": key, "args": list(args), "kwargs": kwargs}
            return self.channel.request(message)

        return call

    def handle(self, message: dict, target: Any = None) -> Any:
        """Serve one request; ``target`` (a repeat's) stands for the object it names."""
        op = message.get("op")
        if target is None:
            target = self.objects[message.get("target", 0)]
        name = message.get("name")
        if name is not None and (not isinstance(name, str) or name.startswith("_")):
            raise AttributeError(f"{name!r} is not a public name")
        if op == "getattr":
            return getattr(target, name)
        if op == "repeat":
            assert self.channel is not None
            return repeat(message, self.handle, self.channel.codec.encode, self.describe)
        if op == "setattr" and name is not None and target is not self.objects[0]:
            setattr(target, name, message["args"][0])
            return None
        if op == "call":
            function = getattr(target, name) if name is not None else target
            args, kwargs = tuple(message.get("args", ())), message.get("kwargs", {})
            observe = message.get("observe")
            requested = float_errors(message.get("errstate", {}))
            with ERRSTATE(**requested):
                if not observe:
                    value = function(*args, **kwargs)
                elif not isinstance(observe, dict) or not set(observe) <= OBSERVABLE:
                    raise ProtocolError(f"cannot observe {observe!r}")
                else:
                    value = observed_call(function, args, kwargs, observe, self.package_dir)
                check_float_errors(requested)
            return value
        raise ProtocolError(f"unknown request {op!r}")

    def describe(self, exc: BaseException) -> dict:
        """The error map for ``exc``: type, message, and the last line of student code."""
        places = [(f.filename, f.lineno, f.name) for f in traceback.extract_tb(exc.__traceback__)]
        if isinstance(exc, SyntaxError) and exc.filename:
            places.append((exc.filename, exc.lineno, None))
        where = ""
        for filename, line, function in places:
            path = Path(filename)
            if path.is_relative_to(self.package_dir):
                where = f"{path.relative_to(self.package_dir)}, line {line}"
                where += f", in {function}" if function else ""
        message = exc.msg if isinstance(exc, SyntaxError) else str(exc)  # no doubled location
        return {"type": type(exc).__name__, "message": message[:MAX_ERROR], "where": where}


def float_errors(requested: Any) -> dict[str, str]:
    """The ``np.errstate`` settings of a call, checked: the test's own NumPy error state
    applies to the student's code, as it would in one process."""
    if not isinstance(requested, dict) or not all(
        key in FLOAT_ERRORS and value in FLOAT_ACTIONS for key, value in requested.items()
    ):
        raise ProtocolError(f"bad floating-point error settings {requested!r}")
    return requested


def check_float_errors(requested: dict[str, str]) -> None:
    """Fail the call if the student's code left NumPy's floating-point error handling other
    than the test set it (``np.seterr(all="ignore")`` inside a function switches off the
    very check a stability test makes)."""
    now = GETERR()
    changed = sorted(key for key, action in requested.items() if now[key] != action)
    if changed:
        raise RuntimeError(
            f"your code changed NumPy's handling of floating-point errors ({', '.join(changed)}) "
            "and left it changed; the tests set it. Use `with np.errstate(...)` around the "
            "lines that need it, or better, compute without overflow."
        )


def seed_randomness() -> None:
    """Make the student's unseeded random draws the same in every run: Python's ``random``,
    NumPy's global ``np.random``, and the entropy behind ``np.random.default_rng()`` with no
    seed (``SeedSequence()``) start from fixed seeds (torch's default generator already
    does). A function that draws a new mask where it should reuse one then fails the same
    way, with the same feedback, every time it is graded."""
    random.seed(0)
    np.random.seed(0)
    np.random.bit_generator.randbits = random.Random(0).getrandbits  # type: ignore[attr-defined]


def main() -> None:
    if sys.argv[1:2] == [OPTION]:
        die_with_parent(int(sys.argv[2]))
    read_fd, write_fd = os.dup(0), os.dup(1)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(2, 1)
    stream = os.fdopen(write_fd, "wb")
    worker = Worker(Path("/"))
    codec = Codec(worker.wrap, worker.unwrap)
    channel = Channel(lambda n: os.read(read_fd, n), stream, codec, worker.handle, worker.describe)
    worker.channel = channel
    init = channel.receive()
    worker.package_dir = Path(init["package_dir"]).resolve()
    os.chdir(init["workdir"])
    set_limits(init["limits"])
    if init["blocked"]:
        sys.meta_path.insert(0, Blocker(init["blocked"], init["refusal"]))
    seed_randomness()
    incidents = Incidents(["/tmp", init["workdir"]])
    sys.addaudithook(incidents.hook)
    channel.notes = incidents.take
    try:
        worker.objects[0] = load_package(worker.package_dir, init["name"])
    except BaseException as exc:  # SyntaxError, ImportError, SystemExit at import...
        channel.send({"import_error": worker.describe(exc), "notes": incidents.take()})
        return
    channel.send({"ready": True, "notes": incidents.take()})
    try:
        while True:
            channel.serve(channel.receive())
    except EOFError:
        return


if __name__ == "__main__":
    main()
