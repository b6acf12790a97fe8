"""The bundled example submissions grade as their READMEs say: the quick start shows a
student with full marks and one whose known mistakes lose exactly the matching tests."""

import pytest
from helpers import COURSE, REPO

from autograder.course import get_assignment
from autograder.testing.runner import assignment_target, run_tests

pytestmark = pytest.mark.solutions

EXAMPLES = REPO / "examples" / "submissions"

#: Each example student and the tests their mistakes must fail (all others pass).
FAILS = {
    ("a1_backprop", "ada"): set(),
    ("a1_backprop", "ben"): {
        "test_eval_numerical_gradient_known_function",
        "test_eval_numerical_gradient_array_known_function",
        "test_eval_numerical_gradient_matches_reference",
        "test_eval_numerical_gradient_array_matches_reference",
        "test_affine_backward_gradient_check",
        "test_affine_backward_db",
        "test_softmax_loss_large_logits_values",
        "test_softmax_loss_stable_for_large_logits",
    },
}


def test_every_example_is_listed():
    found = {(p.parent.name, p.name) for p in EXAMPLES.glob("*/*") if p.is_dir()}
    assert found == set(FAILS)


@pytest.mark.parametrize(("assignment", "student"), sorted(FAILS), ids="/".join)
def test_example_grades_as_documented(assignment, student):
    target = assignment_target(get_assignment(COURSE, assignment), EXAMPLES / assignment / student)
    failed = {r.test for r in run_tests(target, isolated=True).results if not r.passed}
    assert failed == FAILS[assignment, student]
