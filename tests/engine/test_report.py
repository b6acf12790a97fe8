"""The instructor's report: OUT/report.html, made from the gradebook alone.

A small batch is written through the gradebook API (no grading: the engine tests stay fast);
the report is read back with the standard library's HTML parser, and each section must show
the numbers worked out by hand here. The page must stand alone: pictures embedded as PNG data
URIs, no script, nothing fetched from elsewhere.
"""

from __future__ import annotations

import base64
import math
import os
import shutil
import statistics
import subprocess
import zipfile
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread
from report_page import Page
from typer.testing import CliRunner

from autograder.authoring.wheel import engine_wheel
from autograder.cli import app
from autograder.grading.gradebook import Gradebook
from autograder.grading.model import Status, SubmissionResult
from autograder.instructor.report import (
    REPORT,
    ReportError,
    SimilarPair,
    point_biserial,
    read_similarity,
    write_report,
)
from autograder.testing.results import DID_NOT_IMPORT, TestResult

runner = CliRunner()

PNG = b"\x89PNG\r\n\x1a\n"
SIMILARITY_HEADER = "student_a,student_b,similarity_a,similarity_b,overlap_lines\n"


def case(name: str, part: str, points: float, passed: bool, feedback: str = "") -> TestResult:
    """A visible test of ``points`` points, earned if ``passed``."""
    return TestResult(name, part, points if passed else 0.0, points, "visible", passed, feedback)


def result(student: str, *tests: TestResult, status: str = Status.GRADED) -> SubmissionResult:
    """``student``'s graded result of ``tests``, out of 10 points."""
    score = sum(t.points for t in tests)
    return SubmissionResult(student, "a9_toy", status, "", score, 10.0, "f-" + student, tests)


def outcomes(student: str, a: bool, b: bool, c: bool, d: bool, msg: str = "") -> SubmissionResult:
    """``student``'s result: test_a (part one, 4 points), test_b (one, 2), test_c (two, 3),
    test_d (two, 1), each passed or failed; a failed test_b says ``msg``."""
    return result(
        student,
        case("test_a", "one", 4, a, "" if a else "a is wrong"),
        case("test_b", "one", 2, b, "" if b else msg),
        case("test_c", "two", 3, c, "" if c else "c: <script>alert(1)</script>"),
        case("test_d", "two", 1, d),
    )


#: The batch: five graded students, one whose package did not import, one invalid.
#: Scores: ann 10, bob 8, cy 5, dee 6, eli 1, fay 0 (did not import), gus 0 (invalid).
ANN = outcomes("ann", True, True, True, True)
BOB = outcomes(
    "bob", True, False, True, True, "test_b's message\nb: max relative error 1.5e+00 at (0, 1)"
)
CY = outcomes(
    "cy", True, False, False, True, "test_b's message\nb: max relative error 3.0e-01 at (2, 2)"
)
DEE = outcomes("dee", False, True, True, True)
ELI = outcomes("eli", False, False, False, True, "Not written yet: TODO in b")
FAY = result(
    "fay",
    *(
        TestResult(t.test, t.part, 0.0, t.max_points, "visible", False, DID_NOT_IMPORT)
        for t in ANN.tests
    ),
    status=Status.DID_NOT_IMPORT,
)
GUS = result("gus", status=Status.INVALID)


def make_batch(out: Path) -> Path:
    """Record the batch into ``out``'s gradebook: bob graded first without test_d (7 points),
    then regraded; grading times for all but gus."""
    with Gradebook(out / "gradebook.sqlite") as book:
        book.record(outcomes("bob", True, False, True, False, "test_b's message"), seconds=2.0)
        for r, seconds in ((ANN, 3.5), (BOB, 4.25), (CY, 1.0), (DEE, 2.0), (ELI, 0.5)):
            book.record(r, seconds=seconds)
        book.record(FAY, seconds=0.25)
        book.record(GUS)
    return out


def report(out: Path) -> Page:
    """Write ``out``'s report and parse it."""
    page = Page()
    page.feed(write_report(out).read_text(encoding="utf-8"))
    return page


@pytest.fixture
def page(tmp_path) -> Page:
    """The report of the batch, without similarity."""
    return report(make_batch(tmp_path))


def test_the_report_stands_alone_with_its_pictures_embedded(tmp_path):
    """Every picture is a PNG inside the page, with a description; there is no script, no
    stylesheet or anything else to fetch, and no address outside the page but the pairs'
    pages next to it."""
    path = write_report(make_batch(tmp_path))
    assert path == tmp_path / REPORT
    html = path.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    assert len(page.images) == 3  # scores, pass rates, grading times
    for image in page.images:
        assert image["src"].startswith("data:image/png;base64,") and image["alt"]
        assert base64.b64decode(image["src"].split(",", 1)[1]).startswith(PNG)
    assert not page.tags & {"script", "link", "iframe", "object", "embed"}
    assert "http:" not in html and "https:" not in html and "url(" not in html
    assert page.sections == [
        "scores",
        "statuses",
        "parts",
        "tests",
        "failures",
        "times",
        "similarity",
        "regrades",
    ]


def test_the_header_and_the_status_counts(page):
    """The mean and median of the seven scores (30 / 7 and 5); each status counted, those
    no submission has too."""
    assert page.says("a9_toy: report of 7 submissions")
    assert page.says("Mean score 4.29 / 10, median 5.")
    assert page.tables["status-table"] == [
        ["status", "submissions"],
        ["graded", "5"],
        ["did not import", "1"],
        ["timed out", "0"],
        ["invalid submission", "1"],
    ]


def test_the_mean_and_median_of_each_part_count_every_submission(page):
    """Part one's points: 6, 4, 4, 2, 0, 0, 0 (mean 16 / 7); part two's: 4, 4, 1, 4, 1, 0, 0."""
    assert page.tables["part-table"] == [
        ["part", "points", "mean", "median"],
        ["one", "6", "2.29", "2"],
        ["two", "4", "2", "1"],
    ]


def textbook(passed: list[bool], rest: list[float]) -> float:
    """The point-biserial correlation by its textbook formula, (M1 - M0) / s * sqrt(p q):
    M1 and M0 the mean rest of those who passed and failed, s the rest's standard deviation
    (population), p and q the shares who passed and failed."""
    m1 = statistics.fmean(r for r, ok in zip(rest, passed, strict=True) if ok)
    m0 = statistics.fmean(r for r, ok in zip(rest, passed, strict=True) if not ok)
    p = sum(passed) / len(passed)
    return (m1 - m0) / statistics.pstdev(rest) * math.sqrt(p * (1 - p))


def test_each_tests_pass_rate_and_discrimination(page):
    """Over the five submissions whose tests ran (ann, bob, cy, dee, eli): how many passed,
    and the point-biserial correlation with the rest of the score, worked out by the
    textbook formula; test_d, passed by everyone, has none."""
    rows = {row[0]: row[1:] for row in page.tables["test-table"][1:]}
    a = textbook([True, True, True, False, False], [6, 4, 1, 6, 1])
    b = textbook([True, False, False, True, False], [8, 8, 5, 4, 1])
    assert rows["test_a"] == ["one", "4", "3 of 5", "60%", f"{a:.2f}"] and f"{a:.2f}" == "0.04"
    assert rows["test_b"] == ["one", "2", "2 of 5", "40%", f"{b:.2f}"]
    assert rows["test_d"] == ["two", "1", "5 of 5", "100%", "n/a"]


def test_point_biserial_is_the_textbook_value_and_undefined_without_spread():
    """Passing [1, 1, 0, 0] with the rest [3, 1, 2, 0]: (2 - 1) / sqrt(5 / 4) * 1 / 2, which
    is 1 / sqrt(5); None when everyone or no one passed, when the rest is the same for all,
    or for one submission."""
    r = point_biserial([True, True, False, False], [3, 1, 2, 0])
    assert r is not None and math.isclose(r, 1 / math.sqrt(5))
    assert point_biserial([True, True, True], [1, 2, 3]) is None
    assert point_biserial([False, False], [1, 2]) is None
    assert point_biserial([True, False], [2, 2]) is None
    assert point_biserial([True], [2]) is None


def test_failure_messages_are_grouped_counted_and_escaped(page, tmp_path):
    """bob's and cy's test_b messages differ only in numbers: one message, two students,
    shown as bob was told; eli's TODO is another. Failures that did not run (fay) are not
    messages. A message is shown as text: a tag in it is not a tag of the page."""
    assert page.says("test_b: 3 failed, 2 messages")
    assert page.says("2 test_b's message b: max relative error 1.5e+00 at (0, 1) bob, cy")
    assert page.says("1 Not written yet: TODO in b eli")
    assert page.says("c: <script>alert(1)</script>") and "script" not in page.tags
    assert not page.says(DID_NOT_IMPORT)
    assert page.says("test_a: 2 failed, 1 message")
    assert not page.says("test_d: 0 failed")  # no one failed it: not listed


def test_grading_times_and_who_has_none(page):
    """Each submission's latest time (bob's regrade took 4.25 s); gus, recorded without a
    time, is named as not measured."""
    assert page.tables["time-table"] == [
        ["student", "seconds"],
        ["ann", "3.5"],
        ["bob", "4.25"],
        ["cy", "1"],
        ["dee", "2"],
        ["eli", "0.5"],
        ["fay", "0.25"],
    ]
    assert page.says("11.5 s in all")
    assert page.says("Not measured (1): gus.")


def test_regrades_show_the_score_before_and_after_and_the_tests(page):
    """bob was graded again with test_d passing: 7 before, 8 after."""
    assert page.tables["regrade-table"] == [
        ["student", "before", "after", "what changed"],
        ["bob", "7", "8", "test_d: 0 -> 1"],
    ]


def test_every_regrade_is_a_row_by_student_oldest_first(tmp_path):
    """ann graded twice more: test_c now fails (10 -> 7), then the same points with another
    status; both steps are rows, in order, before bob's."""
    out = make_batch(tmp_path)
    later = outcomes("ann", True, True, False, True)
    with Gradebook(out / "gradebook.sqlite") as book:
        book.record(later)
        book.record(replace(later, status=Status.TIMED_OUT, reason="test_c ran out of time"))
    assert report(out).tables["regrade-table"][1:] == [
        ["ann", "10", "7", "test_c: 3 -> 0"],
        ["ann", "7", "7", "status: graded -> timed out"],
        ["bob", "7", "8", "test_d: 0 -> 1"],
    ]


def test_without_similarity_the_report_says_it_was_not_run(page):
    assert page.says("Not run. autograder similarity ASSIGNMENT SUBMISSIONS --out OUT (or")
    assert "similar-pairs" not in page.tables


def test_similar_pairs_come_from_similarity_csv(tmp_path):
    """A hand-written similarity.csv (the similarity command's columns): its pairs in its
    order, as percentages, with a link to a pair's page where the page is there."""
    out = make_batch(tmp_path)
    (out / "similarity.csv").write_text(
        SIMILARITY_HEADER + "bob,cy,0.91,0.875,40\nann,dee,0.5,0.6667,12\n", encoding="utf-8"
    )
    (out / "similarity").mkdir()
    (out / "similarity" / "bob__cy.html").write_text("<html></html>")
    assert read_similarity(out) == [
        SimilarPair("bob", "cy", 0.91, 0.875, 40, "similarity/bob__cy.html"),
        SimilarPair("ann", "dee", 0.5, 0.6667, 12, None),
    ]
    page = report(out)
    assert page.tables["similar-pairs"] == [
        ["student a", "student b", "of a in b", "of b in a", "shared lines", "side by side"],
        ["bob", "cy", "91%", "88%", "40", "similarity/bob__cy.html"],
        ["ann", "dee", "50%", "67%", "12", "–"],
    ]


def test_a_similarity_run_that_found_no_pair_says_so(tmp_path):
    out = make_batch(tmp_path)
    (out / "similarity.csv").write_text(SIMILARITY_HEADER, encoding="utf-8")
    assert read_similarity(out) == []
    assert report(out).says("No pair of submissions is similar beyond the threshold")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("a,b\nx,y\n", "does not have the columns student_a, student_b"),
        (SIMILARITY_HEADER + "bob,cy,high,0.8,4\n", "similarity.csv, line 2: could not convert"),
    ],
)
def test_a_similarity_csv_that_is_not_the_commands_is_refused(tmp_path, content, words):
    (tmp_path / "similarity.csv").write_text(content, encoding="utf-8")
    with pytest.raises(ReportError, match=words):
        read_similarity(tmp_path)


def test_the_same_gradebook_gives_the_same_report(tmp_path):
    """No date, no machine, no order of arrival: two gradebooks of the same results, recorded
    apart, give byte-identical reports."""
    first = write_report(make_batch(tmp_path / "one")).read_bytes()
    assert write_report(make_batch(tmp_path / "two")).read_bytes() == first


# --- the command ------------------------------------------------------------------------------


def test_report_command_writes_the_page_and_says_where(tmp_path):
    out = make_batch(tmp_path / "grades")
    result = runner.invoke(app, ["report", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Report {out / REPORT}" in result.output
    assert (out / REPORT).is_file()


def refused(args: list[str], line: str) -> None:
    """``autograder ARGS`` exits 2 with exactly ``error: line`` on stderr."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [f"error: {line}"]


def test_report_of_a_folder_without_a_gradebook_is_refused_in_one_line(tmp_path):
    """A folder that is not there, or has no gradebook: one line each, and no gradebook is
    created on the way."""
    hint = "give the --out folder of `autograder grade`, which holds the gradebook"
    refused(["report", str(tmp_path / "nope")], f"{tmp_path / 'nope'} is not a folder: {hint}")
    refused(["report", str(tmp_path)], f"{tmp_path} has no gradebook.sqlite: {hint}")
    assert list(tmp_path.iterdir()) == []


def test_report_of_an_empty_or_shared_gradebook_is_refused_in_one_line(tmp_path):
    """A gradebook without results; one with two assignments and none named; an assignment
    it does not hold."""
    path = tmp_path / "gradebook.sqlite"
    Gradebook(path).close()
    refused(
        ["report", str(tmp_path)],
        f"{path} holds no results yet: grade a batch into its folder first",
    )
    with Gradebook(path) as book:
        book.record(ANN)
        book.record(SubmissionResult("x", "a8_other", Status.INVALID, "", 0.0, 1.0, ""))
    refused(
        ["report", str(tmp_path)],
        f"{path} holds several assignments (a8_other, a9_toy): name one with --assignment",
    )
    refused(
        ["report", str(tmp_path), "--assignment", "a7"],
        f"{path} has no results of a7: it holds a8_other, a9_toy",
    )
    result = runner.invoke(app, ["report", str(tmp_path), "--assignment", "a9_toy"])
    assert result.exit_code == 0, result.output


def test_the_engine_wheel_ships_the_template():
    """The report's template is package data: an install from the wheel can write reports."""
    _, wheel = engine_wheel()
    with zipfile.ZipFile(BytesIO(wheel)) as archive:
        assert "autograder/instructor/templates/report.html.j2" in archive.namelist()


# --- in a real browser ------------------------------------------------------------------------

#: Added to a copy of the report (which has no script of its own): once the page has loaded,
#: it writes how many of its images the browser decoded and drew into the DOM.
PROBE = """<script>
window.addEventListener("load", () => {
  const images = Array.from(document.images);
  const drawn = images.filter((image) => image.complete && image.naturalWidth > 0);
  const probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = `images ${images.length} drawn ${drawn.length}`;
  document.body.append(probe);
});
</script>"""


def chromium() -> str:
    """Debian's headless browser; where it is missing, skip with how to install it, or in CI
    (``CI`` set, where .ci/run installs it) fail: a rendering check must not pass unrun."""
    found = shutil.which("chromium")
    if found:
        return found
    message = "chromium is not installed; install it: sudo apt-get install chromium"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def headless(page: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Open ``page`` in headless chromium with ``options``; its console is logged to stderr."""
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    command += ["--enable-logging=stderr", "--v=0", f"--user-data-dir={page.parent / 'profile'}"]
    done = subprocess.run(
        [*command, *options, page.as_uri()], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done


@pytest.mark.batch
def test_the_report_renders_in_a_browser_with_its_pictures(tmp_path):
    """Chromium opens the report offline with no console message (no error, no refused
    resource), decodes and draws all three pictures, and a screenshot of the page is not
    blank."""
    report_path = write_report(make_batch(tmp_path / "out"))
    probed = tmp_path / "probed.html"
    html = report_path.read_text(encoding="utf-8")
    probed.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = headless(probed, "--dump-dom")
    assert '<pre id="probe">images 3 drawn 3</pre>' in done.stdout
    assert "CONSOLE" not in done.stderr, done.stderr
    shot = tmp_path / "shot.png"
    done = headless(report_path, "--window-size=1000,1600", f"--screenshot={shot}")
    assert "CONSOLE" not in done.stderr, done.stderr
    pixels = imread(shot)
    assert pixels.shape[:2] == (1600, 1000)
    assert np.ptp(pixels[..., :3]) > 0.5  # not one colour: text and pictures were drawn
