"""The bundled example submissions grade as examples/submissions/README.md says, through
the real pipeline (intake, sandbox, forbidden calls): the quick start's gradebook."""

from pathlib import Path

import pytest
from helpers import COURSE, REPO

from autograder.grading.batch import grade_batch
from autograder.grading.intake import find_submissions
from autograder.grading.job import GradingSetup
from autograder.grading.model import Status
from autograder.sandbox.launcher import Limits

pytestmark = pytest.mark.batch

EXAMPLES = REPO / "examples" / "submissions"

#: Each example student: status, score, and words their reason must contain.
EXPECTED = {
    "a1_backprop": {
        "ada": (Status.GRADED, 40, ""),
        "ben": (Status.GRADED, 22, ""),
        "carl": (Status.DID_NOT_IMPORT, 0, "SyntaxError"),
        "dana": (Status.GRADED, 18, ""),
        "eve": (Status.GRADED, 28, "uses torch, which is not allowed"),
        "mallory": (Status.GRADED, 0, ""),
    },
}


def test_every_example_is_listed():
    found = {(p.parent.name, p.name) for p in EXAMPLES.glob("*/*") if p.is_dir()}
    assert found == {(a, s) for a, students in EXPECTED.items() for s in students}


@pytest.mark.parametrize("assignment", sorted(EXPECTED))
def test_examples_grade_as_documented(assignment, tmp_path):
    setup = GradingSetup(COURSE, assignment, tmp_path / "staging", Limits(call_timeout=5))
    found = find_submissions([EXAMPLES / assignment], assignment)
    results = {r.student: r for r in grade_batch(setup, found, tmp_path / "out", jobs=2)}
    for student, (status, score, reason) in EXPECTED[assignment].items():
        result = results[student]
        assert (result.status, result.score) == (status, score), result
        assert reason in result.reason
    assert not Path("/tmp/mallory_was_here").exists()
