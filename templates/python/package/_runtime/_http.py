"""Request building and response handling shared by the sync and async clients.

Everything here is pure: no I/O, no sleeping, no client state.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import NamedTuple, TypeVar
from urllib.parse import quote

import httpx

from ._config import ClientConfig
from ._errors import InvalidParameterError, ResponseValidationError, status_error
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
    url: str
    # A tuple because httpx's parameter type is covariant only for tuples.
    params: tuple[tuple[str, str], ...] | None
    headers: httpx.Headers


def _to_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _to_joined_text(value: object) -> str:
    if isinstance(value, list):
        return ",".join(_to_text(item) for item in value)
    return _to_text(value)


def _path_value(value: object) -> str:
    # safe="" so that "/" and friends cannot change which resource is hit; and
    # "." and ".." would be resolved away by the URL parser, so they are encoded.
    text = quote(_to_joined_text(value), safe="")
    return text.replace(".", "%2E") if text in (".", "..") else text


def _dot_segments_kept(path: str) -> str:
    """``path`` with literal "." and ".." segments encoded, so the URL parser keeps them."""
    segments = path.split("/")
    return "/".join(s.replace(".", "%2E") if s in (".", "..") else s for s in segments)


def _header_value(param: Param, value: object) -> str:
    text = _to_joined_text(value)
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


def merge_headers(client_headers: httpx.Headers, config: ClientConfig) -> httpx.Headers:
    """The ``httpx`` client's own headers overridden by the SDK's defaults."""
    merged = httpx.Headers(client_headers)
    merged.update(config.default_headers)
    return merged


def build_request(
    config: ClientConfig,
    operation: Operation[T],
    args: Mapping[str, object],
    base_headers: httpx.Headers,
) -> RequestParts:
    """Validate ``args`` and turn them into the parts of an HTTP request.

    ``base_headers`` are sent as they are, plus the operation's header
    parameters. Raises `InvalidParameterError` before anything is sent.
    """
    path = operation.path_prefix
    for param, literal in operation.path_segments:
        path += _path_value(param.extract(args)) + literal
    if "/." in path:
        path = _dot_segments_kept(path)
    query: list[tuple[str, str]] = list(operation.fixed_query)
    for param in operation.query_params:
        value = param.extract(args)
        if value is None:
            continue
        if isinstance(value, list):
            query.extend((param.wire_name, _to_text(item)) for item in value)
        else:
            query.append((param.wire_name, _to_text(value)))
    headers: httpx.Headers | None = None
    for param in operation.header_params:
        value = param.extract(args)
        if value is None:
            continue
        if headers is None:
            headers = base_headers.copy()
        headers[param.wire_name] = _header_value(param, value)
    return RequestParts(
        operation.method,
        config.server_url + path,
        tuple(query) if query else None,
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
        raise status_error(response, operation.error_parser_for(response.status_code))
    try:
        # An empty body reads as JSON null: fine where the schema allows anything, and a
        # validation error (not a JSON syntax error) where it does not.
        parse = (
            operation.parse
            if operation.parsers is None
            else operation.parser_for(response.status_code)
        )
        return parse(response.content or b"null")
    except ValueError as error:  # pydantic's ValidationError is a ValueError too
        raise ResponseValidationError(
            f"{operation.operation_id}: the {response.status_code} response body "
            f"does not match the declared schema: {error}",
            response=response,
        ) from error
