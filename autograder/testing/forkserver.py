"""A warm test runner: a process that has imported an assignment's tests once, and forks a
fresh copy of itself for each run.

A graded run in a new Python process (:func:`autograder.testing.runner.run_tests` with
``isolated``) spends a second or more before its first test: importing pytest, hypothesis,
NumPy (and torch), the engine and the test files, and collecting the tests. The same for
every submission of a batch. A fork server does that once:

1. it starts (``python -m autograder.testing.forkserver --parent PID``), and runs pytest's
   collection of the assignment's tests once, in itself: every module the tests import,
   the test files included, is now imported (pytest's importlib mode reuses a test module
   already in ``sys.modules`` under its name);
2. for each run it forks: the child is a copy of the warm process, runs ``pytest.main`` with
   the run's arguments in the run's folder (its output to a file there), and exits with
   pytest's exit code, which the server sends back.

Each run starts from the same warm state, never from what an earlier run left (a child's
changes die with it), so a run's results are those of a fresh process: the same tests, the
same hypothesis examples, the same grades (``tests/grading/test_warm.py`` compares them on
example batches). The server is single-threaded, as a process that forks must be, and it
dies with its parent; each child dies with the server (:mod:`~autograder.sandbox.inside.lifeline`).

Given a file of examples, the server replays the hypothesis examples it holds in every run
(:mod:`autograder.testing.recorded`), having first recorded them, if the file does not exist,
by running those tests in full once (in a fork: the reference, in-process): the examples
are drawn once per batch (:class:`ServerPool` keeps the file for the next servers).

The protocol is one JSON object per line: the client sends ``{"warm": ARGS, "cwd": DIR,
"examples": FILE or null}`` first (the collection to warm up with) and waits for ``{"ready":
true}``;
then, for each run,
``{"args": ARGS, "cwd": DIR, "output": FILE}``, answered by ``{"exit": CODE, "cpu": S}`` (a
negative code: the signal that killed the run; S: the CPU seconds the run's process used).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

from autograder.sandbox.inside.lifeline import OPTION, die_with_parent

#: The exit code of a run whose pytest raised instead of returning (pytest's own code for an
#: internal error).
INTERNAL_ERROR = 3


#: The thread every server is started from, which lasts as long as this process: a child's
#: "die with the parent" (PR_SET_PDEATHSIG) fires when the *thread* that started it ends, and
#: a batch's threads end before its servers should.
_STARTER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autograder-forkserver")


class ForkServerError(RuntimeError):
    """The fork server stopped or answered something else than the protocol says."""


class ForkServer:
    """The client's end: start a server warmed up with the pytest arguments ``warm`` (a
    collection of the tests its runs will run) and run pytest in a fresh fork of it."""

    def __init__(self, warm: list[str], examples: Path | None = None) -> None:
        """Start a server that collects with the pytest arguments ``warm`` and replays the
        hypothesis examples in the file ``examples`` (recorded first, running ``warm`` in
        full, if the file does not exist yet)."""
        command = [sys.executable, "-m", "autograder.testing.forkserver", OPTION, str(os.getpid())]
        pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.DEVNULL}
        self._process = _STARTER.submit(subprocess.Popen, command, text=True, **pipes).result()
        self._scratch = tempfile.TemporaryDirectory(prefix="autograder-warm-")
        #: The CPU seconds of the last run's process (a benchmark's figure, never a grade's).
        self.last_cpu = 0.0
        request = {"warm": warm, "cwd": self._scratch.name}
        self._exchange({**request, "examples": examples and str(examples)}, "ready")

    def run(self, args: list[str], cwd: Path) -> tuple[int, str]:
        """Run ``pytest.main(args)`` in a fresh fork, in folder ``cwd``: its exit code and
        what it printed."""
        output = cwd / "pytest-output.txt"
        reply = self._exchange({"args": args, "cwd": str(cwd), "output": str(output)}, "exit")
        self.last_cpu = float(reply.get("cpu", 0.0))
        printed = output.read_text(encoding="utf-8", errors="replace") if output.exists() else ""
        return int(reply["exit"]), printed

    def alive(self) -> bool:
        """Whether the server still runs."""
        return self._process.poll() is None

    def close(self) -> None:
        """Stop the server."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                stream.close()
        self._scratch.cleanup()

    def _exchange(self, request: dict, key: str) -> dict:
        assert self._process.stdin is not None and self._process.stdout is not None
        try:
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
            line = self._process.stdout.readline()
        except OSError as err:
            raise ForkServerError(f"the fork server stopped ({err})") from None
        try:
            reply = json.loads(line)
        except json.JSONDecodeError:
            reply = None
        if not isinstance(reply, dict) or key not in reply:
            code = self._process.poll()
            raise ForkServerError(f"the fork server stopped (exit code {code}): {line[:200]!r}")
        return reply


class ServerPool:
    """Idle fork servers, by what they were warmed up with: a job takes one (or starts one)
    and gives it back, so a batch keeps one per job running at once, each warmed up once.
    The examples a server records are kept for the next servers of the same tests (until
    this process ends), so a course's tests run on the reference once per ``version``."""

    def __init__(self) -> None:
        self._idle: dict[tuple[str, ...], list[ForkServer]] = {}
        self._starting: dict[tuple[str, ...], threading.Lock] = {}
        self._lock = threading.Lock()
        self._examples = tempfile.TemporaryDirectory(prefix="autograder-examples-")

    @contextlib.contextmanager
    def server(
        self, warm: list[str], record: bool = False, version: str = ""
    ) -> Iterator[ForkServer]:
        """An idle server warmed up with ``warm`` and, with ``record``, replaying the
        examples recorded on them (``version`` names the state of the files they run: the
        servers of another version are others); one that failed is not given back."""
        key = (*warm, f"record={record}", version)
        with self._lock:
            idle = self._idle.setdefault(key, [])
            server = idle.pop() if idle else None
            starting = self._starting.setdefault(key, threading.Lock())
        if server is not None and not server.alive():
            server.close()
            server = None
        if server is None:
            name = hashlib.sha256("\0".join(key).encode()).hexdigest()
            examples = Path(self._examples.name, f"{name}.pickle") if record else None
            with starting:  # the first server records; the others wait, then load
                server = ForkServer(warm, examples)
        try:
            yield server
        except ForkServerError:
            server.close()
            raise
        with self._lock:
            self._idle[key].append(server)

    def close(self) -> None:
        """Stop every idle server (the recorded examples stay)."""
        with self._lock:
            servers = [s for idle in self._idle.values() for s in idle]
            self._idle.clear()
        for server in servers:
            server.close()


def _quiet(run: Callable[[], object]) -> None:
    """Call ``run()`` with file descriptors 1 and 2 on /dev/null (restored after)."""
    saved = [os.dup(1), os.dup(2)]
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        os.dup2(null, 2)
        run()
    finally:
        for fd, old in zip((1, 2), saved, strict=True):
            os.dup2(old, fd)
            os.close(old)
        os.close(null)


def _serve_one(job: dict, channel: list[IO[str]], server: int) -> tuple[int, float]:
    """Fork, run the job in the child, and return its exit code (or -signal) and the CPU
    seconds it used (with its descendants that it waited for)."""
    pid = os.fork()
    if pid:
        _, status, usage = os.wait4(pid, 0)
        return os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime
    code = INTERNAL_ERROR
    try:
        import pytest

        die_with_parent(server)
        for stream in channel:
            stream.close()
        output = os.open(job["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.chdir(job["cwd"])
        code = int(pytest.main(job["args"]))
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _record(warm: dict, channel: list[IO[str]], server: int) -> None:
    """Keep the examples of the file ``warm["examples"]`` in this process
    (:mod:`autograder.testing.recorded`), recording them first if it does not exist: the
    warm-up's tests run in full, in a fork (on the reference, in-process)."""
    from autograder.testing import recorded

    examples = Path(warm["examples"])
    if not examples.exists():
        output = Path(warm["cwd"], "recording.txt")
        args = [*warm["warm"], f"--record-examples={examples}"]
        _serve_one({"args": args, "cwd": warm["cwd"], "output": str(output)}, channel, server)
    if examples.is_file():
        recorded.load(examples)


def main(argv: list[str]) -> None:
    """The server: warm up, then serve runs until the client closes the channel."""
    if argv[:1] != [OPTION] or len(argv) != 2 or not argv[1].isdigit():
        raise SystemExit(f"usage: python -m autograder.testing.forkserver {OPTION} PID")
    die_with_parent(int(argv[1]))
    requests = os.fdopen(os.dup(0), "r")
    replies = os.fdopen(os.dup(1), "w")
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(2, 1)  # nothing printed here reaches the channel
    import pytest

    warm = json.loads(requests.readline())
    os.chdir(warm["cwd"])
    _quiet(lambda: pytest.main([*warm["warm"], "--collect-only"]))
    if warm.get("examples"):
        _record(warm, [requests, replies], os.getpid())
    # What the warm-up made lives as long as the server: out of the collector's reach, each
    # fork's collections (pytest's end of session makes five) look only at what it made, and
    # never write to, so copy, the pages that the warm-up's objects share with the server.
    gc.freeze()
    replies.write(json.dumps({"ready": True}) + "\n")
    replies.flush()
    for line in requests:
        if threading.active_count() != 1:  # a thread started by an import: forking is unsafe
            raise SystemExit("the fork server has more than one thread")
        code, cpu = _serve_one(json.loads(line), [requests, replies], os.getpid())
        replies.write(json.dumps({"exit": code, "cpu": cpu}) + "\n")
        replies.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
