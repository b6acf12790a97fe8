"""Solution markers: find the solution blocks of a reference module and write its skeleton.

A reference solution is authored once. Inside a function or method body, each piece a
student must write sits between two comment lines, with a TODO comment directly above::

    # TODO: Return the elementwise square of x.
    # BEGIN SOLUTION
    return x * x
    ...
    # END SOLUTION

The skeleton keeps everything else byte for byte (the TODO comment included) and replaces
each block, markers included, by ``raise NotImplementedError("TODO in <function>: <text>")``.
Any misuse of the markers is a ``MarkerError`` naming the file and line.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from typing import NamedTuple

from autograder.contract import TODO_PREFIX
from autograder.parsing import parse_python

BEGIN = "# BEGIN SOLUTION"
END = "# END SOLUTION"
MAX_LINE = 88
_NEAR_MARKER = re.compile(r"#\s*(BEGIN|END)\W*SOLUTION", re.IGNORECASE)
_TRIVIAL = {"else:", "try:", "finally:", "pass", "return", "continue", "break"}
_PUNCTUATION = re.compile(r"[()\[\]{},:; ]*")
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


class MarkerError(ValueError):
    """A solution marker is malformed or misplaced; the message names the file and line."""


@dataclass(frozen=True)
class SolutionBlock:
    """One ``# BEGIN SOLUTION`` ... ``# END SOLUTION`` block of a reference module.

    ``function`` is the enclosing function (``Class.method`` for a method), ``todo`` the text
    of the TODO comment above the block, ``begin_line`` and ``end_line`` the 1-based lines of
    the two markers, and ``lines`` the lines strictly between them as written (no line ends).
    """

    function: str
    todo: str
    begin_line: int
    end_line: int
    lines: tuple[str, ...]


def _error(filename: str, line: int, message: str) -> MarkerError:
    return MarkerError(f"{filename}:{line}: {message}")


def _split(source: str) -> list[str]:
    """The physical lines of ``source`` with their ends, split where Python splits them."""
    return io.StringIO(source, newline="").readlines()


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _comments(source: str) -> dict[int, tuple[str, bool]]:
    """Line number -> (comment text, whether the comment is alone on its line)."""
    comments = {}
    for token in tokenize.generate_tokens(io.StringIO(source, newline="").readline):
        if token.type == tokenize.COMMENT:
            alone = not token.line[: token.start[1]].strip()
            comments[token.start[0]] = (token.string.rstrip(), alone)
    return comments


class _Scope(NamedTuple):
    name: str  # qualified: "Class.method", "outer.inner"
    is_function: bool
    start: int  # the def or class line
    column: int
    last: int  # past end_lineno: up to the next statement indented no deeper than the def


def _scopes(tree: ast.Module, n_lines: int) -> list[_Scope]:
    """Every def and class of the module, with the lines its trailing comments run to."""
    starts = sorted(
        (
            min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))]),
            node.col_offset,
        )
        for node in ast.walk(tree)
        if isinstance(node, ast.stmt)
    )
    scopes = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _SCOPES):
                after = (n for n, col in starts if n > child.end_lineno and col <= child.col_offset)
                last = next(after, n_lines + 1) - 1
                is_function = not isinstance(child, ast.ClassDef)
                scopes.append(
                    _Scope(prefix + child.name, is_function, child.lineno, child.col_offset, last)
                )
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(tree, "")
    return scopes


def _function(scopes: list[_Scope], begin: int, column: int, filename: str) -> str:
    """The name of the function whose body holds the marker at line ``begin``, ``column``."""
    around = [s for s in scopes if s.start < begin <= s.last and column > s.column]
    scope = max(around, key=lambda s: s.start, default=None)
    if scope is None or not scope.is_function:
        where = "directly in a class body" if scope else "at module level"
        raise _error(filename, begin, f"solution block {where}; put it inside a function body")
    return scope.name


def _todo(
    lines: list[str], comments: dict[int, tuple[str, bool]], begin: int, filename: str
) -> str:
    """The text of the TODO comment directly above the ``# BEGIN SOLUTION`` on line ``begin``."""
    indent, texts, number = _indent(lines[begin - 1]), [], begin - 1
    while number in comments and comments[number][1] and _indent(lines[number - 1]) == indent:
        if comments[number][0] in (BEGIN, END):
            break
        text = comments[number][0].lstrip("#").strip()
        if text.startswith("TODO:"):
            todo = " ".join(t for t in [text[len("TODO:") :].strip(), *reversed(texts)] if t)
            if not todo:
                raise _error(filename, number, "the TODO comment is empty; say what to write")
            return todo
        texts.append(text)
        number -= 1
    raise _error(
        filename,
        begin,
        "no TODO comment directly above this block: write "
        "`# TODO: what to do` (and `#   more` lines) right above it, same indentation",
    )


def find_blocks(source: str, filename: str = "<string>") -> list[SolutionBlock]:
    """Every solution block of the module ``source``, in order; ``MarkerError`` on misuse."""
    try:
        tree = parse_python(source, filename)
    except SyntaxError as exc:
        raise _error(filename, exc.lineno or 1, f"the module does not parse: {exc.msg}") from exc
    lines, comments = _split(source), _comments(source)
    scopes = _scopes(tree, len(lines))
    blocks: list[SolutionBlock] = []
    begin = None
    for number, (text, alone) in sorted(comments.items()):
        if alone and text == BEGIN:
            if begin is not None:
                raise _error(
                    filename,
                    number,
                    f"BEGIN SOLUTION inside the block opened on "
                    f"line {begin}: blocks do not nest; close that one first",
                )
            begin = number
        elif alone and text == END:
            if begin is None:
                raise _error(filename, number, f"END SOLUTION without a `{BEGIN}` before it")
            function = _function(scopes, begin, len(_indent(lines[begin - 1])), filename)
            todo = _todo(lines, comments, begin, filename)
            body = tuple(line.rstrip("\r\n") for line in lines[begin : number - 1])
            blocks.append(SolutionBlock(function, todo, begin, number, body))
            begin = None
        elif _NEAR_MARKER.match(text):
            raise _error(
                filename,
                number,
                f"malformed marker {text!r}: write exactly `{BEGIN}` or `{END}`, alone on its line",
            )
    if begin is not None:
        raise _error(filename, begin, f"BEGIN SOLUTION without a matching `{END}`")
    return blocks


def _literal(text: str) -> str:
    """A double-quoted Python string literal whose value is ``text``."""
    quoted = repr(text)
    body = quoted[1:-1] if quoted[0] == '"' else quoted[1:-1].replace('"', '\\"')
    return f'"{body}"'


def _raise_lines(message: str, indent: str) -> list[str]:
    """``raise NotImplementedError(message)`` as lines of at most ``MAX_LINE`` characters."""
    budget = max(MAX_LINE - len(indent) - 4, 40)
    chunks = [""]
    for piece in re.findall(r"[^ ]+ *| +", message):
        if chunks[-1] and len(_literal(chunks[-1] + piece)) > budget:
            chunks.append(piece)
        else:
            chunks[-1] += piece
    literals = [f"{indent}    {_literal(chunk)}" for chunk in chunks]
    return [f"{indent}raise NotImplementedError(", *literals, f"{indent})"]


def make_skeleton(source: str, filename: str = "<string>") -> str:
    """The student skeleton of ``source``: each solution block becomes a NotImplementedError.

    A module with no blocks is returned unchanged.
    """
    blocks = find_blocks(source, filename)
    if not blocks:
        return source
    lines = _split(source)
    out: list[str] = []
    origin: list[int] = []  # the source line each skeleton line comes from
    position = 0
    for block in blocks:
        out += lines[position : block.begin_line - 1]
        origin += range(position + 1, block.begin_line)
        marker = lines[block.begin_line - 1]
        newline = marker[len(marker.rstrip("\r\n")) :] or "\n"
        message = f"{TODO_PREFIX}{block.function}: {block.todo}"
        replacement = _raise_lines(message, _indent(marker))
        out += [line + newline for line in replacement]
        origin += [block.begin_line] * len(replacement)
        position = block.end_line
    out += lines[position:]
    origin += range(position + 1, len(lines) + 1)
    skeleton = "".join(out)
    try:
        parse_python(skeleton, filename)
    except SyntaxError as exc:
        line = origin[min(max((exc.lineno or 1) - 1, 0), len(origin) - 1)]
        raise _error(
            filename,
            line,
            f"the generated skeleton does not parse ({exc.msg}); is "
            "the block where a statement can go?",
        ) from exc
    return skeleton


def _normalize(line: str) -> str:
    return " ".join(line.split())


def solution_lines(source: str, filename: str = "<string>") -> set[str]:
    """The substantive lines of every solution block, normalized, for the leak check.

    Normalized means stripped with internal whitespace runs collapsed to one space. Blank and
    comment-only lines are left out, and so are lines that carry no information: shorter than
    8 characters, a bare keyword (``else:``, ``try:``, ``finally:``, ``pass``, ``return``,
    ``continue``, ``break``) or only brackets and commas.
    """
    found = set()
    for block in find_blocks(source, filename):
        for line in map(_normalize, block.lines):
            trivial = line in _TRIVIAL or _PUNCTUATION.fullmatch(line)
            if len(line) >= 8 and not line.startswith("#") and not trivial:
                found.add(line)
    return found


def published_lines(source: str, filename: str = "<string>") -> set[str]:
    """The lines outside every solution block, normalized as in ``solution_lines``: what
    the author gives students anyway (docstrings that state a formula, given code)."""
    inside = {
        number
        for block in find_blocks(source, filename)
        for number in range(block.begin_line, block.end_line + 1)
    }
    lines = enumerate(_split(source), start=1)
    return {_normalize(line) for number, line in lines if number not in inside}


def find_leaks(text: str, lines: set[str]) -> list[tuple[int, str]]:
    """(1-based line number, solution line) for each line of ``text`` that is one of ``lines``.

    Lines are compared normalized as in ``solution_lines``, so indentation does not matter.
    """
    normalized = enumerate(map(_normalize, _split(text)), start=1)
    return [(number, line) for number, line in normalized if line in lines]
