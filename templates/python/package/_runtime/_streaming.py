"""Streaming responses: server-sent events, parsed as they arrive.

A method whose success response is ``text/event-stream`` returns a `Stream` (`AsyncStream` on
the asyncio client): iterate it for each event's data parsed into the declared type (leniently,
as any response is: a newer server's enum value or variant is kept). ``events()`` gives the raw
`ServerSentEvent`s instead. Leaving a ``with`` block, breaking out of the loop (sync) or
``close()`` releases the connection. With ``max_reconnects=N`` a stream whose connection ends
(or breaks) before its terminator is reopened, sending ``Last-Event-ID``, after the server's
``retry:`` delay, at most N times in a row.

(A binary download returns a `_download.BinaryResponse`.)

The events are read by `_sse.SSEDecoder`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from types import TracebackType
from typing import Generic, Literal, TypeVar

import httpx

from ._errors import ResponseValidationError, transport_error
from ._lenient import parse_body
from ._options import NonIdempotentRequestOptions, RequestOptions
from ._sse import ServerSentEvent, SSEDecoder

__all__ = [
    "AsyncStream",
    "NonIdempotentStreamRequestOptions",
    "Stream",
    "StreamKind",
    "StreamRequestOptions",
    "async_reopener",
    "max_reconnects_of",
    "reconnection_request",
    "reopener",
]

T = TypeVar("T")
StreamKind = Literal["events", "bytes"]
"""How an operation's success body is handed over unread: as events, or as a download."""

# WHATWG leaves the first reconnection delay to the client; EventSource uses a few seconds.
DEFAULT_RECONNECT_DELAY = 1.0


class StreamRequestOptions(RequestOptions, total=False):
    """`RequestOptions`, plus reconnection for a method that returns a `Stream`."""

    max_reconnects: int
    """Reopen the stream (sending ``Last-Event-ID``) at most this many times in a row when
    its connection ends before the stream's terminator; 0 (the default) never reopens."""


class NonIdempotentStreamRequestOptions(NonIdempotentRequestOptions, total=False):
    """`NonIdempotentRequestOptions`, plus `StreamRequestOptions`' ``max_reconnects``."""

    max_reconnects: int
    """As in `StreamRequestOptions`."""


def parse_event(
    parse: Callable[[bytes], T],
    event: ServerSentEvent,
    operation_id: str,
    response: httpx.Response,
) -> T:
    """An event's data parsed as the operation declares (leniently, like any response)."""
    content = event.data.encode()
    return parse_body(
        parse,
        content,
        lambda reason: _invalid(
            operation_id,
            f"an event's data does not match the declared schema: {reason}",
            response,
            content,
        ),
    )


def _invalid(
    operation_id: str, message: str, response: httpx.Response, content: bytes = b""
) -> ResponseValidationError:
    """The error of a stream that cannot be read; its response's body is ``content`` (the
    event's data: the stream's own body is not read)."""
    shown = httpx.Response(
        response.status_code,
        headers=response.headers,
        content=content,
        request=response.request,
    )
    return ResponseValidationError(f"{operation_id}: {message}", response=shown)


def max_reconnects_of(options: Mapping[str, object] | None) -> int:
    """The ``max_reconnects`` of a call's options (0 when not given)."""
    value = (options or {}).get("max_reconnects", 0)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError(f"max_reconnects must be a non-negative int, got {value!r}")
    return value


def reconnection_request(request: httpx.Request, last_event_id: str) -> httpx.Request:
    """``request`` sent again, with ``Last-Event-ID`` when the stream set an id."""
    headers = request.headers.copy()
    if last_event_id:
        headers["Last-Event-ID"] = last_event_id
    return httpx.Request(
        request.method,
        request.url,
        headers=headers,
        content=request.content,
        extensions=dict(request.extensions),
    )


def reopener(
    send: Callable[[httpx.Request], httpx.Response],
    request: httpx.Request,
    error: Callable[[httpx.Response], Exception],
) -> Callable[[str], httpx.Response | None]:
    """How a `Stream` sends ``request`` again, through the client's ``send`` (which logs it
    and runs the hooks, as for every attempt): its response, None for a 204 (the server says
    stop), or ``error(response)`` raised for an error status (its body read)."""

    def reopen(last_event_id: str) -> httpx.Response | None:
        again = send(reconnection_request(request, last_event_id))
        if again.is_success and again.status_code != 204:
            return again
        again.read()
        if again.status_code == 204:
            return None
        raise error(again)

    return reopen


def async_reopener(
    send: Callable[[httpx.Request], Awaitable[httpx.Response]],
    request: httpx.Request,
    error: Callable[[httpx.Response], Exception],
) -> Callable[[str], Awaitable[httpx.Response | None]]:
    """`reopener` for an `AsyncStream`."""

    async def reopen(last_event_id: str) -> httpx.Response | None:
        again = await send(reconnection_request(request, last_event_id))
        if again.is_success and again.status_code != 204:
            return again
        await again.aread()
        if again.status_code == 204:
            return None
        raise error(again)

    return reopen


class _StreamBase(Generic[T]):
    __slots__ = (
        "response",
        "_parse",
        "_operation_id",
        "_terminator",
        "_max_reconnects",
        "_reconnects",
        "_decoder",
        "_done",
    )

    def __init__(
        self,
        response: httpx.Response,
        parse: Callable[[bytes], T],
        *,
        operation_id: str = "",
        terminator: str | None = None,
        max_reconnects: int = 0,
    ) -> None:
        self.response = response
        """The HTTP response of the current connection (status, headers)."""
        self._parse = parse
        self._operation_id = operation_id
        self._terminator = terminator
        self._max_reconnects = max_reconnects
        self._reconnects = 0
        self._decoder = SSEDecoder()
        self._done = False

    @property
    def last_event_id(self) -> str:
        """The id of the last event received ("" when none set one)."""
        return self._decoder.last_event_id

    def _parsed(self, event: ServerSentEvent) -> T:
        return parse_event(self._parse, event, self._operation_id, self.response)

    def _feed(self, chunk: bytes) -> list[ServerSentEvent]:
        try:
            return self._decoder.feed(chunk)
        except ValueError as error:
            raise _invalid(self._operation_id, str(error), self.response) from error

    def _is_end(self, event: ServerSentEvent) -> bool:
        return self._terminator is not None and event.data == self._terminator

    def _may_reconnect(self) -> bool:
        return not self._done and self._reconnects < self._max_reconnects

    def _delay(self) -> float:
        retry = self._decoder.retry
        return DEFAULT_RECONNECT_DELAY if retry is None else retry / 1000


class Stream(_StreamBase[T]):
    """The events of a ``text/event-stream`` response, each one's data parsed as a ``T``.

    ``reopen(last_event_id)`` sends the request again (None: the server said 204, stop).
    """

    __slots__ = ("_reopen", "_sleep")

    def __init__(
        self,
        response: httpx.Response,
        parse: Callable[[bytes], T],
        *,
        operation_id: str = "",
        terminator: str | None = None,
        max_reconnects: int = 0,
        reopen: Callable[[str], httpx.Response | None] | None = None,
        sleep: Callable[[float], object] | None = None,
    ) -> None:
        super().__init__(
            response,
            parse,
            operation_id=operation_id,
            terminator=terminator,
            max_reconnects=max_reconnects if reopen is not None else 0,
        )
        self._reopen = reopen
        self._sleep = sleep

    def __iter__(self) -> Iterator[T]:
        for event in self.events():
            yield self._parsed(event)

    def events(self) -> Iterator[ServerSentEvent]:
        """The raw events (the terminator's excluded); the connection is closed at the end."""
        try:
            while not self._done:
                try:
                    for chunk in self.response.iter_bytes():
                        for event in self._feed(chunk):
                            if self._is_end(event):
                                self._done = True
                                return
                            self._reconnects = 0
                            yield event
                except httpx.TransportError as error:
                    if not self._may_reconnect():
                        raise transport_error(error) from error
                if not self._may_reconnect() or not self._reconnect():
                    return
        finally:
            self.close()

    def _reconnect(self) -> bool:
        self.response.close()
        while self._may_reconnect() and self._reopen is not None:
            self._reconnects += 1
            if self._sleep is not None:
                self._sleep(self._delay())
            try:
                response = self._reopen(self._decoder.last_event_id)
            except httpx.TransportError as error:
                if not self._may_reconnect():
                    raise transport_error(error) from error
                continue
            if response is None:
                break
            self.response = response
            self._decoder.new_connection()
            return True
        self._done = True
        return False

    def close(self) -> None:
        """Release the connection (iterating further yields nothing)."""
        self._done = True
        self.response.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Stream {self.response.request.method} {self.response.request.url}>"


class AsyncStream(_StreamBase[T]):
    """`Stream` on the asyncio client: ``async for``, ``async with`` and ``await close()``."""

    __slots__ = ("_reopen", "_sleep")

    def __init__(
        self,
        response: httpx.Response,
        parse: Callable[[bytes], T],
        *,
        operation_id: str = "",
        terminator: str | None = None,
        max_reconnects: int = 0,
        reopen: Callable[[str], Awaitable[httpx.Response | None]] | None = None,
        sleep: Callable[[float], Awaitable[object]] | None = None,
    ) -> None:
        super().__init__(
            response,
            parse,
            operation_id=operation_id,
            terminator=terminator,
            max_reconnects=max_reconnects if reopen is not None else 0,
        )
        self._reopen = reopen
        self._sleep = sleep

    async def __aiter__(self) -> AsyncIterator[T]:
        async for event in self.events():
            yield self._parsed(event)

    async def events(self) -> AsyncIterator[ServerSentEvent]:
        """The raw events (the terminator's excluded); the connection is closed at the end."""
        try:
            while not self._done:
                try:
                    async for chunk in self.response.aiter_bytes():
                        for event in self._feed(chunk):
                            if self._is_end(event):
                                self._done = True
                                return
                            self._reconnects = 0
                            yield event
                except httpx.TransportError as error:
                    if not self._may_reconnect():
                        raise transport_error(error) from error
                if not self._may_reconnect() or not await self._reconnect():
                    return
        finally:
            await self.close()

    async def _reconnect(self) -> bool:
        await self.response.aclose()
        while self._may_reconnect() and self._reopen is not None:
            self._reconnects += 1
            if self._sleep is not None:
                await self._sleep(self._delay())
            try:
                response = await self._reopen(self._decoder.last_event_id)
            except httpx.TransportError as error:
                if not self._may_reconnect():
                    raise transport_error(error) from error
                continue
            if response is None:
                break
            self.response = response
            self._decoder.new_connection()
            return True
        self._done = True
        return False

    async def close(self) -> None:
        """Release the connection (iterating further yields nothing)."""
        self._done = True
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        request = self.response.request
        return f"<AsyncStream {request.method} {request.url}>"
