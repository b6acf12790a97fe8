"""The engine's subpackages import in one direction (autograder/contract.py draws the
layers): a module imports only from its own subpackage and the layers below it, so no two
subpackages depend on each other and each can be read, tested and changed from the bottom up.
"""

import ast
from pathlib import Path

from helpers import REPO

from autograder.parsing import parse_python

ENGINE = REPO / "autograder"

#: Bottom to top; a unit imports from its own layer only within itself.
LAYERS = [
    {"autograder", "contract", "parsing"},
    {"sandbox"},
    {"course"},
    {"testing"},
    {"authoring"},
    {"grading"},
    {"instructor"},
    {"cli"},
]
LEVEL = {unit: level for level, units in enumerate(LAYERS) for unit in units}


def unit_of(dotted: str) -> str:
    """``autograder.testing.student`` -> ``testing``; ``autograder`` -> ``autograder``."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def engine_imports(path: Path) -> set[str]:
    """Every ``autograder...`` module that ``path`` imports, at the top or in a function."""
    found = set()
    for node in ast.walk(parse_python(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "autograder"}
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").split(".")[0] == "autograder"
        ):
            found.add(node.module)
    return found


def unit_of_file(path: Path) -> str:
    """The unit of an engine file: its subpackage, or its module's name at the top."""
    dotted = ".".join(path.relative_to(REPO).with_suffix("").parts)
    return unit_of(dotted.removesuffix(".__init__"))


def test_every_engine_module_has_a_layer():
    units = {unit_of_file(path) for path in ENGINE.rglob("*.py")}
    assert units <= set(LEVEL), f"add to LAYERS: {sorted(units - set(LEVEL))}"


def test_imports_go_down_the_layers_only():
    upward = []
    for path in sorted(ENGINE.rglob("*.py")):
        own = unit_of_file(path)
        for target in engine_imports(path):
            other = unit_of(target)
            if other != own and LEVEL[other] >= LEVEL[own]:
                upward.append(f"{path.relative_to(REPO)} imports {target}")
    assert not upward, "imports against the layers of autograder/contract.py:\n" + "\n".join(upward)
