"""The bundled example submissions grade as examples/submissions/README.md says, through
the real pipeline (intake, sandbox, forbidden calls): the quick start's gradebook."""

from collections import Counter
from pathlib import Path

import pytest
from helpers import COURSE, REPO
from report_page import Page

from autograder.grading.batch import grade_batch
from autograder.grading.intake import find_submissions
from autograder.grading.job import GradingSetup
from autograder.grading.model import Status, SubmissionResult
from autograder.instructor.report import write_report
from autograder.instructor.similarity import find_similar
from autograder.sandbox.launcher import Limits

pytestmark = pytest.mark.batch

EXAMPLES = REPO / "examples" / "submissions"

#: Each example student: status, score, and the words their reason must contain (none: the
#: reason must be empty). examples/submissions/README.md says what each one got wrong.
EXPECTED = {
    "a1_backprop": {
        "ada": (Status.GRADED, 100, ()),
        "ada_notebook": (Status.GRADED, 100, ()),
        "ben": (Status.GRADED, 73, ()),
        "carl": (Status.DID_NOT_IMPORT, 0, ("SyntaxError", "losses.py, line 4")),
        "dana": (Status.GRADED, 27, ()),
        "eve": (
            Status.GRADED,
            63,
            (
                "sigmoid_forward uses scipy.special.expit",
                "part activations gets no points",
                "softmax_loss uses torch",
                "part softmax gets no points",
                "module-level code uses torch",
                "part losses gets no points",
            ),
        ),
        "frank": (Status.GRADED, 79, ()),
        "grace": (Status.GRADED, 87.5, ()),
        "hugo": (Status.GRADED, 79, ()),
        "mallory": (Status.GRADED, 0, ()),
    },
    "a2_optim": {
        "iris": (Status.GRADED, 100, ()),
        "iris_notebook": (Status.GRADED, 100, ()),
        "jonas": (Status.GRADED, 58.5, ()),
        "kofi": (Status.GRADED, 62, ()),
        "lena": (Status.GRADED, 42, ()),
        "leon": (Status.GRADED, 62, ()),
        "milo": (Status.GRADED, 83, ("adam uses torch", "part adam gets no points")),
    },
    "a3_cnn": {
        "nadia": (Status.GRADED, 100, ()),
        "nadia_notebook": (Status.GRADED, 100, ()),
        "oscar": (Status.GRADED, 40, ()),
        "priya": (Status.GRADED, 54, ()),
        "quinn": (
            Status.TIMED_OUT,
            42,
            ("These tests ran out of time: test_convnet_learns_the_bars",),
        ),
        "rosa": (
            Status.GRADED,
            78,
            ("conv_forward_naive uses scipy.signal.correlate", "part conv_naive gets no points"),
        ),
    },
    "a4_rnn": {
        "sofia": (Status.GRADED, 100, ()),
        "sofia_notebook": (Status.GRADED, 100, ()),
        "tomas": (Status.GRADED, 46, ()),
        "uma": (Status.GRADED, 63, ()),
        "viktor": (Status.GRADED, 45, ()),
        "wen": (Status.GRADED, 37, ()),
    },
    "a5_attention": {
        "xena": (Status.GRADED, 100, ()),
        "xena_notebook": (Status.GRADED, 100, ()),
        "yusuf": (Status.GRADED, 38, ()),
        "zoe": (Status.GRADED, 72, ()),
        "arjun": (
            Status.GRADED,
            38,
            ("MultiHeadAttention uses torch.nn.functional.softmax", "part transformer gets no"),
        ),
        "bella": (Status.GRADED, 20, ()),
    },
    "a6_rl": {
        "chen": (Status.GRADED, 100, ()),
        "chen_notebook": (Status.GRADED, 100, ()),
        "dario": (Status.GRADED, 66, ()),
        "emma": (Status.GRADED, 53, ()),
        "farid": (Status.GRADED, 42, ()),
    },
}


#: The students whose code tried what the sandbox stops, and the kinds of incident the
#: instructor sees for them (every other student has none).
FLAGGED = {"mallory": {"network connection", "write outside /tmp"}}

#: Each student who submitted the assignment's notebook, and the package student whose code
#: the notebook holds: the two get the same points, test for test.
NOTEBOOKS = {"a1_backprop": ("ada_notebook", "ada"), "a2_optim": ("iris_notebook", "iris")}
NOTEBOOKS["a3_cnn"] = ("nadia_notebook", "nadia")
NOTEBOOKS["a4_rnn"] = ("sofia_notebook", "sofia")
NOTEBOOKS["a5_attention"] = ("xena_notebook", "xena")
NOTEBOOKS["a6_rl"] = ("chen_notebook", "chen")

#: The pairs of near-copies among the examples: leon disguised kofi's work (renamed
#: variables, reordered functions).
COPIES = {
    "a1_backprop": set(),
    "a2_optim": {("kofi", "leon")},
    "a3_cnn": set(),
    "a4_rnn": set(),
    "a5_attention": set(),
    "a6_rl": set(),
}
#: The same code as a package and as a notebook: listed too (the notebook's own share is
#: lower, its checks and plots being code of its own).
SAME_CODE = {
    assignment: {(package, notebook)} for assignment, (notebook, package) in NOTEBOOKS.items()
}


def test_every_example_is_listed():
    """Every example folder and notebook has its expected grade here."""
    found = {(p.parent.name, p.stem) for p in EXAMPLES.glob("*/*") if p.is_dir()}
    found |= {(p.parent.name, p.stem) for p in EXAMPLES.glob("*/*.ipynb")}
    assert found == {(a, s) for a, students in EXPECTED.items() for s in students}


@pytest.mark.parametrize("assignment", sorted(EXPECTED))
def test_examples_grade_as_documented(assignment, tmp_path):
    setup = GradingSetup(COURSE, assignment, tmp_path / "staging", Limits(call_timeout=5))
    found = find_submissions([EXAMPLES / assignment], assignment)
    results = {r.student: r for r in grade_batch(setup, found, tmp_path / "out", jobs=2)}
    for student, (status, score, words) in EXPECTED[assignment].items():
        result = results[student]
        assert (result.status, result.score) == (status, score), result
        for word in words:
            assert word in result.reason, (student, word, result.reason)
        if not words:
            assert result.reason == "", (student, result.reason)
        kinds = {incident.split(":")[0] for incident in result.incidents}
        assert kinds == FLAGGED.get(student, set()), (student, result.incidents)
    assert not Path("/tmp/mallory_was_here").exists()
    if assignment in NOTEBOOKS:
        notebook, package = (results[s] for s in NOTEBOOKS[assignment])
        assert [(t.test, t.points) for t in notebook.tests] == [
            (t.test, t.points) for t in package.tests
        ]
    assert_the_report_shows(assignment, list(results.values()), tmp_path / "out")


def assert_the_report_shows(assignment: str, results: list[SubmissionResult], out: Path) -> None:
    """The batch's report, read back from its HTML: every student, each status counted as
    graded, each test with how many of the submissions that ran it passed, and its three
    pictures (scores, pass rates, grading times)."""
    page = Page()
    page.feed(write_report(out).read_text(encoding="utf-8"))
    assert page.says(f"{assignment}: report of {len(EXPECTED[assignment])} submissions")
    counts = Counter(status for status, _, _ in EXPECTED[assignment].values())
    shown = {status: int(count) for status, count in page.tables["status-table"][1:]}
    assert shown == {status: counts[status] for status in shown}
    rows = {row[0]: row for row in page.tables["test-table"][1:]}
    names = {test.test for result in results for test in result.tests}
    assert set(rows) == names
    for name in names:
        ran = [t for result in results for t in result.tests if t.test == name and t.ran]
        assert rows[name][3] == f"{sum(t.passed for t in ran)} of {len(ran)}", rows[name]
    assert len(page.images) == 3


@pytest.mark.parametrize("assignment", sorted(COPIES))
def test_similarity_finds_the_copied_pair_and_no_other(assignment):
    """`autograder similarity`'s comparison, at its default threshold, lists exactly the
    near-copies of each example batch: kofi and leon in a2 (both ways above 90%), each
    notebook student with the package that holds the same code, no pair of students who
    wrote their own code."""
    found = find_submissions([EXAMPLES / assignment], assignment)
    result = find_similar(REPO / "assignments" / assignment, found, assignment)
    pairs = {(p.student_a, p.student_b): p for p in result.pairs}
    assert set(pairs) == COPIES[assignment] | SAME_CODE.get(assignment, set())
    assert all(min(pairs[p].similarity_a, pairs[p].similarity_b) > 0.9 for p in COPIES[assignment])
    assert len(result.compared) == len(EXPECTED[assignment]) and not result.refused
