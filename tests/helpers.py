"""Helpers shared by the repository's own tests: the course, and copies of packages."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from autograder.course import Assignment, assignments, find_course
from autograder.grading.job import warm_grader
from autograder.sandbox.launcher import Limits
from autograder.sandbox.settings import write_settings
from autograder.testing.runner import TestRun, TestTarget, run_tests

REPO = Path(__file__).resolve().parents[1]
COURSE = find_course(REPO)
ASSIGNMENTS: list[Assignment] = assignments(COURSE)


def copy_package(source: Path, destination: Path) -> Path:
    """Copy the package in ``source`` (its modules, not its tests) to ``destination``."""
    shutil.copytree(
        source,
        destination,
        ignore=shutil.ignore_patterns("tests", "__pycache__", "expected.py", "notebook.py"),
    )
    return destination


def one_module_package(folder: Path, source: str) -> Path:
    """A package ``pkg`` in ``folder`` whose ``__init__.py`` is ``source``; its folder."""
    package = folder / "pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(source, encoding="utf-8")
    return package


@contextlib.contextmanager
def sandboxed_student(package: Path, limits: Limits) -> Iterator[Any]:
    """``package`` (imported as ``pkg``) behind a sandboxed worker, in a test just begun."""
    from autograder.testing.sandboxed import SandboxStudent

    student = SandboxStudent(package, "pkg", limits)
    student.begin_test()
    try:
        yield student
    finally:
        student.close()


def run_warm(assignment: Assignment, target: TestTarget) -> TestRun:
    """``run_tests(target)`` as a batch runs it: in a fresh fork of a warm grader of
    ``assignment`` (the results of a new process, without its second of imports;
    ``tests/grading/test_warm.py`` holds the two the same)."""
    with warm_grader(assignment) as server:
        return run_tests(target, server=server)


def sandboxed(target: TestTarget, folder: Path) -> TestTarget:
    """``target`` run through the sandbox with the grader's default limits (its settings
    written in ``folder``)."""
    settings = folder / "sandbox.json"
    write_settings(settings, Limits(), (), "")
    return dataclasses.replace(target, sandbox=settings)


TOY_SPEC = """\
[assignment]
title = "Toy"

[[parts]]
name = "scale"
title = "Scaling"
functions = ["double"]
"""

TOY_MODULE = '''\
"""Toy operations."""

import numpy as np


def double(x):
    """Return 2 * x."""
    # TODO: Multiply x by two.
    # BEGIN SOLUTION
    return np.multiply(x, 2.0)
    # END SOLUTION
'''

TOY_PUBLIC_TEST = """\
from hypothesis import given

from autograder.testing import assert_close, graded
from autograder.testing import strategies as st


@graded(part="scale", points=2, visibility="visible", message="double(x) is 2 * x.")
def test_double_values(student, expected):
    case = expected["double"]
    assert_close(student.double(case["x"]), case["out"], "out")


@graded(part="scale", points=1, visibility="visible", message="double keeps the shape.")
@given(x=st.arrays(st.shapes()))
def test_double_shape(student, x):
    assert student.double(x).shape == x.shape
"""

TOY_HIDDEN_TEST = """\
from hypothesis import given

from autograder.testing import assert_close, graded
from autograder.testing import strategies as st


@graded(part="scale", points=3, visibility="hidden", message="double equals the reference.")
@given(x=st.arrays(st.shapes()))
def test_double_matches_reference(student, reference, x):
    assert_close(student.double(x), reference.double(x), "out")
"""

TOY_EXPECTED = """\
import numpy as np


def build(reference):
    x = np.arange(6.0).reshape(2, 3)
    return {"double": {"x": x, "out": reference.double(x)}}
"""

TOY_NOTEBOOK = """\
# %% [markdown]
# # Toy

# %%
print("hello")
"""

TOY_README = """\
# Toy

<!-- autograder:parts -->
"""


def make_toy_course(root: Path) -> Path:
    """A one-assignment course (``t1_toy``, one function) in ``root``; returns ``root``."""
    solution = root / "solutions" / "t1_toy"
    files = {
        "assignment.toml": TOY_SPEC,
        "__init__.py": "from .ops import double\n",
        "ops.py": TOY_MODULE,
        "expected.py": TOY_EXPECTED,
        "notebook.py": TOY_NOTEBOOK,
        "README.md": TOY_README,
        "tests/public/test_double.py": TOY_PUBLIC_TEST,
        "tests/hidden/test_double_hidden.py": TOY_HIDDEN_TEST,
    }
    for relative, text in files.items():
        path = solution / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "assignments").mkdir(exist_ok=True)
    return root


def require_bubblewrap() -> None:
    """Skip a test that needs the bubblewrap sandbox where it cannot run (a laptop without
    the package), with how to install it; in CI (``CI`` set) fail instead: CI installs it,
    and a skipped containment check must never pass for a green run."""
    from autograder.sandbox.launcher import bubblewrap

    if bubblewrap() is not None:
        return
    message = "bubblewrap (bwrap) cannot run here; install it: sudo apt-get install bubblewrap"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextlib.contextmanager
def cpu_hog(processes: int) -> Iterator[None]:
    """Keep ``processes`` busy loops running (each a child of this test, killed on exit), to
    check that an outcome does not depend on how busy the machine is."""
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(processes)]
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()


def machine_slowdown() -> float:
    """How many times longer than on an idle machine CPU-bound work takes now: the one-minute
    load average per usable core, at least 1."""
    return max(1.0, os.getloadavg()[0] / len(os.sched_getaffinity(0)))


def communicate_scaled(
    process: subprocess.Popen, seconds: float, step: float = 2.0
) -> tuple[bytes | str | None, bytes | str | None]:
    """``process.communicate()`` with a deadline of ``seconds`` on an idle machine, scaled by
    how busy the machine is while it waits (each second counts ``1 / machine_slowdown()``);
    raises :class:`subprocess.TimeoutExpired` once it is spent."""
    left = seconds
    while True:
        try:
            return process.communicate(timeout=step)
        except subprocess.TimeoutExpired:
            left -= step / machine_slowdown()
            if left <= 0:
                raise


def adopt_orphans() -> None:
    """Make this process the reaper of its descendants' orphans (Linux), so that a process a
    test started, and that outlived its parent, is still found by :func:`own_processes`."""
    import ctypes

    ctypes.CDLL(None).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER


def own_processes() -> list[str]:
    """``pid: command line`` of every living process descended from this one: what a test
    started and left running (other processes of the machine are not this test's business)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError):
                stat = (entry / "stat").read_bytes()
                fields = stat[stat.rindex(b")") + 2 :].split()
                if fields[0] != b"Z":  # a zombie is gone, only not yet reaped
                    parents[int(entry.name)] = int(fields[1])
    mine = {os.getpid()}
    grew = True
    while grew:
        below = {pid for pid, parent in parents.items() if parent in mine} - mine
        grew = bool(below)
        mine |= below
    found = []
    for pid in sorted(mine - {os.getpid()}):
        with contextlib.suppress(OSError):
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            found.append(f"{pid}: {command.decode(errors='replace')[:200]}")
    return found


def gradings_in_parallel(
    request: pytest.FixtureRequest,
    test_name: str,
    prepare: Callable[[Any], tuple],
    grade: Callable[..., object],
) -> dict[str, Future]:
    """For every selected item of ``test_name``: ``grade(*prepare(its callspec))`` on a pool of
    one thread per core (each grading is its own process, so that keeps every core busy).
    ``prepare`` runs here, in this thread (it may parse Python, which must not happen in two
    threads at once); an AssertionError it raises becomes that item's failure. Returns
    test id -> future of the grading."""
    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
    request.addfinalizer(lambda: pool.shutdown(cancel_futures=True))
    futures: dict[str, Future] = {}
    for item in request.session.items:
        if item.originalname != test_name:
            continue
        spec = item.callspec
        try:
            arguments = prepare(spec)
        except AssertionError as error:
            futures[spec.id] = Future()
            futures[spec.id].set_exception(error)
            continue
        futures[spec.id] = pool.submit(grade, *arguments)
    return futures
