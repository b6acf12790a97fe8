"""The gradebook as a terminal table: one row per submission."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from autograder.grading.model import Status, SubmissionResult

_STYLE = {
    Status.GRADED: "green",
    Status.TIMED_OUT: "yellow",
    Status.DID_NOT_IMPORT: "red",
    Status.INVALID: "red",
}


def _kinds(incidents: tuple[str, ...]) -> str:
    """The kinds of a submission's incidents (``network connection``, ...), each once."""
    return ", ".join(dict.fromkeys(incident.split(":")[0] for incident in incidents))


def gradebook_table(results: list[SubmissionResult], title: str) -> Table:
    """Student, score, status and the first line of the reason, by student id; and, when a
    submission tried something the sandbox stops, a ``sandbox`` column flagging what."""
    flagged = any(r.incidents for r in results)
    table = Table(title=title, title_justify="left")
    table.add_column("student", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    if flagged:
        table.add_column("sandbox", style="bold magenta", overflow="fold")
    table.add_column("reason", overflow="fold")
    for r in sorted(results, key=lambda r: r.student):
        flag = [f"⚑ {_kinds(r.incidents)}" if r.incidents else ""] if flagged else []
        table.add_row(
            r.student,
            f"{r.score:g} / {r.max_score:g}",
            Text(r.status, style=_STYLE.get(r.status, "")),
            *flag,
            r.reason.splitlines()[0] if r.reason else "",
        )
    return table
