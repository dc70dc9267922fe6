"""The sync and async clients: send, retry, and hand responses to `_http`.

Only the sending, the sleeping and the hooks' awaiting differ between the two;
request building, retry decisions (`_retry`, whose docstring states the
budget), logging (`_logging`) and response handling are shared.
"""

from __future__ import annotations

import datetime
import logging
import time
from dataclasses import replace
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import TypeVar, cast

import httpx

from ._body import encode_body
from ._config import DEFAULT_TIMEOUT, ClientConfig, NotGiven
from ._errors import (
    ClientClosedError,
    SDKError,
    redact,
    status_error,
)
from ._logging import guard_library_logs, log_request, log_response, logger
from ._logging import setup_logging
from ._http import (
    build_request,
    merge_headers,
    read_response,
)
from ._operation import Operation
from ._options import (
    ClientOptions,
    RequestOptions,
    apply_request_options,
    check_client_options,
    check_request_options,
)
from ._raw import RAW_RESPONSE_OPTION, RawResponse
from ._attempt import Progress, delay_or_raise, stamp
from ._retry import RetryPolicy
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


class _ClientCore:
    """State and logic shared by `SyncClient` and `AsyncClient`."""

    __slots__ = (
        "_config",
        "_extensions",
        "_header_cache",
        "_owns_http",
        "_policies",
        "_retry",
        "_timeout",
    )

    def __init__(
        self, config: ClientConfig, http: httpx.Client | httpx.AsyncClient | None
    ) -> None:
        self._config = config
        self._owns_http = http is None
        setup_logging(config.log_env)
        guard_library_logs(config.secrets)
        # The policy of operations without one of their own, and (by id) that
        # of the others, resolved once.
        self._retry = self._resolved(config.retry or config.default_retry)
        self._policies: dict[int, RetryPolicy] = {}
        # The requests are built here, not by httpx, so they carry the timeout
        # themselves: the SDK's when one was given, else that of the user's
        # httpx client (its settings are the user's to keep).
        timeout = config.timeout
        if isinstance(timeout, NotGiven):
            timeout = DEFAULT_TIMEOUT if http is None else http.timeout
        self._timeout = httpx.Timeout(timeout)
        self._extensions = {"timeout": self._timeout.as_dict()}
        # (raw headers of the httpx client, those merged with ours and the
        # credential headers, by the operation's security requirements), kept
        # as one attribute so that threads always see a consistent pair.
        self._header_cache: tuple[
            list[tuple[bytes, bytes]] | None, dict[object, httpx.Headers]
        ]
        self._header_cache = (None, {})

    def _prepare(
        self,
        http: httpx.Client | httpx.AsyncClient,
        operation: Operation[T],
        args: Mapping[str, object],
        options: RequestOptions | None,
    ) -> httpx.Request:
        """Build the request for ``operation``; raises before anything is sent."""
        config = self._config
        # httpx's own per-request merging of client and request headers costs
        # more than the rest of the SDK together, so it is done here once and
        # redone only if the httpx client's headers change.
        client_headers = http.headers.raw
        seen, by_security = self._header_cache
        if client_headers != seen:
            by_security = {}
            self._header_cache = (client_headers, by_security)
        # Raises MissingCredentialsError when no alternative's credentials were given.
        auth = config.security.select(operation.security)
        base_headers = by_security.get(operation.security)
        if base_headers is None:
            base_headers = merge_headers(http.headers, config, auth.headers)
            by_security[operation.security] = base_headers
        method, url, params, headers = build_request(
            config, operation, args, base_headers, auth
        )
        content: bytes | None = None
        if operation.accept is not None:
            headers = headers.copy()
            headers["Accept"] = operation.accept
        if operation.bodies:
            # Encoded once: every retry of this request sends the same bytes.
            body = operation.body_for(args)
            encoded = None if body is None else encode_body(body, args)
            if encoded is not None:
                content = encoded[0]
                headers = headers.copy()
                headers["Content-Type"] = encoded[1]
        extensions = self._extensions
        if options:
            check_request_options(operation.operation_id, operation.method, options)
            url, headers, content, timeout = apply_request_options(
                options, url, headers, content
            )
            extensions = extensions if timeout is None else {"timeout": timeout}
        if http.params:
            # The httpx client's own query params follow ours (httpx would
            # re-encode the query string the parameter styles wrote).
            url += ("&" if "?" in url else "?") + str(http.params)
        if http.cookies:
            # The httpx client's own cookies come first in the Cookie header.
            jar = "; ".join(f"{c.name}={c.value}" for c in http.cookies.jar)
            own = headers.get("Cookie")
            headers = headers.copy()
            headers["Cookie"] = f"{jar}; {own}" if own else jar
        return httpx.Request(
            method,
            url,
            params=params,
            headers=headers,
            content=content,
            extensions=dict(extensions),
        )

    def _resolved(
        self, policy: RetryPolicy, max_retries: int | None = None
    ) -> RetryPolicy:
        """``policy`` with the client's (or the given) ``max_retries``."""
        if max_retries is None:
            max_retries = self._config.max_retries
        if max_retries is None or max_retries == policy.max_retries:
            return policy
        return replace(policy, max_retries=max_retries)

    def _budget(
        self, operation: Operation[T], options: RequestOptions | None
    ) -> tuple[RetryPolicy, float | None]:
        """The retry policy of one call, and the `time.monotonic` deadline of
        its total timeout (None: no bound)."""
        config = self._config
        total = config.total_timeout
        own = operation.retry
        if own is None or config.retry is not None:
            policy = self._retry
        else:
            policy = self._policies.get(id(operation)) or self._policies.setdefault(
                id(operation), self._resolved(own)
            )
        if options:
            if "retry" in options:
                policy = options["retry"]
                if "max_retries" in options:
                    policy = replace(policy, max_retries=options["max_retries"])
            elif "max_retries" in options:
                policy = self._resolved(policy, options["max_retries"])
            if "total_timeout" in options:
                total = options["total_timeout"]
                if total is not None and not total > 0:
                    raise ValueError(f"total_timeout must be > 0, got {total}")
        return policy, None if total is None else time.monotonic() + total

    def _config_with(self, options: ClientOptions) -> ClientConfig:
        """This client's config with the defaults ``options`` changes."""
        check_client_options(options)
        config = self._config
        max_retries = options.get("max_retries", config.max_retries)
        if "retry" in options and "max_retries" not in options:
            max_retries = None  # the new policy's own
        headers = tuple(options.get("extra_headers", {}).items())
        return replace(
            config,
            timeout=options.get("timeout", self._timeout),
            retry=options.get("retry", config.retry),
            max_retries=max_retries,
            total_timeout=options.get("total_timeout", config.total_timeout),
            extra_headers=config.extra_headers + headers,
        )

    @property
    def server_url(self) -> str:
        """Where requests go."""
        return self._config.server_url

    def _before_send(
        self,
        request: httpx.Request,
        policy: RetryPolicy,
        retries: int,
        deadline: float | None,
    ) -> None:
        """Stamp the retry count and the time left on ``request``; log it."""
        stamp(request, policy, retries, deadline, self._extensions["timeout"])
        log_request(request, retries + 1, self._config.secrets)

    def _delay_or_raise(
        self,
        operation: Operation[T],
        request: httpx.Request,
        failure: httpx.Response | httpx.TransportError,
        retries: int,
        waited: float,
        deadline: float | None,
        policy: RetryPolicy,
    ) -> float:
        """Seconds to wait before retrying ``failure``; raises its error when giving up."""
        return delay_or_raise(
            operation,
            request,
            failure,
            Progress(retries, waited, deadline),
            policy,
            self._config.secrets,
        )

    def _raw(
        self, operation: Operation[T], response: httpx.Response, start: float
    ) -> T:
        """A `RawResponse` that parses ``response`` on demand (for ``with_raw_response``,
        whose wrapper is typed as returning it)."""
        elapsed = datetime.timedelta(seconds=time.monotonic() - start)
        raw = RawResponse(response, lambda: self._read(operation, response), elapsed)
        return cast(T, raw)

    def _read(self, operation: Operation[T], response: httpx.Response) -> T:
        """The parsed 2xx body; a validation error never repeats a credential."""
        try:
            return read_response(operation, response)
        except SDKError as error:
            redact(error, self._config.secrets)
            raise

    # -- streaming (`_streaming`): a success body handed over unread ------------------------

    def _stream_error(
        self, operation: Operation[T], response: httpx.Response
    ) -> SDKError:
        """The error of a reconnection answered with an error status (its body read)."""
        parse = operation.error_parser_for(response.status_code)
        error = status_error(response, parse, operation.operation_id)
        return redact(error, self._config.secrets)

    def _streamed_result(
        self,
        result: object,
        response: httpx.Response,
        options: RequestOptions | None,
        start: float,
    ) -> object:
        """``result`` (a stream or download), or for ``with_raw_response`` a `RawResponse`
        whose ``parse()`` gives it (its body is unread: ``content`` needs ``result`` read).
        """
        if options and RAW_RESPONSE_OPTION in options:
            elapsed = datetime.timedelta(seconds=time.monotonic() - start)
            return RawResponse(response, lambda: result, elapsed)
        return result

    def __repr__(self) -> str:
        return f"{type(self).__name__}(server_url={self._config.server_url!r})"


class SyncClient(_ClientCore):
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
                    self._http, request, lambda r: self._stream_error(operation, r)
                ),
                sleep=self._sleep,
            )
        return cast(T, self._streamed_result(result, response, options, start))

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


class AsyncClient(_ClientCore):
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
                    self._http, request, lambda r: self._stream_error(operation, r)
                ),
                sleep=self._sleep,
            )
        return cast(T, self._streamed_result(result, response, options, start))

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
