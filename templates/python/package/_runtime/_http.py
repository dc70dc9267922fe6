"""Request building and response handling shared by the sync and async clients.

Everything here is pure: no I/O, no sleeping, no client state.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, TypeVar

import httpx

from ._auth import AuthParts
from ._config import ClientConfig
from ._errors import InvalidParameterError, ResponseValidationError, status_error
from ._lenient import parse_body
from ._operation import Operation, Param

__all__ = [
    "RETRYABLE_TRANSPORT_ERRORS",
    "RequestParts",
    "build_request",
    "ignore_body",
    "merge_headers",
    "read_response",
]

T = TypeVar("T")

# Failures where the request may not have reached the server, or the server
# dropped it; a fresh attempt can succeed. Misconfiguration (bad scheme,
# proxy or protocol errors on our side) is not retried.
RETRYABLE_TRANSPORT_ERRORS = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


class RequestParts(NamedTuple):
    """The arguments of one ``httpx`` request, ready to send (and resend)."""

    method: str
    url: str  # the query string included, encoded as each parameter's style says
    headers: httpx.Headers


def _dot_segments_kept(path: str) -> str:
    """``path`` with literal "." and ".." segments encoded, so the URL parser keeps them."""
    segments = path.split("/")
    return "/".join(s.replace(".", "%2E") if s in (".", "..") else s for s in segments)


def _header_value(param: Param, value: object) -> str:
    text = param.header_text(value)
    # httpx would raise with the value in its message (or send a broken request);
    # the value may be a secret, so it is not repeated here.
    if not text.isascii() or not text.isprintable():
        raise InvalidParameterError(
            f"Invalid parameter {param.name!r} (header {param.wire_name!r}): a header "
            "value must be printable ASCII, without line breaks (the value is not shown)",
            parameter=param.name,
            value=value,
        )
    return text


def merge_headers(
    client_headers: httpx.Headers,
    config: ClientConfig,
    auth_headers: tuple[tuple[str, str], ...] = (),
) -> httpx.Headers:
    """The ``httpx`` client's own headers overridden by the SDK's defaults, then
    by the credential headers of an operation."""
    merged = httpx.Headers(client_headers)
    merged.update(config.default_headers)
    for name, value in auth_headers:
        merged[name] = value
    return merged


def build_request(
    config: ClientConfig,
    operation: Operation[T],
    args: Mapping[str, object],
    base_headers: httpx.Headers,
    auth: AuthParts | None = None,
) -> RequestParts:
    """Validate ``args`` and turn them into the parts of an HTTP request.

    ``base_headers`` are sent as they are (the operation's credential headers
    included), plus the operation's header parameters and a Cookie header for
    its cookie parameters and cookie credentials; ``auth``'s query pieces end
    the query string. Each parameter is written as its style says (`_params`).
    Raises `InvalidParameterError` before anything is sent.
    """
    path = operation.path_prefix
    for param, literal in operation.path_segments:
        path += param.path_text(param.extract(args)) + literal
    if "/." in path:
        path = _dot_segments_kept(path)
    query = list(operation.fixed_query)
    for param in operation.query_params:
        value = param.extract(args)
        if value is not None:
            query += param.query_pieces(value)
    headers: httpx.Headers | None = None
    for param in operation.header_params:
        value = param.extract(args)
        if value is None:
            continue
        if headers is None:
            headers = base_headers.copy()
        headers[param.wire_name] = _header_value(param, value)
    cookies: list[str] = []
    for param in operation.cookie_params:
        value = param.extract(args)
        if value is not None:
            cookies += param.cookie_pieces(value)
    if auth is not None:
        query += auth.query
        cookies += auth.cookies
    if cookies:
        headers = base_headers.copy() if headers is None else headers
        cookie = "; ".join(cookies)
        if not cookie.isascii() or not cookie.isprintable():
            raise InvalidParameterError(
                f"{operation.operation_id}: a cookie value must be printable ASCII "
                "(the value is not shown)",
                parameter="cookie",
                value=None,
            )
        headers["Cookie"] = cookie
    url = config.server_url + path
    return RequestParts(
        operation.method,
        url + "?" + "&".join(query) if query else url,
        base_headers if headers is None else headers,
    )


def ignore_body(content: bytes) -> None:
    """The ``parse`` of operations whose success response has no JSON body."""
    return None


def read_response(operation: Operation[T], response: httpx.Response) -> T:
    """Parse a 2xx body into the declared type, or raise the matching error.

    Raises `ResponseValidationError` for a 2xx body that does not parse and
    an `APIStatusError` subclass for any other status.
    """
    if not response.is_success:
        parse_error = operation.error_parser_for(response.status_code)
        raise status_error(response, parse_error, operation.operation_id)
    # An empty body reads as JSON null: fine where the schema allows anything, and a
    # validation error (not a JSON syntax error) where it does not.
    content = response.content or b"null"
    parse = (
        operation.parse
        if operation.parsers is None
        else operation.parser_for(response.status_code)
    )
    return parse_body(
        parse,
        content,
        lambda reason: ResponseValidationError(
            f"{operation.operation_id}: the {response.status_code} response body "
            f"does not match the declared schema: {reason}",
            response=response,
        ),
    )
