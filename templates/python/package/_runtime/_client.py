"""The sync and async clients: send, retry, and hand responses to `_http`.

Only the sending and the sleeping differ between the two; request building,
retry decisions and response handling are shared.
"""

from __future__ import annotations

import datetime
import random
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
    transport_error,
)
from ._http import (
    RETRYABLE_TRANSPORT_ERRORS,
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
from ._retry import RetryPolicy, next_retry_delay

__all__ = ["AsyncClient", "SyncClient"]

T = TypeVar("T")

_CLOSED = "The client is closed: create a new SDK (or httpx client) to send requests"


class _ClientCore:
    """State and logic shared by `SyncClient` and `AsyncClient`."""

    __slots__ = ("_config", "_extensions", "_header_cache", "_owns_http", "_timeout")

    def __init__(
        self, config: ClientConfig, http: httpx.Client | httpx.AsyncClient | None
    ) -> None:
        self._config = config
        self._owns_http = http is None
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

    def _policy(self, options: RequestOptions | None) -> RetryPolicy:
        """The retry policy of one call: the client's, or with the call's ``max_retries``."""
        policy = self._config.retry
        if options and "max_retries" in options:
            policy = replace(policy, max_retries=options["max_retries"])
        return policy

    def _config_with(self, options: ClientOptions) -> ClientConfig:
        """This client's config with the defaults ``options`` changes."""
        check_client_options(options)
        config = self._config
        retry = config.retry
        if "max_retries" in options:
            retry = replace(retry, max_retries=options["max_retries"])
        headers = tuple(options.get("extra_headers", {}).items())
        return replace(
            config,
            timeout=options.get("timeout", self._timeout),
            retry=retry,
            extra_headers=config.extra_headers + headers,
        )

    @property
    def server_url(self) -> str:
        """Where requests go."""
        return self._config.server_url

    def _delay_or_raise(
        self,
        operation: Operation[T],
        failure: httpx.Response | httpx.TransportError,
        retries: int,
        start: float,
        policy: RetryPolicy,
    ) -> float:
        """Seconds to wait before retrying ``failure``; raises its error when giving up."""
        delay = self._delay_after(failure, retries, start, policy)
        if delay is None:
            secrets = self._config.secrets
            if isinstance(failure, httpx.Response):
                parse = operation.error_parser_for(failure.status_code)
                error = status_error(failure, parse, operation.operation_id)
                raise redact(error, secrets)
            raise redact(transport_error(failure), secrets) from failure
        return delay

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

    def _delay_after(
        self,
        failure: httpx.Response | httpx.TransportError,
        retries: int,
        start: float,
        policy: RetryPolicy,
    ) -> float | None:
        """Seconds to wait before retrying ``failure``, or None to give up."""
        if isinstance(failure, httpx.Response):
            if failure.status_code not in policy.retry_statuses:
                return None
            retry_after = failure.headers.get("retry-after")
        elif isinstance(failure, RETRYABLE_TRANSPORT_ERRORS):
            retry_after = None
        else:
            return None
        elapsed = time.monotonic() - start
        return next_retry_delay(
            policy, retries + 1, elapsed, retry_after, jitter=random.random()
        )

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
        policy = self._config.retry if not options else self._policy(options)
        start = time.monotonic()
        retries = 0
        while True:
            failure: httpx.Response | httpx.TransportError
            try:
                response = self._http.send(request)
            except httpx.TransportError as error:
                failure = error
            except RuntimeError:
                # httpx's "Cannot send a request, as the client has been closed."
                if self._http.is_closed:
                    raise ClientClosedError(_CLOSED) from None
                raise
            else:
                if response.is_success:
                    if options and RAW_RESPONSE_OPTION in options:
                        return self._raw(operation, response, start)
                    return self._read(operation, response)
                failure = response
            self._sleep(
                self._delay_or_raise(operation, failure, retries, start, policy)
            )
            retries += 1

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
        policy = self._config.retry if not options else self._policy(options)
        start = time.monotonic()
        retries = 0
        while True:
            failure: httpx.Response | httpx.TransportError
            try:
                response = await self._http.send(request)
            except httpx.TransportError as error:
                failure = error
            except RuntimeError:
                # httpx's "Cannot send a request, as the client has been closed."
                if self._http.is_closed:
                    raise ClientClosedError(_CLOSED) from None
                raise
            else:
                if response.is_success:
                    if options and RAW_RESPONSE_OPTION in options:
                        return self._raw(operation, response, start)
                    return self._read(operation, response)
                failure = response
            await self._sleep(
                self._delay_or_raise(operation, failure, retries, start, policy)
            )
            retries += 1

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
