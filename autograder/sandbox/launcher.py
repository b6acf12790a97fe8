"""Start a worker process for one submission, inside bubblewrap where it is available.

Under bubblewrap (Linux, Debian package ``bubblewrap``) the worker sees only: /usr, the
Python installation and its environment (read-only), the worker's own code (read-only),
the submission (read-only), a size-capped /tmp, its own /proc and /dev. No network, no
other process, no course files, no other submission, no gradebook; everything but /tmp is
read-only. When the grader runs as root, each worker runs as its own unprivileged uid (no
account, no groups, no capabilities) through setpriv.

Without bubblewrap the worker is a plain child process with the same resource limits,
timeouts and data-only channel, and :func:`isolation_warning` says, loudly, that this is not
a security boundary.

Either way the worker leads its own process group (so the whole group can be killed), and it
dies with the grader (bubblewrap's ``--die-with-parent``, or ``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from autograder.sandbox import cputime
from autograder.sandbox.inside import lifeline

INSIDE = Path(__file__).resolve().parent / "inside"
WORKER_DIR = "/opt/autograder-worker"
SUBMISSION_DIR = "/submission"
#: Workers run as uids from here on, one per worker (when the grader is root): the process
#: limit counts per uid, so one student's processes never use up another's.
FIRST_UID = 100_000
_SERIAL = itertools.count()


@dataclass(frozen=True)
class Limits:
    """What one worker may use. Sizes in bytes, times in seconds.

    The three timeouts count the **CPU time** of the student's code (see
    :mod:`autograder.sandbox.cputime`), so they decide the same on an idle machine and a
    saturated one: ``call_timeout`` for one call, ``test_timeout`` for all the calls of one
    test, ``startup_timeout`` for importing the package. Wall-clock time is only a backstop,
    for code that sleeps or waits instead of computing: ``wall_factor`` times the CPU limit
    (a correct call still finishes on a machine ten times oversubscribed). ``cpu`` is the
    worker's RLIMIT_CPU, over every test of the submission.
    """

    call_timeout: float = 20.0
    test_timeout: float = 120.0
    startup_timeout: float = 30.0
    wall_factor: float = 10.0
    cpu: int = 600
    memory: int = 3 * 1024**3
    file_size: int = 16 * 1024**2
    tmp_size: int = 64 * 1024**2
    output: int = 1024**2
    open_files: int = 256
    processes: int = 256

    def rlimits(self) -> dict[str, int]:
        """The resource limits the worker applies to itself before importing student code."""
        return {
            "cpu": self.cpu,
            "memory": self.memory,
            "file_size": self.file_size,
            "open_files": self.open_files,
            "processes": self.processes,
        }


ENVIRONMENT = {
    "PATH": "/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "PYTHONHASHSEED": "0",
    "PYTHONDONTWRITEBYTECODE": "1",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


#: Where a worker's matplotlib keeps its configuration and caches (MPLCONFIGDIR): a writable
#: folder holding the grader's font list, so that a plot never searches the system's fonts
#: (``fc-list``: a new process, which the sandbox would note as the student's doing).
MATPLOTLIB_DIR = "matplotlib"


@functools.cache
def font_lists() -> tuple[Path, ...]:
    """matplotlib's font lists (``fontlist-v*.json``) from the grader's own cache, built once
    there if none is (by importing matplotlib's font manager in a child process); none where
    matplotlib is not installed or its cache folder is not writable."""
    if importlib.util.find_spec("matplotlib") is None:
        return ()
    cache = os.environ.get("MPLCONFIGDIR") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "matplotlib"
    )
    found = tuple(sorted(Path(cache).glob("fontlist-v*.json")))
    if not found:
        build = [sys.executable, "-c", "import matplotlib.font_manager"]
        subprocess.run(build, capture_output=True, timeout=120, check=False)
        found = tuple(sorted(Path(cache).glob("fontlist-v*.json")))
    return found


@functools.cache
def bubblewrap() -> str | None:
    """The path of a working ``bwrap``, or None (missing, or it cannot make namespaces)."""
    path = shutil.which("bwrap")
    if path is None or not sys.platform.startswith("linux"):
        return None
    probe = subprocess.run(
        [path, "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "true"],
        capture_output=True,
    )
    return path if probe.returncode == 0 else None


def isolation_warning() -> str | None:
    """What the instructor must be told when the worker is not fully isolated."""
    if bubblewrap() is not None:
        return None
    return (
        "bubblewrap (bwrap) is not available here, so student code runs in a plain child "
        "process: resource limits, timeouts and the data-only channel still apply, but it "
        "can read the files this user can read and reach the network. This is NOT a "
        "security boundary. On Debian or Ubuntu: sudo apt-get install bubblewrap."
    )


def _python_paths() -> list[Path]:
    """Folders the worker's Python needs: its installation and its environment."""
    paths = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve()}
    paths.add(Path(os.path.realpath(sys.executable)).parent.parent)
    return sorted(p for p in paths if not p.is_relative_to("/usr"))


def _with_parents(destination: Path, made: set[Path]) -> list[str]:
    args = []
    for parent in reversed(destination.parents):
        if parent != Path("/") and parent not in made:
            made.add(parent)
            args += ["--perms", "0755", "--dir", str(parent)]
    return args


def bubblewrap_command(bwrap: str, package: Path, limits: Limits) -> list[str]:
    """The ``bwrap`` argument list that runs the worker on the package folder ``package``,
    seen inside as ``/submission/NAME`` (nothing beside it is visible)."""
    args = [bwrap, "--ro-bind", "/usr", "/usr"]
    for link in ("bin", "lib", "lib64", "sbin"):
        if Path("/", link).is_symlink():
            args += ["--symlink", os.readlink(Path("/", link)), f"/{link}"]
        elif Path("/", link).is_dir():
            args += ["--ro-bind", f"/{link}", f"/{link}"]
    # /tmp first: a Python environment under /tmp (a CI clone's venv) is bound on top of it.
    args += ["--size", str(limits.tmp_size), "--perms", "1777", "--tmpfs", "/tmp"]
    made: set[Path] = {Path("/tmp")}
    for path in _python_paths():
        args += [*_with_parents(path, made), "--ro-bind", str(path), str(path)]
    args += [*_with_parents(Path(WORKER_DIR), made), "--ro-bind", str(INSIDE), WORKER_DIR]
    inside = Path(SUBMISSION_DIR, package.name)
    args += [*_with_parents(inside, made), "--ro-bind", str(package), str(inside)]
    matplotlib = Path("/tmp", MATPLOTLIB_DIR)
    args += ["--perms", "1777", "--dir", str(matplotlib)]
    for font_list in font_lists():
        args += ["--ro-bind", str(font_list), str(matplotlib / font_list.name)]
    args += ["--proc", "/proc", "--dev", "/dev", "--chdir", "/tmp"]
    args += ["--remount-ro", "/dev", "--remount-ro", "/"]  # only /tmp is writable
    for flag in ("ipc", "pid", "net", "uts", "cgroup-try"):
        args.append(f"--unshare-{flag}")
    args += ["--new-session", "--die-with-parent", "--clearenv"]
    for key, value in {**ENVIRONMENT, "MPLCONFIGDIR": str(matplotlib)}.items():
        args += ["--setenv", key, value]
    args.append("--")
    if os.getuid() == 0:
        uid = worker_uid()
        ids = [f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]
        args += ["/usr/bin/setpriv", *ids, "--inh-caps=-all", "--bounding-set=-all"]
    return args


def worker_uid() -> int:
    """A uid no other running worker of this machine uses: from this process's pid (unique
    among running processes; Linux pids stay below 2**22, so the uid below 2**27) and a
    counter of this process (a grading process runs one worker at a time, killing the last
    before it starts the next)."""
    return FIRST_UID + os.getpid() * 16 + next(_SERIAL) % 16


def _make_readable(package: Path) -> None:
    """Let the unprivileged worker read the package: folders 0755, files 0644."""
    if os.getuid() != 0:
        return
    for folder, _, files in os.walk(package):
        os.chmod(folder, 0o755)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)


@dataclass
class Process:
    """A started worker: the process, the paths to tell it in its ``init`` message, and how
    many generations below the started process the worker runs (2 under bubblewrap, whose
    init process runs it; 0 for a plain child)."""

    popen: subprocess.Popen[bytes]
    package_dir: str
    workdir: str
    scratch: tempfile.TemporaryDirectory[str] | None
    depth: int = 0
    _clock: int | None = None

    def cpu_seconds(self) -> float | None:
        """The CPU time the worker has used so far, all its threads together; None where it
        cannot be read (see :mod:`autograder.sandbox.cputime`), 0 while bubblewrap is still
        setting the sandbox up."""
        if self._clock is None:
            pid = cputime.descendant(self.popen.pid, self.depth)
            if pid is None:
                return 0.0 if cputime.PROC.is_dir() and self.popen.poll() is None else None
            self._clock = cputime.cpu_clock(pid)
            if self._clock is None:
                return None
        return cputime.cpu_seconds(self._clock)

    def kill_group(self) -> None:
        """Send SIGKILL to the worker's process group (safe from any thread)."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)

    def kill(self) -> None:
        """Kill the worker's whole process group and reap it."""
        self.kill_group()
        self.popen.wait()
        for stream in (self.popen.stdin, self.popen.stdout, self.popen.stderr):
            if stream is not None:
                stream.close()
        if self.scratch is not None:
            self.scratch.cleanup()


def start(package: Path, limits: Limits) -> Process:
    """Start a worker for the package folder ``package`` (not yet initialized)."""
    bwrap = bubblewrap()
    python = [sys.executable, "-B", "-s"]
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    if bwrap is not None:
        _make_readable(package)
        command = [*bubblewrap_command(bwrap, package, limits), *python]
        command.append(f"{WORKER_DIR}/worker.py")
        popen = subprocess.Popen(command, start_new_session=True, **pipes)
        return Process(popen, f"{SUBMISSION_DIR}/{package.name}", "/tmp", None, depth=2)
    scratch = tempfile.TemporaryDirectory(prefix="autograder-worker-")
    matplotlib = Path(scratch.name, MATPLOTLIB_DIR)
    matplotlib.mkdir()
    for font_list in font_lists():
        shutil.copyfile(font_list, matplotlib / font_list.name)
    popen = subprocess.Popen(
        [*python, str(INSIDE / "worker.py"), lifeline.OPTION, str(os.getpid())],
        cwd=scratch.name,
        env={**ENVIRONMENT, "MPLCONFIGDIR": str(matplotlib)},
        start_new_session=True,
        **pipes,
    )
    return Process(popen, str(package), scratch.name, scratch)
