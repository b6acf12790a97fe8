"""What the student's code tried that a sandbox is there to stop, noted for the instructor.

An audit hook (``sys.addaudithook``, installed before the package is imported; it cannot be
removed) watches for writes outside the worker's scratch folders, network connections,
signals sent to processes, and new processes. The sandbox stops or limits each of them
(read-only files, no network, a PID namespace, a process limit); this module only notes
that they were tried, as short lines such as ``write outside /tmp: /submission/x.py``, which
the worker sends with its next answer and the gradebook keeps as flags.

This is a record, not a defence, and student code runs in the same process: a determined
attacker could silence it (the grader also caps what it accepts). The containment does not
depend on it. Student feedback never shows these lines; the tests' own messages already
say what failed (``PermissionError: ... Read-only file system``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

#: Kinds of incident, as the gradebook and grades.csv name them.
WRITE = "write outside /tmp"
NETWORK = "network connection"
SIGNAL = "signal to a process"
PROCESS = "new process"
#: Noted by the grader, which reads the worker's output: more printed than the limit.
FLOOD = "output flood"

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_PATH_EVENTS = frozenset(
    {
        "os.remove",
        "os.rename",
        "os.rmdir",
        "os.mkdir",
        "os.chmod",
        "os.chown",
        "os.symlink",
        "os.link",
        "os.truncate",
        "os.utime",
        "shutil.rmtree",
    }
)
_SOCKET_EVENTS = frozenset({"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"})
_SIGNAL_EVENTS = frozenset({"os.kill", "os.killpg", "signal.pthread_kill"})
_PROCESS_EVENTS = frozenset(
    {"os.fork", "os.forkpty", "os.posix_spawn", "os.spawn", "os.system", "subprocess.Popen"}
)
_WATCHED = frozenset({"open"}) | _PATH_EVENTS | _SOCKET_EVENTS | _SIGNAL_EVENTS | _PROCESS_EVENTS
#: At most this many incidents are noted, each at most MAX_LENGTH characters.
MAX_INCIDENTS = 20
MAX_LENGTH = 200


class Incidents:
    """Notes incidents, each once; :meth:`take` hands over those not yet sent.

    ``writable`` are the folders the worker may write in (its /tmp and working folder).
    """

    def __init__(self, writable: Iterable[str]) -> None:
        self.writable = tuple(os.path.realpath(folder) for folder in writable)
        self._seen: set[str] = set()
        self._new: list[str] = []

    def take(self) -> list[str]:
        """The incidents noted since the last call."""
        new, self._new = self._new, []
        return new

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        """The audit hook: never raises, so it cannot change what the code does."""
        if event not in _WATCHED:
            return
        try:
            found = self._incident(event, args)
        except Exception:  # a malformed argument is the student's business, not ours
            return
        if found is not None and found not in self._seen and len(self._seen) < MAX_INCIDENTS:
            self._seen.add(found)
            self._new.append(found[:MAX_LENGTH])

    def _incident(self, event: str, args: tuple[Any, ...]) -> str | None:
        if event == "open":
            path, mode, flags = args
            writes = (mode is not None and any(c in str(mode) for c in "wax+")) or (
                mode is None and isinstance(flags, int) and flags & _WRITE_FLAGS
            )
            return self._outside(path) if writes else None
        if event in _PATH_EVENTS:
            return self._outside(args[0])
        if event in _SOCKET_EVENTS:
            return f"{NETWORK}: {event.split('.')[1]} to {args[1]!r}"
        if event in _SIGNAL_EVENTS:
            return f"{SIGNAL}: {event}{tuple(args)!r}"
        return f"{PROCESS}: {event}"

    def _outside(self, path: Any) -> str | None:
        """The incident of writing ``path``, unless it is in a writable folder (or a file
        descriptor, or /dev/null)."""
        if isinstance(path, int):
            return None
        where = os.path.realpath(os.fsdecode(path))
        if where == os.devnull or any(
            where == folder or where.startswith(folder + os.sep) for folder in self.writable
        ):
            return None
        return f"{WRITE}: {where}"
