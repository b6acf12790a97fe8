"""`autograder export gradescope`'s zip run as Gradescope runs it: unpacked into a root laid
out as /autograder (source/, submission/, results/), run_autograder grades an example student
and writes the results.json `autograder grade` writes for them.

setup.sh's apt-get and virtual environment are not run here: this environment has the kit
already, so AUTOGRADER_PYTHON points run_autograder at this Python (what setup.sh installs is
the same engine, from the zip's wheel)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import pytest
from helpers import COURSE, REPO

from autograder.course import get_assignment
from autograder.grading.batch import grade_batch
from autograder.grading.job import GradingSetup
from autograder.instructor.gradescope import autograder_zip

pytestmark = pytest.mark.batch

A1 = "a1_backprop"
EXAMPLES = REPO / "examples" / "submissions" / A1


def unpack(archive, source):
    """Unpack ``archive`` into ``source`` with the modes its members carry, as unzip does."""
    with zipfile.ZipFile(archive) as opened:
        for info in opened.infolist():
            path = opened.extract(info, source)
            os.chmod(path, (info.external_attr >> 16) & 0o777)


@pytest.mark.parametrize(
    ("student", "uploaded"),
    [("ben", ["__init__.py", "layers.py"]), ("ada_notebook.ipynb", ["ada_notebook.ipynb"])],
)
def test_run_autograder_writes_what_grade_writes(tmp_path, student, uploaded):
    """A package uploaded as its files (ben: 73 points, failures with feedback) and a notebook
    (ada's) get, in root/results/results.json, byte for byte the results.json of `autograder
    grade` (grade_batch) for the same submission."""
    root = tmp_path / "autograder"
    unpack(autograder_zip(get_assignment(COURSE, A1), tmp_path / "autograder.zip"), root / "source")
    submission = EXAMPLES / student
    if submission.is_dir():
        shutil.copytree(submission, root / "submission")
    else:
        (root / "submission").mkdir()
        shutil.copy(submission, root / "submission")
    assert all((root / "submission" / name).is_file() for name in uploaded)
    environment = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
    environment.pop("AUTOGRADER_COURSE", None)
    done = subprocess.run(
        [str(root / "source" / "run_autograder")], env=environment, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]

    setup = GradingSetup(COURSE, A1, tmp_path / "staging")
    (result,) = grade_batch(setup, [submission], tmp_path / "out", jobs=1)
    expected = tmp_path / "out" / "results" / result.student / "results.json"
    assert (root / "results" / "results.json").read_bytes() == expected.read_bytes()
