"""Build an assignment's notebook from its percent-format source (``notebook.py``).

The source is a plain Python file with ``# %%`` code cells and ``# %% [markdown]`` cells
(the format jupytext, VS Code and PyCharm read), so it diffs and lints like code. jupytext
parses it; the notebook is written with nbformat, with cell ids numbered in order and no
jupytext metadata, so the same source always gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat


def build_notebook(source: Path) -> str:
    """The ``.ipynb`` text of the notebook whose percent-format source is ``source``."""
    notebook = jupytext.reads(source.read_text(encoding="utf-8"), fmt="py:percent")
    notebook.metadata = nbformat.NotebookNode(
        {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        }
    )
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index:02d}"
        cell.metadata = nbformat.NotebookNode()
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def code_of(notebook_text: str) -> str:
    """All the code and markdown of a notebook, cell after cell (for leak checks)."""
    notebook = nbformat.reads(notebook_text, as_version=4)
    return "\n".join(cell.source for cell in notebook.cells)
