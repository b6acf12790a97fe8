"""A request/reply channel that both ends use, with calls allowed in both directions.

The grader asks the worker to call a student function; while that call runs, the student's
code may call back a function of the grader (a test's ``f``), which may in turn call the
worker again. So each side, while it waits for the reply to its own request, serves the
requests that arrive first. Requests are maps with an ``op`` and an ``id``; a reply is
``{"reply": id, "value": ...}`` or ``{"reply": id, "error": {"type", "message", "where"}}``,
and may carry ``"notes"``: a list of short texts the serving side wants the other to know
(the worker's incidents), which the requesting side hands to its ``on_notes``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, BinaryIO

try:
    from .codec import BufferedRead, Codec, ProtocolError, read_message, write_message
except ImportError:  # in the worker, where this folder is on sys.path
    from codec import (  # type: ignore[no-redef]
        BufferedRead,
        Codec,
        ProtocolError,
        read_message,
        write_message,
    )

#: Longest exception message sent across; the rest is cut.
MAX_ERROR = 2000


class RemoteError(Exception):
    """The other side answered a request with an error."""

    def __init__(self, error: dict) -> None:
        self.error = error
        super().__init__(f"{error.get('type')}: {error.get('message')}")


class Channel:
    """One end of the channel: ``request`` sends and waits; ``serve`` answers.

    ``read(n)`` returns up to ``n`` bytes (``b""`` when the other side is gone) and may
    raise to enforce a deadline (it is asked for more than a message needs: see
    :class:`~codec.BufferedRead`); ``handle(message)`` answers one request; ``describe(exc)``
    turns an exception into the error map sent back.
    """

    def __init__(
        self,
        read: Callable[[int], bytes],
        stream: BinaryIO,
        codec: Codec,
        handle: Callable[[dict], Any],
        describe: Callable[[BaseException], dict],
    ) -> None:
        self.read = BufferedRead(read)
        self.stream = stream
        self.codec = codec
        self.handle = handle
        self.describe = describe
        self._ids = itertools.count(1)
        #: What this side sends with each reply (see the module docstring), and what it
        #: does with the notes that come with the replies it receives.
        self.notes: Callable[[], list[str]] = list
        self.on_notes: Callable[[Any], None] = lambda notes: None

    def send(self, message: dict) -> None:
        """Send one message."""
        write_message(self.stream, self.codec.encode(message))

    def receive(self) -> dict:
        """The next message; :class:`ProtocolError` unless it is a map."""
        message = self.codec.decode(read_message(self.read))
        if not isinstance(message, dict):
            raise ProtocolError("a message must be a map")
        return message

    def request(self, message: dict) -> Any:
        """Send a request and return its reply's value, serving requests meanwhile."""
        number = next(self._ids)
        self.send({**message, "id": number})
        while True:
            incoming = self.receive()
            if "reply" not in incoming:
                self.serve(incoming)
                continue
            if incoming["reply"] != number:
                raise ProtocolError(f"a reply to {incoming['reply']} came for request {number}")
            if "notes" in incoming:
                self.on_notes(incoming["notes"])
            if "error" in incoming:
                raise RemoteError(incoming["error"])
            return incoming.get("value")

    def serve(self, message: dict) -> None:
        """Answer one request with its value or its error."""
        try:
            reply = {"reply": message.get("id"), "value": self.handle(message)}
        except BaseException as exc:  # the student's exception (sys.exit too)
            reply = {"reply": message.get("id"), "error": self.describe(exc)}
        notes = self.notes()
        if notes:
            reply["notes"] = notes
        try:
            body = self.codec.encode(reply)
        except BaseException as exc:  # a value the codec refuses
            body = self.codec.encode({"reply": message.get("id"), "error": self.describe(exc)})
        write_message(self.stream, body)
