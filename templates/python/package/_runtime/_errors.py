"""Exceptions raised by the SDK.

Every exception the SDK raises on purpose derives from `SDKError`::

    SDKError                         base of everything the SDK raises
    ├── InvalidParameterError        (also a ValueError) a parameter broke its constraint;
    │                                nothing was sent
    ├── MissingCredentialsError      (also a ValueError) no credentials passed or found
    │                                in the environment
    ├── ClientClosedError            (also a RuntimeError) a call after ``close()``
    ├── APIConnectionError           the server could not be reached
    │   └── APITimeoutError
    ├── ResponseValidationError      a 2xx body did not match the declared schema
    └── APIStatusError               non-2xx response: status_code, headers, body, response
        ├── BadRequestError          400
        ├── AuthenticationError      401
        ├── PermissionDeniedError    403
        ├── NotFoundError            404
        ├── ConflictError            409
        ├── UnprocessableEntityError 422
        ├── RateLimitError           429
        └── InternalServerError      >= 500

Every one pickles (for Celery, multiprocessing): a copy keeps its message and
attributes (status, body, response...).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

__all__ = [
    "SDKError",
    "InvalidParameterError",
    "MissingCredentialsError",
    "ClientClosedError",
    "APIConnectionError",
    "APITimeoutError",
    "ResponseValidationError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "redact",
    "request_id_of",
    "status_error",
    "transport_error",
]

_MAX_BODY_IN_MESSAGE = 300


def _request_of(response: httpx.Response) -> httpx.Request | None:
    try:
        return response.request
    except RuntimeError:  # a response built by hand, never sent
        return None


_REQUEST_ID_HEADERS = (
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-correlation-id",
)


def request_id_of(response: httpx.Response) -> str | None:
    """The server's id for the request, from the usual headers, if it sent one."""
    headers = response.headers
    for name in _REQUEST_ID_HEADERS:
        value: str | None = headers.get(name)
        if value:
            return value
    return None


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _rebuilt(
    cls: type[SDKError], args: tuple[object, ...], state: dict[str, Any]
) -> SDKError:
    """An unpickled error: its message and attributes, without running ``__init__`` again."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class SDKError(Exception):
    """Base class of every exception the SDK raises."""

    def __reduce__(self) -> tuple[object, ...]:
        # The default would call ``cls(*args)``, which the subclasses' keyword-only
        # constructors (`APIStatusError(response)`) do not take.
        return (_rebuilt, (type(self), self.args, self.__dict__))


class InvalidParameterError(SDKError, ValueError):
    """A parameter was missing or broke its constraint; no request was sent."""

    def __init__(self, message: str, *, parameter: str, value: object) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.value = value


class MissingCredentialsError(SDKError, ValueError):
    """No credentials were passed to the client or found in the environment."""


class ClientClosedError(SDKError, RuntimeError):
    """A call was made after the client was closed (``close()``, or leaving ``with``)."""


class APIConnectionError(SDKError):
    """The server could not be reached, or the connection broke mid-request."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class ResponseValidationError(SDKError):
    """A successful response's body did not match the declared schema.

    The parsing error is chained as ``__cause__``.
    """

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.text = response.text


def _decode_body(response: httpx.Response) -> object:
    text = response.text
    if not text:
        return None
    content_type = response.headers.get("content-type", "")
    # Many servers label JSON errors as text/plain, so sniff the first character too.
    if "json" in content_type or text.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(text)
        except ValueError:
            pass
    return text


class APIStatusError(SDKError):
    """The server answered with a non-2xx status.

    ``body`` is the decoded JSON when the body is JSON, else the text, and
    None when the body is empty. ``parsed_body`` is the body parsed into the
    type the API declares for this status (a model of the `models` module),
    or None when it declares none or the body does not match it.
    ``request_id`` is the server's id for the request (``x-request-id`` and
    the like), ``request`` the request that was answered. The message names
    the operation, the HTTP method and the URL (without its query, which may
    hold a credential).
    """

    def __init__(
        self,
        response: httpx.Response,
        *,
        parsed_body: object = None,
        operation_id: str = "",
    ) -> None:
        self.response = response
        self.parsed_body: object = parsed_body
        self.status_code: int = response.status_code
        self.headers: httpx.Headers = response.headers
        self.text: str = response.text
        self.body: object = _decode_body(response)
        self.request_id: str | None = request_id_of(response)
        self.request: httpx.Request | None = _request_of(response)
        summary = f"{self.status_code} {response.reason_phrase}".rstrip()
        if operation_id:
            summary = f"{operation_id}: {summary}"
        if self.request is not None:
            url = self.request.url.copy_with(query=None, fragment=None)
            summary += f" from {self.request.method} {url}"
        if self.request_id:
            summary += f" (request id {_shorten(self.request_id, 100)})"
        if self.text:
            summary += ": " + _shorten(self.text, _MAX_BODY_IN_MESSAGE)
        super().__init__(summary)


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401: the credentials are missing, wrong or expired."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403: the credentials do not allow this operation."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422: the request was well-formed but semantically invalid."""


class RateLimitError(APIStatusError):
    """HTTP 429: too many requests."""


class InternalServerError(APIStatusError):
    """Any HTTP status of 500 or above."""


_ERROR_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error(
    response: httpx.Response,
    parse: Callable[[bytes], object] | None = None,
    operation_id: str = "",
) -> APIStatusError:
    """Build the `APIStatusError` subclass matching a non-2xx response.

    ``parse`` reads the body into the type declared for its status; a body
    that does not match leaves ``parsed_body`` None (the status error is
    what matters).
    """
    parsed: object = None
    if parse is not None and response.content:
        try:
            parsed = parse(response.content)
        except ValueError:  # pydantic's ValidationError is a ValueError too
            parsed = None
    status = response.status_code
    error_type = (
        InternalServerError
        if status >= 500
        else _ERROR_BY_STATUS.get(status, APIStatusError)
    )
    return error_type(response, parsed_body=parsed, operation_id=operation_id)


def redact(error: SDKError, secrets: tuple[str, ...]) -> SDKError:
    """``error`` with each of ``secrets`` blanked out of its message (all its repr shows)
    and out of the request it keeps (so neither a log of its headers nor a pickle of it, sent
    to a task queue's result store, carries a credential).

    The server or the HTTP library may echo a credential back; the SDK never repeats it.
    """
    if secrets and error.args and isinstance(error.args[0], str):
        message = error.args[0]
        for secret in secrets:
            message = message.replace(secret, "<redacted>")
        error.args = (message, *error.args[1:])
    request = getattr(error, "request", None)
    if isinstance(request, httpx.Request):
        _redact_request(request, secrets)
    return error


# Headers that carry credentials whatever scheme sent them.
_CREDENTIAL_HEADERS = frozenset(("authorization", "proxy-authorization", "cookie"))


def _redact_request(request: httpx.Request, secrets: tuple[str, ...]) -> None:
    """The credentials blanked out of a request already sent (the error's copy of it)."""
    for name, value in list(request.headers.items()):
        if name.lower() in _CREDENTIAL_HEADERS or any(s in value for s in secrets):
            request.headers[name] = "<redacted>"
    params = request.url.params.multi_items()
    if any(secret in value for _, value in params for secret in secrets):
        kept = [
            (key, "<redacted>" if any(s in value for s in secrets) else value)
            for key, value in params
        ]
        request.url = request.url.copy_with(params=kept)


def transport_error(error: httpx.TransportError) -> APIConnectionError:
    """Translate an httpx transport failure; the caller chains it with ``from``."""
    message = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(message)
    return APIConnectionError(message)
