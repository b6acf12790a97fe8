"""Every generated skeleton earns zero points on every graded test, public and hidden.

A test that a skeleton passes checks nothing the student wrote.
"""

import pytest
from helpers import ASSIGNMENTS, run_warm

from autograder.testing.runner import assignment_target

pytestmark = pytest.mark.skeletons


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=lambda a: a.name)
def test_skeleton_earns_nothing(assignment):
    target = assignment_target(assignment, assignment.student_dir)
    results = run_warm(assignment, target).results
    passed = [r.test for r in results if r.passed]
    assert results and not passed, f"the skeleton of {assignment.name} passes {passed}"
