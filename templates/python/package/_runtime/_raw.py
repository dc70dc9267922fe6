"""Raw responses: ``sdk.x.with_raw_response.method(...)`` returns the HTTP response beside
the parsed result.

A generated resource exposes ``with_raw_response``, an object whose methods are the
resource's own wrapped by `raw_response_method` (or its async twin): the same arguments,
typed through a ``ParamSpec``, returning a `RawResponse` instead of the parsed body.
"""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable
from typing import Any, Generic, ParamSpec, TypeVar, cast

import httpx

from ._errors import request_id_of

__all__ = [
    "RAW_RESPONSE_OPTION",
    "RawResponse",
    "async_raw_response_method",
    "raw_response_method",
]

T = TypeVar("T")
P = ParamSpec("P")

# The private per-call option that makes the client return a `RawResponse`.
RAW_RESPONSE_OPTION = "_sdk_raw_response"


class RawResponse(Generic[T]):
    """The HTTP response of a call, and its body parsed as the method would return it."""

    __slots__ = ("http_response", "elapsed", "_parse", "_parsed")

    def __init__(
        self,
        http_response: httpx.Response,
        parse: Callable[[], T],
        elapsed: datetime.timedelta,
    ) -> None:
        self.http_response = http_response
        self.elapsed = elapsed
        """How long the call took, from sending its first attempt to this response
        (retries and their waits included)."""
        self._parse = parse
        self._parsed: tuple[T] | None = None

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The server's id for this request (``x-request-id`` and the like), if it sent one."""
        return request_id_of(self.http_response)

    @property
    def content(self) -> bytes:
        """The raw body."""
        return self.http_response.content

    @property
    def text(self) -> str:
        """The body as text."""
        return self.http_response.text

    @property
    def url(self) -> httpx.URL:
        """The URL the request went to."""
        return self.http_response.request.url

    def parse(self) -> T:
        """The body parsed as the method returns it (parsed once, then kept)."""
        if self._parsed is None:
            self._parsed = (self._parse(),)
        return self._parsed[0]

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"<RawResponse [{self.status_code}] {request.method} {request.url}>"


def _with_raw_option(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {**kwargs, RAW_RESPONSE_OPTION: True}


def raw_response_method(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """``method`` returning a `RawResponse` of what it returns."""

    def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        return cast(RawResponse[T], method(*args, **_with_raw_option(kwargs)))

    call.__doc__ = method.__doc__
    call.__name__ = method.__name__
    return call


def async_raw_response_method(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[RawResponse[T]]]:
    """The async ``method`` returning a `RawResponse` of what it returns."""

    async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        return cast(RawResponse[T], await method(*args, **_with_raw_option(kwargs)))

    call.__doc__ = method.__doc__
    call.__name__ = method.__name__
    return call
