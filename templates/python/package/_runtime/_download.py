"""Binary downloads: a method whose success response is neither JSON nor text returns a
`BinaryResponse` (`AsyncBinaryResponse` on the asyncio client).

The body is not read until asked: ``write_to_file`` streams it to disk chunk by chunk,
``iter_bytes`` yields the chunks as they arrive, ``read()`` gives it whole; each closes the
response at the end. Use a ``with`` block (or ``close()``) to stop early.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from types import TracebackType

import httpx

__all__ = ["AsyncBinaryResponse", "BinaryResponse"]


class _BinaryBase:
    __slots__ = ("response",)

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        """The HTTP response, its body not read yet."""

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self.response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.response.headers

    @property
    def content_type(self) -> str | None:
        """The body's media type, as the server sent it."""
        value: str | None = self.response.headers.get("content-type")
        return value


class BinaryResponse(_BinaryBase):
    """A download: read it whole, in chunks, or straight to a file; each closes it at the end.

    Use it in a ``with`` block (or call ``close()``) if you may stop before the end.
    """

    __slots__ = ()

    def read(self) -> bytes:
        """The whole body."""
        try:
            return self.response.read()
        finally:
            self.response.close()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in chunks as they arrive (decompressed, if the server compressed it)."""
        try:
            yield from self.response.iter_bytes(chunk_size)
        finally:
            self.response.close()

    def write_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        """Stream the body into ``file`` (created or truncated), chunk by chunk."""
        with open(file, "wb") as out:
            for chunk in self.iter_bytes(chunk_size):
                out.write(chunk)

    def close(self) -> None:
        """Release the connection without reading the rest of the body."""
        self.response.close()

    def __enter__(self) -> BinaryResponse:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<BinaryResponse [{self.status_code}] {self.content_type}>"


class AsyncBinaryResponse(_BinaryBase):
    """`BinaryResponse` on the asyncio client (``await``, ``async for``, ``async with``)."""

    __slots__ = ()

    async def read(self) -> bytes:
        """The whole body."""
        try:
            return await self.response.aread()
        finally:
            await self.response.aclose()

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body in chunks as they arrive (decompressed, if the server compressed it)."""
        try:
            async for chunk in self.response.aiter_bytes(chunk_size):
                yield chunk
        finally:
            await self.response.aclose()

    async def write_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        """Stream the body into ``file`` (created or truncated), chunk by chunk."""
        with open(file, "wb") as out:
            async for chunk in self.iter_bytes(chunk_size):
                out.write(chunk)

    async def close(self) -> None:
        """Release the connection without reading the rest of the body."""
        await self.response.aclose()

    async def __aenter__(self) -> AsyncBinaryResponse:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"<AsyncBinaryResponse [{self.status_code}] {self.content_type}>"
