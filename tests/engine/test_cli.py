"""The `autograder` command: exit codes and messages of new, generate, release, check and grade;
every mistake in a command is refused in one line on stderr, before anything is written."""

from __future__ import annotations

import shutil

import pytest
from helpers import make_toy_course
from typer.testing import CliRunner

from autograder.cli import app
from autograder.course import COURSE_ENV
from autograder.grading.gradebook import Gradebook
from autograder.grading.model import Status, SubmissionResult

runner = CliRunner()

SOLVED = "import numpy as np\n\n\ndef double(x):\n    return np.multiply(x, 2.0)\n"


def assert_refused(result, line: str) -> None:
    """The command exited 2 with exactly ``error: line`` on stderr, and no exception escaped."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [f"error: {line}"]
    assert "Traceback" not in result.output


@pytest.fixture
def course(tmp_path, monkeypatch):
    root = make_toy_course(tmp_path / "course")
    monkeypatch.setenv(COURSE_ENV, str(root))
    monkeypatch.chdir(tmp_path)
    return root


def test_help_lists_the_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("generate", "release", "check"):
        assert command in result.output


def test_generate_then_check_is_up_to_date(course):
    assert runner.invoke(app, ["generate", "--check"]).exit_code == 1
    assert runner.invoke(app, ["generate"]).exit_code == 0
    result = runner.invoke(app, ["generate", "--check"])
    assert result.exit_code == 0, result.output


def test_unknown_assignment_is_a_clear_error(course):
    result = runner.invoke(app, ["generate", "t9_nothing"])
    assert result.exit_code == 2
    assert "no assignment 't9_nothing'" in result.output and "t1_toy" in result.output


def _nothing_new_in(course) -> bool:
    """Whether the toy course still holds its one assignment and no tests/ folder."""
    solutions = [p.name for p in (course / "solutions").iterdir()]
    return solutions == ["t1_toy"] and not (course / "tests").exists()


#: Names `autograder new` refuses: no number, no topic, an empty word, a dash, capitals,
#: another letter than a, a word that starts with a digit.
NOT_NAMES = "attention a_attention a5 a5_ a5__attention a5-attention a5_Attention b5_x a5_2d"


@pytest.mark.parametrize("name", NOT_NAMES.split())
def test_new_with_a_name_that_is_not_a_number_and_a_topic_is_refused(course, name):
    """`autograder new` takes a<number>_<topic> only, and writes nothing otherwise."""
    assert_refused(
        runner.invoke(app, ["new", name]),
        f"{name!r} is not an assignment name: write a<number>_<topic> in lowercase words "
        "joined by _, e.g. a5_attention",
    )
    assert _nothing_new_in(course)


@pytest.mark.parametrize(("name", "module"), [("a5_import", "import"), ("a5_expected", "expected")])
def test_new_with_a_topic_that_cannot_name_a_module_is_refused(course, name, module):
    """The topic names the module: not a keyword, not an authoring file's name."""
    assert_refused(
        runner.invoke(app, ["new", name]),
        f"{name}: its module would be {module}.py, which Python cannot import or the "
        "assignment has already; choose another topic",
    )
    assert _nothing_new_in(course)


def test_new_of_an_assignment_that_exists_is_refused(course):
    """A second `new` of a name, or one whose mutants file is left over, writes nothing."""
    assert runner.invoke(app, ["new", "a5_demo"]).exit_code == 0
    assert_refused(
        runner.invoke(app, ["new", "a5_demo"]),
        "a5_demo exists already: solutions/a5_demo, tests/mutants/a5_demo.toml, "
        "tests/variants/a5_demo.py; choose another name",
    )
    (course / "tests" / "mutants" / "a5_other.toml").write_text("", encoding="utf-8")
    assert_refused(
        runner.invoke(app, ["new", "a5_other"]),
        "a5_other exists already: tests/mutants/a5_other.toml; choose another name",
    )
    assert not (course / "solutions" / "a5_other").exists()


def test_new_outside_a_course_is_refused(tmp_path, monkeypatch):
    """A course folder without solutions/ gets nothing written into it."""
    monkeypatch.setenv(COURSE_ENV, str(tmp_path))
    assert_refused(
        runner.invoke(app, ["new", "a5_demo"]), f"${COURSE_ENV}={tmp_path} has no solutions/ folder"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("title", ["", "two\nlines"])
def test_new_with_a_title_that_is_not_one_line_is_refused(course, title):
    """The title goes into assignment.toml, the README and the notebook: one line of text."""
    assert_refused(
        runner.invoke(app, ["new", "a5_demo", "--title", title]),
        "a title is one line of text, e.g. --title 'Attention and Transformers'",
    )
    assert _nothing_new_in(course)


def test_release_writes_the_bundle(course, tmp_path):
    result = runner.invoke(app, ["release", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "t1_toy.zip").is_file()


def test_check_exit_codes(course, tmp_path):
    runner.invoke(app, ["generate"])
    skeleton = runner.invoke(app, ["check", "t1_toy"])
    assert skeleton.exit_code == 1
    assert "0 / 3" in skeleton.output and "TODO in double" in skeleton.output
    solved = tmp_path / "solved" / "t1_toy"
    shutil.copytree(course / "solutions" / "t1_toy", solved, ignore=shutil.ignore_patterns("tests"))
    result = runner.invoke(app, ["check", "t1_toy", "--path", str(solved)])
    assert result.exit_code == 0, result.output
    assert "3 / 3" in result.output


def test_check_of_a_package_that_does_not_import_says_so_once(course, tmp_path):
    """`check` shows the import error once, with its file and line, above the table (pytest
    never imports the package itself); each test only says it did not run."""
    runner.invoke(app, ["generate"])
    broken = tmp_path / "broken" / "t1_toy"
    shutil.copytree(course / "assignments" / "t1_toy", broken)
    (broken / "ops.py").write_text("def double(x)\n    return 2 * x\n")
    result = runner.invoke(app, ["check", "t1_toy", "--path", str(broken)])
    assert result.exit_code == 1, result.output
    error = "Your package did not import: SyntaxError: expected ':' (in ops.py, line 1)"
    assert result.output.count("SyntaxError") == 1 and error in result.output
    assert result.output.index(error) < result.output.index("double_values")
    assert "Did not run: your package did not import" in result.output


def test_check_of_a_missing_folder_says_so(course, tmp_path):
    """`check --path` of a folder that is not there is refused in one line."""
    missing = tmp_path / "nowhere"
    result = runner.invoke(app, ["check", "t1_toy", "--path", str(missing)])
    assert_refused(result, f"{missing} is not a folder; give your assignment folder with --path")


def test_check_inside_the_assignment_folder(course, monkeypatch):
    runner.invoke(app, ["generate"])
    monkeypatch.chdir(course / "assignments" / "t1_toy")
    result = runner.invoke(app, ["check", "t1_toy"])
    assert result.exit_code == 1 and "0 / 3" in result.output


def test_check_without_folder_or_course_explains(tmp_path, monkeypatch):
    monkeypatch.delenv(COURSE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", "a1_backprop"])
    assert result.exit_code == 2
    assert "there is no folder a1_backprop here" in result.output


def test_release_into_a_file_is_refused(course, tmp_path):
    """`release --out` naming a file is refused, and the file is left as it was."""
    target = tmp_path / "bundle"
    target.write_text("keep")
    assert_refused(
        runner.invoke(app, ["release", "--out", str(target)]),
        f"--out {target} is a file; give a folder",
    )
    assert target.read_text() == "keep"


@pytest.fixture
def submissions(course, tmp_path):
    """A folder of one right toy submission, ``ada.py``."""
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "ada.py").write_text(SOLVED)
    return folder


def grade(*args: object):
    """``autograder grade ARGS`` through the command line."""
    return runner.invoke(app, ["grade", *map(str, args)])


def test_grade_of_an_unknown_assignment_is_refused(submissions, tmp_path):
    """An assignment the course does not have is refused, naming the ones it has."""
    out = tmp_path / "grades"
    result = grade("t9_nothing", submissions, "--out", out)
    solutions = tmp_path / "course" / "solutions"
    assert_refused(result, f"no assignment 't9_nothing' in {solutions} (known: t1_toy)")
    assert not out.exists()


@pytest.mark.parametrize("mistyped", ["subs/nobody", "nowhere"])
def test_grade_of_a_path_that_is_not_there_is_refused(submissions, tmp_path, mistyped):
    """A mistyped path, inside the submissions folder or anywhere, is refused instead of
    being graded as a made-up student, even next to a good one; no gradebook is created."""
    missing, out = tmp_path / mistyped, tmp_path / "grades"
    result = grade("t1_toy", submissions, missing, "--out", out)
    assert_refused(result, f"no such file or folder: {missing}")
    assert not out.exists()


@pytest.mark.parametrize("entries", [[], ["notes.txt", ".hidden.zip"]])
def test_grade_of_a_folder_without_submissions_is_refused(course, tmp_path, entries):
    """A folder with no entry that can be a submission is refused with what one looks like."""
    folder, out = tmp_path / "subs", tmp_path / "grades"
    folder.mkdir()
    for name in entries:
        (folder / name).write_text("")
    result = grade("t1_toy", folder, "--out", out)
    assert_refused(
        result,
        f"{folder} holds no submissions: give it one entry per student, named after the "
        "student: a folder, a .zip, a .py or a .ipynb",
    )
    assert not out.exists()


def test_grade_into_a_file_is_refused(submissions, tmp_path):
    """An --out that is a file, or lies inside one, is refused and the file is kept."""
    target = tmp_path / "grades.csv"
    target.write_text("keep")
    assert_refused(
        grade("t1_toy", submissions, "--out", target), f"--out {target} is a file; give a folder"
    )
    inside = target / "grades"
    result = grade("t1_toy", submissions, "--out", inside)
    assert_refused(result, f"--out {inside} is inside {target}, which is a file; give a folder")
    assert target.read_text() == "keep"


@pytest.mark.parametrize("inside", ["", "grades"])
def test_grade_into_the_submissions_folder_is_refused(submissions, inside):
    """An --out inside the submissions folder (or the folder itself) is refused: on the next
    run its grades, feedback and staged copies would be graded as students."""
    out = submissions / inside
    result = grade("t1_toy", submissions, "--out", out)
    assert_refused(
        result,
        f"--out {out} is inside the submissions folder {submissions}; put it elsewhere "
        "(its files would be graded as submissions on the next run)",
    )
    assert sorted(p.name for p in submissions.iterdir()) == ["ada.py"]


@pytest.mark.parametrize(
    ("option", "value", "line"),
    [
        ("--jobs", "0", "--jobs must be at least 1"),
        ("-j", "-1", "--jobs must be at least 1"),
        ("--timeout", "0", "--timeout must be a positive number of seconds"),
        ("--timeout", "-5", "--timeout must be a positive number of seconds"),
        ("--timeout", "nan", "--timeout must be a positive number of seconds"),
        ("--timeout", "inf", "--timeout must be a positive number of seconds"),
    ],
)
def test_grade_with_an_impossible_limit_is_refused(submissions, tmp_path, option, value, line):
    """A number of jobs below 1, and a timeout that is not a positive finite number of
    seconds, are refused before anything is written."""
    out = tmp_path / "grades"
    assert_refused(grade("t1_toy", submissions, "--out", out, option, value), line)
    assert not out.exists()


def record_other_assignment(out) -> None:
    """A gradebook in ``out`` holding one result of another assignment, ``t0_other``."""
    result = SubmissionResult("zoe", "t0_other", Status.GRADED, "", 1.0, 1.0, "f")
    with Gradebook(out / "gradebook.sqlite") as book:
        book.record(result)


def test_grade_into_another_assignments_gradebook_is_refused(submissions, tmp_path):
    """An --out that holds another assignment's gradebook is refused, the folder left as it
    was: no grades of this assignment, no exports replaced or mixed."""
    out = tmp_path / "grades"
    record_other_assignment(out)
    before = sorted(out.iterdir())
    result = grade("t1_toy", submissions, "--out", out)
    assert_refused(
        result,
        f"{out}/ already holds the gradebook of t0_other; give each assignment its own "
        f"--out (e.g. --out {out}-t1_toy)",
    )
    assert sorted(out.iterdir()) == before
    with Gradebook(out / "gradebook.sqlite") as book:
        assert book.assignments() == ["t0_other"]


def test_grade_into_a_folder_whose_file_is_not_a_gradebook_is_refused(submissions, tmp_path):
    """A gradebook.sqlite in --out that is not a gradebook is refused, not overwritten."""
    out = tmp_path / "grades"
    out.mkdir()
    (out / "gradebook.sqlite").write_text("not a database")
    result = grade("t1_toy", submissions, "--out", out)
    assert_refused(result, f"{out / 'gradebook.sqlite'} is not a gradebook: file is not a database")
    assert (out / "gradebook.sqlite").read_text() == "not a database"


def test_grade_of_the_same_assignment_resumes_in_its_out(submissions, tmp_path):
    """The same assignment into the same --out is graded (not refused), and the rerun keeps
    the first grade and adds the new student's; each run writes the report and says where."""
    assert runner.invoke(app, ["generate"]).exit_code == 0  # the public tests' expected values
    out = tmp_path / "grades"
    first = grade("t1_toy", submissions, "--out", out, "-j", "1")
    assert first.exit_code == 0, first.output
    (submissions / "ben.py").write_text(SOLVED.replace("2.0", "3.0"))
    second = grade("t1_toy", submissions, "--out", out, "-j", "1")
    assert second.exit_code == 0, second.output
    with Gradebook(out / "gradebook.sqlite") as book:
        scores = {r.student: (r.score, r.max_score) for r in book.results("t1_toy")}
        assert book.assignments() == ["t1_toy"]
    assert scores["ada"] == (6.0, 6.0) and scores["ben"][0] < 6.0
    assert f"Report {out / 'report.html'}" in second.output
    assert "ben" in (out / "report.html").read_text(encoding="utf-8")
