"""What the sync and async clients share: building a request, the retry policy and
deadline of a call, and handing a response or a failure to `_http`, `_attempt` and `_raw`.

`_client` adds the sending, the sleeping and the hooks' awaiting, the only parts that
differ between the two.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import replace
from collections.abc import Mapping
from typing import TypeVar, cast

import httpx

from ._body import encode_body
from ._config import DEFAULT_TIMEOUT, ClientConfig, NotGiven
from ._errors import SDKError, redact, status_error
from ._logging import guard_library_logs, log_request, setup_logging
from ._http import build_request, merge_headers, read_response
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

__all__ = ["ClientCore"]

_URL_CACHE_SIZE = 256  # URLs kept per client; the cache is emptied when full

T = TypeVar("T")


class ClientCore:
    """State and logic shared by `SyncClient` and `AsyncClient`."""

    __slots__ = (
        "_config",
        "_extensions",
        "_header_cache",
        "_owns_http",
        "_policies",
        "_retry",
        "_timeout",
        "_urls",
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
        # Parsed URLs by their text: parsing one is a tenth of a call's time, and an
        # operation without path parameters (a create, a list) sends the same URL each time.
        # httpx.URL is immutable, so requests can share one.
        self._urls: dict[str, httpx.URL] = {}

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
        method, url, headers = build_request(
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
        parsed = self._urls.get(url)
        if parsed is None:
            parsed = httpx.URL(url)  # raises httpx.InvalidURL, as httpx.Request would
            if len(self._urls) >= _URL_CACHE_SIZE:
                self._urls.clear()
            self._urls[url] = parsed
        return httpx.Request(
            method,
            parsed,
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
