"""The release's install/ folder: a student installs the engine alone, from the wheel and the
grader's pins, and nothing of the course comes with it."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import ASSIGNMENTS, REPO, make_toy_course

import autograder
from autograder.authoring import release as release_module
from autograder.authoring.generate import INSTALL_PLACEHOLDER, student_files
from autograder.authoring.inventory import declarations
from autograder.authoring.release import ReleaseError, find_wheel_leaks, release
from autograder.authoring.wheel import (
    DISTRIBUTION,
    BuildError,
    build_wheel,
    engine_source,
    engine_wheel,
    install_files,
    runtime_requirements,
    source_files,
    student_constraints,
    wheel_filename,
    zip_bytes,
    zip_members,
)
from autograder.course import COURSE_ENV, Assignment

TOY_SOLUTION_LINE = "    return np.multiply(x, 2.0)\n"


@pytest.fixture
def toy(tmp_path) -> Assignment:
    root = make_toy_course(tmp_path / "course")
    return Assignment(root, "t1_toy")


def test_release_puts_the_wheel_and_the_pins_beside_the_folder_and_in_the_zip(toy, tmp_path):
    """OUT/install/ holds the wheel the READMEs name and the pins; NAME.zip holds NAME/ and
    install/ with the same bytes, so one zip is all a student needs, and a second release
    writes the same zip."""
    out = tmp_path / "out"
    folder, archive = release(toy, out)
    install = out / "install"
    assert sorted(p.name for p in install.iterdir()) == ["constraints.txt", wheel_filename()]
    with zipfile.ZipFile(archive) as bundle:
        names = bundle.namelist()
        assert (
            bundle.read(f"install/{wheel_filename()}") == (install / wheel_filename()).read_bytes()
        )
    assert {n.split("/")[0] for n in names} == {"t1_toy", "install"}
    assert (folder / "ops.py").is_file()
    assert release(toy, tmp_path / "again")[1].read_bytes() == archive.read_bytes()


def test_the_wheel_holds_the_engine_only_with_sorted_members_dated_1980():
    """The wheel has the autograder package and its metadata, nothing else, written like the
    bundle's zip (sorted, fixed date) so that a release is the same bytes every time."""
    name, wheel = engine_wheel()
    with zipfile.ZipFile(io.BytesIO(wheel)) as opened:
        infos = opened.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    metadata = f"{DISTRIBUTION}-{autograder.__version__}.dist-info"
    assert {n.split("/")[0] for n in names} == {"autograder", metadata}
    assert "autograder/cli.py" in names and name == wheel_filename()


def test_two_builds_of_the_same_source_are_the_same_bytes():
    """pip builds the wheel twice, from two fresh copies (new file times): the bytes agree,
    so releasing again gives the same zip."""
    files = source_files(engine_source())
    assert build_wheel(files) == build_wheel(files)


def test_a_wheel_pip_cannot_build_is_a_one_line_error():
    """A source pip cannot build stops the release with pip's last line, not a traceback."""
    with pytest.raises(BuildError, match=r"pip could not build the engine wheel: .*TOML"):
        build_wheel({"pyproject.toml": b"[project\n"})


def test_zip_bytes_depend_on_the_content_only():
    """Two zips with the same members, in another order and with other dates, normalize to
    the same bytes: the wheel pip builds is rewritten so that file times cannot show."""
    files = {"b.py": b"print(1)\n", "a/x.txt": b"x"}
    zips = []
    for order, date in ((["b.py", "a/x.txt"], (2024, 5, 1, 12, 0, 0)), (["a/x.txt", "b.py"], None)):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in order:
                archive.writestr(zipfile.ZipInfo(name, date or (2001, 2, 3, 4, 5, 6)), files[name])
        zips.append(buffer.getvalue())
    assert zips[0] != zips[1]
    assert zip_bytes(zip_members(zips[0])) == zip_bytes(zip_members(zips[1])) == zip_bytes(files)


def test_student_pins_are_the_runtime_lines_of_constraints_txt():
    """The students' constraints keep the course's pin lines, as written, of what the wheel
    requires outside every extra (names compared as pip does); the test extra's (torch,
    ruff) and comments are left out."""
    metadata = (
        b"Metadata-Version: 2.1\nName: kit\n"
        b"Requires-Dist: numpy>=1.24\nRequires-Dist: Typing_Extensions\n"
        b'Requires-Dist: torch>=2.2; extra == "test"\n'
    )
    wheel = zip_bytes({"kit-1.0.dist-info/METADATA": metadata})
    requirements = runtime_requirements(wheel)
    assert requirements == ["numpy>=1.24", "Typing_Extensions"]
    constraints = (
        "# hypothesis draws the examples\ntorch==2.13.0\n"
        'numpy==2.4.6; python_version >= "3.11"\ntyping-extensions==4.0\n'
    )
    pins = student_constraints(constraints, requirements).splitlines()
    assert [p for p in pins if not p.startswith("#")] == [
        'numpy==2.4.6; python_version >= "3.11"',
        "typing-extensions==4.0",
    ]


def test_the_release_pins_are_derived_from_the_course_constraints():
    """install/constraints.txt pins every runtime dependency constraints.txt pins, with the
    very same line (one source of truth), and neither torch nor ruff."""
    pins = install_files()["constraints.txt"].decode().splitlines()
    course = (REPO / "constraints.txt").read_text().splitlines()
    wanted = ("hypothesis==", "numpy==", "pytest==", "msgpack==")
    assert [line for line in course if line.startswith(wanted)] == [
        line for line in pins if line.startswith(wanted)
    ]
    assert not [line for line in pins if line.startswith(("torch", "ruff"))]


def test_a_wheel_version_the_readmes_do_not_name_is_refused(monkeypatch):
    """If pyproject.toml's version and autograder.__version__ differ, the READMEs would name
    a wheel that is not in install/: the release stops with a one-line reason."""
    monkeypatch.setattr(autograder, "__version__", "9.9.9")
    with pytest.raises(BuildError, match=r"READMEs name dl_course_autograder-9\.9\.9-py3"):
        engine_wheel()


def test_the_readme_placeholder_becomes_the_install_and_check_commands(toy):
    """<!-- autograder:install --> in solutions/NAME/README.md becomes the two commands a
    student runs, with the real file names."""
    readme = toy.solution_dir / "README.md"
    readme.write_text(readme.read_text() + f"\n{INSTALL_PLACEHOLDER}\n")
    text = student_files(toy)["README.md"].decode()
    assert f"pip install -c install/constraints.txt install/{wheel_filename()}\n" in text
    assert "    autograder check t1_toy" in text and INSTALL_PLACEHOLDER not in text


def _with_member(name: str, content: bytes) -> bytes:
    """The engine wheel with one more member."""
    return zip_bytes({**zip_members(engine_wheel()[1]), name: content})


def _reference(toy: Assignment) -> bytes:
    return (toy.solution_dir / "ops.py").read_bytes()


def _hidden_test(toy: Assignment) -> bytes:
    return (toy.hidden_tests / "test_double_hidden.py").read_bytes()


@pytest.mark.parametrize(
    ("member", "content", "complaint"),
    [
        ("solutions/t1_toy/notes.txt", b"notes", "solutions/t1_toy/notes.txt is not part of"),
        ("autograder/data/ops.py", _reference, r"autograder/data/ops\.py is .*t1_toy/ops\.py"),
        ("autograder/data/test_double_hidden.py", b"#", "has the name of a hidden test file"),
        ("autograder/data/hidden.py", _hidden_test, "is the hidden test file"),
        ("autograder/notes.py", b"# test_double_matches_reference", "names the hidden test"),
        ("autograder/helpers.py", TOY_SOLUTION_LINE.encode(), "helpers.py:1 is a solution line"),
        ("autograder/testing/gradcheck.py", b"# test_double_matches_reference", "names the"),
    ],
)
def test_a_wheel_that_holds_a_secret_is_refused(toy, member, content, complaint):
    """Each way a wheel could carry the course (a folder beside the engine, a solutions/
    file, a hidden test by bytes, file name or test name, a solution line) is reported, in
    the gradient checker too except for solution lines."""
    content = content if isinstance(content, bytes) else content(toy)
    leaks = find_wheel_leaks([toy], wheel_filename(), _with_member(member, content))
    assert any(re.search(complaint, leak) for leak in leaks), leaks


def test_the_engine_wheel_itself_leaks_nothing(toy):
    """The real wheel passes against the toy course and against this course (the release
    tests of tests/test_repository.py release every assignment with it)."""
    name, wheel = engine_wheel()
    assert find_wheel_leaks([toy], name, wheel) == []
    assert find_wheel_leaks(ASSIGNMENTS, name, wheel) == []


def test_only_the_gradient_checker_may_repeat_a_solution_line(toy):
    """autograder/testing/gradcheck.py is given to every student on purpose (the public
    tests use it), so its lines are not leaks; the same line anywhere else is."""
    line = TOY_SOLUTION_LINE.encode()
    given = _with_member("autograder/testing/gradcheck.py", line)
    assert find_wheel_leaks([toy], wheel_filename(), given) == []
    assert find_wheel_leaks([toy], wheel_filename(), _with_member("autograder/x.py", line))


def test_release_refuses_a_wheel_that_leaks_and_writes_nothing(toy, tmp_path, monkeypatch):
    """release() checks the wheel it ships: a leaking one stops the release before any file
    is written."""
    leaking = _with_member("autograder/copied.py", TOY_SOLUTION_LINE.encode())
    install = {wheel_filename(): leaking, "constraints.txt": b""}
    monkeypatch.setattr(release_module, "install_files", lambda: install)
    with pytest.raises(ReleaseError, match=r"copied\.py:1 is a solution line"):
        release(toy, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """``command`` in ``cwd`` with nothing of this environment's Python or course set."""
    unset = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", COURSE_ENV)
    env = {k: v for k, v in os.environ.items() if k not in unset} | {"COLUMNS": "200"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


@pytest.mark.solutions
def test_a_student_installs_the_engine_from_the_zip_alone_and_checks(tmp_path):
    """A student who has only a1_backprop.zip, in a new virtual environment (no system site
    packages), installs the wheel with the pins, and `autograder check a1_backprop` runs the
    public tests on the skeleton (0 points, exit 1, the table); neither the solutions nor a
    hidden test is anywhere in that environment."""
    a1 = next(a for a in ASSIGNMENTS if a.name == "a1_backprop")
    _, archive = release(a1, tmp_path / "release")
    student = tmp_path / "student"
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(student)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    wheel = f"install/{wheel_filename()}"
    install = _run(
        [python, "-m", "pip", "install", "-c", "install/constraints.txt", wheel], student
    )
    assert install.returncode == 0, install.stdout + install.stderr

    check = _run([str(venv / "bin" / "autograder"), "check", "a1_backprop"], student)
    public = sum(t.points for t in declarations(a1) if not t.hidden)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "a1_backprop: public tests on" in check.stdout
    assert re.search(rf"total\W+0 / {public:g}\b", check.stdout), check.stdout
    assert "Not written yet: TODO in affine_forward" in check.stdout

    probe = "import autograder, importlib.util as u; print(autograder.__file__)"
    probe += "; print(u.find_spec('solutions'))"
    where = _run([python, "-c", probe], student)
    assert where.stdout.startswith(str(venv)) and where.stdout.rstrip().endswith("None"), where
    hidden = {p.name for a in ASSIGNMENTS for p in a.hidden_tests.rglob("*.py")}
    shipped = [p for root in (venv, student) for p in root.rglob("*.py") if p.name in hidden]
    assert shipped == []
