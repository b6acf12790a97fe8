"""Python source to an AST, one parse at a time in this process.

CPython 3.11 before 3.11.8 keeps the recursion depth of its AST constructor in state shared
by every thread: two threads parsing at once (a garbage collection in the middle of one
parse is enough to switch threads) can fail with ``SystemError: AST constructor recursion
depth mismatch``, which once turned a student's submission into "invalid submission" at
random. A batch grades in threads, so every parse in the engine goes through
:func:`parse_python`, which holds a lock while CPython builds the tree (a parse takes
milliseconds; walking the tree afterwards needs no lock).
"""

from __future__ import annotations

import ast
import threading

_LOCK = threading.Lock()


def parse_python(source: str | bytes, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse(source, filename)``, never at the same time as another thread's."""
    with _LOCK:
        return ast.parse(source, filename)
