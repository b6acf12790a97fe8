"""Similarity between the submissions of one assignment: the pairs that share most of their code.

Each submission is read as the grader reads it (:mod:`autograder.grading.intake`: a folder, a
zip, a ``.py`` or a notebook; only the package's ``.py`` files, never ``tests/``), its files
joined in path order into one text. copydetect fingerprints each text by winnowing over its
Pygments tokens, in which every name becomes ``V``, ``F`` or ``O`` and comments and spacing
disappear: renamed variables and reordered functions do not hide a copy. The assignment's
generated skeleton (``assignments/NAME``) is the boilerplate, so the code every student was
given (docstrings, imports, given helpers) never counts.

For a pair of students a and b, ``similarity_a`` is the share of a's own code (beyond the
skeleton) that is also in b's, and ``similarity_b`` the reverse; a pair is listed when either
is at least the threshold. :func:`write` puts the listed pairs, highest first, in
``OUT/similarity.csv`` and each pair's code, the shared passages highlighted, in
``OUT/similarity/<a>__<b>.html`` (a before b in sorted order).

The result is deterministic: every k-gram is a fingerprint (a winnowing window of 1), so
nothing depends on Python's per-process string hashes, which choose winnowing's minimum in a
larger window. Everything runs in the calling thread, one submission at a time.
"""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from types import ModuleType

import numpy as np
from rich.table import Table

from autograder.grading.intake import Rejected, stage

#: List a pair when this share of either student's own code is found in the other's.
DEFAULT_THRESHOLD = 0.75
#: The shortest shared passage that counts, in characters of tokenized code (where each name
#: is one character). copydetect's default, 25, makes the short, formulaic solutions of this
#: course's functions (``V=V*V+(1-V)*V``) look alike; 40 keeps independent example
#: submissions at most 0.69 apart while a disguised copy scores 0.96.
NOISE = 40
CSV_COLUMNS = ("student_a", "student_b", "similarity_a", "similarity_b", "overlap_lines")
PAGES = "similarity"
_MISSING = (
    "autograder similarity needs copydetect, the instructor extra: "
    "pip install -c constraints.txt -e '.[instructor]'"
)

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ a }} and {{ b }}: similarity in {{ assignment }}</title>
<style>
body { font-family: sans-serif; margin: 1.5em; }
.pair { display: flex; gap: 1em; }
.side { flex: 1; min-width: 0; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
mark { background: #ffd27f; }
</style>
</head>
<body>
<h1>{{ a }} and {{ b }}</h1>
<p>{{ assignment }}: {{ percent_a }} of {{ a }}'s own code is also in {{ b }}'s, and
{{ percent_b }} of {{ b }}'s is in {{ a }}'s; {{ lines }} lines of shared code.
Shared passages are <mark>highlighted</mark>. Names, comments and spacing are ignored in the
comparison (a renamed variable still matches), and so is the code the skeleton gives.</p>
<div class="pair">
{% for side in sides %}<div class="side"><h2>{{ side.student }}</h2>
<pre>{{ side.code }}</pre></div>
{% endfor %}</div>
</body>
</html>
"""


class SimilarityError(Exception):
    """Similarity cannot be computed (copydetect missing, no skeleton); the message says why."""


@dataclass(frozen=True)
class Pair:
    """Two students whose code is alike: the share of each one's own code found in the
    other's, the lines of shared code (the fewer of the two students' counts) and the HTML
    page that shows both, the shared passages highlighted."""

    student_a: str
    student_b: str
    similarity_a: float
    similarity_b: float
    overlap_lines: int
    page: str

    @property
    def similarity(self) -> float:
        """The larger of the two shares: how the pairs are ranked and compared to the
        threshold."""
        return max(self.similarity_a, self.similarity_b)

    @property
    def page_name(self) -> str:
        """The page's path under ``OUT``: ``similarity/<a>__<b>.html``."""
        return f"{PAGES}/{self.student_a}__{self.student_b}.html"


@dataclass(frozen=True)
class Similarity:
    """What :func:`find_similar` found: the pairs at or above the threshold, highest first;
    the students compared; the submissions the intake refused (student -> reason), which
    were not compared."""

    pairs: tuple[Pair, ...]
    compared: tuple[str, ...]
    refused: dict[str, str]


def _package_text(package: Path) -> str:
    """The ``.py`` files of a staged package joined in path order, each under a comment
    that names it (comments do not count in the comparison)."""
    files = sorted(package.rglob("*.py"), key=lambda p: p.relative_to(package).as_posix())
    return "".join(
        f"# ===== {path.relative_to(package).as_posix()} =====\n"
        f"{path.read_text(encoding='utf-8')}\n"
        for path in files
    )


def read_code(
    skeleton: Path, submissions: list[Path], assignment: str
) -> tuple[str, dict[str, str], dict[str, str]]:
    """The skeleton's text, each accepted submission's text (student -> text) and the
    refused ones (student -> the intake's reason), read as the grader reads them."""
    texts: dict[str, str] = {}
    refused: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="similarity-") as staging:
        given = stage(skeleton, assignment, Path(staging) / "skeleton")
        if isinstance(given, Rejected):
            raise SimilarityError(f"the skeleton {skeleton} cannot be read: {given.reason}")
        boilerplate = _package_text(given.package)
        for submission in submissions:
            staged = stage(submission, assignment, Path(staging) / "submissions")
            if isinstance(staged, Rejected):
                refused[staged.student] = staged.reason
            else:
                texts[staged.student] = _package_text(staged.package)
    return boilerplate, texts, refused


def require_copydetect() -> ModuleType:
    """The copydetect module, or a :class:`SimilarityError` that says how to install it."""
    try:
        import copydetect
    except ImportError:
        raise SimilarityError(_MISSING) from None
    return copydetect


def _fingerprint(copydetect: ModuleType, name: str, text: str, ignored: frozenset = frozenset()):
    """copydetect's fingerprint of Python ``text``, leaving out the ``ignored`` hashes.

    They are left out here rather than by copydetect's ``boilerplate`` argument: copydetect
    0.5 intersects with ``assume_unique=True`` hashes that repeat, so a passage a student
    wrote twice loses one of its places as if the skeleton held it."""
    fingerprint = copydetect.CodeFingerprint(
        f"{name}.py", NOISE, 1, fp=io.StringIO(text), language="python"
    )
    fingerprint.hashes = fingerprint.hashes - ignored
    fingerprint.hash_idx = {h: at for h, at in fingerprint.hash_idx.items() if h not in ignored}
    fingerprint.token_coverage = copydetect.utils.get_token_coverage(
        fingerprint.hash_idx, NOISE, len(fingerprint.filtered_code)
    )
    return fingerprint


def _shared_lines(text: str, slices: np.ndarray, given: frozenset[str]) -> int:
    """How many lines of ``text`` hold shared code of the student's own: a highlighted
    line that is not blank and not a line of the skeleton (a shared passage may run through
    a given docstring, which counts for nothing)."""
    lines = text.split("\n")
    shared: set[int] = set()
    for start, end in zip(*slices, strict=True):
        first = text.count("\n", 0, int(start))
        shared.update(range(first, first + text.count("\n", int(start), int(end)) + 1))
    return sum(1 for i in shared if lines[i].strip() and lines[i].strip() not in given)


def _page(
    assignment: str,
    names: tuple[str, str],
    texts: tuple[str, str],
    slices: tuple[np.ndarray, np.ndarray],
    similarities: tuple[float, float],
    lines: int,
) -> str:
    """The HTML page of one pair: both students' code, the shared passages highlighted."""
    from copydetect.utils import highlight_overlap
    from jinja2 import Environment
    from markupsafe import Markup

    sides = [
        {
            "student": name,
            # highlight_overlap escapes the code and adds only the <mark> tags.
            "code": Markup(highlight_overlap(text, cut, "<mark>", "</mark>", escape_html=True)[0]),
        }
        for name, text, cut in zip(names, texts, slices, strict=True)
    ]
    template = Environment(autoescape=True).from_string(_PAGE)
    return template.render(
        assignment=assignment,
        a=names[0],
        b=names[1],
        percent_a=f"{similarities[0]:.0%}",
        percent_b=f"{similarities[1]:.0%}",
        lines=lines,
        sides=sides,
    )


def compare(
    assignment: str, boilerplate: str, texts: dict[str, str], threshold: float
) -> list[Pair]:
    """Every pair of ``texts`` (student -> code) whose similarity is at least
    ``threshold``, highest first (ties by student ids), the ``boilerplate`` not counted."""
    copydetect = require_copydetect()
    given = frozenset(_fingerprint(copydetect, "skeleton", boilerplate).hashes)
    prints = {name: _fingerprint(copydetect, name, texts[name], given) for name in sorted(texts)}
    given_lines = frozenset(line.strip() for line in boilerplate.split("\n"))
    pairs = []
    for a, b in combinations(sorted(prints), 2):
        _, (share_a, share_b), slices = copydetect.compare_files(prints[a], prints[b])
        if not share_a or max(share_a, share_b) < threshold:
            continue  # nothing shared, or too little
        shares = (round(float(share_a), 4), round(float(share_b), 4))
        lines = min(
            _shared_lines(texts[a], slices[0], given_lines),
            _shared_lines(texts[b], slices[1], given_lines),
        )
        page = _page(assignment, (a, b), (texts[a], texts[b]), slices, shares, lines)
        pairs.append(Pair(a, b, *shares, lines, page))
    return sorted(pairs, key=lambda p: (-p.similarity, p.student_a, p.student_b))


def find_similar(
    skeleton: Path, submissions: list[Path], assignment: str, threshold: float = DEFAULT_THRESHOLD
) -> Similarity:
    """Read ``submissions`` as the grader does and compare every pair, ``skeleton`` (the
    assignment's generated folder) as the boilerplate."""
    boilerplate, texts, refused = read_code(skeleton, submissions, assignment)
    pairs = compare(assignment, boilerplate, texts, threshold)
    return Similarity(tuple(pairs), tuple(sorted(texts)), refused)


def csv_text(pairs: tuple[Pair, ...] | list[Pair]) -> str:
    """similarity.csv's text: :data:`CSV_COLUMNS`, one row per pair, in the given order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in pairs:
        writer.writerow([p.student_a, p.student_b, p.similarity_a, p.similarity_b, p.overlap_lines])
    return buffer.getvalue()


def write(result: Similarity, out: Path) -> None:
    """Write ``out/similarity.csv`` and one page per pair under ``out/similarity/``,
    removing the pages of an earlier run first (a pair no longer listed has no page)."""
    (out / PAGES).mkdir(parents=True, exist_ok=True)
    for stale in (out / PAGES).glob("*__*.html"):
        stale.unlink()
    (out / "similarity.csv").write_bytes(csv_text(result.pairs).encode("utf-8"))
    for pair in result.pairs:
        (out / pair.page_name).write_bytes(pair.page.encode("utf-8"))


def pairs_table(result: Similarity, threshold: float) -> Table:
    """The terminal's table of the listed pairs, highest first."""
    title = (
        f"{len(result.compared)} submissions compared: {len(result.pairs)} pair(s) share at "
        f"least {threshold:.0%} of either student's own code"
    )
    table = Table(title=title)
    table.add_column("student a")
    table.add_column("student b")
    for heading in ("of a's code", "of b's code", "lines shared"):
        table.add_column(heading, justify="right")
    for p in result.pairs:
        shares = (f"{p.similarity_a:.0%}", f"{p.similarity_b:.0%}")
        table.add_row(p.student_a, p.student_b, *shares, str(p.overlap_lines))
    return table
