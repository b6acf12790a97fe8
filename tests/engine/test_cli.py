"""The `autograder` command: exit codes and messages of generate, release and check."""

from __future__ import annotations

import shutil

import pytest
from helpers import make_toy_course
from typer.testing import CliRunner

from autograder.cli import app
from autograder.course import COURSE_ENV

runner = CliRunner()


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


def test_check_of_a_missing_folder_says_so(course, tmp_path):
    result = runner.invoke(app, ["check", "t1_toy", "--path", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "is not a folder" in result.output


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
