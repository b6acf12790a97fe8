"""Gradescope's autograder zip (autograder.instructor.gradescope and `autograder export
gradescope`): what it holds, its scripts, and which file of a submission folder it grades."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest
from helpers import COURSE, make_toy_course
from typer.testing import CliRunner

from autograder.authoring.wheel import wheel_filename
from autograder.cli import app
from autograder.course import COURSE_ENV, get_assignment
from autograder.instructor.gradescope import autograder_files, autograder_zip, submitted

runner = CliRunner()
A1 = "a1_backprop"


def expected_members() -> set[str]:
    """What a1's zip must hold, listed from the course's folders: the scripts, the install
    folder, the spec, reference modules and tests, the given modules and expected values."""
    solution = COURSE / "solutions" / A1
    authoring = {"expected.py", "notebook.py"}
    reference = {
        f"solutions/{A1}/{p.name}" for p in solution.glob("*.py") if p.name not in authoring
    }
    tests = {
        f"solutions/{A1}/{p.relative_to(solution).as_posix()}"
        for p in solution.glob("tests/*/*.py")
    }
    generated = {
        f"assignments/{A1}/{n}" for n in ("data.py", "training.py", "tests/data/expected.npz")
    }
    course = reference | tests | generated | {f"solutions/{A1}/assignment.toml"}
    install = {f"install/{wheel_filename()}", "install/constraints.txt"}
    return {"setup.sh", "run_autograder", *install, *(f"course/{p}" for p in course)}


def test_the_zip_holds_what_grading_reads_and_nothing_else(tmp_path):
    """The zip holds exactly the scripts, the engine wheel and pins, and the course files the
    grader reads: no README, notebook, expected.py, skeleton module with a TODO or cache."""
    archive = autograder_zip(get_assignment(COURSE, A1), tmp_path / "autograder.zip")
    with zipfile.ZipFile(archive) as opened:
        names = set(opened.namelist())
    assert names == expected_members()


def test_the_scripts_are_executable_and_follow_the_root(tmp_path):
    """setup.sh and run_autograder are executable in the zip (Gradescope runs them as they
    are), and every path they use is under $AUTOGRADER_ROOT, /autograder by default."""
    archive = autograder_zip(get_assignment(COURSE, A1), tmp_path / "autograder.zip")
    with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as opened:
        for name in ("setup.sh", "run_autograder"):
            mode = opened.getinfo(name).external_attr >> 16
            assert mode & stat.S_IXUSR and stat.S_ISREG(mode), (name, oct(mode))
            text = opened.read(name).decode()
            assert text.startswith("#!/usr/bin/env bash\n")
            assert 'root="${AUTOGRADER_ROOT:-/autograder}"' in text
    files = autograder_files(get_assignment(COURSE, A1))
    assert "apt-get install" in files["setup.sh"].decode()
    assert "bubblewrap" in files["setup.sh"].decode()
    assert f'autograder.instructor.gradescope "$root" {A1}' in files["run_autograder"].decode()


@pytest.mark.parametrize(
    ("entries", "graded"),
    [
        (["__init__.py", "layers.py"], "."),
        ([f"{A1}/__init__.py"], "."),
        (["ada.ipynb"], "ada.ipynb"),
        (["mine/__init__.py", ".DS_Store"], "mine"),
        (["layers.py", "losses.py"], "."),
        (["notes.txt"], "."),
    ],
)
def test_the_submission_folder_gives_one_submission(tmp_path, entries, graded):
    """Gradescope's submission folder is the package itself, or holds it (a folder, a zip,
    a .py, a notebook) as its one entry; anything else is graded as the folder, which the
    intake refuses with a reason."""
    for entry in entries:
        (tmp_path / entry).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / entry).write_text("x = 1\n")
    assert submitted(tmp_path, A1) == tmp_path / graded


def test_export_gradescope_refuses_mistakes_in_one_line(tmp_path, monkeypatch):
    """A folder as --out, an unknown assignment and an assignment not generated yet are
    refused in one line, and no zip is written."""
    course = make_toy_course(tmp_path / "course")
    monkeypatch.setenv(COURSE_ENV, str(course))
    cases = [
        (["t1_toy", "--out", str(tmp_path)], "is a folder; give the zip's name"),
        (["t9_none", "--out", str(tmp_path / "a.zip")], "no assignment 't9_none'"),
        (["t1_toy", "--out", str(tmp_path / "a.zip")], "run `autograder generate t1_toy` first"),
    ]
    for arguments, words in cases:
        result = runner.invoke(app, ["export", "gradescope", *arguments])
        assert result.exit_code in (1, 2) and isinstance(result.exception, SystemExit)
        assert len(result.stderr.splitlines()) == 1 and words in result.stderr, result.stderr
    assert not (tmp_path / "a.zip").exists()
