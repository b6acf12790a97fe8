"""The sandbox settings a graded pytest run reads (``--sandbox FILE``): limits and the
libraries the assignment forbids, as a small JSON file the grader writes."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from autograder.sandbox.launcher import Limits


def write_settings(path: Path, limits: Limits, blocked: tuple[str, ...], refusal: str) -> None:
    """Write the settings for a run."""
    payload = {"limits": asdict(limits), "blocked": list(blocked), "refusal": refusal}
    path.write_text(json.dumps(payload, indent=1), encoding="utf-8")


def read_settings(path: Path) -> tuple[Limits, tuple[str, ...], str]:
    """``(limits, blocked modules, refusal message)`` as :func:`write_settings` wrote them."""
    payload = json.loads(path.read_text(encoding="utf-8"))
    return Limits(**payload["limits"]), tuple(payload["blocked"]), payload["refusal"]
