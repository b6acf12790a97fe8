"""Expected values for public tests: computed from the reference, stored as ``.npz``.

An assignment's ``expected.py`` defines ``build(reference) -> dict[str, dict[str, array]]``:
named cases, each a dict of arrays (inputs and the reference's outputs). ``autograder
generate`` writes them to ``tests/data/expected.npz`` in the student folder, one archive
member per array, named ``CASE.KEY``. Public tests read them through the ``expected``
fixture: ``expected["affine_forward"]["out"]``.

The archive is written byte-for-byte reproducibly (fixed member order and timestamps) and
read with ``allow_pickle=False``, so a tampered file cannot run code.
"""

from __future__ import annotations

import io
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


class ExpectedValues:
    """What the ``expected`` fixture returns: ``expected[case][key]`` is an array."""

    def __init__(self, cases: dict[str, dict[str, np.ndarray]], source: Path) -> None:
        self._cases = cases
        self._source = source

    def __getitem__(self, case: str) -> dict[str, np.ndarray]:
        if case not in self._cases:
            raise KeyError(f"{self._source} has no case {case!r}; regenerate the assignment")
        return {k: v.copy() for k, v in self._cases[case].items()}
