"""The instructor's report read back with the standard library's HTML parser, for the tests
that check what it shows (tests/engine/test_report.py, tests/test_examples.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Page(HTMLParser):
    """What the report shows: its images' attributes, its tables' rows (cell texts, by the
    table's id), the ids of its sections, every tag used, and its text."""

    images: list[dict[str, str]] = field(default_factory=list)
    tables: dict[str, list[list[str]]] = field(default_factory=dict)
    sections: list[str] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    text: str = ""
    _table: str | None = None
    _cell: list[str] | None = None

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        self.tags.add(tag)
        if tag == "img":
            self.images.append(found)
        elif tag == "h2":
            self.sections.append(found.get("id", ""))
        elif tag == "table" and "id" in found:
            self._table = found["id"]
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._table and self._cell is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        self.text += data
        if self._cell is not None:
            self._cell.append(data)

    def says(self, words: str) -> bool:
        """Whether the page's text holds ``words`` (spacing and line breaks aside)."""
        return " ".join(words.split()) in " ".join(self.text.split())
