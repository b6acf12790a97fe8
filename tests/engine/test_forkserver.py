"""The warm grader process (:mod:`autograder.testing.forkserver`): a run in a fork of it
gives what a run in a new process gives, no run sees what an earlier one did, and a server
that fails is replaced, not reused."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

import pytest
from helpers import copy_package, make_toy_course

from autograder.course import get_assignment
from autograder.grading.job import warm_up
from autograder.testing.forkserver import ForkServer, ForkServerError, ServerPool
from autograder.testing.runner import assignment_target, run_tests

#: A hidden test that leaves a mark in its module, and fails if an earlier run left one.
LEAKY_TEST = """\
from autograder.testing import graded

MARKS = []


@graded(part="scale", points=1, visibility="hidden", message="no earlier run's mark.")
def test_no_earlier_mark(student):
    assert MARKS == [], "an earlier run's state leaked into this one"
    MARKS.append(student.double(1.0))
"""


@pytest.fixture
def toy(tmp_path):
    """The toy course's assignment (with the leaky test) and a wrong package for it."""
    course = make_toy_course(tmp_path / "course")
    hidden = course / "solutions" / "t1_toy" / "tests" / "hidden"
    (hidden / "test_leaky.py").write_text(LEAKY_TEST)
    assignment = get_assignment(course, "t1_toy")
    wrong = copy_package(assignment.solution_dir, tmp_path / "wrong")
    (wrong / "ops.py").write_text("def double(x):\n    return x * 3.0\n")
    return assignment, wrong


@pytest.fixture
def server(toy):
    assignment, _ = toy
    started = ForkServer(warm_up(assignment))
    yield started
    started.close()


def results(run):
    return [dataclasses.astuple(r) for r in run.results], run.import_error, run.timed_out


def test_a_run_in_a_fork_equals_a_run_in_a_new_process(toy, server):
    assignment, wrong = toy
    for package in (assignment.solution_dir, wrong):
        target = assignment_target(assignment, package)
        warm, cold = run_tests(target, server=server), run_tests(target, isolated=True)
        assert results(warm) == results(cold)
        assert [r.passed for r in warm.results if r.test == "test_no_earlier_mark"] == [True]


def test_every_run_starts_from_the_warm_state_not_from_the_last_run(toy, server):
    assignment, wrong = toy
    target = assignment_target(assignment, wrong)
    for _ in range(3):  # the leaky test passes each time: its mark died with the fork
        run = run_tests(target, server=server)
        assert [r.passed for r in run.results if r.test == "test_no_earlier_mark"] == [True]


def test_a_server_that_stopped_says_so_and_the_pool_starts_another(toy):
    assignment, _ = toy
    pool = ServerPool()
    warm = warm_up(assignment)
    with pool.server(warm) as first:
        pass
    with pytest.raises(ForkServerError, match="stopped"), pool.server(warm) as same:
        assert same is first  # an idle server is reused
        same._process.kill()
        run_tests(assignment_target(assignment, assignment.solution_dir), server=same)
    with pool.server(warm) as fresh:
        assert fresh is not first
        run = run_tests(assignment_target(assignment, assignment.solution_dir), server=fresh)
        assert [r.passed for r in run.results if r.test == "test_no_earlier_mark"] == [True]
    pool.close()


def test_a_server_outlives_the_thread_that_started_it(toy):
    """A batch's job threads end before the batch; the servers they started must not die
    with them (a child's "die with the parent" follows the thread that started it)."""
    assignment, _ = toy
    with ThreadPoolExecutor(max_workers=1) as threads:
        server = threads.submit(ForkServer, warm_up(assignment)).result()
    try:
        run = run_tests(assignment_target(assignment, assignment.solution_dir), server=server)
        assert [r.passed for r in run.results if r.test == "test_no_earlier_mark"] == [True]
    finally:
        server.close()
