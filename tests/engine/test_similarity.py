"""Similarity between submissions (autograder.instructor.similarity and `autograder
similarity`): a disguised copy is found, independent work and the skeleton's code are not,
the files are what the report reads, and the same code gives the same files in any process."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile

import pytest
from helpers import make_toy_course
from typer.testing import CliRunner

from autograder.cli import app
from autograder.course import COURSE_ENV
from autograder.instructor import similarity
from autograder.instructor.similarity import (
    CSV_COLUMNS,
    SimilarityError,
    compare,
    csv_text,
    find_similar,
    write,
)

runner = CliRunner()

SKELETON = '''\
"""Update rules."""

import numpy as np


def momentum(w, dw, state=None, lr=0.01, beta=0.9):
    """SGD with momentum: v = beta * v + dw; new_w = w - lr * v.

    Returns (new_w, {"v": v}); v starts at zeros.
    """
    # TODO: three lines.
    raise NotImplementedError("TODO in momentum")


def rmsprop(w, dw, state=None, lr=0.01, alpha=0.99, eps=1e-8):
    """RMSProp: s = alpha * s + (1 - alpha) * dw**2; new_w = w - lr * dw / (sqrt(s) + eps).

    Returns (new_w, {"s": s}); s starts at zeros.
    """
    # TODO: three lines.
    raise NotImplementedError("TODO in rmsprop")


def adam(w, dw, state=None, lr=0.001, betas=(0.9, 0.999), eps=1e-8):
    """Adam with bias correction; the state holds m, v and the step count t.

    Returns (new_w, {"m": m, "v": v, "t": t}).
    """
    # TODO: seven lines.
    raise NotImplementedError("TODO in adam")


def clip_by_norm(grads, max_norm):
    """Scale the list grads so that its global L2 norm is at most max_norm.

    Returns (clipped, norm).
    """
    # TODO: three lines.
    raise NotImplementedError("TODO in clip_by_norm")
'''

#: Each function's own code, as ada wrote it, keyed by the line of the skeleton it replaces.
ADA = {
    "momentum": """\
    state = state or {}
    velocity = beta * state.get("v", np.zeros_like(w)) + dw
    return w - lr * velocity, {"v": velocity}
""",
    "rmsprop": """\
    state = state or {}
    square = alpha * state.get("s", np.zeros_like(w)) + (1 - alpha) * dw * dw
    return w - lr * dw / (np.sqrt(square) + eps), {"s": square}
""",
    "adam": """\
    state = state or {}
    beta1, beta2 = betas
    step = state.get("t", 0) + 1
    first = beta1 * state.get("m", np.zeros_like(w)) + (1 - beta1) * dw
    second = beta2 * state.get("v", np.zeros_like(w)) + (1 - beta2) * dw * dw
    first_hat = first / (1 - beta1**step)
    second_hat = second / (1 - beta2**step)
    new_w = w - lr * first_hat / (np.sqrt(second_hat) + eps)
    return new_w, {"m": first, "v": second, "t": step}
""",
    "clip_by_norm": """\
    norm = float(np.sqrt(sum(np.sum(g * g) for g in grads)))
    scale = min(1.0, max_norm / (norm + 1e-6))
    return [g * scale for g in grads], norm
""",
}

#: The same work, by someone who renamed every variable.
RENAMES = {
    "velocity": "buf",
    "square": "avg_sq",
    "beta1": "b_one",
    "beta2": "b_two",
    "step": "count",
    "first_hat": "m_corr",
    "second_hat": "v_corr",
    "first": "mom",
    "second": "sq",
    "new_w": "updated",
    "norm": "total",
    "scale": "factor",
    " g ": " grad ",
    "(g ": "(grad ",
    "g *": "grad *",
}

#: Another student's own solutions of the same functions: loops, helpers, another order.
BEN = {
    "momentum": """\
    v = np.zeros_like(w) if state is None else state["v"]
    for i in np.ndindex(w.shape):
        v[i] = beta * v[i] + dw[i]
    return w - lr * v, dict(v=v)
""",
    "rmsprop": """\
    if state is None:
        state = {"s": np.zeros(w.shape)}
    s = state["s"] * alpha
    s += (1.0 - alpha) * np.square(dw)
    denominator = np.sqrt(s) + eps
    return w - lr * (dw / denominator), {"s": s}
""",
    "adam": """\
    t = 1 if state is None else state["t"] + 1
    m = np.zeros(w.shape) if state is None else state["m"].copy()
    v = np.zeros(w.shape) if state is None else state["v"].copy()
    m *= betas[0]
    m += (1 - betas[0]) * dw
    v *= betas[1]
    v += (1 - betas[1]) * np.square(dw)
    correction = np.sqrt(1 - betas[1] ** t) / (1 - betas[0] ** t)
    return w - lr * correction * m / (np.sqrt(v) + eps * np.sqrt(1 - betas[1] ** t)), {
        "m": m,
        "v": v,
        "t": t,
    }
""",
    "clip_by_norm": """\
    squares = 0.0
    for grad in grads:
        squares += float((grad**2).sum())
    norm = squares**0.5
    if norm <= max_norm:
        return [grad.copy() for grad in grads], norm
    return [grad * (max_norm / (norm + 1e-6)) for grad in grads], norm
""",
}


def solved(bodies: dict[str, str], order: list[str] | None = None, renames=None) -> str:
    """The skeleton with the TODO bodies of ``bodies``' functions replaced by them (the
    others left as TODO), its functions in ``order`` (default: the skeleton's) and
    ``renames`` applied to the student's own code."""
    head, *functions = SKELETON.split("\n\n\ndef ")
    blocks = {}
    for function in functions:
        name = function.split("(")[0]
        todo = function[function.index("    # TODO") :]
        body = bodies.get(name, todo)
        for old, new in (renames or {}).items():
            body = body.replace(old, new)
        blocks[name] = "def " + function.replace(todo, body)
    names = order or list(blocks)
    return head + "".join("\n\n\n" + blocks[name].rstrip("\n") + "\n" for name in names)


ORDER = ["clip_by_norm", "adam", "momentum", "rmsprop"]
TEXTS = {
    "ada": solved(ADA),
    "ben": solved(BEN),
    "cleo": solved(ADA, ORDER, RENAMES),
}


def listed(pairs) -> set[tuple[str, str]]:
    return {(p.student_a, p.student_b) for p in pairs}


def test_a_copy_with_renamed_variables_and_reordered_functions_is_found():
    """cleo renamed every variable of ada's work and reordered her functions: the pair is
    listed, both ways above 90%; ben's own solutions of the same functions are not."""
    pairs = compare("t1_toy", SKELETON, TEXTS, 0.75)
    assert listed(pairs) == {("ada", "cleo")}
    assert min(pairs[0].similarity_a, pairs[0].similarity_b) > 0.9
    assert "velocity" not in TEXTS["cleo"] and TEXTS["cleo"].index("def clip_by_norm") < 500


def test_the_skeleton_never_counts():
    """Two students who each wrote one function of their own, and left the others as the
    skeleton gave them, share all that given code: with the skeleton as boilerplate they
    are not alike at all; without it they would be listed."""
    texts = {
        "dana": solved({"momentum": ADA["momentum"]}),
        "eli": solved({"rmsprop": BEN["rmsprop"]}),
    }
    assert listed(compare("t1_toy", "", texts, 0.5)) == {("dana", "eli")}
    assert compare("t1_toy", SKELETON, texts, 0.01) == []
    assert compare("t1_toy", SKELETON, {"a": SKELETON, "b": SKELETON}, 0.01) == []


def test_a_passage_written_twice_keeps_both_places():
    """Leaving out the skeleton's fingerprints leaves a student's own passage that appears
    twice at both its places (copydetect's own boilerplate argument dropped one of them)."""
    import copydetect

    text = solved({"momentum": ADA["momentum"], "rmsprop": ADA["momentum"]})
    given = frozenset(similarity._fingerprint(copydetect, "skeleton", SKELETON).hashes)
    alone = similarity._fingerprint(copydetect, "ada", text)
    without = similarity._fingerprint(copydetect, "ada", text, given)
    twice = {h: at for h, at in alone.hash_idx.items() if len(at) == 2 and h not in given}
    assert twice and all(without.hash_idx[h] == at for h, at in twice.items())
    assert set(without.hash_idx) == set(alone.hash_idx) - given == without.hashes


def test_the_csv_lists_the_pairs_highest_first(tmp_path):
    """similarity.csv has the report's columns and one row per listed pair, highest first,
    similarities between 0 and 1 and the lines of shared code (the student's own, not the
    skeleton's docstrings)."""
    texts = {**TEXTS, "dan": solved(ADA, renames={"velocity": "vel"})}
    pairs = compare("t1_toy", SKELETON, texts, 0.75)
    rows = list(csv.DictReader(io.StringIO(csv_text(pairs))))
    assert (
        tuple(rows[0])
        == CSV_COLUMNS
        == (
            "student_a",
            "student_b",
            "similarity_a",
            "similarity_b",
            "overlap_lines",
        )
    )
    assert (rows[0]["student_a"], rows[0]["student_b"]) == ("ada", "dan")
    assert listed(pairs) == {("ada", "cleo"), ("ada", "dan"), ("cleo", "dan")}
    shares = [max(float(r["similarity_a"]), float(r["similarity_b"])) for r in rows]
    assert shares == sorted(shares, reverse=True) and all(0 < s <= 1 for s in shares)
    own_lines = sum(body.count("\n") for body in ADA.values())
    assert {int(r["overlap_lines"]) for r in rows} <= set(range(own_lines - 3, own_lines + 1))


def test_pages_show_both_students_and_replace_an_earlier_run(tmp_path):
    """Each listed pair gets OUT/similarity/A__B.html with both students' code (escaped) and
    the shared passages marked; a later run with no pair leaves no page behind."""
    result = similarity.Similarity(
        tuple(compare("t1_toy", SKELETON, TEXTS, 0.75)), tuple(TEXTS), {}
    )
    write(result, tmp_path)
    page = (tmp_path / "similarity" / "ada__cleo.html").read_text()
    assert "<mark>" in page and "&#34;v&#34;: velocity" in page and "avg_sq" in page
    assert [p.name for p in (tmp_path / "similarity").iterdir()] == ["ada__cleo.html"]
    write(similarity.Similarity((), tuple(TEXTS), {}), tmp_path)
    assert list((tmp_path / "similarity").iterdir()) == []
    assert (tmp_path / "similarity.csv").read_text() == ",".join(CSV_COLUMNS) + "\n"


def _package(folder, text):
    """A submission folder with the toy package's modules."""
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("from .ops import momentum\n")
    (folder / "ops.py").write_text(text)
    return folder


def test_submissions_are_read_as_the_grader_reads_them(tmp_path):
    """A folder, a zip and a notebook are compared by their package's code (a zip's tests/
    left out); a submission the intake refuses is listed with its reason, not compared."""
    skeleton = _package(tmp_path / "skeleton", SKELETON)
    ada = _package(tmp_path / "subs" / "ada", TEXTS["ada"])
    (ada / "tests").mkdir()
    (ada / "tests" / "test_ops.py").write_text(TEXTS["ben"])
    with zipfile.ZipFile(tmp_path / "subs" / "cleo.zip", "w") as archive:
        archive.writestr("t1_toy/__init__.py", "from .ops import momentum\n")
        archive.writestr("t1_toy/ops.py", TEXTS["cleo"])
    cell = {"cell_type": "code", "source": TEXTS["ben"], "metadata": {}, "outputs": []}
    notebook = {"cells": [{**cell, "execution_count": None}], "metadata": {}}
    notebook.update(nbformat=4, nbformat_minor=5)
    notebook["cells"][0]["id"] = "cell-1"
    (tmp_path / "subs" / "ben.ipynb").write_text(json.dumps(notebook))
    (tmp_path / "subs" / "eve.zip").write_bytes(b"not a zip")
    subs = sorted((tmp_path / "subs").iterdir())
    result = find_similar(skeleton, subs, "t1_toy")
    assert result.compared == ("ada", "ben", "cleo")
    assert set(result.refused) == {"eve"} and "could not be unpacked" in result.refused["eve"]
    assert listed(result.pairs) == {("ada", "cleo")}


def test_the_same_code_gives_the_same_csv_in_any_process():
    """Python hashes strings differently in each process; the similarities do not change
    with it (every k-gram is a fingerprint, none chosen by its hash)."""
    script = (
        "import json, sys\n"
        "from autograder.instructor.similarity import compare, csv_text\n"
        "texts = json.load(sys.stdin)\n"
        "print(csv_text(compare('t1_toy', texts.pop('skeleton'), texts, 0.2)), end='')\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            input=json.dumps({"skeleton": SKELETON, **TEXTS}),
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert outputs == {csv_text(compare("t1_toy", SKELETON, TEXTS, 0.2))}
    assert len(next(iter(outputs)).splitlines()) == 3


def test_without_copydetect_the_error_says_how_to_install_it(monkeypatch):
    """A kit installed without the instructor extra says what to install, in one line."""
    monkeypatch.setitem(sys.modules, "copydetect", None)
    with pytest.raises(SimilarityError, match=r"pip install .*\[instructor\]"):
        compare("t1_toy", SKELETON, TEXTS, 0.75)


@pytest.fixture
def course(tmp_path, monkeypatch):
    """The toy course, generated, with ada's, ben's and cleo's submissions in subs/."""
    root = make_toy_course(tmp_path / "course")
    monkeypatch.setenv(COURSE_ENV, str(root))
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["generate"]).exit_code == 0
    (root / "assignments" / "t1_toy" / "ops.py").write_text(SKELETON)
    for name, text in TEXTS.items():
        _package(tmp_path / "subs" / name, text)
    return root


def test_the_command_writes_the_pairs_and_prints_them(course, tmp_path):
    """`autograder similarity` writes similarity.csv and the pages, and prints the pair."""
    result = runner.invoke(app, ["similarity", "t1_toy", "subs", "--out", "sim"])
    assert result.exit_code == 0, result.output
    assert "ada" in result.stdout and "cleo" in result.stdout and "3 submissions" in result.stdout
    assert (tmp_path / "sim" / "similarity" / "ada__cleo.html").is_file()
    lines = (tmp_path / "sim" / "similarity.csv").read_text().splitlines()
    assert len(lines) == 2 and lines[1].startswith("ada,cleo,")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["t1_toy", "subs", "--out", "sim", "--threshold", "0"],
            "--threshold must be a share of the code, above 0 and at most 1 (e.g. 0.75)",
        ),
        (["t1_toy", "nowhere", "--out", "sim"], "no such file or folder: nowhere"),
        (
            ["t1_toy", "subs", "--out", "subs/sim"],
            "--out subs/sim is inside the submissions folder subs; put it elsewhere (its files "
            "would be graded as submissions on the next run)",
        ),
    ],
)
def test_mistakes_in_the_command_are_refused_in_one_line(course, args, line):
    """A threshold outside (0, 1], a missing path and an --out among the submissions are
    refused before anything is written, in one line."""
    result = runner.invoke(app, ["similarity", *args])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [f"error: {line}"]
    assert not (course.parent / "sim").exists() and not (course.parent / "subs" / "sim").exists()


def test_a_course_without_its_skeleton_says_to_generate_it(course):
    """The skeleton is the boilerplate: without assignments/NAME, the command says to
    generate it."""
    skeleton = course / "assignments" / "t1_toy"
    for path in sorted(skeleton.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    skeleton.rmdir()
    result = runner.invoke(app, ["similarity", "t1_toy", "subs", "--out", "sim"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {skeleton} is missing: run `autograder generate")


def test_grade_with_similarity_compares_the_batch_it_graded(course, tmp_path):
    """`grade --similarity` grades the batch, then writes the similarity files into the
    same OUT."""
    args = ["grade", "t1_toy", "subs", "--out", "grades", "-j", "1", "--similarity"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "grades" / "gradebook.sqlite").is_file()
    lines = (tmp_path / "grades" / "similarity.csv").read_text().splitlines()
    assert [line.split(",")[:2] for line in lines[1:]] == [["ada", "cleo"]]


def test_grade_with_similarity_but_no_copydetect_is_refused_before_grading(
    course, tmp_path, monkeypatch
):
    """Without copydetect, `grade --similarity` is refused in one line before any grading,
    rather than after the batch."""
    monkeypatch.setitem(sys.modules, "copydetect", None)
    result = runner.invoke(app, ["grade", "t1_toy", "subs", "--out", "grades", "--similarity"])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and "[instructor]" in result.stderr
    assert not (tmp_path / "grades").exists()
