"""Each documented bug, planted in the reference, loses points in the test meant to catch it.

The mutants of assignment NAME are listed in ``tests/mutants/NAME.toml``; see that file.
"""

from __future__ import annotations

import sys
from concurrent.futures import Future
from pathlib import Path

import pytest
from helpers import ASSIGNMENTS, copy_package, gradings_in_parallel, run_warm

from autograder.authoring.markers import find_blocks
from autograder.testing.runner import assignment_target

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

pytestmark = pytest.mark.mutants

HERE = Path(__file__).parent


def _mutants():
    for assignment in ASSIGNMENTS:
        listing = HERE / f"{assignment.name}.toml"
        if not listing.is_file():  # test_every_assignment_has_mutants says so
            continue
        for mutant in tomllib.loads(listing.read_text(encoding="utf-8"))["mutant"]:
            yield pytest.param(assignment, mutant, id=f"{assignment.name}:{mutant['name']}")


def test_every_assignment_has_mutants():
    missing = [a.name for a in ASSIGNMENTS if not (HERE / f"{a.name}.toml").is_file()]
    assert not missing, f"no mutants listed for {missing}"


def plant(assignment, mutant: dict, folder: Path) -> Path:
    """A copy of the reference of ``assignment`` with ``mutant``'s edit applied.

    ``find`` is a fragment of one line of solution code (inside a solution block, so a
    docstring that shows the same formula does not count) and must occur exactly once.
    """
    package = copy_package(assignment.solution_dir, folder / assignment.name)
    module = package / mutant["file"]
    lines = module.read_text(encoding="utf-8").splitlines(keepends=True)
    in_blocks = {
        number - 1
        for block in find_blocks("".join(lines), str(module))
        for number in range(block.begin_line + 1, block.end_line)
    }
    hits = [i for i in sorted(in_blocks) if mutant["find"] in lines[i]]
    assert len(hits) == 1, (
        f"mutant {mutant['name']} no longer applies: {mutant['find']!r} occurs {len(hits)} "
        f"times in the solution code of {module.name}; update tests/mutants/{assignment.name}.toml"
    )
    lines[hits[0]] = lines[hits[0]].replace(mutant["find"], mutant["replace"])
    module.write_text("".join(lines), encoding="utf-8")
    return package


def _grade(assignment, mutant: dict, folder: Path) -> dict:
    """Plant ``mutant`` in a copy of the reference in ``folder`` and grade it: test -> result."""
    package = plant(assignment, mutant, folder)
    run = run_warm(assignment, assignment_target(assignment, package))
    return {r.test: r for r in run.results}


@pytest.fixture(scope="module")
def graded(request, tmp_path_factory) -> dict[str, Future]:
    """Every selected mutant, graded in parallel: mutant id -> future of its results."""

    def prepare(spec):
        assignment, mutant = spec.params["assignment"], spec.params["mutant"]
        return assignment, mutant, tmp_path_factory.mktemp(mutant["name"])

    return gradings_in_parallel(request, "test_mutant_is_caught", prepare, _grade)


@pytest.mark.parametrize(("assignment", "mutant"), list(_mutants()))
def test_mutant_is_caught(assignment, mutant, graded, request):
    results = graded[request.node.callspec.id].result()
    for name in mutant["caught_by"]:
        assert name in results, f"{mutant['name']}: no test named {name}"
        assert not results[name].passed, (
            f"{mutant['name']} ({mutant['bug']}) earned the points of {name}"
        )
    # A test charges one mistake once, in its own part: the tests of other functions that
    # the mutant must not cost points.
    for name in mutant.get("spares", ()):
        assert name in results, f"{mutant['name']}: no test named {name}"
        assert results[name].passed, (
            f"{mutant['name']} ({mutant['bug']}) also cost the points of {name}, a test of "
            f"another function:\n{results[name].feedback}"
        )
