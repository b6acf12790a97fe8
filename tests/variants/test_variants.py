"""Correct code written in other styles than the reference's keeps every point.

``tests/variants/NAME.py`` holds, for assignment NAME, functions and classes that are right
by their reference's docstrings but written as students of other courses write them (loops,
dict and mask caches, other expression orders, other vectorizations). Each top-level
definition there replaces the definition of the same name in a copy of the reference
package, which must then pass every public and hidden test, in-process and sandboxed. A test
that fails a correct variant is wrong: a tolerance too tight for another summation order, a
convention no docstring states, a look into a cache.
"""

from __future__ import annotations

import ast
import builtins
import copy
from concurrent.futures import Future
from pathlib import Path

import pytest
from helpers import ASSIGNMENTS, copy_package, gradings_in_parallel, run_warm, sandboxed

from autograder.course import Assignment
from autograder.parsing import parse_python
from autograder.testing.runner import TestRun, assignment_target

pytestmark = pytest.mark.mutants

HERE = Path(__file__).parent
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
BUILTINS = frozenset(dir(builtins))
WITH_VARIANTS = [a for a in ASSIGNMENTS if (HERE / f"{a.name}.py").is_file()]


def test_every_assignment_has_variants():
    """Every assignment is graded on correct code in other styles, not only on its own."""
    missing = [a.name for a in ASSIGNMENTS if a not in WITH_VARIANTS]
    assert not missing, f"no variants written for {missing}: add tests/variants/NAME.py"


def definitions(tree: ast.Module) -> dict[str, ast.stmt]:
    """The top-level functions and classes of ``tree``, by name."""
    return {node.name: node for node in tree.body if isinstance(node, DEFINITIONS)}


def lines_of(node: ast.stmt) -> tuple[int, int]:
    """The first (decorators included) and last line of a definition, 1-based."""
    return min([node.lineno, *(d.lineno for d in node.decorator_list)]), node.end_lineno


def bound_names(node: ast.AST) -> set[str]:
    """Every name that ``node`` or anything inside it binds: assignments, arguments,
    definitions, imports, exception names."""
    names = set()
    for inner in ast.walk(node):
        if isinstance(inner, ast.Name) and not isinstance(inner.ctx, ast.Load):
            names.add(inner.id)
        elif isinstance(inner, ast.arg):
            names.add(inner.arg)
        elif isinstance(inner, DEFINITIONS):
            names.add(inner.name)
        elif isinstance(inner, ast.alias):
            names.add(inner.asname or inner.name.split(".")[0])
        elif isinstance(inner, ast.ExceptHandler) and inner.name:
            names.add(inner.name)
    return names


def module_names(tree: ast.Module) -> set[str]:
    """The names a module binds at its top level (its functions' insides excluded)."""
    names = set()
    for statement in tree.body:
        if isinstance(statement, DEFINITIONS):
            names.add(statement.name)
        else:
            names |= bound_names(statement)
    return names


def free_names(node: ast.stmt) -> set[str]:
    """The names a definition reads without binding them itself, builtins aside: those its
    module must provide."""
    read = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return read - bound_names(node) - BUILTINS


def code_of(node: ast.stmt) -> str:
    """A definition's code without its docstrings (nor those of its methods), as a dump."""
    node = copy.deepcopy(node)
    for inner in ast.walk(node):
        if isinstance(inner, DEFINITIONS) and ast.get_docstring(inner) is not None:
            inner.body = inner.body[1:] or [ast.Pass()]
    return ast.dump(node)


def replace_definitions(module: Path, variants: dict[str, ast.stmt], source: list[str]) -> None:
    """Put ``variants`` (definitions whose lines are in ``source``) in place of the
    definitions of the same names in ``module``; each must differ from the code it
    replaces, and find every name it reads in the module."""
    lines = module.read_text(encoding="utf-8").splitlines(keepends=True)
    originals = definitions(parse_python("".join(lines), str(module)))
    for name in sorted(variants, key=lambda n: lines_of(originals[n]), reverse=True):
        variant = variants[name]
        assert code_of(variant) != code_of(originals[name]), (
            f"the variant {name} is the reference's code: write it another way"
        )
        first, last = lines_of(originals[name])
        variant_first, variant_last = lines_of(variant)
        lines[first - 1 : last] = source[variant_first - 1 : variant_last]
    patched = "".join(lines)
    module.write_text(patched, encoding="utf-8")
    provided = module_names(parse_python(patched, str(module)))
    for name, variant in variants.items():
        missing = sorted(free_names(variant) - provided)
        assert not missing, (
            f"the variant {name} uses {', '.join(missing)}, which {module.name} neither "
            f"defines nor imports: import it inside {name}"
        )


def plant_variants(assignment: Assignment, folder: Path) -> Path:
    """A copy of the reference of ``assignment`` in ``folder`` with every definition of
    ``tests/variants/NAME.py`` in place of the reference's of the same name.

    Parses Python: call it from one thread only (CPython 3.11 before 3.11.8 cannot parse in
    two threads at once)."""
    listing = HERE / f"{assignment.name}.py"
    source = listing.read_text(encoding="utf-8").splitlines(keepends=True)
    variants = definitions(parse_python("".join(source), str(listing)))
    package = copy_package(assignment.solution_dir, folder / assignment.name)
    homes = {
        name: module
        for module in sorted(package.glob("*.py"))
        for name in definitions(parse_python(module.read_text(encoding="utf-8"), str(module)))
    }
    unknown = sorted(set(variants) - set(homes))
    assert not unknown, (
        f"tests/variants/{listing.name} defines {', '.join(unknown)}, which no module of "
        f"{assignment.name} defines: a variant replaces the reference's definition of the same "
        "name (write helpers inside the variant)"
    )
    for module in sorted(set(homes[name] for name in variants)):
        mine = {name: node for name, node in variants.items() if homes[name] == module}
        try:
            replace_definitions(module, mine, source)
        except AssertionError as error:
            raise AssertionError(f"tests/variants/{listing.name}: {error}") from None
    return package


def grade(assignment: Assignment, package: Path, in_sandbox: bool) -> TestRun:
    """Every public and hidden test of ``assignment`` on ``package``, in a new process."""
    target = assignment_target(assignment, package)
    if in_sandbox:
        target = sandboxed(target, package.parent)
    return run_warm(assignment, target)


@pytest.fixture(scope="module")
def graded(request, tmp_path_factory) -> dict[str, Future]:
    """Every selected grading, test id -> future of its run: the variants planted here, in
    this thread, then graded in parallel (each grading is its own process)."""

    def prepare(spec):
        assignment = spec.params["assignment"]
        package = plant_variants(assignment, tmp_path_factory.mktemp(assignment.name))
        return assignment, package, spec.params["in_sandbox"]

    return gradings_in_parallel(request, "test_variants_earn_full_marks", prepare, grade)


@pytest.mark.parametrize("in_sandbox", [False, True], ids=["in-process", "sandboxed"])
@pytest.mark.parametrize("assignment", WITH_VARIANTS, ids=lambda a: a.name)
def test_variants_earn_full_marks(assignment, in_sandbox, graded, request):
    """The reference with every variant of ``tests/variants/NAME.py`` planted passes every
    public and hidden test, in-process and through the sandbox."""
    run = graded[request.node.callspec.id].result()
    assert run.import_error is None, f"the variants did not import: {run.import_error}"
    assert run.results, f"{assignment.name} has no graded tests"
    failed = [f"{r.test}:\n{r.feedback}" for r in run.results if not r.passed]
    assert not failed, (
        f"correct variants of {assignment.name} failed {len(failed)} tests:\n\n"
        + "\n\n".join(failed)
    )
