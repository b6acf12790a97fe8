"""Each documented bug, planted in the reference, loses points in the test meant to catch it.

The mutants of assignment NAME are listed in ``tests/mutants/NAME.toml``; see that file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from helpers import ASSIGNMENTS, copy_package

from autograder.authoring.markers import find_blocks
from autograder.testing.runner import assignment_target, run_tests

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

pytestmark = pytest.mark.mutants

HERE = Path(__file__).parent


def _mutants():
    for assignment in ASSIGNMENTS:
        listing = HERE / f"{assignment.name}.toml"
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


@pytest.mark.parametrize(("assignment", "mutant"), list(_mutants()))
def test_mutant_is_caught(assignment, mutant, tmp_path):
    package = plant(assignment, mutant, tmp_path)
    run = run_tests(assignment_target(assignment, package), isolated=True)
    results = {r.test: r for r in run.results}
    for name in mutant["caught_by"]:
        assert name in results, f"{mutant['name']}: no test named {name}"
        assert not results[name].passed, (
            f"{mutant['name']} ({mutant['bug']}) earned the points of {name}"
        )
