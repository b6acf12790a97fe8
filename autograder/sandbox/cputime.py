"""The CPU time a worker has used, read from outside it (Linux).

Time limits that decide a grade count the CPU time of the student's code, never wall-clock
time: a call that needs 3 s of CPU needs 3 s on an idle machine and on one whose cores are
all busy with other work, where its wall-clock time may be ten times longer. The grader
reads the worker's CPU clock (``clock_getcpuclockid``: the time of all its threads, to the
nanosecond, in a fraction of a microsecond) while it waits for an answer; the worker itself
is not trusted to report it. Child processes the student's code starts are not counted
here: each has its own RLIMIT_CPU, and a call that waits for one is stopped by the
wall-clock backstop.

Under bubblewrap the worker is not the process the grader started: ``bwrap`` forks an init
process (PID 1 of the sandbox's namespace) that runs the worker, so the worker is found, in
``/proc``, as the only grandchild of the started process.

Where there is no such clock (macOS, Windows) :func:`cpu_clock` returns None and the caller
counts wall-clock time instead.
"""

from __future__ import annotations

import ctypes
import os
import time
from pathlib import Path

PROC = Path("/proc")


def cpu_clock(pid: int) -> int | None:
    """The id of process ``pid``'s CPU-time clock, to read with :func:`time.clock_gettime`;
    None where there is none (not Linux, or no such process)."""
    if not PROC.is_dir():
        return None
    clock = ctypes.c_int()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.clock_getcpuclockid(pid, ctypes.byref(clock)) != 0:
        return None
    return clock.value


def cpu_seconds(clock: int) -> float | None:
    """Seconds of CPU used so far on ``clock`` (see :func:`cpu_clock`); None once the
    process is gone."""
    try:
        return time.clock_gettime(clock)
    except OSError:
        return None


def _ppid(pid: int) -> int | None:
    """The parent of ``pid`` (field 4 of ``/proc/PID/stat``), or None if it is gone."""
    try:
        data = (PROC / str(pid) / "stat").read_bytes()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces or parentheses.
    return int(data[data.rindex(b")") + 2 :].split()[1])


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (a scan of ``/proc``; empty without it)."""
    try:
        entries = os.listdir(PROC)
    except OSError:
        return []
    return [int(entry) for entry in entries if entry.isdigit() and _ppid(int(entry)) == pid]


def descendant(pid: int, depth: int) -> int | None:
    """The process ``depth`` generations below ``pid`` when each generation has exactly one
    process (bubblewrap's init, then the worker), else None (not started yet, or gone)."""
    for _ in range(depth):
        below = children(pid)
        if len(below) != 1:
            return None
        pid = below[0]
    return pid
