"""Per-call options (`RequestOptions`) and the defaults `with_options` changes (`ClientOptions`).

Every generated method takes ``**request_options: Unpack[RequestOptions]``: the keywords are
typed (a typo is a mypy error, and a `TypeError` at run time) and cost nothing when unused.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TypedDict, cast
from urllib.parse import urlencode

import httpx

from ._body import jsonable
from ._errors import InvalidParameterError
from ._retry import RetryPolicy

__all__ = [
    "ClientOptions",
    "NonIdempotentRequestOptions",
    "RequestOptions",
    "apply_request_options",
    "check_request_options",
]

# Methods that RFC 9110 calls idempotent: repeating them is already safe, so they take no key.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
IDEMPOTENCY_HEADER = "Idempotency-Key"


class RequestOptions(TypedDict, total=False):
    """Options of one call, besides the API's own parameters."""

    timeout: float | httpx.Timeout | None
    """Seconds (or an httpx.Timeout) this call may take; None waits forever."""
    max_retries: int
    """How often to retry this call (connection errors, 429 and 5xx); 0 disables."""
    retry: RetryPolicy
    """The retry policy of this call (statuses, backoff, budget), instead of the SDK's."""
    total_timeout: float | None
    """Seconds the whole call may take, retries and waits included; None: no bound."""
    extra_headers: Mapping[str, str]
    """Headers to send besides (or instead of) the SDK's."""
    extra_query: Mapping[str, str]
    """Query parameters to add to the URL."""
    extra_body: Mapping[str, object]
    """Properties to add to a JSON object body (or the JSON body, when there is none)."""


class NonIdempotentRequestOptions(RequestOptions, total=False):
    """`RequestOptions`, plus the idempotency key a non-idempotent method (POST, PATCH) takes."""

    idempotency_key: str
    """Sent as the `Idempotency-Key` header, the same on every retry of this call."""


class ClientOptions(TypedDict, total=False):
    """The defaults `with_options` changes."""

    timeout: float | httpx.Timeout | None
    """Seconds (or an httpx.Timeout) before a request gives up; None waits forever."""
    max_retries: int
    """How often to retry connection errors, 429 and 5xx responses; 0 disables."""
    retry: RetryPolicy
    """The retry policy (statuses, backoff, budget) of every operation."""
    total_timeout: float | None
    """Seconds a whole call may take, retries and waits included; None: no bound."""
    extra_headers: Mapping[str, str]
    """Headers to send with every request, besides (or instead of) the SDK's."""


# The private option `with_raw_response` adds (`_raw.RAW_RESPONSE_OPTION`), and the one a
# streaming method takes (`_streaming.StreamRequestOptions`).
_REQUEST_OPTIONS = frozenset(NonIdempotentRequestOptions.__annotations__) | {
    "_sdk_raw_response",
    "max_reconnects",
}
_CLIENT_OPTIONS = frozenset(ClientOptions.__annotations__)


def check_request_options(
    operation_id: str, method: str, options: Mapping[str, object]
) -> None:
    """Raise TypeError for a keyword that is neither a parameter nor an option.

    A method's `**request_options` would otherwise swallow a misspelt argument.
    """
    unknown = sorted(options.keys() - _REQUEST_OPTIONS)
    if "idempotency_key" in options and method in IDEMPOTENT_METHODS:
        unknown.append("idempotency_key")
    if unknown:
        raise TypeError(
            f"{operation_id}() got unexpected keyword arguments: {', '.join(unknown)}"
        )


def check_client_options(options: Mapping[str, object]) -> None:
    """Raise TypeError for a keyword `with_options` does not take."""
    unknown = sorted(options.keys() - _CLIENT_OPTIONS)
    if unknown:
        raise TypeError(
            f"with_options() got unexpected keyword arguments: {', '.join(unknown)}"
        )


def _json_object(content: bytes | None, content_type: str | None) -> dict[str, object]:
    if content is None:
        return {}
    if content_type is not None and "json" in content_type:
        data = json.loads(content)
        if isinstance(data, dict):
            return data
    raise InvalidParameterError(
        "extra_body adds properties to a JSON object body; this request's body is "
        f"{content_type or 'not JSON'}",
        parameter="extra_body",
        value=None,
    )


def apply_request_options(
    options: RequestOptions,
    url: str,
    headers: httpx.Headers,
    content: bytes | None,
) -> tuple[str, httpx.Headers, bytes | None, dict[str, float | None] | None]:
    """The URL, headers and body with ``options`` applied, and the request's timeout
    extension when the options set one (None: the client's)."""
    extra_query = options.get("extra_query")
    if extra_query:
        url += ("&" if "?" in url else "?") + urlencode(list(extra_query.items()))
    extra_body = options.get("extra_body")
    # Only a non-idempotent method's options hold a key (`check_request_options`).
    key = cast(Mapping[str, object], options).get("idempotency_key")
    extra_headers = options.get("extra_headers")
    if extra_headers or key is not None or extra_body is not None:
        headers = headers.copy()
    if extra_body is not None:
        merged = _json_object(content, headers.get("Content-Type"))
        merged.update((name, jsonable(value)) for name, value in extra_body.items())
        content = json.dumps(merged, ensure_ascii=False, separators=(",", ":")).encode()
        headers["Content-Type"] = "application/json"
    if key is not None:
        headers[IDEMPOTENCY_HEADER] = str(key)
    if extra_headers:
        headers.update(extra_headers)
    timeout: dict[str, float | None] | None = None
    if "timeout" in options:
        timeout = dict(httpx.Timeout(options["timeout"]).as_dict())
    return url, headers, content, timeout
