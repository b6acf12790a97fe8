"""Import an assignment package from a folder under a name of our choosing.

The reference solution and a student's submission are both packages called, say,
``a1_backprop``. To hold them apart (and to import a submission whose folder was renamed,
``a1_backprop-main`` from a git download), a package is loaded from its folder and registered
in ``sys.modules`` under an explicit name. Relative imports inside it (``from .layers import
affine_forward``) and absolute ones under that name both resolve.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


class PackageLoadError(ImportError):
    """The folder is not an importable package; the message says why, for a student."""


def load_package(path: str | Path, name: str) -> ModuleType:
    """Import the package in folder ``path`` as ``name`` and return the module.

    A module already registered under ``name`` (and its submodules) is replaced, so loading
    a second submission in the same process never sees the first one's code.
    """
    folder = Path(path).resolve()
    init = folder / "__init__.py"
    if not folder.is_dir():
        raise PackageLoadError(f"{folder} is not a folder")
    if not init.is_file():
        raise PackageLoadError(
            f"{folder} has no __init__.py, so it is not a Python package; "
            "keep the files you were given, including __init__.py"
        )
    unload(name)
    spec = importlib.util.spec_from_file_location(
        name, init, submodule_search_locations=[str(folder)]
    )
    if spec is None or spec.loader is None:  # pragma: no cover - spec_from_file_location on a .py
        raise PackageLoadError(f"cannot import {init}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        unload(name)
        raise
    return module


def unload(name: str) -> None:
    """Forget the module ``name`` and all its submodules."""
    for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
        del sys.modules[key]
