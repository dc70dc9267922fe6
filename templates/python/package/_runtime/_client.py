"""The sync and async clients: send, sleep between retries, and run the hooks.

Only these differ between the two; request building, retry decisions (`_retry`,
whose docstring states the budget), logging (`_logging`) and response handling
are shared, in `_core.ClientCore`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import TypeVar, cast

import httpx

from ._core import ClientCore
from ._config import ClientConfig
from ._errors import ClientClosedError
from ._logging import log_request, log_response, logger
from ._operation import Operation
from ._options import ClientOptions, RequestOptions
from ._raw import RAW_RESPONSE_OPTION
from ._download import AsyncBinaryResponse, BinaryResponse
from ._streaming import (
    AsyncStream,
    Stream,
    StreamRequestOptions,
    async_reopener,
    max_reconnects_of,
    reopener,
)

__all__ = ["AsyncClient", "SyncClient"]

T = TypeVar("T")

_CLOSED = "The client is closed: create a new SDK (or httpx client) to send requests"


class SyncClient(ClientCore):
    """Sends operations over an ``httpx.Client``, retrying per the config.

    A client created here is owned and closed by `close`; one passed in as
    ``http_client`` is left open for its owner.
    """

    __slots__ = ("_http", "_sleep")

    def __init__(
        self,
        config: ClientConfig,
        *,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        super().__init__(config, http_client)
        self._http = (
            httpx.Client(timeout=self._timeout) if http_client is None else http_client
        )
        self._sleep = sleep

    def call(
        self,
        operation: Operation[T],
        args: Mapping[str, object],
        options: RequestOptions | None = None,
    ) -> T:
        """Send ``operation`` with ``args`` and return the parsed 2xx body.

        ``options`` are the call's `RequestOptions` (timeout, retries, extras).
        """
        request = self._prepare(self._http, operation, args, options)
        policy, deadline = self._budget(operation, options)
        hooks = self._config.hooks
        # One check when logging is off and no hooks are set.
        observed = hooks is not None or logger.isEnabledFor(logging.INFO)
        stamped = observed or deadline is not None or policy.retry_count_header
        secrets = self._config.secrets
        start = time.monotonic()
        retries = 0
        waited = 0.0
        while True:
            if stamped:
                self._before_send(request, policy, retries, deadline)
                if hooks is not None:
                    hooks.run_request(request)
            sent = time.monotonic() if observed else 0.0
            failure: httpx.Response | httpx.TransportError
            try:
                response = self._http.send(request, stream=operation.stream is not None)
            except httpx.TransportError as error:
                failure = error
            except RuntimeError:
                # httpx's "Cannot send a request, as the client has been closed."
                if self._http.is_closed:
                    raise ClientClosedError(_CLOSED) from None
                raise
            else:
                if observed:
                    took = time.monotonic() - sent
                    log_response(request, response, retries + 1, took, secrets)
                    if hooks is not None:
                        hooks.run_response(response)
                if response.is_success:
                    if operation.stream is not None:
                        return self._streamed(
                            operation, request, response, options, start
                        )
                    if options and RAW_RESPONSE_OPTION in options:
                        return self._raw(operation, response, start)
                    return self._read(operation, response)
                if operation.stream is not None:
                    response.read()
                failure = response
            if observed and not isinstance(failure, httpx.Response):
                took = time.monotonic() - sent
                log_response(request, failure, retries + 1, took, secrets)
            delay = self._delay_or_raise(
                operation, request, failure, retries, waited, deadline, policy
            )
            self._sleep(delay)
            waited += delay
            retries += 1

    def stream(
        self,
        operation: Operation[T],
        args: Mapping[str, object],
        options: StreamRequestOptions | None = None,
    ) -> Stream[T]:
        """Send ``operation`` and return its event stream, each event's data a ``T``."""
        return cast(Stream[T], self.call(operation, args, options))

    def download(
        self,
        operation: Operation[bytes],
        args: Mapping[str, object],
        options: RequestOptions | None = None,
    ) -> BinaryResponse:
        """Send ``operation`` and return its body unread, to stream to a file."""
        return cast(BinaryResponse, self.call(operation, args, options))

    def _streamed(
        self,
        operation: Operation[T],
        request: httpx.Request,
        response: httpx.Response,
        options: RequestOptions | None,
        start: float,
    ) -> T:
        """The unread success ``response`` as a `BinaryResponse` or a `Stream`."""
        result: object = BinaryResponse(response)
        if operation.stream == "events":
            result = Stream(
                response,
                operation.parse,
                operation_id=operation.operation_id,
                terminator=operation.terminator,
                max_reconnects=max_reconnects_of(options),
                reopen=reopener(
                    self._send_reconnection,
                    request,
                    lambda r: self._stream_error(operation, r),
                ),
                sleep=self._sleep,
            )
        return cast(T, self._streamed_result(result, response, options, start))

    def _send_reconnection(self, request: httpx.Request) -> httpx.Response:
        """A stream's reconnection, logged and hooked as every attempt is (the stream, not
        the retry policy, counts and spaces its reconnections)."""
        hooks = self._config.hooks
        secrets = self._config.secrets
        log_request(request, 1, secrets)
        if hooks is not None:
            hooks.run_request(request)
        sent = time.monotonic()
        try:
            response = self._http.send(request, stream=True)
        except httpx.TransportError as error:
            log_response(request, error, 1, time.monotonic() - sent, secrets)
            raise
        except RuntimeError:
            if self._http.is_closed:
                raise ClientClosedError(_CLOSED) from None
            raise
        log_response(request, response, 1, time.monotonic() - sent, secrets)
        if hooks is not None:
            hooks.run_response(response)
        return response

    def with_options(self, options: ClientOptions) -> SyncClient:
        """A client with other defaults, sending over this one's ``httpx.Client``
        (the connection pool is shared; closing the new client closes nothing)."""
        return SyncClient(
            self._config_with(options), http_client=self._http, sleep=self._sleep
        )

    def close(self) -> None:
        """Close the underlying ``httpx.Client`` if this client created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


async def _asyncio_sleep(seconds: float) -> None:
    """`asyncio.sleep`, imported on first use: a blocking SDK never loads asyncio."""
    import asyncio

    await asyncio.sleep(seconds)


class AsyncClient(ClientCore):
    """Sends operations over an ``httpx.AsyncClient``, retrying per the config.

    A client created here is owned and closed by `aclose`; one passed in as
    ``http_client`` is left open for its owner.
    """

    __slots__ = ("_http", "_sleep")

    def __init__(
        self,
        config: ClientConfig,
        *,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[object]] = _asyncio_sleep,
    ) -> None:
        super().__init__(config, http_client)
        self._http = (
            httpx.AsyncClient(timeout=self._timeout)
            if http_client is None
            else http_client
        )
        self._sleep = sleep

    async def call(
        self,
        operation: Operation[T],
        args: Mapping[str, object],
        options: RequestOptions | None = None,
    ) -> T:
        """Send ``operation`` with ``args`` and return the parsed 2xx body.

        ``options`` are the call's `RequestOptions` (timeout, retries, extras).
        """
        request = self._prepare(self._http, operation, args, options)
        policy, deadline = self._budget(operation, options)
        hooks = self._config.hooks
        # One check when logging is off and no hooks are set.
        observed = hooks is not None or logger.isEnabledFor(logging.INFO)
        stamped = observed or deadline is not None or policy.retry_count_header
        secrets = self._config.secrets
        start = time.monotonic()
        retries = 0
        waited = 0.0
        while True:
            if stamped:
                self._before_send(request, policy, retries, deadline)
                if hooks is not None:
                    await hooks.arun_request(request)
            sent = time.monotonic() if observed else 0.0
            failure: httpx.Response | httpx.TransportError
            try:
                response = await self._http.send(
                    request, stream=operation.stream is not None
                )
            except httpx.TransportError as error:
                failure = error
            except RuntimeError:
                # httpx's "Cannot send a request, as the client has been closed."
                if self._http.is_closed:
                    raise ClientClosedError(_CLOSED) from None
                raise
            else:
                if observed:
                    took = time.monotonic() - sent
                    log_response(request, response, retries + 1, took, secrets)
                    if hooks is not None:
                        await hooks.arun_response(response)
                if response.is_success:
                    if operation.stream is not None:
                        return self._streamed(
                            operation, request, response, options, start
                        )
                    if options and RAW_RESPONSE_OPTION in options:
                        return self._raw(operation, response, start)
                    return self._read(operation, response)
                if operation.stream is not None:
                    await response.aread()
                failure = response
            if observed and not isinstance(failure, httpx.Response):
                took = time.monotonic() - sent
                log_response(request, failure, retries + 1, took, secrets)
            delay = self._delay_or_raise(
                operation, request, failure, retries, waited, deadline, policy
            )
            await self._sleep(delay)
            waited += delay
            retries += 1

    async def stream(
        self,
        operation: Operation[T],
        args: Mapping[str, object],
        options: StreamRequestOptions | None = None,
    ) -> AsyncStream[T]:
        """Send ``operation`` and return its event stream, each event's data a ``T``."""
        return cast(AsyncStream[T], await self.call(operation, args, options))

    async def download(
        self,
        operation: Operation[bytes],
        args: Mapping[str, object],
        options: RequestOptions | None = None,
    ) -> AsyncBinaryResponse:
        """Send ``operation`` and return its body unread, to stream to a file."""
        return cast(AsyncBinaryResponse, await self.call(operation, args, options))

    def _streamed(
        self,
        operation: Operation[T],
        request: httpx.Request,
        response: httpx.Response,
        options: RequestOptions | None,
        start: float,
    ) -> T:
        """The unread success ``response`` as an `AsyncBinaryResponse` or `AsyncStream`."""
        result: object = AsyncBinaryResponse(response)
        if operation.stream == "events":
            result = AsyncStream(
                response,
                operation.parse,
                operation_id=operation.operation_id,
                terminator=operation.terminator,
                max_reconnects=max_reconnects_of(options),
                reopen=async_reopener(
                    self._send_reconnection,
                    request,
                    lambda r: self._stream_error(operation, r),
                ),
                sleep=self._sleep,
            )
        return cast(T, self._streamed_result(result, response, options, start))

    async def _send_reconnection(self, request: httpx.Request) -> httpx.Response:
        """`SyncClient._send_reconnection`, the hooks awaited."""
        hooks = self._config.hooks
        secrets = self._config.secrets
        log_request(request, 1, secrets)
        if hooks is not None:
            await hooks.arun_request(request)
        sent = time.monotonic()
        try:
            response = await self._http.send(request, stream=True)
        except httpx.TransportError as error:
            log_response(request, error, 1, time.monotonic() - sent, secrets)
            raise
        except RuntimeError:
            if self._http.is_closed:
                raise ClientClosedError(_CLOSED) from None
            raise
        log_response(request, response, 1, time.monotonic() - sent, secrets)
        if hooks is not None:
            await hooks.arun_response(response)
        return response

    def with_options(self, options: ClientOptions) -> AsyncClient:
        """A client with other defaults, sending over this one's ``httpx.AsyncClient``
        (the connection pool is shared; closing the new client closes nothing)."""
        return AsyncClient(
            self._config_with(options), http_client=self._http, sleep=self._sleep
        )

    async def aclose(self) -> None:
        """Close the underlying ``httpx.AsyncClient`` if this client created it."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
