"""The pytest plugin that turns an assignment's tests into a graded run.

Load it with ``-p autograder.testing.plugin`` (a generated assignment's ``pytest.ini`` does).
It provides:

- the fixtures ``student`` (the code under test, see :mod:`autograder.testing.student`),
  ``expected`` (stored expected values, public tests) and ``reference`` (the reference
  solution, hidden tests only);
- collection-time checks of the test contract: every test is ``@graded`` with a part the
  assignment declares; a test outside a ``hidden`` folder is ``visible`` and never uses the
  reference;
- the hypothesis profile that makes grades deterministic (derandomized, no example
  database, no deadline or timing health checks, no reproduction blobs);
- one :class:`~autograder.testing.results.TestResult` per test, written as JSON with
  ``--results-json`` and shown as a points table at the end of the run;
- short failures in plain ``pytest`` (a student's assignment folder): a failed test's report
  is its feedback, the text ``autograder check`` shows, instead of a traceback through the
  engine and hypothesis (``pytest --tb=short``, or any other ``--tb``, shows the traceback);
- ``--part NAME`` (repeatable) to run only those parts' tests, and ``--student-module NAME``
  to test a module already imported in this process instead of ``--student-path``'s package
  (a notebook's namespace: :mod:`autograder.testing.otter`).
"""

from __future__ import annotations

import ast
import functools
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.internal.conjecture import providers

from autograder.contract import GRADED_MARK
from autograder.course import read_spec
from autograder.parsing import parse_python
from autograder.sandbox.inside.package_loader import load_package
from autograder.testing import recorded
from autograder.testing.expected import ExpectedValues, read_npz
from autograder.testing.feedback import describe_failure, failure_kind
from autograder.testing.results import TestResult, capped
from autograder.testing.student import InProcessStudent, StudentImportError
from autograder.testing.table import render_text

#: Hypothesis settings for every graded run: same examples for every student, every time.
#: No explain phase: its "# or any other generated value" notes cost seconds per failing test
#: (3.6 s of a 4 s failing test in a2's 25-step optimizer tests), and a student reads the
#: shrunk example without them.
PROFILE = "autograder"
settings.register_profile(
    PROFILE,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    max_examples=25,
    report_multiple_bugs=False,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _no_local_constants() -> providers.Constants:
    """Hypothesis' pool of constants from "local" modules, kept empty in a graded run.

    Hypothesis draws, now and then, a number or a string it found in the source of the
    non-library modules loaded at that moment (the kit's own files when it is installed
    editable, the tests, the reference, a student's package in-process). The examples then
    depend on which modules happen to be loaded, and on every literal in them: a new
    constant in an engine module, or a module first imported on a failure's path, changed
    the examples of later tests. A grade must depend on the submission alone, so graded
    runs draw from hypothesis' own constants only."""
    return providers._local_constants


providers._get_local_constants = _no_local_constants

_FAILURE = pytest.StashKey[str]()
_RAN = pytest.StashKey[bool]()
#: What the sandbox saw the student's code try (see autograder.sandbox.inside.incidents).
_INCIDENTS = pytest.StashKey[list[str]]()
#: The sandboxed student whose worker started before the collection.
_WORKER = pytest.StashKey[Any]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("autograder", "graded assignment tests")
    group.addoption("--spec-dir", help="folder holding the assignment's assignment.toml")
    group.addoption("--student-path", help="folder of the student package under test")
    group.addoption("--student-name", help="import name of the student package")
    group.addoption("--reference-path", help="folder of the reference package (hidden tests)")
    group.addoption("--expected-data", help="the .npz of expected values (public tests)")
    group.addoption("--results-json", help="write the graded results to this JSON file")
    group.addoption(
        "--student-module",
        help="a module already imported in this process to test as the student's package "
        "(in-process runs only; --student-path then says where its code lives)",
    )
    group.addoption(
        "--part",
        action="append",
        default=[],
        help="run only this part's tests (repeat for several parts; default: every part)",
    )
    group.addoption(
        "--record-examples",
        help="write the property tests' examples to this file, for later runs to replay "
        "(a warm grader's run on the reference: see autograder.testing.recorded)",
    )
    group.addoption(
        "--sandbox",
        help="JSON file of sandbox settings: run the student's code in a sandboxed worker "
        "with these limits and forbidden modules (see autograder.sandbox)",
    )


def _path_option(config: pytest.Config, name: str) -> Path | None:
    value = config.getoption(name)
    if value is None:
        return None
    path = Path(value)
    return path if path.is_absolute() else (config.rootpath / path)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{GRADED_MARK}(part, points, visibility, message): a graded test's declaration"
    )
    settings.load_profile(PROFILE)
    config.pluginmanager.register(_Recorder(config), "autograder-recorder")


def is_hidden(item: pytest.Item) -> bool:
    """Whether ``item`` is a hidden test: its file is under a folder named ``hidden``
    (below the run's root folder, so where the course lives does not matter)."""
    path = item.path
    if path.is_relative_to(item.config.rootpath):
        path = path.relative_to(item.config.rootpath)
    return "hidden" in path.parts[:-1]


def pytest_collect_directory(path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect the student's folder as a plain folder, not a package: pytest would import
    its ``__init__.py`` itself (a package that does not import would then fail every test
    with pytest's traceback); student code is reached only through ``student``."""
    student_path = _path_option(parent.config, "student_path")
    if student_path is not None and path.resolve() == student_path.resolve():
        return pytest.Dir.from_parent(parent, path=path)
    return None


@functools.cache
def _imported_modules(path: Path) -> frozenset[str]:
    """The top-level names of every module a Python file imports, anywhere in it."""
    names = set()
    for node in ast.walk(parse_python(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return frozenset(names)


def _imports_student_code(item: pytest.Item) -> bool:
    """Whether the test's file imports the student's package: tests reach student code only
    through the ``student`` fixture (in grading, a proxy to another process)."""
    name = item.config.getoption("student_name")
    return bool(name) and name in _imported_modules(item.path)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    spec_dir = _path_option(config, "spec_dir")
    order = [p.name for p in read_spec(spec_dir).parts] if spec_dir else []
    parts = set(order) if spec_dir else None
    problems = []
    for item in items:
        mark = item.get_closest_marker(GRADED_MARK)
        if mark is None:
            problems.append(f"{item.nodeid}: not @graded (every test declares its points)")
            continue
        if parts is not None and mark.kwargs["part"] not in parts:
            problems.append(f"{item.nodeid}: unknown part {mark.kwargs['part']!r}")
        if _imports_student_code(item):
            problems.append(f"{item.nodeid}: imports the student's package; use `student`")
        if not is_hidden(item):
            if mark.kwargs["visibility"] != "visible":
                problems.append(f"{item.nodeid}: a public test must be visible")
            if "reference" in getattr(item, "fixturenames", ()):
                problems.append(f"{item.nodeid}: a public test may not use the reference")
    if problems:
        raise pytest.UsageError(
            "the assignment's tests break the test contract:\n  " + "\n  ".join(problems)
        )
    _keep_parts(config, items)
    # Run (and so report) the tests part by part, in the order assignment.toml lists the
    # parts: the order a student works in. Within a part, the files' own order.
    if order:
        items.sort(
            key=lambda item: order.index(item.get_closest_marker(GRADED_MARK).kwargs["part"])
        )


def _keep_parts(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the tests of every part that ``--part`` does not name (none named: keep all)."""
    parts = set(config.getoption("part"))
    if not parts:
        return
    kept, dropped = [], []
    for item in items:
        part = item.get_closest_marker(GRADED_MARK).kwargs["part"]
        (kept if part in parts else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


class _NotImported:
    """The ``student`` of a package that did not import, in-process: each test fails at its
    first call with the import error, as a sandboxed worker's tests do.

    The fixture returns it instead of raising: pytest caches a session fixture's
    ``Exception``, not a ``BaseException`` such as :class:`StudentImportError`, and fails
    the next tests with an internal error instead of the import error."""

    def __init__(self, message: str) -> None:
        self._message = message

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        raise StudentImportError(self._message)


@pytest.fixture(scope="session")
def student(pytestconfig: pytest.Config) -> Iterator[Any]:
    """The student's package: in this process (:class:`InProcessStudent`), or with
    ``--sandbox`` in a sandboxed worker (:class:`~autograder.testing.sandboxed.SandboxStudent`)."""
    path = _path_option(pytestconfig, "student_path")
    if path is None:
        pytest.fail("no student code given: run with --student-path DIR")
    name = pytestconfig.getoption("student_name") or path.name
    module = pytestconfig.getoption("student_module")
    if module is not None:
        yield InProcessStudent(sys.modules[module])
        return
    settings_file = _path_option(pytestconfig, "sandbox")
    if settings_file is None:
        try:
            loaded: Any = InProcessStudent.load(path, name)
        except StudentImportError as error:
            loaded = _NotImported(str(error))
        yield loaded
        return
    sandboxed = pytestconfig.stash.get(_WORKER, None) or _sandboxed(pytestconfig, path, name)
    yield sandboxed
    sandboxed.close()
    pytestconfig.stash[_INCIDENTS] = list(sandboxed.incidents)


def _sandboxed(config: pytest.Config, path: Path, name: str) -> Any:
    """The sandboxed student of this run, its worker not started yet."""
    from autograder.sandbox.settings import read_settings
    from autograder.testing.sandboxed import SandboxStudent

    settings_file = _path_option(config, "sandbox")
    assert settings_file is not None
    return SandboxStudent(path, name, *read_settings(settings_file))


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session: pytest.Session) -> None:
    """In a sandboxed run, start the worker's process before collecting the tests, so that
    it starts while they are collected (:meth:`SandboxStudent.launch`)."""
    config = session.config
    path = _path_option(config, "student_path")
    if _path_option(config, "sandbox") is None or path is None or config.option.collectonly:
        return
    worker = _sandboxed(config, path, config.getoption("student_name") or path.name)
    worker.launch()
    config.stash[_WORKER] = worker


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the worker started before the collection, should no test have used it."""
    worker = config.stash.get(_WORKER, None)
    if worker is not None:
        worker.close()


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Record a property test's examples (``--record-examples``), or run it from the
    examples recorded on the reference (:mod:`autograder.testing.recorded`)."""
    if pyfuncitem.config.getoption("record_examples") is None:
        return True if recorded.run_recorded(pyfuncitem) else None
    if not recorded.is_property_test(pyfuncitem):
        return None
    finish = recorded.record(pyfuncitem)
    passed = False
    try:
        pyfuncitem.obj(
            **{name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        )
        passed = True
    finally:
        finish(passed)
    return True


@pytest.fixture(autouse=True)
def _student_test_boundary(request: pytest.FixtureRequest) -> None:
    """Tell a sandboxed student that a new test starts (it forgets the last timeout)."""
    if "student" in request.fixturenames:
        student = request.getfixturevalue("student")
        begin = getattr(type(student), "begin_test", None)  # not a student's function
        if begin is not None:
            begin(student)


@pytest.fixture(scope="session")
def reference(pytestconfig: pytest.Config) -> Any:
    """The reference solution, imported as ``reference_NAME``; hidden tests only."""
    path = _path_option(pytestconfig, "reference_path")
    if path is None:
        pytest.fail("hidden tests need the reference solution: run with --reference-path DIR")
    return load_package(path, f"reference_{path.name}")


@pytest.fixture(scope="session")
def expected(pytestconfig: pytest.Config) -> ExpectedValues:
    """The stored expected values of the public tests."""
    path = _path_option(pytestconfig, "expected_data")
    if path is None or not path.is_file():
        pytest.fail(f"the expected values file {path} is missing; regenerate the assignment")
    return ExpectedValues(read_npz(path), path)


class _Recorder:
    """Collects one :class:`TestResult` per graded test, and collection errors."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.results: list[TestResult] = []
        self.errors: list[str] = []
        self.import_error: str | None = None
        self.timed_out: list[str] = []
        #: Whether a failure's report is its feedback: unless a ``--tb`` style was asked for.
        self.short_failures = config.getoption("tbstyle", "auto") == "auto"

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        report = yield
        mark = item.get_closest_marker(GRADED_MARK)
        if mark is None:
            return report
        if call.excinfo is not None and _FAILURE not in item.stash:
            student_path = _path_option(self.config, "student_path")
            item.stash[_FAILURE] = describe_failure(
                call.excinfo, mark.kwargs["message"], student_path
            )
            if report.failed and self.short_failures:
                report.longrepr = item.stash[_FAILURE]
            kind = failure_kind(call.excinfo)
            if kind == "import" and self.import_error is None:
                self.import_error = capped(str(call.excinfo.value))
            elif kind == "timeout":
                self.timed_out.append(item.name)
        if call.when == "call":
            item.stash[_RAN] = True
        elif call.when == "teardown":
            self.results.append(_result(item, mark))
        return report

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.errors.append(f"{report.nodeid}: {report.longreprtext.strip()}")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.results:
            # Short failures already showed each failure's feedback, above the table.
            text = render_text(
                self.results, import_error=self.import_error, details=not self.short_failures
            )
            terminalreporter.write(text)

    def pytest_sessionfinish(self) -> None:
        examples = _path_option(self.config, "record_examples")
        if examples is not None:
            recorded.save(recorded.RECORDINGS, examples)
        path = _path_option(self.config, "results_json")
        if path is not None:
            payload = {
                "results": [asdict(r) for r in self.results],
                "errors": self.errors,
                "import_error": self.import_error,
                "timed_out": self.timed_out,
                "incidents": self.config.stash.get(_INCIDENTS, []),
            }
            path.write_text(json.dumps(payload, indent=1), encoding="utf-8")


def _result(item: pytest.Item, mark: pytest.Mark) -> TestResult:
    passed = item.stash.get(_RAN, False) and _FAILURE not in item.stash
    points = float(mark.kwargs["points"])
    return TestResult(
        test=item.name,
        part=mark.kwargs["part"],
        points=points if passed else 0.0,
        max_points=points,
        visibility=mark.kwargs["visibility"],
        passed=passed,
        feedback="" if passed else capped(item.stash[_FAILURE]),
    )
