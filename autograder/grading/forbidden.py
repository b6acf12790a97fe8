"""Refuse library calls that would do the student's job, by reading the code, never running it.

An assignment's ``assignment.toml`` may declare what its parts must not use, in its
``[forbidden]`` section (see :mod:`autograder.course`, which reads it into a
:class:`~autograder.course.Forbidden`). :func:`scan` reads every module of a submitted
package with :mod:`ast` and reports each use as a :class:`Violation` of one part; the grader
gives that part no points. Names are followed through imports (``import m.sub as x``, ``from
m import f as g``, ``from m import *``), plain aliases (``lse = sp.logsumexp``), attribute
chains, ``getattr(x, "name")``, ``__import__("m")`` and ``importlib.import_module("m")``
with literal strings.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from autograder.course import Forbidden
from autograder.parsing import parse_python

#: ``Violation.function`` of a use outside every function.
MODULE_LEVEL = "<module>"
#: Folders of a package that are not the student's code.
SKIPPED_DIRS = frozenset({"tests", "__pycache__"})
_IMPORTERS = frozenset({"__import__", "import_module", "importlib.import_module"})


@dataclass(frozen=True)
class Violation:
    """One forbidden ``name`` used at ``file:line`` (relative to the package), in ``function``
    (a top-level function or class of the file, or ``<module>``), costing ``part`` its points."""

    part: str
    name: str
    file: str
    line: int
    function: str
    reason: str = ""

    def message(self) -> str:
        """What the student reads."""
        where = "module-level code" if self.function == MODULE_LEVEL else self.function
        why = f" ({self.reason})" if self.reason else ""
        return (
            f"{self.file}, line {self.line}: {where} uses {self.name}, which is not allowed in "
            f"this assignment{why}; part {self.part} gets no points."
        )


def scan(package: Path, parts: dict[str, tuple[str, ...]], rules: Forbidden) -> list[Violation]:
    """Every forbidden use in the modules of ``package`` (``parts``: part -> graded functions),
    sorted by (part, file, line), one per (part, name, file, function). Files under ``tests/``
    are the grader's, not the student's; a file that does not parse is skipped."""
    part_of: dict[str, list[str]] = {}
    for part, functions in parts.items():
        for function in functions:
            part_of.setdefault(function, []).append(part)
    found: list[Violation] = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        if any(d in SKIPPED_DIRS or d.startswith(".") for d in relative.parts[:-1]):
            continue
        try:
            tree = parse_python(path.read_bytes(), str(path))
        except (SyntaxError, ValueError):
            continue
        except RecursionError:
            found += _unreadable(relative.as_posix(), list(parts))
            continue
        try:
            found.extend(_scan_file(tree, relative.as_posix(), part_of, list(parts), rules))
        except RecursionError:  # valid Python that no checker can walk: refuse, do not skip
            found += _unreadable(relative.as_posix(), list(parts))
    unique: dict[tuple[str, str, str, str], Violation] = {}
    for v in sorted(found, key=lambda v: (v.part, v.file, v.line)):
        unique.setdefault((v.part, v.name, v.file, v.function), v)
    return list(unique.values())


UNREADABLE = "code nested too deeply to be checked"


def _unreadable(file: str, parts: list[str]) -> list[Violation]:
    reason = "write plain code: the checker for forbidden libraries must be able to read it"
    return [Violation(part, UNREADABLE, file, 1, MODULE_LEVEL, reason) for part in parts]


def _scan_file(
    tree: ast.Module,
    file: str,
    part_of: dict[str, list[str]],
    every_part: list[str],
    rules: Forbidden,
) -> Iterator[Violation]:
    # A unit is a top-level function or class (by name), or the rest of the module.
    units: dict[str, list[ast.stmt]] = {MODULE_LEVEL: []}
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            units.setdefault(stmt.name, []).append(stmt)
        else:
            units[MODULE_LEVEL].append(stmt)
    graded = [name for name in units if name in part_of]
    file_parts = sorted({p for name in graded for p in part_of[name]}) or every_part
    callers: dict[str, set[str]] = {name: set() for name in units}  # helper -> parts calling it
    for name in graded:
        for node in _walk(units[name]):
            if isinstance(node, ast.Name) and node.id in units and node.id not in part_of:
                callers[node.id].update(part_of[name])
    function_names = [name for name, _ in rules.functions]
    module_bound = _bind(units[MODULE_LEVEL], {}, function_names)
    for name in units:  # the file's own functions and classes shadow imported names
        module_bound.pop(name, None)
    for unit, stmts in units.items():
        bound = module_bound if unit == MODULE_LEVEL else _bind(stmts, module_bound, function_names)
        module_parts = part_of.get(unit) or file_parts  # (a helper's callers are among them)
        function_parts = part_of.get(unit) or sorted(callers[unit])
        for line, used in _references(stmts, bound):
            for module in rules.modules:
                if _under(used, module):
                    for part in module_parts:
                        yield Violation(part, module, file, line, unit, rules.reason)
            for function, listed in rules.functions:
                if _under(used, function):
                    for part in (p for p in function_parts if p in listed):
                        why = f"part {part} asks you to write this yourself"
                        yield Violation(part, function, file, line, unit, why)


def _walk(stmts: Iterable[ast.AST]) -> Iterator[ast.AST]:
    for stmt in stmts:
        yield from ast.walk(stmt)


def _bind(stmts: list[ast.stmt], outer: dict[str, str], functions: list[str]) -> dict[str, str]:
    """What names the imports and plain aliases in ``stmts`` bind, over the ``outer`` ones."""
    bound, starred = dict(outer), []
    for node in _walk(stmts):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.partition(".")[0]
                bound[alias.asname or top] = alias.name if alias.asname else top
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name == "*":
                    starred.append(node.module)
                else:
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for module in starred:  # the forbidden names the star may bring in, unless bound otherwise
        for function in functions:
            if function.startswith(module + "."):
                first = function[len(module) + 1 :].partition(".")[0]
                bound.setdefault(first, f"{module}.{first}")
    for node in _walk(stmts):
        if isinstance(node, ast.Assign) and isinstance(name := node.targets[0], ast.Name):
            target = _resolve(node.value, bound)
            if target and len(node.targets) == 1:
                bound[name.id] = target
    return bound


def _references(stmts: list[ast.stmt], bound: dict[str, str]) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every imported or resolvable name that ``stmts`` use."""
    for node in _walk(stmts):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                star = alias.name == "*"
                yield node.lineno, node.module if star else f"{node.module}.{alias.name}"
        elif isinstance(node, (ast.Name, ast.Attribute, ast.Call)):
            used = _resolve(node, bound)
            if used:
                yield node.lineno, used


def _resolve(node: ast.AST, bound: dict[str, str]) -> str | None:
    """The dotted name ``node`` stands for, where it is built from imported names."""
    if isinstance(node, ast.Name):
        return bound.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _resolve(node.value, bound)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, ast.Call):
        func = _resolve(node.func, bound) or getattr(node.func, "id", None)
        texts = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        if func == "getattr" and len(texts) >= 2 and isinstance(texts[1], str):
            base = _resolve(node.args[0], bound)
            return f"{base}.{texts[1]}" if base else None
        if func in _IMPORTERS and texts and isinstance(texts[0], str):
            return texts[0]
    return None


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")
