"""The attack suite's machinery: malicious submissions graded through the real pipeline.

Every attack is a small package folder written from a dict of files. A group of attackers is
graded in ONE batch together with an honest student (a copy of the example submission
``ada``, full marks), through :func:`grade` = ``grade_batch(GradingSetup(...),
find_submissions(...), out, jobs=2)``. :func:`run_batch` runs that batch in a child process
with a deadline (so an attack that hangs the grader fails the test instead of hanging it),
then checks what every attack must leave intact (``Batch.breached``, see :func:`_breaches`):

- the honest student still gets every point, graded;
- the batch finished (the grader did not crash) within its deadline;
- the out dir holds only what the grader writes (gradebook, grades.csv, results/, feedback/,
  staging/), and each of those parses and agrees with the gradebook;
- nothing changed in the batch's folder outside ``out/`` (the submissions), nothing with
  this run's token appeared in the course, in /tmp or in the process table;
- no output file holds a hidden test's source or a line of the reference solution.

Run this file as a script (``python attack_kit.py SUBMISSIONS OUT JOBS LIMITS_JSON``) to grade
one batch; that is how :func:`run_batch` runs :func:`grade` in a child process. (A module of
its own, not conftest.py, so that test modules can import it by a unique name.)
"""

from __future__ import annotations

import ast
import contextlib
import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from autograder.grading.batch import GRADEBOOK, STAGING, grade_batch
from autograder.grading.gradebook import Gradebook
from autograder.grading.intake import find_submissions
from autograder.grading.job import GradingSetup
from autograder.grading.model import Status, SubmissionResult
from autograder.sandbox.launcher import Limits

COURSE = Path(__file__).resolve().parents[2]
ASSIGNMENT = "a1_backprop"
SOLUTION = COURSE / "solutions" / ASSIGNMENT
HIDDEN_TESTS = SOLUTION / "tests" / "hidden"
HIDDEN_TEST = HIDDEN_TESTS / "test_layers_hidden.py"
SOLUTION_LAYERS = SOLUTION / "layers.py"
HONEST_SOURCE = COURSE / "examples" / "submissions" / ASSIGNMENT / "ada"
HONEST = "honest"

#: Short limits: an attack that computes forever costs 3 s of CPU per test, not 20, and one
#: that sleeps 9 s (the wall-clock backstop, three times the CPU limit), not 200.
FAST = Limits(call_timeout=3, startup_timeout=10, cpu=60, wall_factor=3)
#: A unique string every attack writes wherever it manages to write, and puts in the name of
#: every process it starts: finding it anywhere outside a sandbox is a breach.
TOKEN = f"PWNED{os.getpid()}x{uuid.uuid4().hex[:10]}"
#: How the child process that runs a batch reports the memory its process tree used.
PEAK_RSS = "peak-rss-kib:"
CHILDREN = resource.RUSAGE_CHILDREN
#: What the grader may write in its out dir.
OUT_ENTRIES = {GRADEBOOK, f"{GRADEBOOK}-wal", f"{GRADEBOOK}-shm", "grades.csv"}
OUT_ENTRIES |= {"results", "feedback", STAGING}


def bubblewrap_or_skip() -> None:
    """Skip unless the grader can run workers under bubblewrap (fail in CI). Imported here:
    this file also runs as a script in a child process, where the tests' helpers are not."""
    from helpers import require_bubblewrap

    require_bubblewrap()


# --- What must never leave the grader --------------------------------------------------------


def _shown_to_students() -> str:
    """Text written to be shown to students: the generated student version of layers.py, and
    every ``message=`` of the assignment's tests (the feedback shows it)."""
    texts = [(COURSE / "assignments" / ASSIGNMENT / "layers.py").read_text(encoding="utf-8")]
    for path in sorted((SOLUTION / "tests").rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "message":
                with contextlib.suppress(ValueError):
                    texts.append(ast.literal_eval(node.value))
    return "\n".join(texts)


def secrets() -> list[str]:
    """Strings of the hidden tests' source and of the solution code that no output file may
    contain: the hidden module's docstring and test definitions, its calls to the reference,
    and the solution lines of layers.py (but those the student version or a test's message
    quotes as a formula, such as ``out = x_flat @ w + b``, and those the honest student
    wrote too, such as ``if not training:``: the staging folder holds their code)."""
    hidden = HIDDEN_TEST.read_text(encoding="utf-8")
    found = [hidden.strip('"\n').splitlines()[0]]
    for line in map(str.strip, hidden.splitlines()):
        if line.startswith("def test_") or "reference." in line:
            found.append(line)
    shown = "\n".join([_shown_to_students(), *honest_files().values()])
    inside = False
    for line in map(str.strip, SOLUTION_LAYERS.read_text(encoding="utf-8").splitlines()):
        if line == "# BEGIN SOLUTION":
            inside = True
        elif line == "# END SOLUTION":
            inside = False
        elif inside and len(line) >= 12 and not line.startswith("return") and line not in shown:
            found.append(line)
    return found


def leaks(out: Path) -> list[str]:
    """``file: secrets`` for every file under ``out`` that holds one of :func:`secrets`."""
    found, hidden = [], secrets()
    for path in sorted(out.rglob("*")):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            leaked = [s for s in hidden if s.encode() in data]
            if leaked:
                found.append(f"{path.relative_to(out)}: {leaked}")
    return found


# --- Submissions -----------------------------------------------------------------------------


def honest_files() -> dict[str, str]:
    """The files of the example submission ``ada``, which earns every point."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(HONEST_SOURCE.glob("*.py"))}


def write_submission(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Write a package folder from ``{relative path: text or bytes}``; return the folder."""
    for relative, content in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
    return folder


def rel_error_attack(body: str) -> dict[str, str]:
    """ada with ``rel_error``'s body replaced by ``body`` (indented by this function): it
    earns exactly the points of every test but the rel_error ones."""
    files = honest_files()
    source = files["gradient_check.py"]
    head, _, _ = source.partition("def rel_error(")
    indented = "\n".join("    " + line if line else "" for line in body.strip("\n").splitlines())
    files["gradient_check.py"] = f"{head}def rel_error(x, y):\n{indented}\n"
    return files


def uses_rel_error(test: str) -> bool:
    """Whether a test's name says it tests rel_error (the only tests that call it)."""
    return "rel_error" in test


# --- Grading ---------------------------------------------------------------------------------


def grade(
    submissions: Path, out: Path, limits: Limits = FAST, jobs: int = 2
) -> dict[str, SubmissionResult]:
    """Grade every submission in the folder ``submissions`` into ``out``, through the real
    pipeline; the results by student."""
    setup = GradingSetup(COURSE, ASSIGNMENT, out / STAGING, limits)
    found = find_submissions([submissions], ASSIGNMENT)
    return {r.student: r for r in grade_batch(setup, found, out, jobs=jobs)}


def _processes_with(text: str) -> list[str]:
    """``pid: command line`` of every process whose command line contains ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if text in command:
                found.append(f"{entry.name}: {command[:200]}")
    return found


def _tree(root: Path, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    """``{relative path: sha256}`` of every file under ``root`` (not under ``skip``)."""
    found = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if Path(folder, d) not in skip]
        for name in names:
            path = Path(folder, name)
            data = b"<link>" if path.is_symlink() else path.read_bytes()
            found[path.relative_to(root).as_posix()] = hashlib.sha256(data).hexdigest()
    return found


def _course_writes(since_ns: int, token: str) -> list[str]:
    """Files of the course modified since ``since_ns`` whose name or bytes hold ``token``."""
    found = []
    for folder, dirs, names in os.walk(COURSE):
        dirs[:] = [d for d in dirs if d not in (".git", "__pycache__", ".ruff_cache")]
        for name in names:
            path = Path(folder, name)
            with contextlib.suppress(OSError):
                if token in name or (
                    path.stat().st_mtime_ns >= since_ns
                    and path.is_file()
                    and token.encode() in path.read_bytes()
                ):
                    found.append(str(path))
    return found


def remove_breaches(paths: tuple[Path, ...] = ()) -> None:
    """Delete what an attack managed to write outside its sandbox (files carrying the token:
    named by it under the course or /tmp, or holding it at ``paths``), so that a failed
    containment test leaves the repository as it was."""
    found = [p for p in Path("/tmp").glob(f"*{TOKEN}*") if p.is_file()]
    for folder, dirs, names in os.walk(COURSE):
        dirs[:] = [d for d in dirs if d not in (".git", "__pycache__")]
        found += [Path(folder, n) for n in names if TOKEN in n]
    for path in paths:
        with contextlib.suppress(OSError):
            if path.is_file() and TOKEN.encode() in path.read_bytes():
                found.append(path)
    for path in found:
        with contextlib.suppress(OSError):
            path.unlink()


@dataclass
class Batch:
    """One graded batch: its folder (``submissions/`` and ``out/``), its results by student
    (read back from the gradebook), how long it took, and what the grader said if it failed."""

    root: Path
    results: dict[str, SubmissionResult]
    seconds: float
    error: str | None
    breached: list[str] = field(default_factory=list)
    #: The largest resident set (bytes) of the batch's process or any process it started.
    peak_rss: int | None = None

    @property
    def out(self) -> Path:
        return self.root / "out"

    def __getitem__(self, student: str) -> SubmissionResult:
        if student not in self.results:
            why = f"the batch did not finish:\n{self.error}" if self.error else "no result"
            pytest.fail(f"{student} has no result ({sorted(self.results)}): {why}")
        return self.results[student]

    def feedback(self, student: str) -> str:
        """The feedback page ``student`` is shown."""
        return (self.out / "feedback" / f"{student}.md").read_text(encoding="utf-8")

    def everything(self, student: str) -> str:
        """Every piece of text the grader recorded for ``student``: reason and test feedback."""
        result = self[student]
        return "\n".join([result.reason, *(t.feedback for t in result.tests)])


def run_batch(
    root: Path,
    attackers: dict[str, dict[str, str | bytes]],
    *,
    limits: Limits = FAST,
    jobs: int = 2,
    deadline: float = 240.0,
    forbidden_paths: tuple[Path, ...] = (),
) -> Batch:
    """Grade ``attackers`` (student -> files) and the honest student in one batch under
    ``root`` in a child process stopped after ``deadline`` seconds; check what no attack may
    change (see :meth:`Batch.breaches`, stored in ``Batch.breached``). The deadline is for
    an idle machine, and stretches with the machine's load (see
    :func:`helpers.communicate_scaled`)."""
    from helpers import communicate_scaled

    submissions, out = root / "submissions", root / "out"
    write_submission(submissions / HONEST, honest_files())
    for student, files in attackers.items():
        write_submission(submissions / student, files)
    cwd = root / "cwd"  # the grader's working folder: hypothesis keeps a cache there
    cwd.mkdir()
    before = _tree(root, skip=(cwd,))
    started_ns, started = time.time_ns(), time.monotonic()
    command = [sys.executable, __file__, str(submissions), str(out), str(jobs)]
    command.append(json.dumps(dataclasses.asdict(limits)))
    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd=cwd,
    )
    output = b""
    try:
        output, _ = communicate_scaled(child, deadline)
        error = None if child.returncode == 0 else _shorten(output.decode(errors="replace"))
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)  # the batch and every process it started
        child.communicate()
        error = f"the batch was still running after {deadline:g} s (load-scaled) and was stopped"
    seconds = time.monotonic() - started
    peak = re.search(rf"^{PEAK_RSS} (\d+)$", output.decode(errors="replace"), re.MULTILINE)
    results = {}
    if (out / GRADEBOOK).is_file():
        with Gradebook(out / GRADEBOOK) as book:
            results = {r.student: r for r in book.results(ASSIGNMENT)}
    batch = Batch(root, results, seconds, error, peak_rss=int(peak[1]) * 1024 if peak else None)
    batch.breached = _breaches(batch, before, started_ns, forbidden_paths)
    return batch


def _shorten(text: str, keep: int = 2500) -> str:
    """``text``'s beginning and end (a crash's traceback can be thousands of lines)."""
    return text if len(text) <= 2 * keep else f"{text[:keep]}\n[...]\n{text[-keep:]}"


def _breaches(
    batch: Batch,
    before: dict[str, str],
    started_ns: int,
    forbidden_paths: tuple[Path, ...],
) -> list[str]:
    """Everything an attack changed that it must not have: empty when contained. Processes
    are looked for by this run's token and folder, and among this test's own descendants
    (the suite's conftest makes it the reaper of orphans), never by counting the machine's."""
    from helpers import own_processes

    problems = []
    if batch.error is not None:
        problems.append(f"the batch did not finish: {batch.error}")
    problems += _honest_problems(batch)
    problems += _out_problems(batch)
    after = _tree(batch.root, skip=(batch.out, batch.root / "cwd"))
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if changed:
        problems.append(f"files outside the out dir changed: {changed}")
    problems += [f"the course was written: {p}" for p in _course_writes(started_ns, TOKEN)]
    host_tmp = [str(p) for p in Path("/tmp").glob(f"*{TOKEN}*")]
    problems += [f"written on the host: {p}" for p in host_tmp]
    problems += [f"exists: {p}" for p in forbidden_paths if p.exists() or p.is_symlink()]
    for _ in range(50):  # a killed sandbox takes a moment to go
        left = _processes_with(TOKEN) + _processes_with(str(batch.root)) + own_processes()
        if not left:
            break
        time.sleep(0.1)
    problems += [f"still running after the batch: {p}" for p in left]
    problems += [f"hidden content in {leak}" for leak in leaks(batch.out)]
    return problems


def _honest_problems(batch: Batch) -> list[str]:
    honest = batch.results.get(HONEST)
    if honest is None:
        return ["the honest student has no result"]
    problems = []
    possible = sum(t.max_points for t in honest.tests)
    if (honest.status, honest.reason) != (Status.GRADED, ""):
        problems.append(f"the honest student is {honest.status!r}: {honest.reason}")
    if not (honest.score == honest.max_score == possible > 0):
        failed = [t.test for t in honest.tests if not t.passed]
        problems.append(f"the honest student got {honest.score}/{honest.max_score}: {failed}")
    return problems


def _out_problems(batch: Batch) -> list[str]:
    """The out dir holds only the grader's files, and they agree with the gradebook."""
    out, results = batch.out, batch.results
    if not out.is_dir():
        return ["no out dir"]
    problems = []
    extra = sorted(p.name for p in out.iterdir() if p.name not in OUT_ENTRIES)
    if extra:
        problems.append(f"unexpected files in the out dir: {extra}")
    if batch.error is not None:
        return problems  # the exports are written at the end of a batch that finished
    try:
        rows = list(csv.DictReader(io.StringIO((out / "grades.csv").read_text("utf-8"))))
        csv_scores = {row["student"]: float(row["score"]) for row in rows}
    except (OSError, ValueError, KeyError) as err:
        return [*problems, f"grades.csv does not parse: {err!r}"]
    if csv_scores != {s: r.score for s, r in results.items()}:
        problems.append(f"grades.csv {csv_scores} disagrees with the gradebook")
    results_dir, feedback_dir = out / "results", out / "feedback"
    if sorted(p.name for p in results_dir.iterdir()) != sorted(results):
        problems.append(f"results/ holds {sorted(p.name for p in results_dir.iterdir())}")
    expected_pages = sorted(f"{s}.md" for s in results)
    if sorted(p.name for p in feedback_dir.iterdir()) != expected_pages:
        problems.append(f"feedback/ holds {sorted(p.name for p in feedback_dir.iterdir())}")
    for student, result in results.items():
        try:
            files = sorted(p.name for p in (results_dir / student).iterdir())
            payload = json.loads((results_dir / student / "results.json").read_text("utf-8"))
            page = (feedback_dir / f"{student}.md").read_text("utf-8")
        except (OSError, ValueError) as err:
            problems.append(f"the exports of {student} do not parse: {err!r}")
            continue
        if files != ["results.json"] or payload.get("score") != result.score:
            problems.append(f"results/{student}: {files}, score {payload.get('score')}")
        if f"feedback for {student}" not in page or f"Score: {result.score:g} /" not in page:
            problems.append(f"feedback/{student}.md is not the grader's page")
    return problems


def assert_contained(batch: Batch) -> None:
    """Fail, listing every breach, unless the batch kept everything an attack may not touch."""
    assert not batch.breached, "\n".join(batch.breached)


def _main(argv: list[str]) -> None:
    submissions, out, jobs, limits = argv
    grade(Path(submissions), Path(out), Limits(**json.loads(limits)), int(jobs))
    # The largest resident set of this process and of any process it started (the graders'
    # pytest processes and, through them, the workers), in KiB on Linux.
    peak = max(resource.getrusage(r).ru_maxrss for r in (resource.RUSAGE_SELF, CHILDREN))
    print(f"{PEAK_RSS} {peak}")


if __name__ == "__main__":
    _main(sys.argv[1:])
