"""Every reference solution earns full marks on every public and hidden test."""

import pytest
from helpers import ASSIGNMENTS, run_warm, sandboxed

from autograder.authoring.inventory import declarations
from autograder.testing.runner import assignment_target

pytestmark = pytest.mark.solutions


@pytest.mark.parametrize("in_sandbox", [False, True], ids=["in-process", "sandboxed"])
@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=lambda a: a.name)
def test_reference_passes_every_test(assignment, in_sandbox, tmp_path):
    """One test, two places: the same tests pass in-process and through the sandbox."""
    target = assignment_target(assignment, assignment.solution_dir)
    if in_sandbox:
        target = sandboxed(target, tmp_path)
    results = run_warm(assignment, target).results
    failed = {r.test: r.feedback for r in results if not r.passed}
    assert results, f"{assignment.name} has no graded tests"
    assert not failed, f"the reference of {assignment.name} fails: {failed}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=lambda a: a.name)
def test_every_part_is_tested_publicly_and_hidden(assignment):
    """A part without public tests leaves students blind; one without hidden tests is
    graded only on inputs students have seen."""
    tested = {(d.part, d.hidden) for d in declarations(assignment)}
    for part in assignment.spec.parts:
        assert (part.name, False) in tested, f"part {part.name} has no public test"
        assert (part.name, True) in tested, f"part {part.name} has no hidden test"


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=lambda a: a.name)
def test_points_add_up_to_100(assignment):
    """Every assignment is worth 100 points, its public and hidden tests together, so that
    a score reads the same in every gradebook column (autograder/course.py says so)."""
    points = sum(d.points for d in declarations(assignment))
    assert points == 100, f"the tests of {assignment.name} add up to {points:g} points, not 100"
