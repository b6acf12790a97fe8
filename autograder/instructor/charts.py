"""The report's pictures: matplotlib figures as PNG data URIs, to embed in one HTML file.

Figures are drawn with :class:`matplotlib.figure.Figure` and its Agg canvas, never pyplot: no
global state, no display, safe in any thread. The PNGs carry no metadata (no matplotlib
version, no date), so the same numbers give the same bytes.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, PercentFormatter

#: The width of every figure, in inches, and its resolution.
WIDTH = 7.5
DPI = 110
#: Bar colours of the parts, in turn: tab20's ten strong colours, then its ten light ones.
_COLOURS = (*colormaps["tab20"].colors[0::2], *colormaps["tab20"].colors[1::2])


def data_uri(figure: Figure) -> str:
    """``figure`` as a ``data:image/png;base64,...`` URI."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _counts_axes(height: float) -> tuple[Figure, Axes]:
    """A figure of :data:`WIDTH` by ``height`` inches with one axes whose y axis counts
    submissions (whole numbers)."""
    figure = Figure(figsize=(WIDTH, height))
    axes = figure.add_subplot()
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("submissions")
    axes.grid(axis="y", alpha=0.3)
    return figure, axes


def score_histogram(scores: Sequence[float], max_score: float) -> str:
    """The scores in ten bins from 0 to ``max_score`` (the last bin holds full marks)."""
    figure, axes = _counts_axes(3.2)
    top = max_score if max_score > 0 else max([*scores, 1.0])
    axes.hist(scores, bins=np.linspace(0.0, top, 11), color=_COLOURS[0], edgecolor="white")
    axes.set_xlim(0.0, top)
    axes.set_xlabel(f"score (of {top:g})")
    return data_uri(figure)


def pass_rates(tests: Sequence[tuple[str, str, float]]) -> str:
    """One horizontal bar per ``(test, part, pass rate)``, top to bottom in the given order,
    coloured by part, with a legend of the parts."""
    parts = list(dict.fromkeys(part for _, part, _ in tests))
    colour = {part: _COLOURS[i % len(_COLOURS)] for i, part in enumerate(parts)}
    figure = Figure(figsize=(WIDTH, 1.0 + 0.17 * len(tests)))
    axes = figure.add_subplot()
    positions = np.arange(len(tests))[::-1]
    axes.barh(
        positions,
        [rate for _, _, rate in tests],
        color=[colour[part] for _, part, _ in tests],
        height=0.7,
    )
    axes.set_yticks(positions, [name for name, _, _ in tests], fontsize=7)
    axes.set_ylim(-0.6, len(tests) - 0.4)
    axes.set_xlim(0.0, 1.0)
    axes.xaxis.set_major_formatter(PercentFormatter(1.0))
    axes.set_xlabel("submissions that passed")
    axes.grid(axis="x", alpha=0.3)
    handles = [Patch(color=colour[part], label=part) for part in parts]
    axes.legend(
        handles=handles,
        fontsize=7,
        title="part",
        title_fontsize=7,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
    )
    return data_uri(figure)


def grading_times(seconds: Sequence[float]) -> str:
    """A histogram of how many seconds each submission took to grade."""
    figure, axes = _counts_axes(2.8)
    axes.hist(seconds, bins=min(20, max(5, len(seconds))), color=_COLOURS[2], edgecolor="white")
    axes.set_xlim(left=0.0)
    axes.set_xlabel("seconds to grade one submission (wall clock)")
    return data_uri(figure)
