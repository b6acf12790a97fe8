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


def build_report(results: list[TestResult], title: str = "Points") -> Group:
    """A table (part, test, points earned / possible, message), the total, then the full
    feedback of every failed test."""
    table = Table(title=title, title_justify="left", expand=False)
    table.add_column("part")
    table.add_column("test")
    table.add_column("points", justify="right")
    table.add_column("message", overflow="fold")
    for r in results:
        style = "green" if r.passed else "red"
        message = "ok" if r.passed else r.feedback.splitlines()[0]
        table.add_row(
            r.part,
            r.test,
            Text(f"{_points(r.points)} / {_points(r.max_points)}", style=style),
            message,
        )
    earned, possible = total(results)
    table.add_section()
    table.add_row("", Text("total", style="bold"), Text(f"{_points(earned)} / {_points(possible)}", style="bold"), "")
    details = [
        Padding(Text(f"{r.test} ({r.part})\n", style="bold red") + Text(r.feedback), (1, 0, 0, 0))
        for r in results
        if not r.passed
    ]
    return Group(table, *details)


def render_text(results: list[TestResult], title: str = "Points") -> str:
    """The report of :func:`build_report` as plain text, as wide as the terminal."""
    buffer = io.StringIO()
    width = shutil.get_terminal_size((100, 24)).columns
    Console(file=buffer, width=width, no_color=True, highlight=False).print(
        build_report(results, title)
    )
    return "\n" + buffer.getvalue()
