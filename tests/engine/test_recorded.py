"""Hypothesis examples drawn once per batch (:mod:`autograder.testing.recorded`): a run that
replays the examples recorded on the reference gets the results of a run that draws them,
and the student's code sees the same calls in the same order, whether it passes, fails at
a later example (then hypothesis shrinks as usual), raises what fails every input (then the
test ends there, as hypothesis would end it), or returns the wrong shape (the one case
where an example's first calls are made twice)."""

from __future__ import annotations

import pickle

import pytest
from helpers import copy_package, make_toy_course

from autograder.course import get_assignment
from autograder.grading.job import warm_up
from autograder.testing.forkserver import ForkServer
from autograder.testing.runner import assignment_target, run_tests

#: Hidden tests that draw in their bodies, from a strategy that depends on the output.
DRAWING_TEST = """\
import numpy as np
from hypothesis import given, strategies as hs

from autograder.testing import assert_close, graded, strategies as st


@graded(part="scale", points=1, visibility="hidden", message="double, then a drawn factor.")
@given(x=st.arrays(st.shapes()), data=hs.data())
def test_double_then_scale(student, reference, x, data):
    out = student.double(x)
    factor = data.draw(st.arrays(np.shape(out)), label="factor")
    assert_close(out * factor, reference.double(x) * factor, "out * factor")
"""

#: The toy's double, logging each call's input, right or wrong in two ways.
LOGGED = """\
import os

import numpy as np


def double(x):
    with open(os.environ["DOUBLE_LOG"], "a") as log:
        log.write(repr(np.asarray(x).tolist()) + "\\n")
    x = np.asarray(x, dtype=float)
    {body}
"""
BODIES = {
    "right": "return 2.0 * x",
    "wrong_on_big_values": "return np.where(np.abs(x) > 1.5, 3.0 * x, 2.0 * x)",
    "wrong_shape": "return (2.0 * x).ravel()[:1] if x.ndim > 1 else 2.0 * x",
    # a failure that does not depend on the input (FailsEveryInput), at a later example:
    # the replay ends the test with it, as hypothesis would, without starting hypothesis
    "todo_on_big_arrays": "if x.size > 3:\n        raise NotImplementedError('TODO in ops.py')"
    "\n    return 2.0 * x",
}


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    root = tmp_path_factory.mktemp("recorded")
    course = make_toy_course(root / "course")
    hidden = course / "solutions" / "t1_toy" / "tests" / "hidden"
    (hidden / "test_drawing.py").write_text(DRAWING_TEST)
    assignment = get_assignment(course, "t1_toy")
    packages = {}
    for name, body in BODIES.items():
        package = copy_package(assignment.solution_dir, root / name)
        (package / "ops.py").write_text(LOGGED.format(body=body))
        packages[name] = package
    return assignment, packages


@pytest.mark.parametrize("student", sorted(BODIES))
def test_replayed_examples_give_the_results_and_calls_of_drawn_ones(
    toy, student, tmp_path, monkeypatch
):
    assignment, packages = toy
    log = tmp_path / "calls.log"
    monkeypatch.setenv("DOUBLE_LOG", str(log))
    examples = tmp_path / "examples.pickle"
    server = ForkServer(warm_up(assignment), examples)  # records with the reference's
    try:  # double, which logs nothing
        target = assignment_target(assignment, packages[student])
        recording = pickle.loads(examples.read_bytes())
        replayed = run_tests(target, server=server)
        replayed_calls = log.read_text().splitlines()
        log.unlink()
        drawn = run_tests(target, isolated=True)
        drawn_calls = log.read_text().splitlines()
    finally:
        server.close()
    assert {test.split("::")[-1] for test in recording} == {
        "test_double_shape",
        "test_double_matches_reference",
        "test_double_then_scale",
    }  # the property tests (the stored case is not one)
    assert replayed.results == drawn.results
    properties = [r for r in drawn.results if r.test != "test_double_values"]
    assert (student == "right") == all(r.passed for r in properties)
    if student == "wrong_shape":  # the diverging example's first call is made again
        assert len(replayed_calls) > len(drawn_calls)
        assert sorted(set(replayed_calls)) == sorted(set(drawn_calls))
    else:
        assert replayed_calls == drawn_calls
