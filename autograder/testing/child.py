"""An isolated test run: ``python -m autograder.testing.child --parent PID PYTEST_ARGS...``.

What :func:`autograder.testing.runner.run_tests` starts for a graded run: the process first
makes sure it dies with the grader (:mod:`autograder.sandbox.inside.lifeline`), then runs
pytest with the arguments that follow.
"""

from __future__ import annotations

import sys

import pytest

from autograder.sandbox.inside.lifeline import OPTION, die_with_parent


def main(argv: list[str]) -> int:
    """Run pytest on ``argv`` (``--parent PID`` first) and return its exit code."""
    if argv[:1] != [OPTION] or len(argv) < 2 or not argv[1].isdigit():
        raise SystemExit(f"usage: python -m autograder.testing.child {OPTION} PID PYTEST_ARGS")
    die_with_parent(int(argv[1]))
    return int(pytest.main(argv[2:]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
