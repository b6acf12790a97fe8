"""`generate` writes the student folder from the single source; `release` refuses leaks."""

from __future__ import annotations

import zipfile

import nbformat
import pytest
from helpers import make_toy_course

from autograder.authoring.generate import stale_files, student_files, write_files
from autograder.authoring.release import ReleaseError, release
from autograder.course import Assignment


@pytest.fixture
def toy(tmp_path) -> Assignment:
    return Assignment(make_toy_course(tmp_path / "course"), "t1_toy")


def test_student_folder_contents(toy):
    files = student_files(toy)
    assert sorted(files) == [
        "README.md",
        "__init__.py",
        "assignment.toml",
        "ops.py",
        "pytest.ini",
        "t1_toy.ipynb",
        "tests/data/expected.npz",
        "tests/test_double.py",
    ]
    ops = files["ops.py"].decode()
    assert 'raise NotImplementedError(\n        "TODO in double: Multiply x by two."' in ops
    assert "np.multiply" not in ops and '"""Return 2 * x."""' in ops
    assert "| Scaling | `double` | 3 | 3 |" in files["README.md"].decode()
    assert "**Total: 6 points**" in files["README.md"].decode()
    notebook = nbformat.reads(files["t1_toy.ipynb"].decode(), as_version=4)
    assert [c.id for c in notebook.cells] == ["cell-00", "cell-01"]


def test_generation_is_reproducible(toy):
    assert student_files(toy) == student_files(toy)


def test_write_then_check_finds_nothing_stale(toy):
    files = student_files(toy)
    assert write_files(toy.student_dir, files)
    assert stale_files(toy.student_dir, files) == []
    assert write_files(toy.student_dir, files) == []


def test_stale_files_reports_changed_missing_and_extra(toy):
    files = student_files(toy)
    write_files(toy.student_dir, files)
    (toy.student_dir / "ops.py").write_text("edited by hand\n")
    (toy.student_dir / "README.md").unlink()
    (toy.student_dir / "notes.txt").write_text("stray\n")
    (toy.student_dir / "__pycache__").mkdir()
    (toy.student_dir / "__pycache__" / "ops.cpython-311.pyc").write_bytes(b"ignored")
    assert stale_files(toy.student_dir, files) == [
        "missing README.md",
        "changed ops.py",
        "extra notes.txt",
    ]
    write_files(toy.student_dir, files)
    assert stale_files(toy.student_dir, files) == []
    assert not (toy.student_dir / "notes.txt").exists()


def test_release_writes_folder_and_zip(toy, tmp_path):
    folder, archive = release(toy, tmp_path / "out")
    assert (folder / "ops.py").is_file() and not (folder / "tests" / "hidden").exists()
    with zipfile.ZipFile(archive) as bundle:
        names = bundle.namelist()
    assert "t1_toy/ops.py" in names and not any("hidden" in n for n in names)


@pytest.mark.parametrize(
    ("where", "text", "complaint"),
    [
        ("notebook.py", "# %%\nreturn np.multiply(x, 2.0)\n", "is a solution line"),
        ("tests/public/test_extra.py", "# see test_double_matches_reference\n", "names the hidden"),
        ("README.md", "    return np.multiply(x, 2.0)\n", "README.md:.* is a solution line"),
    ],
)
def test_release_refuses_a_leak(toy, tmp_path, where, text, complaint):
    path = toy.solution_dir / where
    path.write_text(path.read_text() + text if path.exists() else text)
    with pytest.raises(ReleaseError, match=complaint):
        release(toy, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_solution_line_the_author_also_publishes_is_not_a_leak(toy, tmp_path):
    """A docstring that states the formula the solution computes, or given code with the
    same line, is the author's published text: the bundle may carry it."""
    ops = toy.solution_dir / "ops.py"
    ops.write_text(
        ops.read_text().replace(
            '"""Return 2 * x."""', '"""Return 2 * x:\n\n        return np.multiply(x, 2.0)\n    """'
        )
    )
    folder, _ = release(toy, tmp_path / "out")
    assert "return np.multiply(x, 2.0)" in (folder / "ops.py").read_text()


def test_lines_of_authoring_files_are_not_published(toy, tmp_path):
    """expected.py never ships, so its copy of a solution line does not make that line
    public: the README that repeats it is still refused."""
    expected = toy.solution_dir / "expected.py"
    expected.write_text(
        expected.read_text() + "\n\ndef twice(x):\n    return np.multiply(x, 2.0)\n"
    )
    readme = toy.solution_dir / "README.md"
    readme.write_text(readme.read_text() + "\n    return np.multiply(x, 2.0)\n")
    with pytest.raises(ReleaseError, match=r"README\.md:.* is a solution line"):
        release(toy, tmp_path / "out")


def test_release_refuses_a_copied_hidden_test(toy, tmp_path):
    hidden = toy.hidden_tests / "test_double_hidden.py"
    (toy.public_tests / "test_copy.py").write_bytes(hidden.read_bytes())
    with pytest.raises(ReleaseError, match="is the hidden test file"):
        release(toy, tmp_path / "out")
