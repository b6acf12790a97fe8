"""The repository is consistent: generated files are fresh, every release is leak-free,
and the tree is lint-clean."""

import ast
import re
import subprocess
import sys

import pytest
from helpers import ASSIGNMENTS, REPO

from autograder.authoring.generate import expected_cases, stale_files, student_files
from autograder.authoring.release import release
from autograder.parsing import parse_python
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
def test_stored_cases_are_named_after_the_function_they_check(assignment):
    """One vocabulary (autograder.testing.checks): a stored case is named after a function of
    the assignment, or the function and a label ("softmax_loss_large"), never after a topic."""
    functions = assignment.spec.functions
    odd = [
        case
        for case in expected_cases(assignment)
        if not any(case == f or case.startswith(f"{f}_") for f in functions)
    ]
    assert not odd, f"{assignment.name}'s expected.py names cases after no function: {odd}"


#: The section labels of a reference docstring, the same in every assignment (singular).
DOCSTRING_LABELS = {
    "Inputs", "Returns", "Formula", "Convention", "State", "Hint", "Note", "Attributes",
    "Example",
}  # fmt: skip


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=lambda a: a.name)
def test_docstring_sections_use_one_vocabulary(assignment):
    """A docstring line that opens a section ("Inputs:", "Returns a tuple of:", "Hint: ...")
    starts with one of DOCSTRING_LABELS, so every assignment reads alike (the summary line
    is free: "AdamW: Adam with decoupled weight decay.")."""
    odd = []
    modules = set(assignment.solution_dir.glob("*.py")) - {
        assignment.solution_dir / name for name in ("expected.py", "notebook.py")
    }
    for module in sorted(modules):
        for node in ast.walk(parse_python(module.read_text(encoding="utf-8"), str(module))):
            if not isinstance(node, ast.FunctionDef | ast.ClassDef):
                continue
            for line in (ast.get_docstring(node) or "").splitlines()[1:]:
                label = re.match(r"([A-Z][A-Za-z]*)((?: [a-z][A-Za-z]*){0,4}):", line)
                if label and label.group(1) not in DOCSTRING_LABELS:
                    odd.append(f"{module.name}:{node.name}: {line.strip()[:50]}")
    assert not odd, f"labels outside {sorted(DOCSTRING_LABELS)}: {odd}"


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
