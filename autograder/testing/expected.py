"""Expected values for public tests: computed from the reference, stored as ``.npz``.

An assignment's ``expected.py`` defines ``build(reference) -> dict[str, dict[str, array]]``:
named cases, each a dict of arrays (inputs and the reference's outputs). ``autograder
generate`` writes them to ``tests/data/expected.npz`` in the student folder, one archive
member per array, named ``CASE.KEY``. Public tests read them through the ``expected``
fixture: ``expected["affine_forward"]["out"]``.

A comparison with a stored value does not depend on the test's drawn input, so
:func:`~autograder.testing.compare.assert_close` asks :func:`stored_case` whether its expected
value is one: a stored value that differs fails the test at once, naming the stored case,
instead of being shrunk and shown with a drawn input that played no part.

The archive is written byte-for-byte reproducibly (fixed member order and timestamps) and
read with ``allow_pickle=False``, so a tampered file cannot run code.
"""

from __future__ import annotations

import io
import weakref
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO

import numpy as np

Cases = Mapping[str, Mapping[str, np.ndarray]]

_EPOCH = (1980, 1, 1, 0, 0, 0)


def to_npz_bytes(cases: Cases) -> bytes:
    """Serialize ``cases`` into the bytes of an ``.npz`` archive, reproducibly."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for case in sorted(cases):
            for key in sorted(cases[case]):
                if "." in case or "." in key:
                    raise ValueError(f"case and key names may not contain '.': {case}.{key}")
                member = io.BytesIO()
                np.lib.format.write_array(member, np.asarray(cases[case][key]), allow_pickle=False)
                info = zipfile.ZipInfo(f"{case}.{key}.npy", date_time=_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, member.getvalue())
    return buffer.getvalue()


def read_npz(source: Path | IO[bytes]) -> dict[str, dict[str, np.ndarray]]:
    """Read an archive written by :func:`to_npz_bytes` (a path or an open binary file)."""
    cases: dict[str, dict[str, np.ndarray]] = {}
    with np.load(source, allow_pickle=False) as data:
        for name in data.files:
            case, key = name.split(".", 1)
            cases.setdefault(case, {})[key] = data[name]
    return cases


def same_cases(a: Cases, b: Cases, rtol: float = 1e-12) -> bool:
    """Whether two sets of cases hold the same arrays (values within ``rtol``).

    Freshness checks compare values, not bytes: the last bit of a matrix product may differ
    between BLAS builds, which must not make a freshly generated folder look stale. Arrays
    that are not numbers (names, as strings) must be equal.
    """
    if sorted(a) != sorted(b) or any(sorted(a[c]) != sorted(b[c]) for c in a):
        return False
    for case in a:
        for key in a[case]:
            x, y = np.asarray(a[case][key]), np.asarray(b[case][key])
            if x.dtype != y.dtype or x.shape != y.shape:
                return False
            numeric = np.issubdtype(x.dtype, np.number) or x.dtype == np.bool_
            if numeric and not np.allclose(x, y, rtol=rtol, atol=0, equal_nan=True):
                return False
            if not numeric and not np.array_equal(x, y):
                return False
    return True


#: Each array :class:`ExpectedValues` handed out, by ``id``: a weak reference to it and its
#: case's name. An entry leaves with its array, so a new array at the same address is not
#: taken for a stored one.
_HANDED_OUT: dict[int, tuple[weakref.ref[np.ndarray], str]] = {}


def _forget(key: int, ref: weakref.ref[np.ndarray]) -> None:
    """Drop the entry of the array ``ref`` pointed to, once that array is gone."""
    if key in _HANDED_OUT and _HANDED_OUT[key][0] is ref:
        del _HANDED_OUT[key]


def _hand_out(array: np.ndarray, case: str) -> np.ndarray:
    """Remember that ``array`` is a stored value of ``case``; return it."""
    key = id(array)
    _HANDED_OUT[key] = (weakref.ref(array, lambda ref: _forget(key, ref)), case)
    return array


def stored_case(value: object) -> str | None:
    """The name of the stored case that ``value`` was read from (the array itself or a view
    of it, such as one row), or None if it is not a stored value."""
    while isinstance(value, np.ndarray):
        entry = _HANDED_OUT.get(id(value))
        if entry is not None and entry[0]() is value:
            return entry[1]
        value = value.base
    return None


class ExpectedValues:
    """What the ``expected`` fixture returns: ``expected[case][key]`` is an array (a fresh
    copy each time, which :func:`stored_case` recognizes)."""

    def __init__(self, cases: dict[str, dict[str, np.ndarray]], source: Path) -> None:
        self._cases = cases
        self._source = source

    def __getitem__(self, case: str) -> dict[str, np.ndarray]:
        if case not in self._cases:
            raise KeyError(f"{self._source} has no case {case!r}; regenerate the assignment")
        return {k: _hand_out(v.copy(), case) for k, v in self._cases[case].items()}
