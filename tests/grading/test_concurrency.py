"""A batch grades its submissions in threads: nothing those jobs do at the same time may
depend on another thread's timing.

The bug this guards against: CPython 3.11 (before 3.11.8) keeps the recursion depth of its
AST constructor in state shared by all threads, so two threads running ``ast.parse`` at once
could fail with ``SystemError: AST constructor recursion depth mismatch`` whenever a garbage
collection ran a finalizer in the middle of a parse; the batch called the submission
"invalid" at random. Every parse in the engine now goes through
:func:`autograder.parsing.parse_python`.
"""

from __future__ import annotations

import ast
import gc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import COURSE, REPO

from autograder.course import get_assignment
from autograder.grading.forbidden import scan
from autograder.grading.job import GradingSetup, max_score

EXAMPLES = REPO / "examples" / "submissions"


class _Garbage:
    """A reference cycle with a finalizer: collecting it runs Python code, which lets the
    interpreter switch threads in the middle of whatever allocated it (a parse)."""

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        sum(range(100))


@pytest.fixture
def frequent_collections():
    """Garbage collections far more often than usual, as in a grader under memory churn."""
    before = gc.get_threshold()
    gc.set_threshold(50, 5, 5)
    yield
    gc.set_threshold(*before)


def _example_scans() -> list[tuple[Path, dict, object]]:
    """``(package, parts, rules)`` for every example submission of a1-a3 (real code)."""
    found = []
    for name in ("a1_backprop", "a2_optim", "a3_cnn"):
        assignment = get_assignment(COURSE, name)
        rules = assignment.spec.forbidden
        parts = {p.name: p.functions for p in assignment.spec.parts}
        for package in sorted((EXAMPLES / name).iterdir()):
            if package.is_dir():
                found.append((package, parts, rules))
    return found


@pytest.mark.batch
def test_forbidden_scans_in_many_threads_at_once_never_fail(frequent_collections):
    """2,000 scans of the example submissions, eight threads at once, with garbage
    collections in the middle of parses: every scan finds what a scan alone finds. (Without
    the parse lock about one scan in a hundred failed with the SystemError.)"""
    cases = _example_scans()
    alone = [scan(*case) for case in cases]

    def job(index: int) -> str | None:
        _ = [_Garbage() for _ in range(20)]
        try:
            found = scan(*cases[index % len(cases)])
        except Exception as err:  # the race's SystemError, or anything else
            return f"{type(err).__name__}: {err}"
        return None if found == alone[index % len(cases)] else "a different result"

    with ThreadPoolExecutor(8) as pool:
        failures = [f for f in pool.map(job, range(2000)) if f is not None]
    assert failures == [], f"{len(failures)} of 2000 scans failed, e.g. {failures[0]}"


def test_max_score_is_read_once_and_the_same_in_every_thread(tmp_path):
    """The assignment's points come from importing its test files; jobs ask for them at the
    same time, and every thread gets the one value (the imports happen once, under a lock)."""
    setup = GradingSetup(COURSE, "a1_backprop", tmp_path)
    with ThreadPoolExecutor(8) as pool:
        scores = set(pool.map(lambda _: max_score(setup), range(64)))
    assert scores == {100.0}


def test_the_engine_parses_python_only_through_the_lock():
    """No engine module calls ``ast.parse`` (or ``compile`` to an AST) but
    autograder/parsing.py, so no parse can race another thread's."""
    offenders = []
    for path in sorted((REPO / "autograder").rglob("*.py")):
        if path.name == "parsing.py" and path.parent.name == "autograder":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "ast"
                and node.func.attr in ("parse", "literal_eval")
            ):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []
