"""Grading speed: the kit against otter-grader's ``otter run``, and what the sandbox costs.

Run from the repository root, with the kit and otter-grader installed
(``pip install -c constraints.txt -e ".[test]"``)::

    python benchmarks/speed.py otter [--students ada ben ...] [--class-size N] [--repeat 1]
                                     [-j N] [--json FILE]
    python benchmarks/speed.py sandbox [--assignments a1_backprop ...] [--students ...]
                                       [--warm] [--repeat 1] [--json FILE]

``otter``: the a1_backprop example students (default: every package but the attacker's;
``ada_notebook`` can be named too) graded on the slice of the parts affine, relu and softmax,
by the kit and by ``otter run`` on the equivalent otter assignment of
``benchmarks/otter_slice.py`` (built afresh, with ``otter generate``), in interleaved rounds.
Both run as commands, so each figure includes a Python start and the imports: the kit is
``python benchmarks/speed.py grade-slice`` (``autograder grade``'s batch, gradebook and
exports, limited to the slice: the kit's command line has no option for parts); otter is
``otter run`` on the student's code as a notebook. "One at a time" grades each submission
with its own command; "batch" grades all N: the kit in one command at ``-j N`` (default: all
cores), otter with N ``otter run`` commands, N at a time (otter's own batch command,
``otter grade``, runs ``otter run`` in Docker containers, which these machines do not
have). Each row shows both scores out of 30, to check that the two grade alike. With
``--class-size N``, both also grade a class of N: copies of the examples in turn, each its
own student; a batch's fixed costs (the command's start, the warm graders', recording the
examples on the reference) are then shared by N submissions, as in a course, not by 8.

``sandbox``: every example student of the assignments (default a1_backprop, a2_optim,
a3_cnn; packages and notebooks; never an attacker, whose code must not run outside the
sandbox) graded with every public and hidden test, in-process and sandboxed, on the same
staged package (no library blocked, so both run the same code), in interleaved rounds:
each run in a new Python process, or with ``--warm`` each in a fresh fork of a warm grader
(:mod:`autograder.testing.forkserver`, a batch's way; the server starts once per assignment,
before the first measurement, and the fork's CPU time is the one the server reads from
``wait4``).

Every figure is wall time and CPU time: the CPU of every process the measured step started
(the pytest child, otter's kernel, ...), read with ``getrusage(RUSAGE_CHILDREN)`` once they
are waited for, plus the CPU of the sandboxed worker, which that misses: bubblewrap's init,
killed with the sandbox, reaps the worker without accounting for it, so the processes in
bubblewrap's PID namespace are found while they run and their CPU clocks read
(:class:`SandboxClock`). Figures are medians of ``--repeat`` rounds; ``--json`` writes every
measurement. Every process runs BLAS on one thread, as the sandbox's worker does (unless
``OPENBLAS_NUM_THREADS`` and the like are set): a grader's multi-threaded BLAS on a busy
machine spins, and once made an in-process run of a3's nadia twice as slow as the same
run on one thread. In-process runs have no time limit: a3's quinn, whose network the
sandbox stops at 20 s of CPU ("timed out"), trains to the end in-process (94 s here).

How long, on this project's 2-core machines: ``otter``, 70 s a round (8 students), 80 s
more with ``--class-size 40``; ``sandbox``, 5.5 minutes a round (23 students, quinn's 2
minutes included). Progress is printed as it goes.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from unittest import mock

from otter_slice import SLICE, build_autograder, otter_submission
from rich.console import Console
from rich.table import Table

from autograder.course import Assignment, find_course, get_assignment
from autograder.grading import job
from autograder.grading.batch import default_jobs, grade_batch, timed_grade
from autograder.grading.intake import Staged, find_submissions, stage, student_id
from autograder.grading.job import GradingSetup, install_given_code
from autograder.grading.model import SubmissionResult
from autograder.sandbox import cputime
from autograder.sandbox.launcher import ENVIRONMENT, Limits, bubblewrap
from autograder.sandbox.settings import write_settings
from autograder.testing.runner import TestRun, assignment_target, run_tests

A1 = "a1_backprop"
SANDBOX_ASSIGNMENTS = ("a1_backprop", "a2_optim", "a3_cnn")
#: Example students whose code attacks the grader (examples/submissions/README.md): run
#: only inside the sandbox, so never here (in-process, or by otter, which has no sandbox).
ATTACKS = frozenset({"mallory"})
#: How often :class:`SandboxClock` looks for sandboxed processes and reads their clocks.
SAMPLE_SECONDS = 0.05
#: otter-grader's command, installed beside this Python.
OTTER = Path(sys.executable).parent / "otter"
T = TypeVar("T")


@dataclass(frozen=True)
class Cost:
    """What one measured step took: wall seconds, CPU seconds of every process it started,
    and of those the CPU seconds of processes inside bubblewrap's sandbox."""

    wall: float
    cpu: float
    sandboxed_cpu: float


def descendants(pid: int) -> list[int]:
    """The processes below ``pid``, from ``/proc/PID/task/TID/children`` (Linux)."""
    found, pending = [], [pid]
    while pending:
        for listing in Path(f"/proc/{pending.pop()}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                below = [int(child) for child in listing.read_text().split()]
                found += below
                pending += below
    return found


def namespace_depth(pid: int) -> int:
    """How many PID namespaces ``pid`` is in (entries of its ``NSpid``); 0 if it is gone."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("NSpid:"):
                return len(line.split()) - 1
    return 0


class SandboxClock:
    """The CPU seconds used by this process's descendants in a deeper PID namespace than
    its own (bubblewrap's init and the worker it runs), while the ``with`` block runs.

    A thread looks for them every :data:`SAMPLE_SECONDS` and reads each one's CPU clock
    (:mod:`autograder.sandbox.cputime`), keeping the last reading of a process once it is
    gone: a worker waits for the grader's next call when it is killed, so little is lost.
    """

    def __init__(self) -> None:
        self._depth = namespace_depth(os.getpid())
        self._clocks: dict[int, int | None] = {}
        self._seconds: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> SandboxClock:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            self._sample()
            if self._stop.wait(SAMPLE_SECONDS):
                return

    def _sample(self) -> None:
        for pid in descendants(os.getpid()):
            if pid not in self._clocks:
                deeper = namespace_depth(pid) > self._depth
                self._clocks[pid] = cputime.cpu_clock(pid) if deeper else None
        for pid, clock in self._clocks.items():
            seconds = None if clock is None else cputime.cpu_seconds(clock)
            if seconds is not None:
                self._seconds[pid] = seconds

    def seconds(self) -> float:
        """The CPU seconds counted so far."""
        return sum(self._seconds.values())


def children_cpu() -> float:
    """CPU seconds of this process's descendants that have been waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measured(step: Callable[[], T]) -> tuple[T, Cost]:
    """``step()``'s result and its :class:`Cost`."""
    before, start = children_cpu(), time.perf_counter()
    with SandboxClock() as clock:
        value = step()
    wall = time.perf_counter() - start
    sandboxed = clock.seconds()
    return value, Cost(wall, children_cpu() - before + sandboxed, sandboxed)


@contextlib.contextmanager
def graded_parts(parts: tuple[str, ...]) -> Iterator[None]:
    """Make :func:`autograder.grading.job.grade_submission` run only the tests of
    ``parts``: the engine's job has no such option, so the target it builds is narrowed."""
    whole = job.assignment_target

    def narrowed(*args, **kwargs):
        return dataclasses.replace(whole(*args, **kwargs), parts=parts)

    with mock.patch.object(job, "assignment_target", narrowed):
        yield


def grade_slice(submissions: list[Path], out: Path, jobs: int) -> None:
    """``autograder grade a1_backprop SUBMISSIONS --out OUT -j JOBS`` limited to the slice;
    prints each student's score and the seconds their job took, as JSON."""
    setup = GradingSetup(find_course(), A1, out / "staging", Limits())
    seconds: dict[str, float] = {}

    def timed_job(setup: GradingSetup, submission: Path) -> tuple[SubmissionResult, float]:
        result, took = timed_grade(setup, submission)
        seconds[result.student] = took
        return result, took

    with graded_parts(SLICE):
        results = grade_batch(setup, submissions, out, jobs=jobs, job=timed_job)
    print(json.dumps({"scores": {r.student: r.score for r in results}, "jobs": seconds}))


def run_kit(submissions: list[Path], work: Path, jobs: int) -> tuple[dict, Cost]:
    """Grade ``submissions`` on the slice with :func:`grade_slice`, as a command, into a new
    folder of ``work``: what it printed (``scores`` and ``jobs``) and the cost."""
    out = Path(tempfile.mkdtemp(prefix="kit-", dir=work))
    command = [sys.executable, __file__, "grade-slice", "--out", str(out), "-j", str(jobs)]
    done, cost = measured(
        lambda: subprocess.run([*command, *map(str, submissions)], capture_output=True, text=True)
    )
    if done.returncode != 0:
        raise RuntimeError(f"the kit's grading failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1]), cost


def otter_score(notebook: Path, autograder: Path, work: Path) -> float:
    """``otter run`` of ``notebook``: its total score (its results.json, in ``work``)."""
    out = Path(tempfile.mkdtemp(prefix="otter-", dir=work))
    command = [str(OTTER), "run", "-a", str(autograder), "-o", str(out), "--no-logo", str(notebook)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"otter run {notebook.name} failed:\n{done.stderr[-2000:]}")
    tests = json.loads((out / "results.json").read_text(encoding="utf-8"))["tests"]
    return sum(test.get("score", 0.0) for test in tests)


def run_otter(notebooks: list[Path], autograder: Path, work: Path, jobs: int) -> tuple[dict, Cost]:
    """``otter run`` of each of ``notebooks``, ``jobs`` at a time: their ``scores`` and the
    cost."""

    def grade_all() -> list[float]:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            return list(pool.map(lambda n: otter_score(n, autograder, work), notebooks))

    scores, cost = measured(grade_all)
    return {"scores": {n.stem: score for n, score in zip(notebooks, scores, strict=True)}}, cost


def example_submissions(
    assignments: list[str], names: list[str] | None, console: Console
) -> dict[str, list[Path]]:
    """The example submissions of each of ``assignments`` named in ``names`` (default: all),
    leaving out the attackers with a note; SystemExit naming a student none of them has."""
    course = find_course()
    found = {
        name: find_submissions([course / "examples" / "submissions" / name], name)
        for name in assignments
    }
    known = {student_id(s) for submissions in found.values() for s in submissions}
    unknown = sorted(set(names or ()) - known)
    if unknown:
        raise SystemExit(
            f"error: no example student {', '.join(unknown)} in {', '.join(assignments)} "
            f"(there are: {', '.join(sorted(known))})"
        )
    chosen: dict[str, list[Path]] = {}
    for assignment, submissions in found.items():
        chosen[assignment] = []
        for submission in submissions:
            student = student_id(submission)
            if names is not None and student not in names:
                continue
            if student in ATTACKS:
                console.print(
                    f"[yellow]{assignment} {student}: skipped, her code attacks the grader"
                )
                continue
            chosen[assignment].append(submission)
    return chosen


def ratio(a: float, b: float) -> str:
    """``a / b`` for a table."""
    return f"{a / b:.2f}" if b else "n/a"


def otter_mode(options: argparse.Namespace, console: Console) -> list[dict]:
    """Time the kit and ``otter run`` on the slice; print the table; return the records."""
    if not OTTER.is_file():
        raise SystemExit(
            "error: otter-grader is not installed here: "
            'pip install -c constraints.txt -e ".[otter]"'
        )
    assignment = get_assignment(find_course(), A1)
    submissions = example_submissions([A1], options.students, console)[A1]
    if options.students is None:
        submissions = [s for s in submissions if s.is_dir()]
    jobs = options.jobs or default_jobs()
    records: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="speed-otter-") as tmp:
        work = Path(tmp)
        console.print("building the otter assignment (otter generate) ...")
        autograder = build_autograder(assignment, Path(tempfile.mkdtemp(dir=work)))
        notebooks = {s: otter_submission(s, work) for s in submissions}
        for round_ in range(options.repeat):
            for submission in submissions:
                steps = {
                    "kit": lambda s=submission: run_kit([s], work, 1),
                    "otter": lambda s=submission: run_otter([notebooks[s]], autograder, work, 1),
                }
                students = student_id(submission)
                records += compare(steps, console, grading="one", students=students, round=round_)
            steps = {
                "kit": lambda: run_kit(submissions, work, jobs),
                "otter": lambda: run_otter(list(notebooks.values()), autograder, work, jobs),
            }
            students = f"batch of {len(submissions)}, -j {jobs}"
            records += compare(steps, console, grading="batch", students=students, round=round_)
            if options.class_size:
                size = options.class_size
                copies = class_of(submissions, size, work / "class")
                copied = class_of(list(notebooks.values()), size, work / "class-notebooks")
                steps = {
                    "kit": lambda c=copies: run_kit(c, work, jobs),
                    "otter": lambda c=copied: run_otter(c, autograder, work, jobs),
                }
                students = f"class of {size}, -j {jobs}"
                records += compare(steps, console, grading=size, students=students, round=round_)
    console.print(otter_table(records, len(submissions), options.repeat))
    return records


def class_of(submissions: list[Path], size: int, folder: Path) -> list[Path]:
    """``size`` submissions in ``folder``: copies of ``submissions`` in turn, each with a
    student id of its own (``ada``, ``ben``, ..., ``ada-2``, ...): a class's batch, whose
    fixed costs (a command's start, a warm grader's, the examples' recording) are shared by
    more submissions than the examples' eight."""
    if folder.exists():
        return sorted(folder.iterdir())
    folder.mkdir(parents=True)
    made = []
    for number in range(size):
        source = submissions[number % len(submissions)]
        copy = number // len(submissions) + 1
        name = student_id(source) + (f"-{copy}" if copy > 1 else "") + source.suffix
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            shutil.copyfile(source, folder / name)
        made.append(folder / name)
    return sorted(made)


def compare(
    steps: dict[str, Callable[[], tuple[dict, Cost]]], console: Console, **fields: object
) -> list[dict]:
    """Run the step of each tool in turn: a record of each, with ``fields``, the scores and
    (the kit's) the seconds its grading jobs took."""
    records = []
    for tool, step in steps.items():
        payload, cost = step()
        jobs = sum(payload.get("jobs", {}).values()) or None
        records.append(record(cost, tool=tool, **fields, scores=payload["scores"], jobs=jobs))
        console.print(progress(f"{tool} {fields['students']}", records[-1]))
    return records


def record(cost: Cost, **fields: object) -> dict:
    """One measurement, as the JSON output holds it: ``fields`` and the figures of ``cost``."""
    return {**fields, **dataclasses.asdict(cost)}


def progress(label: str, row: dict) -> str:
    """A line saying what was just measured."""
    scores = row.get("scores", {})
    score = f", score {next(iter(scores.values())):g}" if len(scores) == 1 else ""
    return (
        f"  {label:<44} {row['wall']:6.2f} s wall, {row['cpu']:6.2f} s CPU "
        f"({row['sandboxed_cpu']:.2f} s sandboxed){score}"
    )


def pick(records: list[dict], **match: object) -> list[dict]:
    """The records whose fields equal ``match``."""
    return [r for r in records if all(r.get(k) == v for k, v in match.items())]


def cost_of(records: list[dict]) -> Cost:
    """The median of each figure of ``records``."""
    figures = [f.name for f in dataclasses.fields(Cost)]
    return Cost(*(statistics.median(r[name] for r in records) for name in figures))


def otter_table(records: list[dict], count: int, repeat: int) -> Table:
    """Per-submission seconds of the kit and of otter, and otter / kit."""
    table = Table(
        title=f"{A1}, parts {', '.join(SLICE)}: seconds per submission, kit vs otter run "
        f"(median of {repeat}; CPU of every process; kit job: the kit's grading jobs alone)"
    )
    table.add_column("submissions")
    columns = ("kit wall", "kit job", "otter wall", "otter/kit", "kit CPU", "otter CPU")
    for column in (*columns, "otter/kit", "score kit / otter"):
        table.add_column(column, justify="right")
    for students in dict.fromkeys(r["students"] for r in records):
        chosen = pick(records, students=students)
        grading = chosen[0]["grading"]
        per = {"one": 1, "batch": count}.get(grading, grading)
        kit, otter = (cost_of(pick(chosen, tool=tool)) for tool in ("kit", "otter"))
        jobs = statistics.median(r["jobs"] for r in pick(chosen, tool="kit"))
        scores = [r["scores"] for r in chosen[:2]]
        table.add_row(
            students,
            f"{kit.wall / per:.2f}",
            f"{jobs / per:.2f}",
            f"{otter.wall / per:.2f}",
            ratio(otter.wall, kit.wall),
            f"{kit.cpu / per:.2f}",
            f"{otter.cpu / per:.2f}",
            ratio(otter.cpu, kit.cpu),
            " / ".join(f"{next(iter(s.values())):g}" for s in scores) if per == 1 else "",
        )
    return table


def status(run: TestRun) -> str:
    """What stopped ``run``, if anything."""
    if run.import_error is not None:
        return "did not import"
    return "timed out" if run.timed_out else ""


def sandbox_student(
    assignment: Assignment,
    staged: Staged,
    settings: Path,
    options: argparse.Namespace,
    console: Console,
) -> list[dict]:
    """In-process and sandboxed runs of every test on ``staged``, interleaved: each in a new
    process, or with ``--warm`` each in a fork of a warm grader (a batch's way)."""
    install_given_code(assignment, staged.package)
    target = assignment_target(assignment, staged.package)
    targets = {"in-process": target, "sandboxed": dataclasses.replace(target, sandbox=settings)}
    records = []
    for round_ in range(options.repeat):
        for kind, chosen in targets.items():
            if options.warm:
                with job.warm_grader(assignment) as server:
                    run, cost = measured(lambda c=chosen, s=server: run_tests(c, server=s))
                    cost = dataclasses.replace(cost, cpu=cost.cpu + server.last_cpu)
            else:
                run, cost = measured(lambda chosen=chosen: run_tests(chosen, isolated=True))
            records.append(
                record(cost, assignment=assignment.name, student=staged.student, run=kind)
            )
            points = float(sum(r.points for r in run.results))
            records[-1].update(round=round_, score=points, status=status(run))
            label = f"{assignment.name} {staged.student} {kind}"
            console.print(progress(label, records[-1]) + f" {status(run)}".rstrip())
    return records


def sandbox_mode(options: argparse.Namespace, console: Console) -> list[dict]:
    """Time every test in-process and sandboxed; print the table; return the records."""
    course = find_course()
    for name in options.assignments:
        get_assignment(course, name)
    chosen = example_submissions(options.assignments, options.students, console)
    console.print(f"bubblewrap: {bubblewrap() or 'not available (plain child processes)'}")
    records: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="speed-sandbox-") as tmp:
        settings = Path(tmp) / "sandbox.json"
        write_settings(settings, Limits(), (), "")
        for name in options.assignments:
            assignment = get_assignment(course, name)
            for submission in chosen[name]:
                staged = stage(submission, name, Path(tmp) / "staging")
                if not isinstance(staged, Staged):
                    console.print(f"[yellow]{name} {staged.student}: not staged ({staged.reason})")
                    continue
                records += sandbox_student(assignment, staged, settings, options, console)
    console.print(sandbox_table(records, options.repeat))
    return records


def sandbox_table(records: list[dict], repeat: int) -> Table:
    """Wall and CPU seconds in-process and sandboxed, and their ratios, per student."""
    table = Table(
        title=f"Every public and hidden test, in-process and sandboxed (median of {repeat}; "
        "CPU of the grader and the worker)"
    )
    table.add_column("student")
    columns = ("wall in", "wall sandboxed", "ratio", "CPU in", "CPU sandboxed", "of it worker")
    for column in (*columns, "ratio", "points in / sandboxed"):
        table.add_column(column, justify="right")
    students = dict.fromkeys((r["assignment"], r["student"]) for r in records)
    for assignment, student in students:
        mine = pick(records, assignment=assignment, student=student)
        plain, boxed = (cost_of(pick(mine, run=k)) for k in ("in-process", "sandboxed"))
        points = " / ".join(f"{r['score']:g} {r['status']}".strip() for r in mine[:2])
        table.add_row(
            f"{assignment} {student}",
            f"{plain.wall:.2f}",
            f"{boxed.wall:.2f}",
            ratio(boxed.wall, plain.wall),
            f"{plain.cpu:.2f}",
            f"{boxed.cpu:.2f}",
            f"{boxed.sandboxed_cpu:.2f}",
            ratio(boxed.cpu, plain.cpu),
            points,
        )
    return table


def parser() -> argparse.ArgumentParser:
    """The command line: the ``otter`` and ``sandbox`` measurements, and ``grade-slice``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    otter = modes.add_parser("otter", help="the kit against otter run, on a1's slice")
    otter.add_argument("--students", nargs="+", help="example students of a1 (default: packages)")
    otter.add_argument("-j", "--jobs", type=positive, help="batch parallelism (default: cores)")
    otter.add_argument(
        "--class-size",
        type=positive,
        help="also grade a class of this many submissions (copies of the examples), both ways",
    )
    sandbox = modes.add_parser("sandbox", help="every test in-process and sandboxed")
    sandbox.add_argument("--assignments", nargs="+", default=list(SANDBOX_ASSIGNMENTS))
    sandbox.add_argument("--students", nargs="+", help="example students (default: all)")
    sandbox.add_argument(
        "--warm",
        action="store_true",
        help="run both in forks of a warm grader (a batch's way) instead of new processes",
    )
    for mode in (otter, sandbox):
        mode.add_argument("--repeat", type=positive, default=1, help="rounds (median)")
        mode.add_argument("--json", type=Path, help="write every measurement to this file")
    grade = modes.add_parser("grade-slice", help="the kit's grade, parts affine, relu, softmax")
    grade.add_argument("submissions", nargs="+", type=Path)
    grade.add_argument("--out", type=Path, required=True)
    grade.add_argument("-j", "--jobs", type=positive, default=1)
    return parser


def positive(text: str) -> int:
    """An argument that must be a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def main() -> None:
    """Run the measurement the command line asks for."""
    options = parser().parse_args()
    if getattr(options, "json", None) and not options.json.parent.is_dir():
        parser().error(f"--json {options.json}: no folder {options.json.parent} to write it in")
    for name, value in ENVIRONMENT.items():
        if name.endswith("_NUM_THREADS"):  # BLAS on one thread, as in the sandbox's worker
            os.environ.setdefault(name, value)
    if options.mode == "grade-slice":
        grade_slice(options.submissions, options.out, options.jobs)
        return
    console = Console(width=None if sys.stdout.isatty() else 150)
    measure = otter_mode if options.mode == "otter" else sandbox_mode
    records = measure(options, console)
    if options.json is not None:
        options.json.write_text(json.dumps(records, indent=1) + "\n", encoding="utf-8")
        console.print(f"measurements written to {options.json}")


if __name__ == "__main__":
    main()
