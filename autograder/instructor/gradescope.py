"""Gradescope's autograder: the zip an instructor uploads, and what it runs per submission.

Gradescope's specification: the zip holds ``setup.sh`` and ``run_autograder`` at its root;
Gradescope unpacks it into ``/autograder/source``, runs ``setup.sh`` once in its Ubuntu
image, then, for each submission, puts the student's files in ``/autograder/submission``,
runs ``/autograder/run_autograder`` (a copy of the zip's) and reads
``/autograder/results/results.json``. :func:`autograder_zip` writes that zip for one
assignment:

- ``setup.sh``: bubblewrap and Python's venv from apt, a virtual environment, the engine
  wheel with the pins of a student's ``install/`` (:mod:`autograder.authoring.wheel`);
- ``run_autograder``: ``python -m autograder.instructor.gradescope``, which grades the
  submission with :func:`~autograder.grading.batch.grade_batch`, as ``autograder grade``
  does, and copies the ``results/ID/results.json`` it writes to where Gradescope reads it;
- ``install/``: the wheel and the pins;
- ``course/``: what grading reads and nothing else: ``solutions/NAME``'s assignment.toml,
  reference modules and public and hidden tests, and ``assignments/NAME``'s given modules and
  expected values.

``AUTOGRADER_ROOT`` (default ``/autograder``) moves every path, so the zip can run in a
temporary folder; ``AUTOGRADER_PYTHON`` names the Python to grade with (default: the one
``setup.sh`` installed), for a machine that has the kit already.
"""

from __future__ import annotations

import io
import shutil
import stat
import sys
import zipfile
from pathlib import Path

from autograder.authoring.generate import AUTHORING_FILES
from autograder.authoring.wheel import INSTALL_DIR, install_files, zip_bytes
from autograder.course import EXPECTED_DATA, SPEC_FILE, Assignment, CourseError
from autograder.grading.batch import grade_batch
from autograder.grading.intake import SUFFIXES
from autograder.grading.job import GradingSetup, given_modules

#: Gradescope's folders, under the root.
SOURCE, SUBMISSION, RESULTS = "source", "submission", "results"
#: The folder of the zip that holds the course files grading reads.
COURSE_DIR = "course"
#: Where ``run_autograder`` grades, under the root: the gradebook, the staged submission.
WORK_DIR = "grading"
#: The zip's two scripts, which must be executable.
SCRIPTS = ("setup.sh", "run_autograder")

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, in its Ubuntu image (written by `autograder export
# gradescope`): bubblewrap for the sandbox, then the grader in a virtual environment, on
# Python 3.11 or later: constraints.txt pins hypothesis, which draws the examples a grade
# is computed on, for those versions only (Ubuntu 22.04's python3 is 3.10: it gets 3.11).
set -euo pipefail
root="${{AUTOGRADER_ROOT:-/autograder}}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends bubblewrap python3 python3-venv
python=python3
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    apt-get install -y --no-install-recommends python3.11 python3.11-venv
    python=python3.11
fi
"$python" -m venv "$root/venv"
"$root/venv/bin/pip" install --no-cache-dir -c "$root/source/{install}/constraints.txt" \\
    "$root/source/{install}/{wheel}"
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for each submission (written by `autograder export gradescope`):
# grade /autograder/submission in the sandbox, write /autograder/results/results.json.
set -euo pipefail
root="${{AUTOGRADER_ROOT:-/autograder}}"
python="${{AUTOGRADER_PYTHON:-$root/venv/bin/python}}"
exec "$python" -m autograder.instructor.gradescope "$root" {assignment}
"""


def course_files(assignment: Assignment) -> dict[str, bytes]:
    """What grading ``assignment`` reads, by path in a course folder: the spec, the reference
    modules and the public and hidden tests of ``solutions/NAME``; the given modules and the
    expected values of ``assignments/NAME``. Nothing else (no README, notebook, skeleton).
    :class:`CourseError` if ``assignments/NAME`` was not generated."""
    expected = assignment.student_dir / EXPECTED_DATA
    if not expected.is_file():
        raise CourseError(
            f"{expected} is missing: run `autograder generate {assignment.name}` first"
        )
    solution = assignment.solution_dir
    modules = [p for p in solution.glob("*.py") if p.name not in AUTHORING_FILES]
    tests = [*assignment.public_tests.rglob("*.py"), *assignment.hidden_tests.rglob("*.py")]
    paths = [solution / SPEC_FILE, *modules, *tests]
    paths += [*given_modules(assignment), expected]
    course = assignment.course
    return {p.relative_to(course).as_posix(): p.read_bytes() for p in sorted(paths)}


def autograder_files(assignment: Assignment) -> dict[str, bytes]:
    """Every file of the Gradescope zip of ``assignment``, by its path in the zip."""
    install = install_files()
    wheel = next(name for name in install if name.endswith(".whl"))
    files = {
        "setup.sh": SETUP_SH.format(install=INSTALL_DIR, wheel=wheel).encode(),
        "run_autograder": RUN_AUTOGRADER.format(assignment=assignment.name).encode(),
    }
    files |= {f"{INSTALL_DIR}/{name}": content for name, content in install.items()}
    files |= {f"{COURSE_DIR}/{path}": c for path, c in course_files(assignment).items()}
    return files


def autograder_zip(assignment: Assignment, out: Path) -> Path:
    """Write the Gradescope zip of ``assignment`` to ``out``, its scripts executable."""
    archive = zip_bytes(autograder_files(assignment))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(_executable(archive, SCRIPTS))
    return out


def _executable(archive: bytes, names: tuple[str, ...]) -> bytes:
    """``archive`` (a zip from :func:`zip_bytes`) with ``names`` marked executable
    (mode 755), as Gradescope runs them."""
    source, target = io.BytesIO(archive), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename in names:
                info.external_attr = (stat.S_IFREG | 0o755) << 16
            new.writestr(info, old.read(info))
    return target.getvalue()


def submitted(folder: Path, assignment: str) -> Path:
    """The one submission in Gradescope's submission ``folder``: the folder itself when it
    is the package (an ``__init__.py``, or a folder ``assignment``), else its only entry that
    is a folder or a .zip, .py or .ipynb file; otherwise the folder, which the intake
    refuses with a reason the student can act on."""
    if (folder / "__init__.py").is_file() or (folder / assignment).is_dir():
        return folder
    entries = [
        entry
        for entry in folder.iterdir()
        if not entry.name.startswith(".")
        if entry.is_dir() or entry.suffix.lower() in SUFFIXES
    ]
    return entries[0] if len(entries) == 1 else folder


def run(root: Path, assignment: str) -> Path:
    """Grade ``root/submission`` with the zip's course, as ``autograder grade`` does, and copy
    its results.json to ``root/results/results.json``; returns that path. Each run grades
    afresh (Gradescope gives each submission a new container; a test may not)."""
    work = root / WORK_DIR
    shutil.rmtree(work, ignore_errors=True)
    setup = GradingSetup(root / SOURCE / COURSE_DIR, assignment, work / "staging")
    submission = submitted(root / SUBMISSION, assignment)
    (result,) = grade_batch(setup, [submission], work, jobs=1)
    target = root / RESULTS / "results.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(work / "results" / result.student / "results.json", target)
    return target


if __name__ == "__main__":  # run_autograder: python -m autograder.instructor.gradescope ROOT NAME
    run(Path(sys.argv[1]), sys.argv[2])
