"""Given modules in a staged submission: the grader's copies replace the student's, and in a
submission made of one file (a notebook, a ``.py``) the modules the student writes are
stand-ins for the package itself, so a given module that imports the student's functions
(a4's training loop imports their LSTM) finds the ones the notebook defines."""

from __future__ import annotations

import pytest
from helpers import REPO

from autograder.course import Assignment, find_course
from autograder.grading.job import given_modules, install_given_code
from autograder.testing.student import InProcessStudent, StudentImportError

A4 = Assignment(find_course(REPO), "a4_rnn")
#: What a4's given training.py imports from the student's modules, defined as a notebook
#: would define them (the bodies do not matter here).
DEFINITIONS = "".join(
    f"def {name}(*args):\n    return args\n\n\n"
    for name in (
        "word_embedding_forward", "word_embedding_backward", "lstm_forward", "lstm_backward",
        "rnn_forward", "rnn_backward", "temporal_affine_forward", "temporal_affine_backward",
        "temporal_softmax_loss",
    )
)  # fmt: skip
IMPORT_GIVEN = "from a4_rnn.training import RecurrentClassifier, train_adam\n"


def staged(tmp_path, code: str):
    """A one-file a4 submission staged as the intake stages a notebook, given code installed."""
    package = tmp_path / "a4_rnn"
    package.mkdir()
    (package / "__init__.py").write_text(code, encoding="utf-8")
    install_given_code(A4, package)
    return package


def test_given_modules_are_the_ones_without_todos():
    assert [m.name for m in given_modules(A4)] == ["activations.py", "recall.py", "training.py"]


def test_a_notebook_that_defines_its_functions_first_imports_the_given_training_loop(tmp_path):
    package = staged(tmp_path, DEFINITIONS + IMPORT_GIVEN)
    student = InProcessStudent.load(package, "a4_rnn")
    assert student.RecurrentClassifier.__module__ == "a4_rnn.training"
    assert (package / "lstm.py").read_text().startswith('"""lstm: in a submission made of one')


def test_a_given_import_above_the_students_code_says_how_to_fix_it(tmp_path):
    package = staged(tmp_path, IMPORT_GIVEN + DEFINITIONS)
    with pytest.raises(StudentImportError, match="put the cells that define your functions above"):
        InProcessStudent.load(package, "a4_rnn")


def test_a_package_keeps_its_own_modules(tmp_path):
    package = tmp_path / "a4_rnn"
    package.mkdir()
    (package / "lstm.py").write_text("X = 1\n", encoding="utf-8")
    install_given_code(A4, package)
    assert (package / "lstm.py").read_text() == "X = 1\n"
    assert (package / "training.py").read_bytes() == (A4.student_dir / "training.py").read_bytes()
