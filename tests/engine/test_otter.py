"""`autograder export otter` (autograder.instructor.otter) and the checks its otter tests call
(autograder.testing.otter): what the export writes, where the notebook checks each part, and
which code a check tests. `otter run` on an export is tests/grading/test_otter_run.py."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from helpers import COURSE, REPO, make_toy_course
from otter.nbmeta_config import NBMetadataConfig
from otter.test_files import create_test_file
from typer.testing import CliRunner

from autograder.authoring.generate import student_files
from autograder.authoring.inventory import declarations
from autograder.cli import app
from autograder.contract import SKIPPED_CELL_TAG
from autograder.course import COURSE_ENV, Part, get_assignment
from autograder.grading.intake import stage
from autograder.instructor.otter import check_places, write_otter

A1 = "a1_backprop"
ADA = REPO / "examples" / "submissions" / A1 / "ada"
runner = CliRunner()


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """a1's otter export, written once for the module: its folder and its files."""
    out = tmp_path_factory.mktemp("otter")
    return out, write_otter(get_assignment(COURSE, A1), out)


def public_tests(part: str) -> list:
    """a1's public tests of ``part``, as their files declare them."""
    assignment = get_assignment(COURSE, A1)
    return [d for d in declarations(assignment) if not d.hidden and d.part == part]


def test_the_export_is_the_notebook_the_otter_tests_and_the_student_folder(export):
    """The export holds the notebook, one otter test per part and the student folder a
    release has (skeleton, public tests, expected values, spec) without its own notebook,
    byte for byte; nothing of the hidden tests."""
    out, files = export
    assignment = get_assignment(COURSE, A1)
    folder = student_files(assignment)
    folder.pop(f"{A1}.ipynb")
    parts = [p.name for p in assignment.spec.parts]
    expected = {f"{A1}.ipynb", *(f"tests/{p}.py" for p in parts), *(f"{A1}/{p}" for p in folder)}
    assert set(files) == expected
    assert all(files[f"{A1}/{p}"] == content for p, content in folder.items())
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written == expected
    hidden = [d.name for d in declarations(assignment) if d.hidden]
    texts = [c.decode("utf-8", "replace") for c in files.values()]
    assert not [name for name in hidden if any(name in text for text in texts)]


def test_each_otter_test_holds_the_public_tests_of_its_part_with_their_points(export):
    """otter reads each tests/PART.py as one test per part: one visible case per public
    test of the part, named after it, with its points; together, every public point."""
    out, _ = export
    total = 0.0
    for part in get_assignment(COURSE, A1).spec.parts:
        test = create_test_file(str(out / "tests" / f"{part.name}.py"), NBMetadataConfig())
        cases = {case.name: case for case in test.test_cases}
        declared = public_tests(part.name)
        assert test.name == part.name
        assert {n: c.points for n, c in cases.items()} == {d.name: d.points for d in declared}
        assert not any(case.hidden for case in cases.values())
        total += test.possible
    assert total == 45  # a1's public points


def test_the_notebook_sets_otter_up_and_checks_every_part_once(export):
    """The notebook creates the grader before its first code cell, checks each part once
    and ends with check_all; the cells it adds, and only those, are tagged for grading to
    leave out, and its other cells are the assignment notebook's, in order."""
    out, _ = export
    notebook = nbformat.read(out / f"{A1}.ipynb", as_version=4)
    original = nbformat.reads(
        student_files(get_assignment(COURSE, A1))[f"{A1}.ipynb"].decode(), as_version=4
    )
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    added = [c.source for c in notebook.cells if SKIPPED_CELL_TAG in c.metadata.get("tags", [])]
    assert code[0] == f'import otter\n\ngrader = otter.Notebook("{A1}.ipynb")'
    assert code[-1] == "grader.check_all()"
    parts = [p.name for p in get_assignment(COURSE, A1).spec.parts]
    checks = [s for s in code if s.startswith("grader.check(")]
    assert sorted(checks) == sorted(f'grader.check("{p}")' for p in parts)
    assert added == [code[0], *checks, code[-1]]
    kept = [c.source for c in notebook.cells if not c.metadata.get("tags")]
    assert [s for s in kept if not s.startswith("## Checking") and "## All checks" not in s] == [
        c.source for c in original.cells
    ]


def test_a_graded_notebook_leaves_the_otter_cells_out(export, tmp_path):
    """`autograder grade` reads the exported notebook's code without otter's cells: a
    student's submission never needs otter, nor runs a check in the sandbox."""
    out, _ = export
    staged = stage(out / f"{A1}.ipynb", A1, tmp_path)
    code = (staged.package / "__init__.py").read_text()
    assert "otter" not in code and "grader" not in code
    assert "import a1_backprop as a1" in code


def cells(*sources: str) -> list[nbformat.NotebookNode]:
    """Notebook cells: a source starting with ``#`` is markdown, any other code."""
    return [
        nbformat.v4.new_markdown_cell(s) if s.startswith("#") else nbformat.v4.new_code_cell(s)
        for s in sources
    ]


def test_a_part_is_checked_after_the_cells_that_exercise_it():
    """A part's check follows the last code cell before a cell that starts another part
    (not that cell's heading); parts started in one cell are checked together; a part no
    cell uses (or one used only by a cell that does not parse) is left over."""
    parts = [
        Part("p", "P", ("f",)),
        Part("q", "Q", ("g", "h")),
        Part("r", "R", ("k",)),
        Part("s", "S", ("m",)),
    ]
    notebook = cells(
        "# intro",
        "import numpy as np",
        "y = a.f(1)",
        "z = a.f(2) + 1",
        "# next",
        "w = h(3) + k(a.f(4))",
        "%timeit a.m(1)",
        "# end",
    )
    places, unused = check_places(notebook, parts)
    assert places == {3: ["p"], 6: ["q", "r"]}
    assert unused == ["s"]


CHECK_SCRIPT = """\
import json, os, sys
from autograder.testing.otter import PartCheck
os.chdir(sys.argv[1])
env = {"__name__": "__main__"}
exec(sys.argv[2], env)
check, outcome = PartCheck("a1_backprop", sys.argv[3]), {}
for test in sys.argv[4:]:
    try:
        check(env, test)
        outcome[test] = "passed"
    except AssertionError as err:
        outcome[test] = str(err)
print(json.dumps(outcome))
"""


def run_check(folder: Path, notebook_code: str, part: str, tests: list[str]) -> dict[str, str]:
    """Run PartCheck as an otter test case does, in a fresh Python whose working directory is
    ``folder`` (the notebook's) and whose globals ran ``notebook_code``: each test's
    "passed", or the failure otter would show."""
    done = subprocess.run(
        [sys.executable, "-c", CHECK_SCRIPT, str(folder), notebook_code, part, *tests],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


AFFINE = ["test_affine_forward_values", "test_affine_backward_gradient_check"]


def test_functions_the_notebook_defines_are_the_code_checked(export):
    """A notebook that defines the part's functions is checked on them (the skeleton in the
    folder beside it is not): ada's layers pass, and with db summed over the wrong axis the
    backward test fails with the kit's feedback while the forward test still passes."""
    out, _ = export
    layers = (ADA / "layers.py").read_text()
    assert run_check(out, layers, "affine", AFFINE) == dict.fromkeys(AFFINE, "passed")
    buggy = layers.replace("np.sum(dout, 0)", "np.sum(dout, 1)")
    assert buggy != layers
    outcome = run_check(out, buggy, "affine", AFFINE)
    assert outcome[AFFINE[0]] == "passed"
    assert outcome[AFFINE[1]].startswith("affine_backward returns (dx, dw, db)")
    assert "Smallest failing input" in outcome[AFFINE[1]]


def test_without_functions_in_the_notebook_the_folder_beside_it_is_checked(export, tmp_path):
    """A notebook that defines none of the functions (it imports the package) is checked on
    the modules of the assignment folder beside it: the skeleton's TODOs fail, ada's
    modules copied there pass."""
    out, _ = export
    notebook = "import numpy as np\nimport a1_backprop as a1\n"
    skeleton = run_check(out, notebook, "affine", AFFINE)
    assert all("\nNot written yet: TODO in affine_" in message for message in skeleton.values())
    shutil.copytree(out, tmp_path / "work")
    for module in ADA.glob("*.py"):
        shutil.copy(module, tmp_path / "work" / A1 / module.name)
    assert run_check(tmp_path / "work", notebook, "affine", AFFINE) == dict.fromkeys(
        AFFINE, "passed"
    )


def test_a_check_without_the_assignment_folder_or_of_an_unknown_part_says_so(export, tmp_path):
    """Each case of a check that cannot run fails with one message saying why: no
    a1_backprop/ beside the notebook, or a part the assignment does not have."""
    missing = run_check(tmp_path, "", "affine", AFFINE[:1])[AFFINE[0]]
    assert missing.startswith("the checks need the folder a1_backprop/ beside this notebook")
    out, _ = export
    unknown = run_check(out, "", "attention", ["test_x"])["test_x"]
    assert unknown.startswith("a1_backprop has no part 'attention' (its parts: gradient_check,")


def test_export_otter_writes_the_folder_and_refuses_mistakes_in_one_line(tmp_path, monkeypatch):
    """The command writes the export and says what to run next; a file as --out and an
    unknown assignment are refused in one line, writing nothing."""
    course = make_toy_course(tmp_path / "course")
    monkeypatch.setenv(COURSE_ENV, str(course))
    result = runner.invoke(app, ["export", "otter", "t1_toy", "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "otter generate t1_toy" in result.stdout
    assert (tmp_path / "o" / "tests" / "scale.py").is_file()
    (tmp_path / "file").write_text("")
    cases = [
        (["t1_toy", "--out", str(tmp_path / "file")], "is a file; give a folder"),
        (["t9_none", "--out", str(tmp_path / "p")], "no assignment 't9_none'"),
    ]
    for arguments, words in cases:
        result = runner.invoke(app, ["export", "otter", *arguments])
        assert result.exit_code in (1, 2) and isinstance(result.exception, SystemExit)
        assert len(result.stderr.splitlines()) == 1 and words in result.stderr, result.stderr
    assert not (tmp_path / "p").exists()
