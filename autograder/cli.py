"""The ``autograder`` command: one sub-command per user path.

- students: ``autograder check ASSIGNMENT`` runs the public tests on their folder;
- instructors: ``autograder new aN_topic`` starts a new assignment in ``solutions/``,
  ``autograder generate`` writes ``assignments/`` from ``solutions/``,
  ``autograder release --out DIR`` writes the checked bundle students receive,
  ``autograder grade ASSIGNMENT SUBMISSIONS --out DIR`` grades a batch in the sandbox,
  ``autograder report DIR`` writes the batch's report (``grade`` writes it too),
  ``autograder similarity ASSIGNMENT SUBMISSIONS --out DIR`` lists the pairs of submissions
  that share most of their code, and ``autograder export canvas ASSIGNMENT DIR --roster
  CSV`` writes the grades for Canvas's gradebook import; ``autograder export gradescope
  ASSIGNMENT --out autograder.zip`` writes the autograder zip Gradescope runs, and
  ``autograder export otter ASSIGNMENT --out DIR`` the notebook and tests of otter-grader.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from autograder import __version__
from autograder.authoring.generate import stale_files, student_files, write_files
from autograder.authoring.markers import MarkerError
from autograder.authoring.release import ReleaseError, release
from autograder.authoring.scaffold import new_assignment
from autograder.authoring.wheel import INSTALL_DIR, BuildError
from autograder.course import (
    EXPECTED_DATA,
    SPEC_FILE,
    Assignment,
    CourseError,
    assignments,
    find_course,
    get_assignment,
)
from autograder.grading.batch import GRADEBOOK, STAGING, grade_batch
from autograder.grading.cluster import ClusterError, cluster_executor, local_workers, worker_grade
from autograder.grading.gradebook import Gradebook, GradebookError
from autograder.grading.intake import find_submissions
from autograder.grading.job import GradingSetup
from autograder.grading.model import SubmissionResult
from autograder.grading.table import gradebook_table
from autograder.instructor.gradescope import autograder_zip
from autograder.instructor.lms import (
    CANVAS_FILE,
    DEFAULT_MATCH,
    RosterError,
    canvas_export,
    read_roster,
    write_canvas,
)
from autograder.instructor.otter import TESTS_DIR as OTTER_TESTS
from autograder.instructor.otter import write_otter
from autograder.instructor.similarity import (
    DEFAULT_THRESHOLD,
    SimilarityError,
    find_similar,
    pairs_table,
    require_copydetect,
)
from autograder.instructor.similarity import write as write_similarity
from autograder.sandbox.launcher import Limits, isolation_warning
from autograder.testing.results import total
from autograder.testing.runner import TestRunError, TestTarget, run_tests
from autograder.testing.table import build_report

app = typer.Typer(
    help="An autograded deep-learning course: generate, release and check assignments.",
    epilog=(
        "Students: autograder check a1_backprop (from the folder that holds a1_backprop/).  "
        "Instructors: autograder generate, autograder release --out release/, then "
        "autograder grade a1_backprop submissions/ --out grades/."
    ),
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    errors.print(
        f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True, emoji=False
    )
    return typer.Exit(code)


def _output_folder(out: Path) -> None:
    """Refuse an ``--out`` that is a file, or lies inside one, before anything is written."""
    existing = next(path for path in (out, *out.parents) if path.exists())
    if existing.is_dir():
        return
    if existing == out:
        raise _fail(f"--out {out} is a file; give a folder")
    raise _fail(f"--out {out} is inside {existing}, which is a file; give a folder")


def _version(value: bool) -> None:
    if value:
        console.print(f"autograder {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """An autograded deep-learning course: generate, release and check assignments."""


def _selected(name: str | None) -> list[Assignment]:
    course = find_course()
    return [get_assignment(course, name)] if name else assignments(course)


@app.command()
def new(
    assignment: Annotated[
        str, typer.Argument(help="The new assignment's name, a<number>_<topic>: a5_attention.")
    ],
    title: Annotated[
        str | None,
        typer.Option("--title", help='Its title. Default: the topic in words ("Attention").'),
    ] = None,
) -> None:
    """Start a new assignment: write solutions/NAME, a small complete one to edit (one
    function, its tests, notebook and README), with its mutants and variants in tests/."""
    try:
        course = find_course()
        written = new_assignment(course, assignment, title)
    except CourseError as err:
        raise _fail(str(err)) from None
    for path in written:
        console.print(f"wrote {path.relative_to(course)}", highlight=False)
    console.print(
        f"{assignment} is complete, with softplus as its example: `autograder generate "
        f"{assignment}`, then `pytest`, pass as it is. Replace the example with your functions; "
        '"Adding an assignment" in the course README lists every rule the tests hold it to.',
        highlight=False,
    )


@app.command()
def generate(
    assignment: Annotated[
        str | None, typer.Argument(help="Assignment name, e.g. a1_backprop. Default: all.")
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 if assignments/ is not up to date."),
    ] = False,
) -> None:
    """Write assignments/NAME (skeleton, public tests, expected values, notebook, README)
    from solutions/NAME."""
    try:
        stale = []
        for item in _selected(assignment):
            files = student_files(item)
            if check:
                stale += [f"{item.name}: {c}" for c in stale_files(item.student_dir, files)]
                continue
            changes = write_files(item.student_dir, files)
            summary = f"{len(changes)} file(s) written" if changes else "up to date"
            console.print(f"{item.student_dir}: {summary}", highlight=False)
    except (CourseError, MarkerError) as err:
        raise _fail(str(err)) from None
    if stale:
        errors.print("assignments/ is out of date; run `autograder generate`:", highlight=False)
        for line in stale:
            errors.print(f"  {line}", highlight=False)
        raise typer.Exit(1)
    if check:
        console.print("assignments/ is up to date")


@app.command(name="release")
def release_command(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the bundle(s) into.")],
    assignment: Annotated[str | None, typer.Argument(help="Assignment name. Default: all.")] = None,
) -> None:
    """Write the bundle students receive: OUT/NAME/, OUT/install/ (the engine wheel and the
    grader's versions, to install the `autograder` command without the course) and
    OUT/NAME.zip holding both; refuse any bundle that holds a hidden test or a solution line."""
    _output_folder(out)
    try:
        for item in _selected(assignment):
            folder, archive = release(item, out)
            console.print(
                f"released {item.name}: {archive}, which holds {folder}/ and {out / INSTALL_DIR}/",
                highlight=False,
            )
    except (CourseError, MarkerError, ReleaseError, BuildError) as err:
        raise _fail(str(err), code=1) from None


def _default_folder(name: str) -> Path:
    """``./NAME``; the working directory if it is the assignment folder; else the course's
    ``assignments/NAME``."""
    here = Path.cwd()
    if (here / name).is_dir():
        return here / name
    if here.name == name and (here / SPEC_FILE).is_file():
        return here
    try:
        return find_course() / "assignments" / name
    except CourseError:
        raise CourseError(
            f"there is no folder {name} here: run the command from the folder that holds "
            f"{name}/, or give the folder with --path"
        ) from None


def _check_target(name: str, path: Path | None) -> TestTarget:
    """Where the code, the public tests and the spec are for ``autograder check``."""
    if path is None:
        path = _default_folder(name)
    if not path.is_dir():
        raise CourseError(f"{path} is not a folder; give your assignment folder with --path")
    tests = path / "tests"
    spec_dir = path
    if not (path / SPEC_FILE).is_file() or not tests.is_dir():
        # A bare submission (just the modules): use the course's released tests.
        released = find_course() / "assignments" / name
        tests, spec_dir = released / "tests", released
    return TestTarget(
        tests=(tests,),
        student_path=path,
        student_name=name,
        spec_dir=spec_dir,
        expected_data=tests.parent / EXPECTED_DATA,
    )


@app.command()
def check(
    assignment: Annotated[str, typer.Argument(help="Assignment name, e.g. a1_backprop.")],
    path: Annotated[
        Path | None,
        typer.Option(
            "--path",
            help="Your assignment folder. Default: ./ASSIGNMENT, else assignments/ASSIGNMENT.",
        ),
    ] = None,
) -> None:
    """Run the public tests on your code and print a points table.

    Exits 0 only when every test passes.
    """
    try:
        target = _check_target(assignment, path)
        run = run_tests(target)
    except (CourseError, TestRunError) as err:
        raise _fail(str(err)) from None
    title = f"{assignment}: public tests on {target.student_path}"
    console.print(build_report(run.results, title, console.width, run.import_error))
    earned, possible = total(run.results)
    if earned < possible or not run.results:
        raise typer.Exit(1)


def _check_limits(jobs: int | None, timeout: float) -> None:
    """Refuse a ``--jobs`` below 1 and a ``--timeout`` that is not a positive, finite number."""
    if jobs is not None and jobs < 1:
        raise _fail("--jobs must be at least 1")
    if not (math.isfinite(timeout) and timeout > 0):
        raise _fail("--timeout must be a positive number of seconds")


def _check_cluster(cluster: str | None, jobs: int | None) -> None:
    """Refuse ``--jobs`` beside ``--cluster`` (the cluster's workers set how many jobs run
    at once) and a ``local:N`` whose N is not a whole number of at least 1."""
    if cluster is None:
        return
    if jobs is not None:
        raise _fail(
            "--jobs and --cluster exclude each other: the cluster's workers set how many "
            "submissions are graded at once"
        )
    try:
        local_workers(cluster)
    except ClusterError as err:
        raise _fail(str(err)) from None


def _warn(message: str) -> None:
    """Print a warning the instructor must see (isolation that is not a security boundary)."""
    errors.print(f"[bold yellow]warning:[/] {message}", highlight=False, soft_wrap=True)


@contextmanager
def _executor(cluster: str | None) -> Iterator[dict[str, Any]]:
    """``grade_batch``'s executor and job for ``--cluster`` (nothing without it: the local
    pool); a cluster that cannot be used is refused in one line."""
    if cluster is None:
        yield {}
        return
    with ExitStack() as stack:
        try:
            executor = stack.enter_context(cluster_executor(cluster, _warn))
        except ClusterError as err:
            raise _fail(str(err)) from None
        yield {"executor": executor, "job": worker_grade}


def _check_apart(out: Path, submissions: list[Path]) -> None:
    """Refuse an ``--out`` inside a submissions folder: on the next run its files (grades,
    feedback, staged copies) would be taken for students' submissions."""
    where = out.resolve()
    for folder in submissions:
        if folder.is_dir() and where.is_relative_to(folder.resolve()):
            raise _fail(
                f"--out {out} is inside the submissions folder {folder}; put it elsewhere "
                "(its files would be graded as submissions on the next run)"
            )


def _check_gradebook(out: Path, assignment: str) -> None:
    """Refuse an ``--out`` whose gradebook holds another assignment's results, whose exports
    this batch would replace or mix with its own; the same assignment resumes there."""
    path = out / GRADEBOOK
    if not path.is_file():
        return
    try:
        with Gradebook(path) as book:
            others = [name for name in book.assignments() if name != assignment]
    except GradebookError as err:
        raise _fail(str(err)) from None
    if others:
        raise _fail(
            f"{out}/ already holds the gradebook of {', '.join(others)}; give each assignment "
            f"its own --out (e.g. --out {out}-{assignment})"
        )


@app.command()
def grade(
    assignment: Annotated[str, typer.Argument(help="Assignment name, e.g. a1_backprop.")],
    submissions: Annotated[
        list[Path],
        typer.Argument(
            help="Submissions: folders of submissions (one entry per student: a folder, .zip, "
            ".py or .ipynb, named after the student), or single submissions."
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Folder for the gradebook and exports, one per assignment; a rerun resumes it.",
        ),
    ],
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="Submissions graded at once. Default: all cores."),
    ] = None,
    regrade: Annotated[
        bool, typer.Option("--regrade", help="Grade again what the gradebook already holds.")
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            help="CPU seconds each call into student code may use (CPU time, so a busy "
            "machine gives the same grades; a call that waits instead of computing is "
            "stopped after ten times as long on the clock).",
        ),
    ] = Limits().call_timeout,
    similarity: Annotated[
        bool,
        typer.Option(
            "--similarity",
            help="Then compare every pair of submissions into the same OUT, as "
            "`autograder similarity` does with its default threshold.",
        ),
    ] = False,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="Run the jobs on a Dask cluster: a scheduler's address (tcp://host:8786), "
            "or local:N for N worker processes on this machine. Needs pip install "
            "'.[cluster]'; see the README for SLURM.",
        ),
    ] = None,
) -> None:
    """Grade every submission in a sandbox, in parallel, and export the grades.

    Writes OUT/gradebook.sqlite (the record), OUT/grades.csv, OUT/results/ID/results.json
    (Gradescope's format), OUT/feedback/ID.md (what each student is shown) and
    OUT/report.html (the batch at a glance: see `autograder report`). A rerun skips what is
    already graded, so an interrupted batch resumes where it stopped; a submission graded
    again with a different result keeps its earlier one in the gradebook, and grades.csv
    says what changed. Each assignment needs its own OUT: one that holds another
    assignment's gradebook is refused.
    """
    _check_limits(jobs, timeout)
    _check_cluster(cluster, jobs)
    try:
        course = find_course()
        get_assignment(course, assignment)
        found = find_submissions(submissions, assignment)
    except (CourseError, ValueError) as err:
        raise _fail(str(err)) from None
    _output_folder(out)
    _check_apart(out, submissions)
    _check_gradebook(out, assignment)
    skeleton = _skeleton(course, assignment) if similarity else None
    warning = isolation_warning()
    if warning:
        _warn(warning)
    setup = GradingSetup(course, assignment, out / STAGING, Limits(call_timeout=timeout))
    with (
        _executor(cluster) as where,
        Progress(
            TextColumn("grading {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=errors,
        ) as bar,
    ):
        task = bar.add_task(assignment, total=len(found))

        def advance(student: str, result: SubmissionResult | None) -> None:
            bar.advance(task)

        results = grade_batch(
            setup, found, out, jobs=jobs, regrade=regrade, progress=advance, **where
        )
    console.print(gradebook_table(results, f"{assignment}: {len(results)} submissions"))
    flagged = sum(1 for r in results if r.incidents)
    if flagged:
        console.print(
            f"[bold magenta]{flagged} submission(s) tried what the sandbox stops[/] (the "
            "sandbox column; every attempt is listed in grades.csv). Their feedback does not "
            "mention it.",
            highlight=False,
            soft_wrap=True,
        )
    console.print(
        f"Gradebook {out / GRADEBOOK}; grades {out / 'grades.csv'}; "
        f"Gradescope results {out / 'results'}/; feedback {out / 'feedback'}/",
        highlight=False,
        soft_wrap=True,
    )
    if skeleton is not None:
        _similarity(skeleton, assignment, found, out, DEFAULT_THRESHOLD)
    _write_report(out, assignment, after_grading=True)


def _skeleton(course: Path, assignment: str) -> Path:
    """The assignment's generated skeleton, the code every student was given, which the
    similarity leaves out; refuse if it or copydetect is missing."""
    skeleton = get_assignment(course, assignment).student_dir
    if not skeleton.is_dir():
        raise _fail(
            f"{skeleton} is missing: run `autograder generate {assignment}` (the similarity "
            "leaves out the skeleton's code, which every student was given)"
        )
    try:
        require_copydetect()
    except SimilarityError as err:
        raise _fail(str(err)) from None
    return skeleton


def _similarity(
    skeleton: Path, assignment: str, found: list[Path], out: Path, threshold: float
) -> None:
    """Compare every pair of ``found``, write OUT/similarity.csv and the pairs' pages, and
    print the pairs and the submissions the intake refused."""
    try:
        result = find_similar(skeleton, found, assignment, threshold)
    except SimilarityError as err:
        raise _fail(str(err)) from None
    write_similarity(result, out)
    console.print(pairs_table(result, threshold))
    for student, reason in sorted(result.refused.items()):
        console.print(
            f"not compared: {student} ({reason})", markup=False, highlight=False, soft_wrap=True
        )
    console.print(
        f"Similarity {out / 'similarity.csv'}; each pair's code, side by side, in "
        f"{out / 'similarity'}/A__B.html",
        highlight=False,
        soft_wrap=True,
    )


@app.command(name="similarity")
def similarity_command(
    assignment: Annotated[str, typer.Argument(help="Assignment name, e.g. a1_backprop.")],
    submissions: Annotated[
        list[Path],
        typer.Argument(
            help="Submissions, as `autograder grade` takes them: folders of submissions, or "
            "single submissions."
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Folder for similarity.csv and the pairs' pages.")
    ],
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold",
            help="List a pair when at least this share of either student's own code (beyond "
            "the skeleton) is also in the other's: above 0, at most 1.",
        ),
    ] = DEFAULT_THRESHOLD,
) -> None:
    """Compare every pair of submissions and list those that share most of their code.

    Each submission is read as the grader reads it; the assignment's skeleton
    (assignments/ASSIGNMENT) never counts, nor do names, comments and spacing (a renamed
    variable still matches). Writes OUT/similarity.csv (student_a, student_b, similarity_a,
    similarity_b, overlap_lines: the pairs at or above the threshold, highest first) and
    OUT/similarity/A__B.html (both students' code, the shared passages highlighted). Needs
    the instructor extra: pip install -c constraints.txt -e ".[instructor]".
    """
    if not 0 < threshold <= 1:
        raise _fail("--threshold must be a share of the code, above 0 and at most 1 (e.g. 0.75)")
    try:
        course = find_course()
        skeleton = _skeleton(course, assignment)
        found = find_submissions(submissions, assignment)
    except (CourseError, ValueError) as err:
        raise _fail(str(err)) from None
    _output_folder(out)
    _check_apart(out, submissions)
    out.mkdir(parents=True, exist_ok=True)
    _similarity(skeleton, assignment, found, out, threshold)


export = typer.Typer(
    help="Export a graded batch's grades for a learning-management system, or an "
    "assignment's autograder for Gradescope or its checks for otter-grader.",
    no_args_is_help=True,
)
app.add_typer(export, name="export")


def _graded_results(out: Path, assignment: str) -> list[SubmissionResult]:
    """The results of ``assignment`` in OUT's gradebook; refuse an OUT without them."""
    path = out / GRADEBOOK
    if not path.is_file():
        raise _fail(
            f"{out} has no {GRADEBOOK}: grade the batch first "
            f"(autograder grade {assignment} SUBMISSIONS --out {out})"
        )
    try:
        with Gradebook(path) as book:
            results, held = book.results(assignment), book.assignments()
    except GradebookError as err:
        raise _fail(str(err)) from None
    if not results:
        raise _fail(
            f"{path} holds no results of {assignment} "
            f"(it holds: {', '.join(held) or 'nothing yet'})"
        )
    return results


@export.command()
def canvas(
    assignment: Annotated[str, typer.Argument(help="Assignment name, e.g. a1_backprop.")],
    out: Annotated[
        Path, typer.Argument(help="The grading folder: the --out of `autograder grade`.")
    ],
    roster: Annotated[
        Path,
        typer.Option(
            "--roster",
            help="CSV of the course's students: Canvas's gradebook export (Grades > Export) "
            "as it is, or any CSV with the columns Student, at least one of ID, SIS User ID "
            "and SIS Login ID (Canvas finds students by them), Section if known, and the "
            "--match column.",
        ),
    ],
    column: Annotated[
        str | None,
        typer.Option(
            "--column",
            help="The assignment's column: its Canvas title, or 'Title (id)' as Canvas "
            "exports it, to update that assignment (any other title makes a new one). "
            "Default: ASSIGNMENT.",
        ),
    ] = None,
    match: Annotated[
        str,
        typer.Option(
            "--match",
            help="The roster column that holds each student's submission name (their "
            "folder or file, without .zip, .py or .ipynb).",
        ),
    ] = DEFAULT_MATCH,
) -> None:
    """Write OUT/canvas.csv for Canvas's gradebook import (Grades > Import).

    One row per roster student with a result: Canvas's student columns from the roster,
    the score, then each part's points in columns named "... Current Points", which Canvas
    shows but never imports. Students graded but not in the roster, and roster students
    without a result, are left out of it (a blank score would clear their Canvas grade) and
    listed, here and in OUT/canvas-unmatched.csv.
    """
    try:
        spec = get_assignment(find_course(), assignment).spec
        entries = read_roster(roster, match)
    except (CourseError, RosterError) as err:
        raise _fail(str(err)) from None
    results = _graded_results(out, assignment)
    result = canvas_export(results, spec, entries, column or assignment)
    write_canvas(result, out)
    console.print(
        f"{out / CANVAS_FILE}: {result.matched} of {len(results)} graded students, for "
        "Canvas's gradebook import (Grades > Import).",
        highlight=False,
        soft_wrap=True,
    )
    for student in result.not_in_roster:
        errors.print(
            f"not in the roster: {student} (graded, left out)", markup=False, highlight=False
        )
    for entry in result.not_graded:
        who = f"{entry.name} (line {entry.line}"
        who += f", submission {entry.submission})" if entry.submission else ", no submission name)"
        errors.print(f"not graded: {who}, left out", markup=False, highlight=False)
    if result.not_in_roster or result.not_graded:
        errors.print(
            f"[bold yellow]{len(result.not_in_roster) + len(result.not_graded)} student(s) "
            f"left out[/]: listed in {out / 'canvas-unmatched.csv'}",
            highlight=False,
        )


@export.command()
def gradescope(
    assignment: Annotated[str, typer.Argument(help="Assignment name, e.g. a1_backprop.")],
    out: Annotated[
        Path, typer.Option("--out", help="The zip to write, to upload as Gradescope's autograder.")
    ] = Path("autograder.zip"),
) -> None:
    """Write the autograder zip of ASSIGNMENT for Gradescope (Configure Autograder > Zip file).

    setup.sh installs bubblewrap and the grader (the engine wheel, with the versions of a
    student's install/); run_autograder grades each submission in the sandbox, as
    `autograder grade` does, and writes /autograder/results/results.json, hidden tests with
    their visibilities. The zip holds the reference, the public and hidden tests and the
    expected values: keep it from students.
    """
    if out.is_dir():
        raise _fail(f"--out {out} is a folder; give the zip's name: --out {out}/autograder.zip")
    try:
        written = autograder_zip(get_assignment(find_course(), assignment), out)
    except (CourseError, BuildError) as err:
        raise _fail(str(err), code=1) from None
    console.print(
        f"{written}: Gradescope's autograder for {assignment}; upload it under Configure "
        "Autograder (Ubuntu image). It holds the hidden tests and the reference: keep it "
        "from students.",
        highlight=False,
        soft_wrap=True,
    )


@export.command(name="otter")
def otter_command(
    assignment: Annotated[str, typer.Argument(help="Assignment name, e.g. a1_backprop.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the otter assignment into.")],
) -> None:
    """Write ASSIGNMENT for otter-grader: OUT/ASSIGNMENT.ipynb with grader.check cells,
    OUT/tests/PART.py (otter tests: each part's public tests, with their points) and
    OUT/ASSIGNMENT/ (the student folder the checks read).

    Give students OUT's contents with the release's install/ (and otter-grader); run `otter
    generate ASSIGNMENT` in OUT for otter's autograder.zip. Otter runs tests in the student's
    own process, so the hidden tests stay out: grade them with `autograder grade`.
    """
    _output_folder(out)
    try:
        item = get_assignment(find_course(), assignment)
        files = write_otter(item, out)
    except (CourseError, MarkerError, ReleaseError) as err:
        raise _fail(str(err), code=1) from None
    parts = sum(1 for path in files if path.startswith(f"{OTTER_TESTS}/"))
    console.print(
        f"{out}: {assignment}.ipynb with grader.check cells, {OTTER_TESTS}/ with {parts} otter "
        f"tests (the public tests), {assignment}/ for the checks to read. Next: cd {out} && "
        f"otter generate {assignment} (otter's autograder.zip), then otter run -a "
        "autograder.zip SUBMISSION.ipynb. The hidden tests are not in it: grade them with "
        f"autograder grade {assignment}.",
        highlight=False,
        soft_wrap=True,
    )


def _write_report(out: Path, assignment: str | None, after_grading: bool = False) -> None:
    """Write OUT/report.html and say where; a report that cannot be made is a one-line
    error, or, after grading (whose files are written already), a warning."""
    # matplotlib takes half a second to import: only the commands that draw pay for it.
    from autograder.instructor.report import ReportError, write_report

    try:
        path = write_report(out, assignment)
    except (ReportError, GradebookError) as err:
        if not after_grading:
            raise _fail(str(err)) from None
        errors.print(f"[bold yellow]warning:[/] no report: {err}", highlight=False, soft_wrap=True)
        return
    console.print(f"Report {path} (open it in a browser)", highlight=False, soft_wrap=True)


@app.command()
def report(
    out: Annotated[
        Path,
        typer.Argument(
            help="The --out folder of `autograder grade`: the one that holds gradebook.sqlite."
        ),
    ],
    assignment: Annotated[
        str | None,
        typer.Option(
            "--assignment",
            help="The assignment to report on, if the gradebook holds several. Default: the "
            "one it holds.",
        ),
    ] = None,
) -> None:
    """Write OUT/report.html: the graded batch at a glance, from OUT's gradebook.

    One self-contained page (pictures embedded, no script, readable offline):
    the score histogram, how many submissions got each status, the mean and
    median of each part, each test's pass rate and discrimination (does it
    separate strong from weak submissions?), the most frequent failure
    messages of each test, how long each submission took to grade, the
    similar pairs of OUT/similarity.csv (from `autograder similarity`) and
    every regrade that changed a result. `autograder grade` writes it too.
    """
    _write_report(out, assignment)
