"""The repository is consistent: generated files are fresh, every release is leak-free,
and the tree is lint-clean."""

import subprocess
import sys

import pytest
from helpers import ASSIGNMENTS, REPO

from autograder.authoring.generate import stale_files, student_files
from autograder.authoring.release import release
from autograder.sandbox.inside.package_loader import load_package, unload


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=lambda a: a.name)
def test_assignments_folder_is_fresh(assignment):
    """assignments/NAME is exactly what `autograder generate` writes from solutions/NAME."""
    stale = stale_files(assignment.student_dir, student_files(assignment))
    assert not stale, f"run `autograder generate {assignment.name}`: {stale}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=lambda a: a.name)
def test_every_graded_function_is_importable_from_the_package_top_level(assignment):
    """The student contract: `from NAME import f` works for every function of the spec,
    in the reference and in the skeleton, and nothing else needs importing."""
    reference = assignment.load_reference()
    skeleton = load_package(assignment.student_dir, assignment.name)
    try:
        for function in assignment.spec.functions:
            assert callable(getattr(reference, function, None)), f"reference lacks {function}"
            assert callable(getattr(skeleton, function, None)), f"skeleton lacks {function}"
    finally:
        unload(assignment.name)


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=lambda a: a.name)
def test_release_bundle_is_written_and_leak_free(assignment, tmp_path):
    folder, archive = release(assignment, tmp_path)
    assert (folder / "__init__.py").is_file() and archive.is_file()
    assert not (folder / "tests" / "hidden").exists()
    shipped = {p.name for p in folder.rglob("*.py")}
    hidden = {p.name for p in assignment.hidden_tests.rglob("*.py")}
    assert not shipped & hidden


@pytest.mark.parametrize("command", [["check", "--no-cache"], ["format", "--check", "--no-cache"]])
def test_ruff_is_clean(command):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, str(REPO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
