"""A numeric gradient check of sandboxed code crosses to the worker once, not once per
perturbed input (:mod:`autograder.testing.replay`), and gives what one request per
evaluation gives: the same numbers bit for bit, the same calls in the worker in the same
order, the same errors at the same evaluation, the same limits."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import one_module_package, sandboxed_student

from autograder.sandbox.inside.channel import Channel
from autograder.sandbox.launcher import Limits
from autograder.testing import replay
from autograder.testing.gradcheck import numeric_gradient
from autograder.testing.sandboxed import WorkerTimeout, _well_repeated
from autograder.testing.student import InProcessStudent, StudentCodeError

SOURCE = '''
import time

import numpy as np

CALLS = []


def loss(x, w, scale=1.0):
    """sum(tanh(x @ w)) * scale, noting each call."""
    CALLS.append(float(x.sum()))
    return float(np.tanh(x @ w).sum() * scale)


def pair(x):
    """(loss, cache): the test takes the first."""
    return float((x**3).sum()), {"x": x}


def consume(x):
    """Changes its argument in place, as some students do."""
    x *= 2
    return float(x.sum() ** 2)


def fragile(x):
    if x.max() > 0.5:
        raise ValueError("an element is too large")
    return float((x**2).sum())


def slow_when_large(x, seconds):
    if x.max() > 0.5:
        end = time.process_time() + seconds
        while time.process_time() < end:
            pass
    return float(x.sum())


def calls():
    return list(CALLS)


class Net:
    def __init__(self):
        self.params = {"W": np.ones((2, 2))}

    def loss(self, X):
        return float(np.sin(X @ self.params["W"]).sum())
'''

LIMITS = Limits(call_timeout=2, test_timeout=30, startup_timeout=30, wall_factor=5)


@pytest.fixture
def package(tmp_path):
    """The package above, in a folder of its own."""
    return one_module_package(tmp_path, SOURCE)


@pytest.fixture
def sandboxed(package):
    """The package, sandboxed with LIMITS."""
    with sandboxed_student(package, LIMITS) as student:
        yield student


@pytest.fixture
def requests(monkeypatch):
    """The ops of every request the grader sends, in order."""
    sent = []
    original = Channel.request

    def spy(self, message):
        sent.append(message["op"])
        return original(self, message)

    monkeypatch.setattr(Channel, "request", spy)
    return sent


def one_by_one(f, x, h=1e-5):
    """The gradient check as it was: one evaluation after another, nothing recorded."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        plus = float(f(x))
        x[i] = old - h
        minus = float(f(x))
        x[i] = old
        grad[i] = (plus - minus) / (2 * h)
    return grad


X = np.array([[0.3, -0.2, 0.1], [0.05, 0.4, -0.6]])
W = np.array([[0.5, -1.0], [0.25, 0.75], [-0.3, 0.2]])


def test_a_check_crosses_once_and_equals_one_request_per_evaluation_bit_for_bit(
    sandboxed, package, requests
):
    grad = numeric_gradient(lambda v: sandboxed.loss(v, W, scale=2.0), X.copy())
    assert requests == ["call", "repeat"]  # the first evaluation, then all 23 others
    local = InProcessStudent.load(package, "pkg_local")
    expected = one_by_one(lambda v: local.loss(v, W, scale=2.0), X)
    assert grad.tobytes() == expected.tobytes()
    # The worker made the same 24 calls, in the same order, as 24 requests would have.
    assert sandboxed.calls() == local.calls()


def test_a_method_of_a_handle_whose_attribute_is_set_in_each_evaluation(sandboxed, package):
    net = sandboxed.Net()
    local = InProcessStudent.load(package, "pkg_local").Net()

    def at(model):
        def loss(v):
            model.params = {"W": v}
            return model.loss(X[:, :2])

        return loss

    assert (
        numeric_gradient(at(net), np.eye(2)).tobytes() == one_by_one(at(local), np.eye(2)).tobytes()
    )


def test_the_first_request_of_each_evaluation_is_replayed_in_order(sandboxed, requests):
    numeric_gradient(lambda v: sandboxed.pair(v)[0], X.copy())
    assert requests == ["call", "repeat"]


def test_code_that_changes_its_argument_gets_a_fresh_copy_each_time(sandboxed, package):
    local = InProcessStudent.load(package, "pkg_local")
    grad = numeric_gradient(lambda v: sandboxed.consume(v), X.copy())
    assert grad.tobytes() == one_by_one(lambda v: local.consume(v), X).tobytes()


def test_a_student_error_at_a_later_input_is_raised_there_as_one_request_would(sandboxed, package):
    local = InProcessStudent.load(package, "pkg_local")
    x = np.array([0.1, 0.5 - 1e-6])  # the third evaluation, x[1] + h, is too large

    def evaluations(student, error):
        seen = []

        def f(v):
            seen.append(v.copy())
            return student.fragile(v)

        with pytest.raises(error, match="an element is too large"):
            numeric_gradient(f, x.copy())
        return seen

    sandboxed_seen = evaluations(sandboxed, StudentCodeError)
    local_seen = evaluations(local, ValueError)
    assert len(sandboxed_seen) == len(local_seen) == 3
    assert all(a.tobytes() == b.tobytes() for a, b in zip(sandboxed_seen, local_seen, strict=True))


def test_an_error_the_test_catches_lets_the_rest_run_one_by_one(sandboxed, package, requests):
    local = InProcessStudent.load(package, "pkg_local")

    def caught(student):
        def f(v):
            try:
                return student.fragile(v)
            except StudentCodeError:
                return -1.0
            except ValueError:  # in-process, the student's own exception
                return -1.0

        return f

    x = np.array([0.1, 0.5, 0.2])  # x[1] is nudged above 0.5 by the third evaluation
    expected = one_by_one(caught(local), x)
    assert numeric_gradient(caught(sandboxed), x).tobytes() == expected.tobytes()
    assert requests.count("repeat") == 2  # after the error, again from the next evaluation


def test_an_argument_made_from_x_goes_one_by_one(sandboxed, package, requests):
    local = InProcessStudent.load(package, "pkg_local")
    grad = numeric_gradient(lambda v: sandboxed.loss(X, W, scale=float(v[0])), np.array([1.5]))
    expected = one_by_one(lambda v: local.loss(X, W, scale=float(v[0])), np.array([1.5]))
    assert grad.tobytes() == expected.tobytes()
    assert "repeat" not in requests


def test_requests_that_change_with_the_input_go_one_by_one_from_there(sandboxed, package):
    local = InProcessStudent.load(package, "pkg_local")

    def branching(student):
        return lambda v: student.loss(v, W) if v[0, 0] < 0.3 else student.consume(v)

    expected = one_by_one(branching(local), X)
    assert numeric_gradient(branching(sandboxed), X.copy()).tobytes() == expected.tobytes()


def test_the_call_limit_holds_for_each_repeated_call(sandboxed):
    x = np.array([0.1, 0.5 - 5e-6])  # only the third evaluation, x[1] + h, is slow
    seen = []

    def f(v):
        seen.append(v.copy())
        return sandboxed.slow_when_large(v, 2.5)  # within the repeat's 2 s x 3 calls

    with pytest.raises(WorkerTimeout, match="slow_when_large used more than 2 s of CPU time"):
        numeric_gradient(f, x)
    assert len(seen) == 3


def test_large_answers_come_in_several_repeats(sandboxed, package, requests, monkeypatch):
    monkeypatch.setattr(replay, "MAX_BYTES", 200)
    local = InProcessStudent.load(package, "pkg_local")
    grad = numeric_gradient(lambda v: sandboxed.pair(v)[0], X.copy())
    assert grad.tobytes() == one_by_one(lambda v: local.pair(v)[0], X).tobytes()
    assert requests.count("repeat") > 2


@pytest.mark.parametrize(
    "answers",
    [
        [],
        [[]],
        [[{"value": b"", "cpu": 0.0}]],  # two requests per evaluation
        [[{"error": {}, "cpu": 0.0}], [{"value": b"", "cpu": 0.0}] * 2],  # error not last
        [[{"value": b"", "cpu": 0}] * 2],  # CPU time not a float
        [[{"value": b"", "cpu": -1.0}] * 2],
        [[{"value": b"", "error": {}, "cpu": 0.0}] * 2],
        [[{"value": "text", "cpu": 0.0}] * 2],
    ],
)
def test_a_malformed_repeat_answer_is_refused(answers):
    assert not _well_repeated(answers, 2)


def test_a_well_formed_repeat_answer_is_accepted():
    value = {"value": b"\x00", "cpu": 0.0}
    assert _well_repeated([[value, value], [value, {"error": {}, "cpu": 0.1}]], 2)
