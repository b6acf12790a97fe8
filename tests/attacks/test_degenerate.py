"""Answers that implement nothing earn nothing: for every assignment, each function the
student writes replaced by a degenerate answer (None, an empty tuple, its first input
returned unchanged, zeros shaped like that input) scores 0 points on every public and hidden
test.

A test that one of these passes compares too little: fewer values than the reference returns
(an empty tuple zipped with the reference's gradients), values the student chose (their own
parameters copied into the reference), or a property that zeros satisfy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ASSIGNMENTS, copy_package, gradings_in_parallel

from autograder.authoring.markers import find_blocks
from autograder.testing.runner import assignment_target, run_tests

pytestmark = pytest.mark.attacks

#: What each degenerate function returns, from its arguments (``values``: the function's
#: arguments but ``self``, in order).
DEGENERATE = {
    "none": "None",
    "empty_tuple": "()",
    "first_input": "values[0] if values else None",
    "zeros": "(__import__('numpy').zeros_like(values[0]) if values else 0.0)",
}


def degenerate_package(assignment, kind: str, folder: Path) -> Path:
    """A copy of the reference of ``assignment`` in which every solution block (the code a
    student writes) is replaced by ``return`` of the degenerate answer ``kind``."""
    package = copy_package(assignment.solution_dir, folder / assignment.name)
    answer = DEGENERATE[kind]
    for module in sorted(package.glob("*.py")):
        source = module.read_text(encoding="utf-8")
        blocks = find_blocks(source, str(module))
        if not blocks:
            continue
        lines = source.splitlines(keepends=True)
        for block in reversed(blocks):
            indent = lines[block.begin_line - 1][: -len(lines[block.begin_line - 1].lstrip())]
            replacement = (
                f"{indent}values = [v for k, v in locals().items() if k != 'self']\n"
                f"{indent}return {answer}\n"
            )
            lines[block.begin_line - 1 : block.end_line] = [replacement]
        module.write_text("".join(lines), encoding="utf-8")
    return package


def _grade(assignment, package: Path) -> dict:
    run = run_tests(assignment_target(assignment, package), isolated=True)
    return {r.test: r for r in run.results}


@pytest.fixture(scope="module")
def graded(request, tmp_path_factory) -> dict:
    """Every selected degenerate submission, graded in parallel: test id -> future."""

    def prepare(spec):
        assignment, kind = spec.params["assignment"], spec.params["kind"]
        folder = tmp_path_factory.mktemp(f"{assignment.name}-{kind}")
        return assignment, degenerate_package(assignment, kind, folder)

    return gradings_in_parallel(request, "test_a_degenerate_answer_earns_nothing", prepare, _grade)


@pytest.mark.parametrize("kind", sorted(DEGENERATE))
@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=lambda a: a.name)
def test_a_degenerate_answer_earns_nothing(assignment, kind, graded, request):
    results = graded[request.node.callspec.id].result()
    assert results, f"{assignment.name} has no graded tests"
    earned = {name: r.points for name, r in results.items() if r.points > 0}
    assert not earned, (
        f"every function of {assignment.name} returning {DEGENERATE[kind]} earned points in "
        f"{earned}"
    )
