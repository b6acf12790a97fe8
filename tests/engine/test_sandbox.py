"""The sandboxed worker and its proxy: data-only calls, handles, callbacks, limits, and
what a student reads when their code hangs, crashes or floods its output."""

from __future__ import annotations

import contextlib
import os

import msgpack
import numpy as np
import pytest
from helpers import cpu_hog, require_bubblewrap

from autograder.sandbox import launcher
from autograder.sandbox.inside.channel import RemoteError
from autograder.sandbox.inside.codec import (
    HANDLE,
    MAX_MESSAGE,
    BufferedRead,
    ChannelClosed,
    Codec,
    ProtocolError,
    read_message,
)
from autograder.sandbox.launcher import Limits, bubblewrap
from autograder.testing import expressions as ex
from autograder.testing.sandboxed import Handle, SandboxStudent, WorkerFailure, WorkerTimeout
from autograder.testing.student import (
    MissingFunctionError,
    StudentCodeError,
    StudentImportError,
    exception_raised,
    lines_executed,
    modified_in_place,
)

FAST = Limits(call_timeout=2, startup_timeout=20, output=64 * 1024, wall_factor=3)


@pytest.fixture
def make_student(tmp_path):
    """A sandboxed student whose package ``pkg`` has an __init__.py of the given source."""
    students = []

    def make(source: str, limits: Limits = FAST, blocked: tuple[str, ...] = ()) -> SandboxStudent:
        package = tmp_path / f"s{len(students)}" / "pkg"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text(source)
        student = SandboxStudent(package, "pkg", limits, blocked, "{name} is not allowed here")
        students.append(student)
        return student

    yield make
    for student in students:
        student.close()


def test_bubblewrap_is_used_where_installed():
    """CI installs bubblewrap (.ci/run); without it these tests would test less."""
    require_bubblewrap()
    assert bubblewrap() is not None


def test_codec_round_trips_arrays_tuples_and_plain_data():
    codec = Codec(lambda value: None, lambda code, body: None)
    value = {
        "x": np.arange(6, dtype=np.float32).reshape(2, 3),
        "t": (1, 2.5, "s", None, True, b"raw"),
        "n": [np.int64(3), np.float64(0.5)],
        "e": np.zeros((0, 4)),
    }
    back = codec.decode(codec.encode(value))
    assert back["x"].dtype == np.float32 and np.array_equal(back["x"], value["x"])
    assert back["t"] == (1, 2.5, "s", None, True, b"raw")
    assert back["n"] == [3, 0.5] and back["e"].shape == (0, 4)


def test_codec_refuses_what_is_not_data():
    codec = Codec(lambda value: None, lambda code, body: None)
    with pytest.raises(TypeError):
        codec.encode(np.array([object()]))
    with pytest.raises(TypeError):
        codec.encode(object())
    forged = msgpack.packb(msgpack.ExtType(1, msgpack.packb(["|O", [1], b"x" * 8])))
    with pytest.raises(ProtocolError, match="refused an array"):
        codec.decode(forged)
    lying = msgpack.packb(msgpack.ExtType(1, msgpack.packb(["<f8", [2**40], b"x" * 8])))
    with pytest.raises(ProtocolError, match="do not match"):
        codec.decode(lying)


def test_the_codec_reuses_its_packers_and_a_refused_value_leaves_none_dirty():
    codec = Codec(lambda value: None, lambda code, body: None)
    nested = {"t": (np.ones(2), (np.arange(3), ("deep", np.zeros((1, 2)))))}
    first = codec.encode(nested)
    with pytest.raises(TypeError):
        codec.encode({"t": (np.ones(2), (np.arange(3), object()))})  # fails two tuples down
    assert codec.encode(nested) == first
    back = codec.decode(first)["t"]
    assert np.array_equal(back[1][0], np.arange(3)) and back[1][1][0] == "deep"
    assert codec.encode([1, {"a": 2}]) == msgpack.packb([1, {"a": 2}])


def test_an_array_of_more_dimensions_than_numpy_allows_is_refused():
    # 65 axes of 2**63: their product has thousands of bits, refused before it is computed
    forged = msgpack.packb(msgpack.ExtType(1, msgpack.packb(["<f8", [2**63] * 65, b""])))
    with pytest.raises(ProtocolError, match="refused an array"):
        Codec(lambda value: None, lambda code, body: None).decode(forged)


def test_messages_are_read_whole_however_the_bytes_arrive():
    codec = Codec(lambda value: None, lambda code, body: None)
    bodies = [codec.encode({"n": n, "x": np.arange(n * 9000.0)}) for n in range(4)]
    stream = b"".join(len(b).to_bytes(4, "big") + b for b in bodies)
    for piece in (1, 7, 70_000, len(stream)):  # a byte at a time, ..., all at once
        chunks = [stream[i : i + piece] for i in range(0, len(stream), piece)]
        asked = []

        def read(size, chunks=chunks, asked=asked):  # a pipe: at most size, the rest stays
            asked.append(size)
            if not chunks:
                return b""
            if len(chunks[0]) > size:
                chunks.insert(1, chunks[0][size:])
            return chunks.pop(0)[:size]

        buffered = BufferedRead(read)
        assert [read_message(buffered) for _ in bodies] == bodies
        assert min(asked) >= BufferedRead.CHUNK  # never a read of a 4-byte header alone
        with pytest.raises(ChannelClosed):
            read_message(buffered)


def test_a_message_declaring_a_huge_size_is_refused_before_reading():
    header = (MAX_MESSAGE + 1).to_bytes(4, "big")
    with pytest.raises(ProtocolError, match="over the"):
        read_message(lambda size: header[:size])


def test_calls_return_data_and_errors_name_the_student_line(make_student):
    student = make_student(
        "import numpy as np\n"
        "def add(a, b):\n    return a + b, (a.shape, 'ok')\n"
        "def boom(x):\n    raise ValueError('bad ' + str(x))\n"
    )
    out, meta = student.add(np.ones(3), np.arange(3.0))
    assert np.array_equal(out, [1.0, 2.0, 3.0]) and meta == ((3,), "ok")
    with pytest.raises(StudentCodeError) as info:
        student.boom(7)
    assert str(info.value) == "ValueError: bad 7 (in __init__.py, line 5, in boom)"
    with pytest.raises(MissingFunctionError, match="has no nothing"):
        student.nothing()


def test_exception_raised_names_the_students_exception_as_in_process(make_student):
    """A test that checks a refusal reads the same name in both places (see test_student)."""
    student = make_student("def boom(x):\n    raise ValueError(x)\ndef fine(x):\n    return x\n")
    assert exception_raised(student.boom, 7) == "ValueError"
    assert exception_raised(student.fine, 7) is None
    with pytest.raises(MissingFunctionError):
        exception_raised(student.nothing)


def test_arguments_are_copies(make_student):
    student = make_student("def scale(x):\n    x *= 0\n    return x\n")
    x = np.ones(3)
    student.scale(x)
    assert np.array_equal(x, np.ones(3))


UNSEEDED = """
import random

import numpy as np


def draws():
    return [random.random(), float(np.random.rand()), float(np.random.default_rng().random())]
"""


def test_draws_the_student_does_not_seed_are_the_same_in_every_worker(make_student):
    """A student's unseeded randomness (a dropout mask drawn with seed=None) must not make a
    grade or its feedback change from one grading to the next."""
    first, second = make_student(UNSEEDED), make_student(UNSEEDED)
    assert first.draws() == second.draws()
    assert first.draws() != first.draws()  # still random draws, from a fixed start


def test_objects_stay_in_the_worker_behind_handles(make_student):
    student = make_student(
        "class Net:\n"
        "    def __init__(self, n):\n        self.n = n\n        self.params = {'w': [n]}\n"
        "    def double(self):\n        return 2 * self.n\n"
        "def make_cache():\n    return object()\n"
        "def kind(cache):\n    return type(cache).__name__\n"
    )
    net = student.Net(4)
    assert isinstance(net, Handle) and net.double() == 8 and net.params == {"w": [4]}
    cache = student.make_cache()
    assert isinstance(cache, Handle) and student.kind(cache) == "object"


def test_attributes_of_a_handle_can_be_assigned_but_not_the_package(make_student):
    """``net.params = new`` reaches the object in the worker (a training loop in a test
    needs it); private names and the package module itself stay out of reach."""
    student = make_student(
        "class Net:\n"
        "    def __init__(self):\n        self.params = {'w': 1}\n"
        "    def total(self):\n        return sum(self.params.values())\n"
    )
    net = student.Net()
    net.params = {"w": 2, "b": 3}
    assert net.total() == 5 and net.params == {"w": 2, "b": 3}
    with pytest.raises(StudentCodeError, match="not a public name"):
        student._request("setattr", net._key, "__class__", (1,), {})
    with pytest.raises(StudentCodeError):
        student._request("setattr", 0, "Net", (1,), {})
    assert net.total() == 5


def test_the_tests_numpy_error_state_applies_in_the_worker(make_student):
    """A test that asks NumPy to raise on overflow sees the student's overflow, sandboxed
    as in one process; outside that block the default (a warning) applies."""
    student = make_student("import numpy as np\ndef grow(x):\n    return np.exp(x)\n")
    big = np.array([1000.0])
    assert np.isinf(student.grow(big)).all()
    with np.errstate(over="raise"), pytest.raises(StudentCodeError, match="FloatingPointError"):
        student.grow(big)
    assert np.isinf(student.grow(big)).all()


def test_functions_of_the_test_are_called_back(make_student):
    student = make_student("def apply(f, x):\n    return f(x) + f(2 * x)\n")
    calls = []

    def f(x):
        calls.append(x)
        return x * 10

    assert student.apply(f, np.float64(1.5)) == pytest.approx(45.0)
    assert calls == [1.5, 3.0]
    # A callback may call the student again (gradient checks of the student's forward).
    nested = make_student("def apply(f, x):\n    return f(x)\ndef square(x):\n    return x * x\n")
    assert nested.apply(lambda v: nested.square(v) + 1, 3) == 10
    # Keyword arguments reach it as they would in one process (a5's step_fn(prefixes=...)).
    keywords = make_student("def apply(f, x):\n    return f(x, scale=3) + f(value=x)\n")
    assert keywords.apply(lambda value, scale=1: value * scale, 2) == 8


def test_an_expression_is_evaluated_in_the_worker_without_calling_back(make_student, monkeypatch):
    student = make_student(
        "import numpy as np\n"
        "def gradient(f, x, h):\n"
        "    grad = np.zeros_like(x)\n"
        "    for i in range(x.size):\n"
        "        old = x.flat[i]\n"
        "        x.flat[i] = old + h\n        up = f(x)\n"
        "        x.flat[i] = old - h\n        down = f(x)\n"
        "        x.flat[i] = old\n"
        "        grad.flat[i] = (up - down) / (2 * h)\n"
        "    return grad, type(up).__name__, repr(f)\n"
    )
    served = []
    monkeypatch.setattr(SandboxStudent, "_serve", lambda self, message: served.append(message))
    smooth = ex.total(ex.sin(ex.x) * ex.x)
    x = np.linspace(-1.0, 1.0, 12).reshape(3, 4)
    grad, kind, text = student.gradient(smooth, x.copy(), 1e-5)
    assert served == [] and kind == "float" and text == "sum(sin(x) * x)"
    np.testing.assert_allclose(grad, np.cos(x) * x + np.sin(x), rtol=1e-7)


def test_a_hanging_call_times_out_and_the_next_test_gets_a_fresh_worker(make_student):
    student = make_student(
        "import time\ndef hang():\n    while True: pass\ndef ok():\n    return 1\n"
    )
    with pytest.raises(WorkerTimeout, match="hang used more than 2 s of CPU time"):
        student.hang()
    with pytest.raises(WorkerTimeout):  # the rest of the same test fails at once
        student.ok()
    student.begin_test()
    assert student.ok() == 1


#: A student function that computes for ``seconds`` of its own CPU time, whatever the load.
SPIN = (
    "import time\n"
    "def spin(seconds):\n"
    "    end = time.process_time() + seconds\n"
    "    while time.process_time() < end:\n"
    "        pass\n"
    "    return seconds\n"
)


def test_a_test_has_a_cpu_budget_across_all_its_calls(make_student):
    """Many calls that each stay under the call limit still end when the test's budget is
    spent (hypothesis may call a slow function a hundred times)."""
    student = make_student(SPIN, Limits(call_timeout=2, test_timeout=3, startup_timeout=20))
    student.begin_test()
    with pytest.raises(WorkerTimeout, match="calls used more than 3 s of CPU time in all"):
        for _ in range(20):
            student.spin(0.5)
    student.begin_test()  # the next test has its own budget
    assert student.spin(0.5) == 0.5


def test_time_limits_count_cpu_time_so_load_does_not_change_the_outcome(make_student):
    """The limits count the student's CPU time, not the clock: with every core busy with
    other work, a call that needs 1.2 s of CPU still passes a 2 s limit (it takes several
    seconds on the clock), and one that needs 3 s still fails, with the same message as on
    an idle machine."""
    student = make_student(SPIN)
    outcomes = []
    for busy in (False, True):
        with cpu_hog(2 * len(os.sched_getaffinity(0)) if busy else 0):
            student.begin_test()
            passed = student.spin(1.2)
            with pytest.raises(WorkerTimeout) as failed:
                student.spin(3.0)
        outcomes.append((passed, str(failed.value)))
    assert outcomes[0] == outcomes[1] == (1.2, outcomes[0][1])
    assert "spin used more than 2 s of CPU time" in outcomes[0][1]


def test_code_that_sleeps_is_stopped_by_the_wall_clock_backstop(make_student):
    """A sleep uses no CPU: the wall-clock backstop (wall_factor times the CPU limit) stops
    it, and the message says the code was waiting, not computing."""
    limits = Limits(call_timeout=1, startup_timeout=20, wall_factor=3)
    student = make_student("import time\ndef nap():\n    time.sleep(1000)\n", limits)
    with pytest.raises(WorkerTimeout, match=r"nap did not finish within 3 s \(wall-clock") as err:
        student.nap()
    assert "it was waiting" in str(err.value)


def test_a_crash_is_reported_and_the_worker_restarts(make_student):
    student = make_student(
        "import ctypes, os\n"
        "def segfault():\n    ctypes.string_at(0)\n"
        "def leave():\n    os._exit(0)\n"
        "def ok():\n    return 2\n"
    )
    with pytest.raises(WorkerFailure, match="SIGSEGV"):
        student.segfault()
    with pytest.raises(WorkerFailure, match="SIGSEGV"):  # the rest of this test
        student.ok()
    student.begin_test()
    assert student.ok() == 2
    with pytest.raises(WorkerFailure, match="exit code 0"):
        student.leave()
    student.begin_test()
    assert student.ok() == 2


def test_output_floods_are_cut_off(make_student):
    student = make_student("def spam():\n    while True:\n        print('x' * 1000)\n")
    with pytest.raises(WorkerFailure, match="printed more than 64 KiB"):
        student.spam()


def test_memory_is_limited(make_student):
    student = make_student("def hog():\n    return len(bytearray(8 * 1024**3))\n")
    with pytest.raises(StudentCodeError, match="MemoryError"):
        student.hog()


def test_import_errors_fail_every_call_with_the_reason(make_student):
    student = make_student("def f(:\n    pass\n")
    for _ in range(2):
        with pytest.raises(StudentImportError, match=r"SyntaxError.*__init__.py, line 1"):
            student.f()


def test_exit_at_import_is_an_import_failure(make_student):
    student = make_student("import sys\nsys.exit(0)\n")
    with pytest.raises(StudentImportError, match="SystemExit"):
        student.f()


def test_forbidden_libraries_import_but_refuse_to_work(make_student):
    student = make_student(
        "import json\nimport torch\ndef uses():\n    return torch.zeros(1)\n"
        "def fine():\n    return json.dumps([1]), (1, 2.5)\n",
        blocked=("torch",),
    )
    # Values still cross once the blocked torch is imported (the codec's look for tensors
    # must not touch it).
    assert student.fine() == ("[1]", (1, 2.5))
    with pytest.raises(StudentCodeError, match="ImportError: torch is not allowed here"):
        student.uses()


def test_the_worker_sees_no_course_files_and_no_network(make_student):
    require_bubblewrap()
    student = make_student(
        "import os, socket\n"
        "def look(path):\n    return os.path.exists(path)\n"
        "def connect():\n"
        "    try:\n        socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
        "    except OSError as err:\n        return type(err).__name__\n"
        "    return 'connected'\n"
        "def whoami():\n    return os.getuid()\n"
    )
    assert not student.look("/work/main/solutions")
    assert not student.look(str(__file__))
    assert student.connect() != "connected"
    assert student.whoami() >= launcher.FIRST_UID


def test_without_bubblewrap_the_limits_still_apply_and_the_grader_warns(make_student, monkeypatch):
    """Where bubblewrap is missing the worker is a plain child process: the warning says so,
    and timeouts, the channel and the resource limits work the same."""
    monkeypatch.setattr(launcher, "bubblewrap", lambda: None)
    assert "NOT a security boundary" in (launcher.isolation_warning() or "")
    student = make_student(
        "import time\n"
        "def add(a, b):\n    return a + b\n"
        "def nap():\n    time.sleep(60)\n"
        "def hog():\n    return len(bytearray(8 * 1024**3))\n"
    )
    assert student.add(2, 3) == 5
    with pytest.raises(WorkerTimeout):
        student.nap()
    student.begin_test()
    with pytest.raises(StudentCodeError, match="MemoryError"):
        student.hog()


def test_what_the_sandbox_stops_is_noted_for_the_instructor(make_student):
    """Writing outside /tmp, a network connection, a signal to another process and a new
    process are each noted once, with what was tried; the student's code sees only what the
    sandbox did (an error, or nothing)."""
    student = make_student(
        "import os, socket, subprocess\n"
        "def attack():\n"
        "    for action in (\n"
        "        lambda: open('/submission/pkg/x.py', 'w'),\n"
        "        lambda: open('/submission/pkg/x.py', 'w'),\n"
        "        lambda: socket.create_connection(('10.1.2.3', 80), timeout=0.5),\n"
        "        lambda: os.kill(1, 9),\n"
        "        lambda: subprocess.run(['true']),\n"
        "    ):\n"
        "        try:\n            action()\n"
        "        except Exception:\n            pass\n"
        "    return 0\n"
    )
    assert student.attack() == 0
    assert student.incidents == [
        "write outside /tmp: /submission/pkg/x.py",
        "network connection: connect to ('10.1.2.3', 80)",
        "signal to a process: os.kill(1, 9)",
        "new process: subprocess.Popen",
    ]


def test_an_honest_student_has_no_incidents(make_student):
    """Writing in /tmp (or the working folder), reading files and computing are not noted."""
    student = make_student(
        "import numpy as np, os, tempfile\n"
        "def work():\n"
        "    np.save('scratch.npy', np.ones(3))\n"
        "    with tempfile.NamedTemporaryFile('w') as f:\n        f.write('x')\n"
        "    with open(os.devnull, 'w') as f:\n        f.write('x')\n"
        "    return float(np.load('scratch.npy').sum())\n"
    )
    assert student.work() == 3.0
    assert student.incidents == []


def test_a_plot_is_not_an_incident(make_student):
    """A notebook's plot starts matplotlib, whose font search would run ``fc-list`` (a new
    process, noted): the worker gets the grader's font list, so nothing is searched."""
    student = make_student(
        "import io\n"
        "import matplotlib\n"
        "matplotlib.use('Agg')\n"
        "import matplotlib.pyplot as plt\n"
        "def plot():\n"
        "    plt.plot([1, 2, 3])\n"
        "    plt.title('loss')\n"
        "    buffer = io.BytesIO()\n"
        "    plt.savefig(buffer, format='png')\n"
        "    return len(buffer.getvalue()) > 0\n"
    )
    assert student.plot() is True
    assert student.incidents == []


def test_an_output_flood_is_noted(make_student):
    student = make_student("def spam():\n    while True:\n        print('x' * 1000)\n")
    with pytest.raises(WorkerFailure):
        student.spam()
    assert student.incidents == ["output flood: more than 64 KiB printed"]


def test_the_grader_caps_what_a_worker_reports(make_student):
    """A worker could report anything: the grader keeps text only, at most 20 notes of at
    most 200 characters, without control characters."""
    student = make_student("")
    student._note([f"{i}\x1b[2J" + "y" * 500 for i in range(50)])
    assert len(student.incidents) == 20
    assert all(len(n) == 200 and "\x1b" not in n for n in student.incidents)
    with pytest.raises(ProtocolError):
        student._note([{"not": "text"}])


def test_worker_uids_of_two_grading_processes_never_collide(monkeypatch):
    """Concurrent jobs' workers share no process budget: their uids come from the grading
    process's pid, whole (pids 5 and 100005 once shared one)."""
    uids = set()
    for pid in (5, 100_005, 4_194_303):
        monkeypatch.setattr(launcher.os, "getpid", lambda pid=pid: pid)
        uids.add(launcher.worker_uid())
    assert len(uids) == 3 and max(uids) < 2**31


def test_calls_that_raise_are_charged_their_cpu_time_too(make_student):
    """A slow call that ends in an exception still spends the test's budget (hypothesis
    calls a failing function again and again while it shrinks), and one that overran its
    own limit is a timeout, not the exception, as it would be had it been stopped."""
    student = make_student(
        SPIN + "def slow_error(seconds):\n    spin(seconds)\n    raise ValueError('late')\n",
        Limits(call_timeout=2, test_timeout=3, startup_timeout=20),
    )
    student.begin_test()
    with pytest.raises(WorkerTimeout, match="calls used more than 3 s of CPU time in all"):
        for _ in range(20):
            with contextlib.suppress(StudentCodeError):
                student.slow_error(0.5)
    student.begin_test()
    with pytest.raises(WorkerTimeout, match="slow_error used more than 2 s of CPU time"):
        student.slow_error(2.5)


def test_modified_in_place_is_checked_in_the_worker(make_student):
    """The worker receives copies of the test's arrays, so it is there that a change in
    place is seen: the same names as in-process, the call's value as usual."""
    student = make_student(
        "def step(w, dw, state):\n"
        "    w -= dw\n    state['m'] += 1\n    return w, state\n"
        "def clean(w, dw, state):\n    return w - dw, dict(state)\n"
    )
    w, dw, state = np.ones(3), np.full(3, 0.5), {"m": np.zeros(2)}
    (new_w, _), changed = modified_in_place(student.step, w, dw, state)
    assert changed == ["w", "state['m']"] and np.array_equal(new_w, np.full(3, 0.5))
    assert modified_in_place(student.clean, w, dw, state)[1] == []
    assert np.array_equal(w, np.ones(3))


def test_lines_executed_counts_the_students_own_lines_in_the_worker(make_student):
    """Counted work, the same however busy the machine: a Python loop over 100 entries runs
    a line per entry, a vectorized sum a few lines (NumPy's own code is not counted)."""
    student = make_student(
        "import numpy as np\n"
        "def looped(x):\n    total = 0.0\n    for value in x:\n        total += value\n"
        "    return total\n"
        "def vectorized(x):\n    return float(np.sum(x))\n"
    )
    x = np.arange(100.0)
    value, looped = lines_executed(student.looped, x)
    assert value == 4950.0 and looped > 200
    assert lines_executed(student.vectorized, x) == (4950.0, 1)


def test_a_forged_observation_is_refused_like_any_bad_answer(make_student, monkeypatch):
    """The worker is not trusted with what it observes either: an answer that is not what
    was asked for fails the call as a protocol violation, and the worker is stopped."""
    student = make_student("def f(x):\n    return x\n")
    student.f(np.ones(2))  # the worker runs
    channel = student._channel
    original = channel.request

    def forged(message):
        answer = original(message)
        return {**answer, "modified": 42} if message.get("observe") else answer

    monkeypatch.setattr(channel, "request", forged)
    with pytest.raises(WorkerFailure, match="sent the grader something it refuses"):
        modified_in_place(student.f, np.ones(2))


def test_what_the_worker_says_is_capped_by_the_grader(make_student, monkeypatch):
    """A forged error of megabytes (type name, message, place) and a forged handle's type
    name reach the test as a few kilobytes of printable text: the worker runs the student's
    code and is not trusted to cap them itself."""
    student = make_student("def f(x):\n    return x\n")
    student.f(np.ones(2))
    channel = student._channel
    huge = "\x1b[2J" + "A" * 1_600_000

    def forged(message):
        raise RemoteError({"type": huge, "message": huge, "where": huge})

    monkeypatch.setattr(channel, "request", forged)
    with pytest.raises(StudentCodeError) as failure:
        student.f(np.ones(2))
    text = str(failure.value)
    assert len(text) < 3000 and "more characters cut" in text and "\x1b" not in text
    assert len(failure.value.error_type) < 200
    handle = student._unwrap(HANDLE, msgpack.packb([1, huge]))
    assert len(repr(handle)) < 200


def test_a_package_cannot_switch_off_the_tests_floating_point_checks(make_student):
    """The test's NumPy error state applies to the student's code through NumPy's own
    functions, taken before the package was imported: silencing NumPy at import (a no-op
    np.errstate, np.seterr) changes nothing, and a function that switches the checks off and
    leaves them off fails, saying why."""
    student = make_student(
        "import contextlib\nimport numpy as np\n"
        "np.seterr(all='ignore')\n"
        "np.errstate = lambda **kwargs: contextlib.nullcontext()\n"
        "def naive_sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n"
        "def silencing_sigmoid(x):\n    np.seterr(all='ignore')\n    return 1 / (1 + np.exp(-x))\n"
    )
    x = np.array([-1000.0, 0.0])
    with np.errstate(over="raise"):
        assert exception_raised(student.naive_sigmoid, x) == "FloatingPointError"
        with pytest.raises(StudentCodeError, match="changed NumPy's handling"):
            student.silencing_sigmoid(x)
    assert student.naive_sigmoid(np.array([0.0]))[0] == 0.5


def test_a_cache_keyed_by_integers_stays_in_the_worker(make_student):
    """A dict with integer keys (``caches[t] = ...``, a natural cache for a loop over time)
    cannot cross as data (the grader's reader refuses such keys), so it comes back as a
    handle and works when passed back, as it does in-process."""
    student = make_student(
        "def forward(x):\n    caches = {t: x[t] * 2 for t in range(len(x))}\n"
        "    return x.sum(), {'steps': caches}\n"
        "def backward(cache):\n    return sorted(cache['steps'])\n"
    )
    total, cache = student.forward(np.arange(3.0))
    assert total == 3.0
    assert student.backward(cache) == [0, 1, 2]
