"""Start a new assignment: ``autograder new aN_topic`` writes one that already works.

The new assignment is the smallest complete one: a part with one function, ``softplus``
(its docstring has the Inputs, Returns, Formula and Hint sections; its body is a solution
block under a TODO), one public test on a stored case and one hidden test against the
reference (40 + 60 points), ``expected.py``, a notebook that prints its gradient check's
``error:``, the student README, a mutant its tests catch and a correct variant. It passes
every check the repository's tests run on an assignment, so the author replaces the example
one piece at a time and sees at once which rule a change breaks (the README's "Adding an
assignment" lists them). Files, under the course folder:

- ``solutions/NAME/``: ``__init__.py``, ``assignment.toml``, ``TOPIC.py``, ``expected.py``,
  ``notebook.py``, ``README.md``, ``tests/public/test_softplus.py`` and
  ``tests/hidden/test_softplus_hidden.py``;
- ``tests/mutants/NAME.toml`` and ``tests/variants/NAME.py``.

Each is rendered with :class:`string.Template` from ``templates/new/`` (the same paths,
``NAME`` and ``TOPIC`` in them replaced, ``.tmpl`` dropped). The templates hold a working
solution, so the engine wheel students install leaves them out
(:data:`autograder.authoring.wheel.AUTHORS_ONLY`).
"""

from __future__ import annotations

import json
import keyword
import re
from pathlib import Path
from string import Template

from autograder.authoring.generate import AUTHORING_FILES
from autograder.course import CourseError

#: Where the templates are, and the suffix their names carry.
TEMPLATES = Path(__file__).parent / "templates" / "new"
SUFFIX = ".tmpl"
#: ``a<number>_<lowercase words>``: the assignment's number, then its topic, which names
#: its module.
NAME = re.compile(r"a(?P<number>\d+)_(?P<topic>[a-z][a-z0-9]*(?:_[a-z][a-z0-9]*)*)")


def _parts(name: str) -> tuple[str, str]:
    """The number and the topic of the assignment ``name``; :class:`CourseError` if the name
    is not ``aN_topic`` or its topic cannot name its module."""
    match = NAME.fullmatch(name)
    if match is None:
        raise CourseError(
            f"{name!r} is not an assignment name: write a<number>_<topic> in lowercase "
            "words joined by _, e.g. a5_attention"
        )
    topic = match["topic"]
    if keyword.iskeyword(topic) or f"{topic}.py" in AUTHORING_FILES:
        raise CourseError(
            f"{name}: its module would be {topic}.py, which Python cannot import or the "
            "assignment has already; choose another topic"
        )
    return match["number"], topic


def default_title(name: str) -> str:
    """The title of ``name`` when none is given: its topic in words (``Policy gradients``)."""
    return _parts(name)[1].replace("_", " ").capitalize()


def new_files(name: str, title: str | None = None) -> dict[str, str]:
    """Every file of the new assignment ``name``, by POSIX path relative to the course."""
    number, topic = _parts(name)
    title = default_title(name) if title is None else title.strip()
    if not title or not title.isprintable():
        raise CourseError("a title is one line of text, e.g. --title 'Attention and Transformers'")
    values = {
        "name": name,
        "number": number,
        "topic": topic,
        "title": title,
        "title_toml": json.dumps(title),  # a TOML basic string: JSON's escapes are TOML's
    }
    files = {}
    for template in sorted(TEMPLATES.rglob(f"*{SUFFIX}")):
        relative = template.relative_to(TEMPLATES).as_posix().removesuffix(SUFFIX)
        target = relative.replace("NAME", name).replace("TOPIC", topic)
        files[target] = Template(template.read_text(encoding="utf-8")).substitute(values)
    return files


def new_assignment(course: Path, name: str, title: str | None = None) -> list[Path]:
    """Write the new assignment ``name`` into ``course``; returns the files written.

    Writes nothing, and raises :class:`CourseError`, if ``course`` has no ``solutions/`` or
    any of the files exists already."""
    if not (course / "solutions").is_dir():
        raise CourseError(f"{course} has no solutions/ folder: run this in the course repository")
    files = new_files(name, title)
    folder = f"solutions/{name}"
    taken = [folder] if (course / folder).exists() else []
    taken += [p for p in files if not p.startswith(f"{folder}/") and (course / p).exists()]
    if taken:
        raise CourseError(f"{name} exists already: {', '.join(taken)}; choose another name")
    written = []
    for relative, text in files.items():
        path = course / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
