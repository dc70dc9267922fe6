"""The server-sent events format: bytes in, `ServerSentEvent`s out.

`SSEDecoder` reads the WHATWG HTML "event stream" format: UTF-8 (a leading BOM dropped, bad
bytes replaced), lines ended by CRLF, LF or CR (and nothing else: U+2028 and the other breaks
`str.splitlines` knows stay in the data), ``data:`` lines joined by LF, ``event:``, ``id:``
(kept for later events; one holding NUL is ignored), ``retry:`` (digits only), ``:`` comments,
a field without a colon read as a field with an empty value, an event dispatched at a blank
line and an unfinished event at the end of the body dropped. The bytes may come in chunks
split anywhere, even inside a CRLF or a character.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["MAX_EVENT_SIZE", "SSEDecoder", "ServerSentEvent"]

_LINE_END = re.compile(r"\r\n|\r|\n")
MAX_EVENT_SIZE = 64 * 1024 * 1024
"""The most characters one event may hold, by default."""


class ServerSentEvent:
    """One event of a ``text/event-stream`` body, as sent.

    ``id`` is the last event id the stream set (kept from earlier events when this one sets
    none); ``retry`` the reconnection delay in milliseconds the stream last set, if any.
    """

    # A plain class, not a dataclass: building one at import costs a cold start ~1 ms.
    __slots__ = ("data", "event", "id", "retry")

    def __init__(
        self,
        data: str,
        event: str = "message",
        id: str = "",
        retry: int | None = None,
    ) -> None:
        self.data = data
        self.event = event
        self.id = id
        self.retry = retry

    def _fields(self) -> tuple[str, str, str, int | None]:
        return (self.data, self.event, self.id, self.retry)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServerSentEvent):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"ServerSentEvent(data={self.data!r}, event={self.event!r}, "
            f"id={self.id!r}, retry={self.retry!r})"
        )


class SSEDecoder:
    """Turns the bytes of an event stream, in chunks split anywhere, into `ServerSentEvent`s."""

    __slots__ = (
        "max_event_size",
        "_size",
        "_bytes",
        "_started",
        "_skip_lf",
        "_pieces",
        "_pending",
        "_data",
        "_event",
        "last_event_id",
        "retry",
    )

    def __init__(self, max_event_size: int = MAX_EVENT_SIZE) -> None:
        self.max_event_size = max_event_size
        """The most characters one event (its unfinished line included) may hold."""
        self.last_event_id = ""
        """The id a reconnection sends as ``Last-Event-ID`` (kept across connections)."""
        self.retry: int | None = None
        """The reconnection delay (milliseconds) the stream last set."""
        self.new_connection()

    def new_connection(self) -> None:
        """Forget the unfinished event of a body; the last event id and retry stay."""
        self._bytes = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._started = False
        self._skip_lf = False
        self._pieces: list[str] = []  # the unfinished line, and its length
        self._pending = 0
        self._data: list[str] = []
        self._size = 0
        self._event = ""

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """The events ``chunk`` completes.

        Raises ValueError when an event grows beyond ``max_event_size`` characters (a server
        that never ends a line must not fill the memory).
        """
        text = self._bytes.decode(chunk)
        if not text:
            return []
        if not self._started:
            self._started = True
            if text[0] == "\ufeff":
                text = text[1:]
        if self._skip_lf and text:
            # A CR ended the previous chunk: an LF right after it belongs to that line end.
            self._skip_lf = False
            if text[0] == "\n":
                text = text[1:]
        events: list[ServerSentEvent] = []
        start = 0
        for match in _LINE_END.finditer(text):
            line = text[start : match.start()]
            if self._pieces:
                self._pieces.append(line)
                line = "".join(self._pieces)
                self._pieces, self._pending = [], 0
            start = match.end()
            event = self._field(line)
            if event is not None:
                events.append(event)
        if start < len(text):
            self._pieces.append(text[start:])
            self._pending += len(text) - start
        self._skip_lf = text.endswith("\r")
        if self._size + self._pending > self.max_event_size:
            raise ValueError(
                f"an event is longer than {self.max_event_size} characters"
            )
        return events

    def _field(self, line: str) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        if line[0] == ":":
            return None
        name, colon, value = line.partition(":")
        if colon and value[:1] == " ":
            value = value[1:]
        if name == "data":
            self._data.append(value)
            self._size += len(value) + 1
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self.last_event_id = value
        elif name == "retry":
            if value.isascii() and value.isdigit():
                self.retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        data, event = self._data, self._event
        self._data, self._event, self._size = [], "", 0
        if not data:
            return None
        return ServerSentEvent(
            data="\n".join(data),
            event=event or "message",
            id=self.last_event_id,
            retry=self.retry,
        )
