"""`autograder new`: the assignment it writes passes, as it is, every check the repository
holds an assignment to (the repository's own test files, run on a course that holds only
it), and students never get its templates. Its refusals are in test_cli.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from helpers import REPO
from typer.testing import CliRunner

from autograder.authoring.scaffold import TEMPLATES, new_assignment
from autograder.authoring.wheel import AUTHORS_ONLY, engine_source, source_files
from autograder.cli import app
from autograder.course import COURSE_ENV, CourseError, read_spec

runner = CliRunner()
TESTS = REPO / "tests"

#: The repository's test files that check every assignment of the course (helpers.ASSIGNMENTS),
#: run below on a course that holds only a new one.
CHECKS = (
    "test_repository.py",
    "solutions/test_references_pass.py",
    "solutions/test_notebooks.py",
    "skeletons/test_skeletons_score_zero.py",
    "mutants/test_mutants.py",
    "variants/test_variants.py",
    "attacks/test_degenerate.py",
)
#: What CHECKS import beside conftest.py and helpers.py.
SUPPORT = ("attacks/conftest.py", "attacks/attack_kit.py")
#: The other test files that read helpers.ASSIGNMENTS, and why they are not among CHECKS.
NOT_CHECKS = {
    "helpers.py": "defines it",
    "engine/test_release.py": "checks a1's zip; the wheel check is test_repository's release",
    "solutions/test_a1_spirals.py": "trains a1's network",
}
#: How ruff finds the engine first-party in the copy, which has no autograder/ beside tests/.
RUFF_TOML = 'extend = "pyproject.toml"\n\n[lint.isort]\nknown-first-party = ["autograder"]\n'


@pytest.fixture
def course(tmp_path, monkeypatch):
    """An empty course (a solutions/ folder, nothing in it), the commands pointed at it."""
    root = tmp_path / "course"
    (root / "solutions").mkdir(parents=True)
    monkeypatch.setenv(COURSE_ENV, str(root))
    return root


def test_the_checks_are_every_test_file_of_every_assignment():
    """CHECKS stays complete: a test file that reads helpers.ASSIGNMENTS is a check that
    every new assignment must pass, unless NOT_CHECKS says why not."""
    readers = {
        path.relative_to(TESTS).as_posix()
        for path in TESTS.rglob("*.py")
        if "ASSIGNMENTS" in path.read_text(encoding="utf-8")
    }
    assert readers - {"engine/test_new.py"} == set(CHECKS) | set(NOT_CHECKS)


def test_new_then_generate_passes_every_check_of_the_repository(course):
    """`new` then `generate`, in an empty course, make an assignment on which the
    repository's checks (CHECKS, with its conftest and pyproject) all pass: the reference
    earns the 100 points in-process and sandboxed, the skeleton none, the mutant is caught,
    the variant keeps every point, the notebook's error lines are tiny, the release leaks
    nothing, ruff is clean."""
    new = runner.invoke(app, ["new", "a9_demo_topic"])
    assert new.exit_code == 0, new.output
    assert runner.invoke(app, ["generate", "a9_demo_topic"]).exit_code == 0
    for relative in (*CHECKS, "conftest.py", "helpers.py", *SUPPORT):
        (course / "tests" / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(TESTS / relative, course / "tests" / relative)
    shutil.copy(REPO / "pyproject.toml", course)
    (course / "ruff.toml").write_text(RUFF_TOML, encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    run = subprocess.run(
        command,
        cwd=course,
        env=os.environ | {COURSE_ENV: str(course)},
        capture_output=True,
        text=True,
    )
    output = run.stdout[-6000:] + run.stderr
    assert run.returncode == 0, output
    assert "skipped" not in run.stdout.strip().splitlines()[-1], output


def test_new_writes_the_templates_under_the_assignments_names(course):
    """The files the README's checklist names, the module named after the topic; the title
    given is the spec's, quotes and all, and the default title is the topic in words."""
    written = new_assignment(course, "a9_demo_topic", 'Demo: "quoted"')
    package = "solutions/a9_demo_topic/"
    modules = ("__init__.py", "assignment.toml", "demo_topic.py", "expected.py", "notebook.py")
    tests = ("tests/public/test_softplus.py", "tests/hidden/test_softplus_hidden.py")
    assert {p.relative_to(course).as_posix() for p in written} == {
        *(package + name for name in (*modules, "README.md", *tests)),
        "tests/mutants/a9_demo_topic.toml",
        "tests/variants/a9_demo_topic.py",
    }
    assert read_spec(course / "solutions" / "a9_demo_topic").title == 'Demo: "quoted"'
    new_assignment(course, "a10_policy_gradients")
    assert read_spec(course / "solutions" / "a10_policy_gradients").title == "Policy gradients"


def test_new_writes_nothing_outside_a_course(tmp_path):
    """A folder without solutions/ is no course: nothing is written there."""
    with pytest.raises(CourseError, match="has no solutions/ folder"):
        new_assignment(tmp_path, "a9_demo")
    assert list(tmp_path.iterdir()) == []


def test_the_students_wheel_leaves_the_templates_out():
    """The templates hold a working solution (softplus): the wheel built for students is
    made without them, so a new assignment that still has it releases without a leak."""
    assert any(TEMPLATES.rglob("*.tmpl"))
    assert not [f for f in source_files(engine_source()) if f.startswith(AUTHORS_ONLY)]
