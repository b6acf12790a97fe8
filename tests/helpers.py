"""Helpers shared by the repository's own tests: the course, and copies of packages."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from autograder.course import Assignment, assignments, find_course

REPO = Path(__file__).resolve().parents[1]
COURSE = find_course(REPO)
ASSIGNMENTS: list[Assignment] = assignments(COURSE)


def copy_package(source: Path, destination: Path) -> Path:
    """Copy the package in ``source`` (its modules, not its tests) to ``destination``."""
    shutil.copytree(
        source,
        destination,
        ignore=shutil.ignore_patterns("tests", "__pycache__", "expected.py", "notebook.py"),
    )
    return destination


TOY_SPEC = """\
[assignment]
title = "Toy"

[[parts]]
name = "scale"
title = "Scaling"
functions = ["double"]
"""

TOY_MODULE = '''\
"""Toy operations."""

import numpy as np


def double(x):
    """Return 2 * x."""
    # TODO: Multiply x by two.
    # BEGIN SOLUTION
    return np.multiply(x, 2.0)
    # END SOLUTION
'''

TOY_PUBLIC_TEST = """\
from hypothesis import given

from autograder.testing import assert_close, graded
from autograder.testing import strategies as st


@graded(part="scale", points=2, visibility="visible", message="double(x) is 2 * x.")
def test_double_values(student, expected):
    case = expected["double"]
    assert_close(student.double(case["x"]), case["out"], "out")


@graded(part="scale", points=1, visibility="visible", message="double keeps the shape.")
@given(x=st.arrays(st.shapes()))
def test_double_shape(student, x):
    assert student.double(x).shape == x.shape
"""

TOY_HIDDEN_TEST = """\
from hypothesis import given

from autograder.testing import assert_close, graded
from autograder.testing import strategies as st


@graded(part="scale", points=3, visibility="hidden", message="double equals the reference.")
@given(x=st.arrays(st.shapes()))
def test_double_matches_reference(student, reference, x):
    assert_close(student.double(x), reference.double(x), "out")
"""

TOY_EXPECTED = """\
import numpy as np


def build(reference):
    x = np.arange(6.0).reshape(2, 3)
    return {"double": {"x": x, "out": reference.double(x)}}
"""

TOY_NOTEBOOK = """\
# %% [markdown]
# # Toy

# %%
print("hello")
"""

TOY_README = """\
# Toy

<!-- autograder:parts -->
"""


def make_toy_course(root: Path) -> Path:
    """A one-assignment course (``t1_toy``, one function) in ``root``; returns ``root``."""
    solution = root / "solutions" / "t1_toy"
    files = {
        "assignment.toml": TOY_SPEC,
        "__init__.py": "from .ops import double\n",
        "ops.py": TOY_MODULE,
        "expected.py": TOY_EXPECTED,
        "notebook.py": TOY_NOTEBOOK,
        "README.md": TOY_README,
        "tests/public/test_double.py": TOY_PUBLIC_TEST,
        "tests/hidden/test_double_hidden.py": TOY_HIDDEN_TEST,
    }
    for relative, text in files.items():
        path = solution / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "assignments").mkdir(exist_ok=True)
    return root


def require_bubblewrap() -> None:
    """Skip a test that needs the bubblewrap sandbox where it cannot run (a laptop without
    the package), with how to install it; in CI (``CI`` set) fail instead: CI installs it,
    and a skipped containment check must never pass for a green run."""
    from autograder.sandbox.launcher import bubblewrap

    if bubblewrap() is not None:
        return
    message = "bubblewrap (bwrap) cannot run here; install it: sudo apt-get install bubblewrap"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
