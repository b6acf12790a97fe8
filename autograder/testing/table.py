"""The points table a student sees after ``autograder check`` or ``pytest``."""

from __future__ import annotations

import io
import shutil

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from autograder.testing.results import TestResult, total


def _points(value: float) -> str:
    return f"{value:g}"


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def build_report(
    results: list[TestResult],
    title: str = "Points",
    width: int = 100,
    import_error: str | None = None,
    details: bool = True,
) -> Group:
    """The import error if the package did not import (once, above the table), a table
    (part, test, points earned / possible, message), the total, then, with ``details``, the
    full feedback of every test that ran and failed. The table fits in ``width`` columns: it
    shows the first line of each message, shortened if need be."""
    table = Table(title=title, title_justify="left")
    names = [r.test.removeprefix("test_") for r in results]
    scores = [f"{_points(r.points)} / {_points(r.max_points)}" for r in results]
    part_width = max([len(r.part) for r in results] + [4])
    points_width = max([len(s) for s in scores] + [6])
    test_width = min(max([len(n) for n in names] + [4]), max(12, (width - part_width) // 3))
    table.add_column("part", no_wrap=True, min_width=part_width)
    table.add_column("test", overflow="fold", width=test_width)
    table.add_column("points", justify="right", no_wrap=True, min_width=points_width)
    table.add_column("message", no_wrap=True)
    room = max(10, width - part_width - test_width - points_width - 13)
    for r, name, score in zip(results, names, scores, strict=True):
        style = "green" if r.passed else "red"
        message = "ok" if r.passed else _shorten(r.feedback.splitlines()[0], room)
        table.add_row(r.part, name, Text(score, style=style), message)
    earned, possible = total(results)
    table.add_section()
    score = Text(f"{_points(earned)} / {_points(possible)}", style="bold")
    table.add_row("", Text("total", style="bold"), score, "")
    shown = [r for r in results if details and r.ran and not r.passed]
    failures = [
        Padding(Text(f"{r.test} ({r.part})\n", style="bold red") + Text(r.feedback), (1, 0, 0, 0))
        for r in shown
    ]
    error = [Padding(Text(import_error, style="bold red"), (0, 0, 1, 0))] if import_error else []
    return Group(*error, table, *failures)


def render_text(
    results: list[TestResult],
    title: str = "Points",
    import_error: str | None = None,
    details: bool = True,
) -> str:
    """The report of :func:`build_report` as plain text, as wide as the terminal."""
    buffer = io.StringIO()
    width = shutil.get_terminal_size((100, 24)).columns
    Console(file=buffer, width=width, no_color=True, highlight=False).print(
        build_report(results, title, width, import_error, details)
    )
    return "\n" + buffer.getvalue()
