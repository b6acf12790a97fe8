"""load_package: a package from any folder under any name, replaced cleanly, failing clearly."""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

import pytest

from autograder.sandbox.inside.package_loader import PackageLoadError, load_package, unload

#: A name no real module has, so the tests never touch anything else in sys.modules.
NAME = "engine_test_loaded_pkg"


@pytest.fixture(autouse=True)
def clean_modules(monkeypatch):
    """Forget NAME (and its submodules) before and after each test; write no bytecode."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)

    def forget() -> None:
        for key in [k for k in sys.modules if k == NAME or k.startswith(NAME + ".")]:
            del sys.modules[key]

    forget()
    yield
    forget()


def write_package(folder: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (relative path -> source) into ``folder`` and return the folder."""
    folder.mkdir(parents=True)
    for relative, source in files.items():
        (folder / relative).write_text(textwrap.dedent(source))
    importlib.invalidate_caches()
    return folder


def registered() -> list[str]:
    return sorted(k for k in sys.modules if k == NAME or k.startswith(NAME + "."))


def test_loads_under_any_name_with_relative_and_absolute_imports(tmp_path):
    """A folder named a1_backprop-main imports as NAME; `from .x` and `from NAME.x` both work."""
    folder = write_package(
        tmp_path / "a1_backprop-main",
        {
            "__init__.py": """
                from .layers import affine
                from .model import predict
            """,
            "layers.py": """
                def affine(x):
                    return 2 * x + 1
            """,
            "model.py": f"""
                from {NAME}.layers import affine

                def predict(x):
                    return affine(x) * 10
            """,
        },
    )
    module = load_package(folder, NAME)
    assert module.__name__ == NAME
    assert sys.modules[NAME] is module
    assert Path(module.__file__) == folder.resolve() / "__init__.py"
    assert module.affine(3) == 7
    assert module.predict(3) == 70
    assert registered() == [NAME, f"{NAME}.layers", f"{NAME}.model"]
    assert sys.modules[f"{NAME}.model"].affine is module.affine
    assert importlib.import_module(f"{NAME}.layers") is sys.modules[f"{NAME}.layers"]


def test_accepts_a_string_path(tmp_path):
    """The folder may be given as a str."""
    folder = write_package(tmp_path / "pkg", {"__init__.py": "VALUE = 42\n"})
    assert load_package(str(folder), NAME).VALUE == 42


def test_a_second_package_replaces_the_first_without_stale_submodules(tmp_path):
    """Loading another package under the same name sees only the new code, none of the old."""
    first = write_package(
        tmp_path / "first",
        {
            "__init__.py": "from .common import WHO\nfrom . import only_in_first\n",
            "common.py": "WHO = 'first'\n",
            "only_in_first.py": "X = 1\n",
        },
    )
    second = write_package(
        tmp_path / "second",
        {
            "__init__.py": "from .common import WHO\n",
            "common.py": "WHO = 'second'\n",
        },
    )
    old = load_package(first, NAME)
    assert old.WHO == "first"
    assert f"{NAME}.only_in_first" in sys.modules

    new = load_package(second, NAME)
    assert new is not old
    assert new.WHO == "second"
    assert sys.modules[NAME] is new
    assert sys.modules[f"{NAME}.common"].WHO == "second"
    assert registered() == [NAME, f"{NAME}.common"]
    assert not hasattr(new, "only_in_first")
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(f"{NAME}.only_in_first")


def test_missing_folder_is_a_package_load_error(tmp_path):
    """A folder that does not exist (or is a file) gets a PackageLoadError naming it."""
    missing = tmp_path / "nowhere"
    with pytest.raises(PackageLoadError, match="is not a folder") as info:
        load_package(missing, NAME)
    assert str(missing.resolve()) in str(info.value)
    assert isinstance(info.value, ImportError)

    a_file = tmp_path / "submission.py"
    a_file.write_text("x = 1\n")
    with pytest.raises(PackageLoadError, match="is not a folder"):
        load_package(a_file, NAME)
    assert registered() == []


def test_folder_without_init_is_a_package_load_error(tmp_path):
    """A folder of modules without __init__.py is refused with a message a student can act on."""
    folder = write_package(tmp_path / "a1_backprop", {"layers.py": "def affine(x):\n    pass\n"})
    with pytest.raises(PackageLoadError) as info:
        load_package(folder, NAME)
    message = str(info.value)
    assert str(folder.resolve()) in message
    assert "has no __init__.py" in message
    assert "not a Python package" in message
    assert "keep the files you were given" in message
    assert registered() == []


@pytest.mark.parametrize(
    ("files", "error"),
    [
        (
            {
                "__init__.py": "from .good import a\nfrom .broken import b\n",
                "good.py": "a = 1\n",
                "broken.py": "def b(:\n",
            },
            SyntaxError,
        ),
        (
            {
                "__init__.py": "from .good import a\nraise RuntimeError('boom')\n",
                "good.py": "a = 1\n",
            },
            RuntimeError,
        ),
        ({"__init__.py": "from .absent import a\n"}, ImportError),
    ],
    ids=["syntax error in a submodule", "error in __init__", "missing submodule"],
)
def test_a_failing_import_leaves_nothing_registered(tmp_path, files, error):
    """When the package's import raises, the error propagates and no NAME module is left."""
    good = write_package(tmp_path / "good", {"__init__.py": "OK = True\n"})
    load_package(good, NAME)
    bad = write_package(tmp_path / "bad", files)
    with pytest.raises(error):
        load_package(bad, NAME)
    assert registered() == []


def test_unload_forgets_a_package_and_its_submodules_only(tmp_path):
    """unload(NAME) removes NAME and NAME.*, but not a module whose name merely starts alike."""
    folder = write_package(tmp_path / "pkg", {"__init__.py": "from . import sub\n", "sub.py": ""})
    load_package(folder, NAME)
    sibling = f"{NAME}_sibling"
    sys.modules[sibling] = sys.modules[NAME]
    try:
        unload(NAME)
        assert registered() == []
        assert sibling in sys.modules
    finally:
        del sys.modules[sibling]
    unload(NAME)  # unloading what is not loaded is fine
