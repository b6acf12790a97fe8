"""intake: folders, zips, .py files and notebooks become clean staged packages, or a reason.

Every submission here is made-up hostile input in ``tmp_path``; the checks are on what lands in
the staging folder (only the package's ``.py`` files, nothing outside it) and on the reason a
student would read.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.contract import SKIPPED_CELL_TAG
from autograder.grading import intake
from autograder.grading.intake import (
    MIB,
    Limits,
    Rejected,
    Staged,
    find_submissions,
    stage,
    student_id,
)

A = "a1_backprop"
PACKAGE = {
    "__init__.py": "from .layers import affine\n",
    "layers.py": "def affine(x):\n    return x\n",
}


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path -> text or bytes) under ``root`` and return ``root``."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    root.mkdir(parents=True, exist_ok=True)
    return root


def write_zip(path: Path, files: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path


def staged_files(package: Path) -> dict[str, str]:
    return {
        p.relative_to(package).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(package.rglob("*"))
        if p.is_file()
    }


def tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def staged(result: Staged | Rejected) -> Staged:
    assert isinstance(result, Staged), result
    return result


def rejected(result: Staged | Rejected) -> str:
    assert isinstance(result, Rejected), result
    return result.reason


@pytest.fixture
def staging(tmp_path: Path) -> Path:
    return tmp_path / "staging"


# --- folders ---------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "nested/"], ids=["at the top", "one level down"])
def test_folder_with_the_package_inside_is_staged(tmp_path, staging, prefix):
    files = {f"{prefix}{A}/{name}": text for name, text in PACKAGE.items()}
    files[f"{prefix}{A}/sub/__init__.py"] = ""
    files[f"{prefix}{A}/sub/helpers.py"] = "X = 1\n"
    submission = write_tree(tmp_path / "alice", files)
    result = staged(stage(submission, A, staging))
    assert result.student == "alice"
    assert result.package == staging / "alice" / A
    assert staged_files(result.package) == {
        **PACKAGE,
        "sub/__init__.py": "",
        "sub/helpers.py": "X = 1\n",
    }


def test_folder_that_is_the_package_itself_is_staged(tmp_path, staging):
    submission = write_tree(tmp_path / "bob", PACKAGE)
    result = staged(stage(submission, A, staging))
    assert staged_files(result.package) == PACKAGE


def test_package_two_levels_down_is_not_searched_for(tmp_path, staging):
    submission = write_tree(tmp_path / "carol", {f"x/y/{A}/__init__.py": ""})
    assert f"{A}/__init__.py" in rejected(stage(submission, A, staging))


def test_renamed_package_folder_is_rejected_with_the_name_to_use(tmp_path, staging):
    submission = write_tree(tmp_path / "dave", {"assignment1/__init__.py": "", "notes.txt": "hi"})
    reason = rejected(stage(submission, A, staging))
    assert f"{A}/__init__.py" in reason
    assert "found a folder assignment1/ with __init__.py: rename it to a1_backprop" in reason
    assert not (staging / "dave").exists()


def test_folder_without_any_package_says_what_it_found(tmp_path, staging):
    submission = write_tree(tmp_path / "erin", {"layers.py": "", "data/x.csv": "1"})
    reason = rejected(stage(submission, A, staging))
    assert f"{A}/__init__.py" in reason and "layers.py" in reason and "data/" in reason


def test_empty_folder_is_rejected_as_empty(tmp_path, staging):
    (tmp_path / "frank").mkdir()
    assert "is empty" in rejected(stage(tmp_path / "frank", A, staging))


def test_tests_conftest_and_non_python_files_are_not_staged(tmp_path, staging):
    files = {f"{A}/{name}": text for name, text in PACKAGE.items()}
    files |= {
        f"{A}/conftest.py": "import os\n",
        f"{A}/tests/test_mine.py": "def test_x():\n    pass\n",
        f"{A}/tests/conftest.py": "",
        f"{A}/sub/conftest.py": "",
        f"{A}/__pycache__/layers.cpython-311.pyc": b"\x00\x01",
        f"{A}/__pycache__/cached.py": "",
        f"{A}/._layers.py": b"\x00\x05\x16\x07\xff",
        f"{A}/.DS_Store": b"\xff\xfe",
        f"{A}/notebook.ipynb": "{}",
        f"{A}/weights.npz": b"\x93NUMPY",
    }
    result = staged(stage(write_tree(tmp_path / "gina", files), A, staging))
    assert staged_files(result.package) == PACKAGE


def test_non_utf8_source_is_rejected_naming_the_file(tmp_path, staging):
    files = {f"{A}/__init__.py": "", f"{A}/layers.py": "x = 'caf\xe9'\n".encode("latin-1")}
    reason = rejected(stage(write_tree(tmp_path / "hank", files), A, staging))
    assert reason == "layers.py is not valid UTF-8 text: save it as UTF-8 and submit again."


def test_symlink_in_a_folder_is_rejected_and_its_target_never_copied(tmp_path, staging):
    secret = tmp_path / "secret.py"
    secret.write_text("TOKEN = 'hunter2'\n")
    submission = write_tree(tmp_path / "ivan", {f"{A}/__init__.py": ""})
    os.symlink(secret, submission / A / "layers.py")
    reason = rejected(stage(submission, A, staging))
    assert f"{A}/layers.py is a symbolic link" in reason
    assert not any("hunter2" in p.read_text() for p in staging.rglob("*") if p.is_file())


def test_symlinked_folder_anywhere_is_rejected(tmp_path, staging):
    (tmp_path / "outside").mkdir()
    submission = write_tree(tmp_path / "jane", PACKAGE)
    os.symlink(tmp_path / "outside", submission / "data")
    assert "data is a symbolic link" in rejected(stage(submission, A, staging))


def test_file_over_the_size_limit_is_rejected_naming_file_and_limit(tmp_path, staging):
    files = {f"{A}/__init__.py": "", f"{A}/big.py": "# " + "x" * MIB + "\n"}
    reason = rejected(stage(write_tree(tmp_path / "kate", files), A, staging))
    assert reason.startswith("big.py is larger than the limit of 1 MiB")


def test_too_many_files_and_too_many_bytes_are_rejected(tmp_path, staging):
    files = {f"{A}/m{i}.py": "x = 1\n" for i in range(5)} | {f"{A}/__init__.py": ""}
    submission = write_tree(tmp_path / "liam", files)
    assert "more than 3 .py files" in rejected(stage(submission, A, staging, Limits(max_files=3)))
    limits = Limits(max_total_bytes=20)
    assert "add up to more than 20 bytes" in rejected(stage(submission, A, staging, limits))


# --- single files and notebooks --------------------------------------------------------------


def test_single_py_file_becomes_the_package_init(tmp_path, staging):
    (tmp_path / "mia.py").write_text("def affine(x):\n    return x\n")
    result = staged(stage(tmp_path / "mia.py", A, staging))
    assert result.student == "mia"
    assert staged_files(result.package) == {"__init__.py": "def affine(x):\n    return x\n"}


def test_notebook_code_cells_become_the_init_without_magics(tmp_path, staging):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# My answers"),
        nbformat.v4.new_code_cell("%matplotlib inline\nimport numpy as np"),
        nbformat.v4.new_code_cell("!pip install torch\ndef affine(x):\n    return x"),
        nbformat.v4.new_code_cell("  %timeit affine(1)\nY = 2"),
    ]
    nbformat.write(notebook, tmp_path / "noah.ipynb")
    result = staged(stage(tmp_path / "noah.ipynb", A, staging))
    assert staged_files(result.package) == {
        "__init__.py": "import numpy as np\n\ndef affine(x):\n    return x\n\nY = 2\n"
    }


def test_notebook_cells_tagged_to_skip_are_left_out(tmp_path, staging):
    """A code cell tagged autograder-skip (otter's setup and checks, which `autograder export
    otter` adds) is not part of the staged code; an untagged or otherwise tagged cell is."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("import otter", metadata={"tags": [SKIPPED_CELL_TAG]}),
        nbformat.v4.new_code_cell("def affine(x):\n    return x", metadata={"tags": ["mine"]}),
        nbformat.v4.new_code_cell('grader.check("a")', metadata={"tags": [SKIPPED_CELL_TAG]}),
        nbformat.v4.new_code_cell("Y = 2"),
    ]
    nbformat.write(notebook, tmp_path / "rita.ipynb")
    result = staged(stage(tmp_path / "rita.ipynb", A, staging))
    code = "def affine(x):\n    return x\n\nY = 2\n"
    assert staged_files(result.package) == {"__init__.py": code}


def test_invalid_json_notebook_is_rejected_as_not_a_valid_notebook(tmp_path, staging):
    (tmp_path / "olga.ipynb").write_text('{"cells": [')
    reason = rejected(stage(tmp_path / "olga.ipynb", A, staging))
    assert reason.startswith("olga.ipynb is not a valid notebook: ")


def test_notebook_that_is_json_but_not_a_notebook_is_rejected(tmp_path, staging):
    (tmp_path / "pete.ipynb").write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5}))
    reason = rejected(stage(tmp_path / "pete.ipynb", A, staging))
    assert reason.startswith("pete.ipynb is not a valid notebook: ")


def test_non_utf8_notebook_is_rejected(tmp_path, staging):
    (tmp_path / "quin.ipynb").write_bytes(b'{"cells": "\xff"}')
    assert "not valid UTF-8" in rejected(stage(tmp_path / "quin.ipynb", A, staging))


def test_missing_path_and_other_file_types_are_rejected(tmp_path, staging):
    assert "was not found" in rejected(stage(tmp_path / "rosa.zip", A, staging))
    (tmp_path / "sam.tar.gz").write_bytes(b"\x1f\x8b")
    reason = rejected(stage(tmp_path / "sam.tar.gz", A, staging))
    assert reason.startswith("sam.tar.gz is not a folder, .zip, .py or .ipynb file")


# --- zips ------------------------------------------------------------------------------------


def test_zip_with_the_package_inside_a_top_folder_is_staged(tmp_path, staging):
    files = {f"tina/{A}/{name}": text for name, text in PACKAGE.items()}
    files |= {f"tina/{A}/data.bin": b"\x00" * 10, f"__MACOSX/tina/{A}/._layers.py": b"\xff"}
    result = staged(stage(write_zip(tmp_path / "tina.zip", files), A, staging))
    assert result.student == "tina"
    assert staged_files(result.package) == PACKAGE
    assert sorted(p.name for p in staging.iterdir()) == ["tina"]  # the unzip folder is gone


def test_empty_zip_is_rejected(tmp_path, staging):
    reason = rejected(stage(write_zip(tmp_path / "uma.zip", {}), A, staging))
    assert reason.startswith("uma.zip is an empty zip file")


def test_zip_without_python_files_is_rejected(tmp_path, staging):
    submission = write_zip(tmp_path / "uma.zip", {"report.pdf": b"%PDF"})
    assert "holds no .py files" in rejected(stage(submission, A, staging))


def test_corrupt_zip_is_rejected(tmp_path, staging):
    (tmp_path / "vic.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    reason = rejected(stage(tmp_path / "vic.zip", A, staging))
    assert reason.startswith("vic.zip could not be unpacked")


def test_zip_with_a_damaged_member_is_rejected(tmp_path, staging):
    path = write_zip(tmp_path / "walt.zip", {f"{A}/__init__.py": "x = 1\n" * 1000})
    data = bytearray(path.read_bytes())
    start = 30 + len(f"{A}/__init__.py")  # the local header, then the compressed bytes
    data[start + 2 : start + 22] = b"\xff" * 20
    path.write_bytes(bytes(data))
    assert "could not be unpacked" in rejected(stage(path, A, staging))


@pytest.mark.parametrize("name", ["../evil.py", f"{A}/../../evil.py", "/abs.py", "C:/x.py"])
def test_zip_member_escaping_the_folder_is_rejected_and_nothing_written(tmp_path, staging, name):
    submission = write_zip(tmp_path / "xena.zip", {f"{A}/__init__.py": "", name: "BAD = 1\n"})
    before = sorted(p for p in tmp_path.rglob("*"))
    reason = rejected(stage(submission, A, staging))
    assert "unsafe path" in reason and name in reason
    assert sorted(p for p in tmp_path.rglob("*") if p != staging) == before
    assert list(staging.rglob("*")) == []
    assert not Path("/abs.py").exists()


def test_zip_bomb_is_stopped_after_reading_about_the_limit(tmp_path, staging, monkeypatch):
    submission = tmp_path / "yuri.zip"
    archive = zipfile.ZipFile(submission, "w", zipfile.ZIP_DEFLATED, compresslevel=9)
    with archive, archive.open(f"{A}/__init__.py", "w", force_zip64=True) as member:
        for _ in range(100):
            member.write(bytes(MIB))  # 100 MiB of zeros
    assert submission.stat().st_size < 200_000
    inflated = count_inflated_bytes(monkeypatch)
    peak = record_peak_size_of_removed_folders(monkeypatch)
    reason = rejected(stage(submission, A, staging))
    assert "larger than the limit of 1 MiB" in reason
    assert inflated[0] <= MIB + 64 * 1024
    assert max(peak, default=0) <= MIB


def test_many_members_bomb_is_stopped_at_the_total_limit(tmp_path, staging, monkeypatch):
    files = {f"{A}/m{i:02}.py": bytes(900 * 1024) for i in range(40)}  # 35 MiB in all
    submission = write_zip(tmp_path / "zoe.zip", files)
    inflated = count_inflated_bytes(monkeypatch)
    peak = record_peak_size_of_removed_folders(monkeypatch)
    reason = rejected(stage(submission, A, staging))
    assert "add up to more than 8 MiB" in reason
    assert inflated[0] <= 8 * MIB + 64 * 1024
    assert 0 < max(peak) <= 8 * MIB + MIB
    assert tree_bytes(staging) == 0


def test_zip_with_a_symlink_member_is_rejected(tmp_path, staging):
    submission = tmp_path / "abe.zip"
    link = zipfile.ZipInfo(f"{A}/layers.py")
    link.create_system = 3
    link.external_attr = 0o120777 << 16
    with zipfile.ZipFile(submission, "w") as archive:
        archive.writestr(f"{A}/__init__.py", "")
        archive.writestr(link, "/etc/passwd")
    reason = rejected(stage(submission, A, staging))
    assert "contains a link" in reason and "layers.py" in reason
    assert not list(staging.rglob("*.py"))


def test_password_protected_zip_is_rejected(tmp_path, staging):
    path = write_zip(tmp_path / "bea.zip", {f"{A}/__init__.py": ""})
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1  # the "encrypted" flag of the central directory entry
    path.write_bytes(bytes(data))
    assert "password-protected" in rejected(stage(path, A, staging))


def test_zip_with_too_many_members_is_rejected(tmp_path, staging):
    submission = write_zip(tmp_path / "cal.zip", {f"f{i}.txt": "" for i in range(11)})
    reason = rejected(stage(submission, A, staging, Limits(max_zip_members=10)))
    assert "more than the limit of 10" in reason


def count_inflated_bytes(monkeypatch) -> list[int]:
    """Count every byte read out of any zip member from now on."""
    counter = [0]
    read = zipfile.ZipExtFile.read

    def counting(self, n=-1):
        data = read(self, n)
        counter[0] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    return counter


def record_peak_size_of_removed_folders(monkeypatch) -> list[int]:
    """Record how many bytes each folder held when it was removed (the unzip folder's peak)."""
    sizes: list[int] = []
    rmtree = shutil.rmtree

    def measuring(path, *args, **kwargs):
        sizes.append(tree_bytes(Path(path)))
        return rmtree(path, *args, **kwargs)

    monkeypatch.setattr(intake.shutil, "rmtree", measuring)
    return sizes


# --- ids, discovery, fingerprints, restaging -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("alice.zip", "alice"),
        ("bob.py", "bob"),
        ("carol.ipynb", "carol"),
        ("dave", "dave"),
        ("Émile O'Brien (2).ZIP", "_mile_O_Brien__2_"),
        ("a.b-c_d.zip", "a.b-c_d"),
        (".zip", "_"),
        ("...py", "__"),
        ("..", "__"),
        (".", "_"),
    ],
)
def test_student_id_is_the_sanitized_name(name, expected):
    assert student_id(Path(name)) == expected


def test_find_submissions_expands_a_folder_of_mixed_submissions(tmp_path):
    folder = write_tree(
        tmp_path / "subs",
        {
            "alice/a1_backprop/__init__.py": "",
            "bob.zip": b"PK",
            "carol.py": "",
            "dave.ipynb": "{}",
            "notes.txt": "",
            ".hidden.zip": b"PK",
            ".git/config": "",
        },
    )
    assert find_submissions([folder], A) == [
        folder / "alice",
        folder / "bob.zip",
        folder / "carol.py",
        folder / "dave.ipynb",
    ]


def test_find_submissions_keeps_single_submissions_as_they_are(tmp_path):
    package = write_tree(tmp_path / "erin", PACKAGE)
    wrapper = write_tree(tmp_path / "frank", {f"{A}/__init__.py": ""})
    single = write_tree(tmp_path / "x", {"gina.py": ""}) / "gina.py"
    assert find_submissions([single, wrapper, package], A) == sorted([package, wrapper, single])


def test_a_folder_of_bare_packages_is_a_folder_of_submissions(tmp_path):
    """Students who each hand in the package itself (a folder with __init__.py)."""
    folder = write_tree(tmp_path / "subs", {"ada/__init__.py": "", "ben/__init__.py": ""})
    assert find_submissions([folder], A) == [folder / "ada", folder / "ben"]


def test_find_submissions_refuses_two_submissions_with_one_student_id(tmp_path):
    folder = write_tree(tmp_path / "subs", {"alice.zip": b"PK", f"alice/x/{A}/__init__.py": ""})
    with pytest.raises(ValueError) as info:
        find_submissions([folder], A)
    assert str(folder / "alice") in str(info.value) and str(folder / "alice.zip") in str(info.value)


def test_find_submissions_refuses_a_path_that_is_not_there(tmp_path):
    """A mistyped path is an error for the instructor, not a made-up student to grade."""
    package = write_tree(tmp_path / "erin", PACKAGE)
    with pytest.raises(ValueError) as info:
        find_submissions([package, tmp_path / "nobody"], A)
    assert str(info.value) == f"no such file or folder: {tmp_path / 'nobody'}"


def test_find_submissions_refuses_a_folder_without_submissions(tmp_path):
    """A folder of submissions that holds none (only a note, a hidden zip) is an error that
    says what a submission is."""
    folder = write_tree(tmp_path / "subs", {"notes.txt": "", ".hidden.zip": b"PK"})
    with pytest.raises(ValueError) as info:
        find_submissions([folder], A)
    assert str(info.value).startswith(f"{folder} holds no submissions: ")
    assert "a folder, a .zip, a .py or a .ipynb" in str(info.value)


def test_fingerprint_is_equal_for_equal_content_and_changes_with_one_byte(tmp_path, staging):
    one = staged(stage(write_tree(tmp_path / "one", PACKAGE), A, staging))
    zipped = write_zip(tmp_path / "two.zip", {f"{A}/{k}": v for k, v in PACKAGE.items()})
    two = staged(stage(zipped, A, staging))
    assert one.fingerprint == two.fingerprint and len(one.fingerprint) == 64
    changed = {**PACKAGE, "layers.py": PACKAGE["layers.py"].replace("x\n", "y\n")}
    three = staged(stage(write_tree(tmp_path / "three", changed), A, staging))
    assert three.fingerprint != one.fingerprint


def test_staging_a_student_twice_replaces_the_earlier_staging(tmp_path, staging):
    first = write_tree(tmp_path / "first" / "hal", {**PACKAGE, "old.py": "OLD = 1\n"})
    assert "old.py" in staged_files(staged(stage(first, A, staging)).package)
    second = write_tree(tmp_path / "second" / "hal", PACKAGE)
    assert staged_files(staged(stage(second, A, staging)).package) == PACKAGE
    (tmp_path / "third").mkdir()
    (tmp_path / "third" / "hal.py").write_bytes(b"\xff")
    rejected(stage(tmp_path / "third" / "hal.py", A, staging))
    assert not (staging / "hal").exists()
