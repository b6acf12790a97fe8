"""The helpers of ``benchmarks/speed.py``: the otter assignment of a1's slice grades as the
kit does, a package becomes the notebook ``otter run`` takes, and the CPU of a sandboxed
worker is counted. No ``otter run`` here (a Jupyter kernel per submission is slow): otter's
own test-file API runs the otter tests on each student's notebook code, in this process
(honest example students only)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest
from helpers import COURSE, REPO, require_bubblewrap
from otter.test_files import ExceptionTestFile

from autograder.course import get_assignment
from autograder.sandbox.launcher import Limits
from autograder.testing.sandboxed import SandboxStudent

BENCHMARKS = REPO / "benchmarks"
EXAMPLES = REPO / "examples" / "submissions" / "a1_backprop"
#: What the kit takes from each student on the slice (examples/submissions/README.md).
LOST = {
    "ada": set(),
    "ben": {
        "test_affine_backward_gradient_check",
        "test_affine_backward_db",
        "test_softmax_loss_large_logits_values",
        "test_softmax_loss_stable_for_large_logits",
    },
    "dana": {
        "test_softmax_loss_values",
        "test_softmax_loss_gradient_check",
        "test_softmax_loss_large_logits_values",
        "test_softmax_loss_mean_over_batch",
        "test_softmax_loss_stable_for_large_logits",
    },
}


def benchmark(name: str) -> ModuleType:
    """``benchmarks/NAME.py``, imported as the command imports it (its folder on the path)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.fixture(scope="module")
def otter_slice() -> ModuleType:
    """``benchmarks/otter_slice.py``."""
    return benchmark("otter_slice")


@pytest.fixture(scope="module")
def otter_tests(otter_slice, tmp_path_factory) -> Iterator[list[ExceptionTestFile]]:
    """The otter assignment's sources, written as ``otter generate`` takes them; the test
    files loaded with otter's own reader, from that folder (where they find their cases)."""
    folder = otter_slice.write_sources(
        get_assignment(COURSE, "a1_backprop"), tmp_path_factory.mktemp("otter")
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.syspath_prepend(str(folder))
        sys.modules.pop("slice_checks", None)
        files = [ExceptionTestFile.from_file(str(p)) for p in sorted(folder.glob("tests/*.py"))]
        yield files
        sys.modules.pop("slice_checks", None)


def notebook_globals(notebook) -> dict:
    """The names a notebook defines, its cells run in order in one namespace, a cell that
    raises left behind (as otter runs a submission)."""
    env: dict = {}
    for cell in notebook.cells:
        try:
            exec(compile(cell.source, "<cell>", "exec"), env)
        except Exception:
            continue
    return env


def test_a_package_becomes_one_cell_per_module_after_what_it_imports(otter_slice):
    """ben's package becomes one cell per module but ``__init__``, each after the modules it
    imports relatively, without those imports; the cells define his functions; a module that
    does not parse (carl's losses.py) is kept as it is."""
    notebook = otter_slice.package_notebook(EXAMPLES / "ben")
    cells = notebook.cells
    order = [cell.id.removeprefix("module-") for cell in cells]
    assert sorted(order) == sorted(p.stem for p in (EXAMPLES / "ben").glob("[!_]*.py"))
    assert order.index("losses") < order.index("regularization") < order.index("fc_net")
    assert order.index("layers") < order.index("fc_net")
    assert not any(line.startswith("from .") for c in cells for line in c.source.splitlines())
    assert callable(notebook_globals(notebook)["softmax_loss"])
    carl = {c.id: c.source for c in otter_slice.package_notebook(EXAMPLES / "carl").cells}
    assert carl["module-losses"] == (EXAMPLES / "carl" / "losses.py").read_text().rstrip("\n")


@pytest.mark.parametrize("student", sorted(LOST))
def test_the_otter_tests_take_what_the_kit_takes(otter_slice, otter_tests, student):
    """The otter tests are the kit's 14 tests of the slice (same names, 30 points) and fail
    exactly those the kit fails for ada (none), ben (db on the wrong axis, softmax without
    the max shift) and dana (softmax still TODO)."""
    env = notebook_globals(otter_slice.package_notebook(EXAMPLES / student))
    failed, points = set(), 0.0
    for test_file in otter_tests:
        test_file.run(env)
        points += test_file.possible
        failed |= {r.test_case.name for r in test_file.test_case_results if not r.passed}
    assert points == 30
    assert sum(len(f.test_cases) for f in otter_tests) == 14
    assert failed == LOST[student]


def test_the_sandbox_clock_counts_a_sandboxed_workers_cpu(tmp_path):
    """A bubblewrap worker that burns 1 s of CPU is counted once: by the sandbox clock, since
    bubblewrap's init reaps it unaccounted when the sandbox is killed."""
    require_bubblewrap()
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text(
        "import time\n"
        "def burn(seconds):\n"
        "    start = time.process_time()\n"
        "    while time.process_time() - start < seconds:\n"
        "        pass\n"
    )

    def burn() -> None:
        student = SandboxStudent(package, "pkg", Limits(), (), "{name} is not allowed")
        try:
            student.burn(1.0)
        finally:
            student.close()

    _, cost = benchmark("speed").measured(burn)
    assert 1.0 <= cost.sandboxed_cpu <= cost.cpu < 3.0


def test_a_class_is_copies_of_the_examples_each_its_own_student(tmp_path):
    speed = benchmark("speed")
    examples = [EXAMPLES / "ada", EXAMPLES / "ben", EXAMPLES / "ada_notebook.ipynb"]
    made = speed.class_of(examples, 7, tmp_path / "class")
    names = sorted(p.name for p in made)
    assert names == sorted(
        ["ada", "ben", "ada_notebook.ipynb", "ada-2", "ben-2", "ada_notebook-2.ipynb", "ada-3"]
    )
    assert (tmp_path / "class" / "ada-3" / "layers.py").read_bytes() == (
        EXAMPLES / "ada" / "layers.py"
    ).read_bytes()
    assert speed.class_of(examples, 7, tmp_path / "class") == made  # made once, kept
