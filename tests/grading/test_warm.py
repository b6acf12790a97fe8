"""A batch graded by warm grader processes (one fork of a process that imported the tests
once per submission, :mod:`autograder.testing.forkserver`) gets exactly the grades of a
batch that starts a new Python process for each submission: every test's points and
feedback, every status, reason and incident, for each of a1's example students (correct,
wrong, half done, not importing, forbidden library, notebook, malicious)."""

from __future__ import annotations

import dataclasses

import pytest
from helpers import COURSE, REPO

from autograder.grading.batch import grade_batch
from autograder.grading.intake import find_submissions
from autograder.grading.job import GradingSetup

pytestmark = pytest.mark.batch

EXAMPLES = REPO / "examples" / "submissions" / "a1_backprop"


def test_warm_graders_give_the_grades_of_new_processes_bit_for_bit(tmp_path):
    submissions = find_submissions([EXAMPLES], "a1_backprop")
    graded = {}
    for warm in (False, True):
        out = tmp_path / f"warm-{warm}"
        setup = GradingSetup(COURSE, "a1_backprop", out / "staging", warm=warm)
        graded[warm] = {
            r.student: dataclasses.astuple(r) for r in grade_batch(setup, submissions, out)
        }
    assert len(graded[True]) == len(submissions) == 10
    for student, cold in graded[False].items():
        assert graded[True][student] == cold, student
