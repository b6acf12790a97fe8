"""The data-only wire format between the grader and a sandboxed worker.

Both sides import this file: the grader as ``autograder.sandbox.inside.codec``, the worker
(which sees only this folder) as ``codec``. So it imports nothing but the standard library,
NumPy and msgpack (and torch where a tensor arrives: a torch assignment's tests and package
have imported it already).

Why msgpack: it is a plain data format (maps, lists, strings, numbers, bytes) whose
decoder never runs code, it is fast for bytes, and its extension types carry the few
things JSON cannot. Never pickle: unpickling data a student's process wrote runs code the
student chose.

A message is a 4-byte big-endian length and a msgpack body of at most ``MAX_MESSAGE``
bytes. Extension types:

- ``ARRAY``: ``[dtype, shape, raw bytes]``; the dtype must be one of ``DTYPES`` (no object
  arrays) and the byte count must match the shape before anything is allocated;
- ``TENSOR``: a torch tensor, as data: ``[dtype, shape, raw bytes]`` like ``ARRAY`` (its
  NumPy dtype; never ``torch.load``, which unpickles), arriving as a tensor that does not
  require grad (a gradient crosses as a tensor of its own: see :mod:`observe`);
- ``TUPLE``: a tuple (msgpack's arrays decode as lists);
- ``HANDLE``: ``[id, type name]``, an object that stays in the worker (a layer's cache, a
  network) and that the grader passes back or calls methods on; a dict with a key that is
  not a string (``caches[t]``) stays behind a handle too, since the reader refuses such
  keys (a map of crafted integer keys that all collide would take quadratic time to build);
- ``CALLBACK``: ``id``, a function of the grader the worker's code may call (a test's
  ``f`` given to ``eval_numerical_gradient``); its arguments and result cross as data too;
- ``EXPRESSION``: a function of one array written as data (:mod:`expression`), which the
  receiving side evaluates itself: a test's ``f`` that costs no round trip per call.
"""

from __future__ import annotations

import math
import struct
import sys
import threading
from collections.abc import Callable
from typing import Any, BinaryIO

import msgpack
import numpy as np

try:
    from .expression import Expression, ExpressionError, checked
except ImportError:  # in the worker, where this folder is on sys.path
    from expression import Expression, ExpressionError, checked  # type: ignore[no-redef]

MAX_MESSAGE = 16 * 1024 * 1024
#: Bounds on what one message may make the reader build: nesting of tuples (each level is a
#: nested decode), and lists and maps in all (each costs memory far beyond its bytes).
MAX_DEPTH = 32
MAX_CONTAINERS = 100_000
#: NumPy's own bound on an array's dimensions.
MAX_DIMS = 64
ARRAY, TUPLE, HANDLE, CALLBACK, TENSOR, EXPRESSION = 1, 2, 3, 4, 5, 6
DTYPES = frozenset(
    np.dtype(name).str
    for name in (
        "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
        "float16", "float32", "float64", "complex64", "complex128",
    )
)  # fmt: skip
_HEADER = struct.Struct(">I")


class ProtocolError(Exception):
    """A message broke the wire format: too large, malformed, or of a forbidden type."""


class _KeptWhole:
    """A value sent as a handle although it is made of data (see :func:`_string_keyed`)."""

    def __init__(self, value: Any) -> None:
        self.value = value


#: How many items :func:`_string_keyed` looks at before it gives up: a value with more is
#: refused by the reader anyway (``MAX_CONTAINERS``, ``MAX_MESSAGE``), so it is sent as it is.
_MAX_ITEMS_SEEN = 1_000_000


class _TooBig(Exception):
    """Raised inside :func:`_string_keyed` when a value has too many items to look at."""


def _string_keyed(value: Any) -> Any:
    """``value`` with every dict that has a key other than a string marked to be kept whole
    (sent as a handle). Containers are rebuilt only around what changed; a value of more
    than ``_MAX_ITEMS_SEEN`` items is returned as it is (the reader refuses it)."""
    if type(value) not in _CONTAINERS:
        return value
    try:
        return _marked(value, [0])
    except _TooBig:
        return value


_CONTAINERS = frozenset({dict, list, tuple})


def _marked(value: Any, seen: list[int]) -> Any:
    """``value`` (a dict, list or tuple) marked; only its containers are looked into (a
    message is mostly scalars and arrays, and this runs for every message)."""
    seen[0] += len(value) + 1
    if seen[0] > _MAX_ITEMS_SEEN:
        raise _TooBig
    if type(value) is dict:
        for key in value:
            if type(key) is not str:
                return _KeptWhole(value)
        changed: Any = None
        for key, item in value.items():
            if type(item) in _CONTAINERS:
                new = _marked(item, seen)
                if new is not item:
                    changed = dict(value) if changed is None else changed
                    changed[key] = new
        return value if changed is None else changed
    changed = None
    for index, item in enumerate(value):
        if type(item) in _CONTAINERS:
            new = _marked(item, seen)
            if new is not item:
                changed = list(value) if changed is None else changed
                changed[index] = new
    if changed is None:
        return value
    return changed if type(value) is list else tuple(changed)


_LOCAL = threading.local()


def pack_plain(value: Any) -> bytes:
    """The msgpack bytes of ``value``, plain data only (an extension type's body), made by
    this thread's one packer: a packer made per value allocates and frees a 1 MiB buffer,
    which while another packer holds its own costs two ``brk`` calls and their page faults,
    about 15 µs a value."""
    packer = getattr(_LOCAL, "packer", None)
    if packer is None:
        packer = _LOCAL.packer = msgpack.Packer()
    return packer.pack(value)


class ChannelClosed(EOFError):
    """The other side closed the channel (it exited or was killed)."""


def is_tensor(value: Any) -> bool:
    """Whether ``value`` is a torch tensor (without importing torch where nothing has). In a
    worker where torch is forbidden, ``sys.modules["torch"]`` is the stand-in that raises on
    every attribute: nothing is a tensor there."""
    torch = sys.modules.get("torch")
    if torch is None:
        return False
    try:
        return isinstance(value, torch.Tensor)
    except Exception:  # the worker's blocked torch raises ImportError
        return False


def _array(value: np.ndarray, code: int = ARRAY) -> msgpack.ExtType:
    array = np.ascontiguousarray(value)
    if array.dtype.str not in DTYPES:
        raise TypeError(f"arrays of dtype {array.dtype} cannot be sent")
    body = pack_plain([array.dtype.str, list(array.shape), array.tobytes()])
    return msgpack.ExtType(code, body)


def _tensor(value: Any) -> msgpack.ExtType:
    try:
        array = value.detach().cpu().resolve_conj().resolve_neg().numpy()
    except (TypeError, RuntimeError):  # bfloat16, sparse, meta: no NumPy form
        raise TypeError(
            f"tensors of dtype {value.dtype} or layout {value.layout} cannot be sent"
        ) from None
    return _array(array, TENSOR)


def _decode_tensor(body: bytes) -> Any:
    import torch  # what sent a tensor expects one back: its side has imported torch

    return torch.from_numpy(_decode_array(body))


def _decode_array(body: bytes) -> np.ndarray:
    dtype_str, shape, raw = msgpack.unpackb(body)
    if (
        dtype_str not in DTYPES
        or not isinstance(shape, list)
        or len(shape) > MAX_DIMS
        or not all(isinstance(n, int) and n >= 0 for n in shape)
    ):
        raise ProtocolError(f"refused an array of dtype {dtype_str!r} and shape {shape!r}")
    dtype = np.dtype(dtype_str)
    if math.prod(shape) * dtype.itemsize != len(raw):
        raise ProtocolError("an array's bytes do not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


class Codec:
    """Encodes and decodes message bodies for one side of the channel.

    ``wrap(obj)`` is asked for an extension type for anything that is not plain data
    (return ``None`` to refuse it); ``unwrap(code, body)`` turns a HANDLE or CALLBACK
    extension back into an object of this side.
    """

    def __init__(
        self,
        wrap: Callable[[Any], msgpack.ExtType | None],
        unwrap: Callable[[int, bytes], Any],
    ) -> None:
        self._wrap = wrap
        self._unwrap = unwrap
        self._depth = 0
        self._containers = 0
        #: One packer per level of nesting (a tuple is packed inside its container's
        #: packing), kept: see :func:`pack_plain`.
        self._packers: list[msgpack.Packer] = []
        self._packing = 0

    def _default(self, value: Any) -> Any:
        if isinstance(value, _KeptWhole):
            return self._wrapped(value.value)
        if isinstance(value, np.ndarray):
            return _array(value)
        if is_tensor(value):
            return _tensor(value)
        if isinstance(value, np.generic):
            return value.item()
        if isinstance(value, tuple):
            return msgpack.ExtType(TUPLE, self.encode(list(value)))
        if isinstance(value, Expression):
            return msgpack.ExtType(EXPRESSION, pack_plain(value.tree))
        for plain in (bool, int, float, str, bytes, list, dict):  # subclasses of plain data
            if isinstance(value, plain):
                return _string_keyed(plain(value))
        return self._wrapped(value)

    def _wrapped(self, value: Any) -> msgpack.ExtType:
        wrapped = self._wrap(value)
        if wrapped is None:
            raise TypeError(f"a {type(value).__name__} cannot be sent")
        return wrapped

    def _ext_hook(self, code: int, body: bytes) -> Any:
        if code == ARRAY:
            return _decode_array(body)
        if code == TENSOR:
            return _decode_tensor(body)
        if code == TUPLE:
            if self._depth >= MAX_DEPTH:
                raise ProtocolError(f"values nested more than {MAX_DEPTH} deep are refused")
            self._depth += 1
            try:
                return tuple(self._unpack(body))
            finally:
                self._depth -= 1
        if code == EXPRESSION:
            try:
                return checked(self._unpack(body))
            except ExpressionError as err:
                raise ProtocolError(f"refused an expression: {err}") from None
        if code in (HANDLE, CALLBACK):
            return self._unwrap(code, body)
        raise ProtocolError(f"unknown extension type {code}")

    def encode(self, value: Any) -> bytes:
        """The msgpack body for ``value``."""
        if self._packing == len(self._packers):
            self._packers.append(msgpack.Packer(default=self._default, strict_types=True))
        packer = self._packers[self._packing]
        self._packing += 1
        try:
            return packer.pack(_string_keyed(value))
        finally:
            self._packing -= 1
            packer.reset()

    def _count(self, container: Any) -> Any:
        self._containers += 1
        if self._containers > MAX_CONTAINERS:
            raise ProtocolError(f"a message with more than {MAX_CONTAINERS} lists and maps")
        return container

    def _unpack(self, body: bytes) -> Any:
        return msgpack.unpackb(
            body,
            ext_hook=self._ext_hook,
            list_hook=self._count,
            object_hook=self._count,
            raw=False,
            strict_map_key=True,
        )

    def decode(self, body: bytes) -> Any:
        """The value of a msgpack body; :class:`ProtocolError` if it is malformed or would
        build more than the bounds above."""
        self._depth = self._containers = 0
        try:
            return self._unpack(body)
        except ProtocolError:
            raise
        except Exception as err:  # msgpack raises several types for malformed input
            raise ProtocolError(f"malformed message: {err}") from None


def write_message(stream: BinaryIO, body: bytes) -> None:
    """Write one framed message and flush."""
    if len(body) > MAX_MESSAGE:
        raise ProtocolError(f"a message of {len(body)} bytes is over the {MAX_MESSAGE} limit")
    stream.write(_HEADER.pack(len(body)) + body)
    stream.flush()


class BufferedRead:
    """``read(n)`` that asks for at least ``CHUNK`` bytes and keeps what comes beyond the
    ``n`` asked for, for the next reads: a message's header and body, often the whole next
    message too, then take one read (and, on the grader's side, one wait) instead of two."""

    CHUNK = 65536

    def __init__(self, read: Callable[[int], bytes]) -> None:
        self._read = read
        self._kept = b""

    def __call__(self, size: int) -> bytes:
        if not self._kept:
            chunk = self._read(max(size, self.CHUNK))
            if len(chunk) <= size:
                return chunk
            self._kept = chunk[size:]
            return chunk[:size]
        chunk, self._kept = self._kept[:size], self._kept[size:]
        return chunk


def read_exact(read: Callable[[int], bytes], size: int) -> bytes:
    """Exactly ``size`` bytes from ``read``; :class:`ChannelClosed` at end of stream."""
    chunks, missing = [], size
    while missing:
        chunk = read(missing)
        if not chunk:
            raise ChannelClosed("the channel was closed")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def read_message(read: Callable[[int], bytes]) -> bytes:
    """One framed message body, its declared size checked before it is read."""
    (size,) = _HEADER.unpack(read_exact(read, _HEADER.size))
    if size > MAX_MESSAGE:
        raise ProtocolError(f"a message declared {size} bytes, over the {MAX_MESSAGE} limit")
    return read_exact(read, size)
