"""Pagination: a list method returns a pager that walks every page for you.

    for pet in sdk.pets.list(limit=50):          # every item of every page, fetched lazily
        ...
    for page in sdk.pets.list().pages():         # page by page: .items, .model, .raw
        print(page.raw.request_id, len(page.items))

    async for pet in async_sdk.pets.list():      # the same, asyncio
        ...
    first = await async_sdk.pets.list()          # the first `Page`

As in openai-python, the sync method fetches the first page when it is called (its errors are
raised there) and each further page when the iteration reaches it; the async method returns an
`AsyncPager` at once, which fetches the first page when awaited or iterated. Every page is sent
with the call's own arguments and `RequestOptions` (timeout, retries, extra headers, ...), only
the page's parameter changed.

The walk stops at an empty page, a missing or empty next cursor, ``has_more: false``, when the
items received (for an offset, the next offset) reach the body's total, or at a page whose body
repeats the previous one (a server that answers past the end with its last page; the repeated
page is given as empty). A server that answers with a cursor it has sent before
would loop forever: `PaginationLoopError` is raised instead.
"""

from __future__ import annotations

import json
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, ParamSpec, TypeVar, cast

from ._errors import SDKError
from ._raw import RAW_RESPONSE_OPTION, RawResponse

if TYPE_CHECKING:
    from ._client import AsyncClient, SyncClient
    from ._operation import Operation
    from ._options import RequestOptions

__all__ = [
    "AsyncPager",
    "Page",
    "Pagination",
    "PaginationLoopError",
    "SyncPager",
    "async_paginate",
    "async_raw_page_method",
    "paginate",
    "raw_page_method",
]

PageT = TypeVar("PageT")
ItemT = TypeVar("ItemT")
P = ParamSpec("P")


@dataclass(frozen=True, slots=True)
class Pagination:
    """How an operation's pages follow each other.

    ``parameter`` is the method argument the next page sets: to the next cursor (read at
    ``next_cursor`` in the body, or from the ``item_cursor`` property of the last item), to the
    page number plus one (``first_page`` when the call gave none), or to the offset plus the
    items received. ``items`` are the attribute names leading from the parsed page to its items
    (``()``: the page is the list); ``items_path``, ``next_cursor``, ``has_more`` and ``total``
    are property names in the JSON body.
    """

    style: Literal["cursor", "page", "offset"]
    parameter: str
    items: tuple[str, ...] = ()
    items_path: tuple[str, ...] = ()
    next_cursor: tuple[str, ...] = ()
    item_cursor: str | None = None
    has_more: tuple[str, ...] = ()
    total: tuple[str, ...] = ()
    first_page: int = 1


class PaginationLoopError(SDKError):
    """The server sent a next-page cursor it had sent before: following it would never end."""

    def __init__(self, message: str, *, cursor: object) -> None:
        super().__init__(message)
        self.cursor = cursor


class Page(Generic[PageT, ItemT]):
    """One page: its items, the parsed body (`model`) and the HTTP response (`raw`)."""

    __slots__ = ("items", "model", "raw", "next_value")

    def __init__(
        self,
        items: list[ItemT],
        model: PageT,
        raw: RawResponse[PageT],
        next_value: object,
    ) -> None:
        self.items = items
        self.model = model
        self.raw = raw
        self.next_value = next_value
        """The value the next page's parameter takes (None: this is the last page)."""

    def has_next_page(self) -> bool:
        """Whether another page follows."""
        return self.next_value is not None

    def __iter__(self) -> Iterator[ItemT]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"<Page of {len(self.items)} items, next={self.next_value!r}>"


def _get(data: object, path: Sequence[str]) -> object:
    for name in path:
        if not isinstance(data, dict):
            return None
        data = data.get(name)
    return data


def _items_of(model: object, names: tuple[str, ...]) -> list[Any]:
    value = model
    for name in names:
        value = getattr(value, name, None)
    return list(value) if isinstance(value, (list, tuple)) else []


class _Walk:
    """The state of one walk over the pages, shared by the sync and async pagers."""

    __slots__ = (
        "pagination",
        "args",
        "options",
        "operation_id",
        "received",
        "seen",
        "last_body",
    )

    def __init__(
        self,
        operation: Operation[Any],
        args: Mapping[str, object],
        options: RequestOptions | None,
    ) -> None:
        pagination = operation.pagination
        if pagination is None:
            raise TypeError(f"{operation.operation_id} does not paginate")
        self.pagination = pagination
        self.operation_id = operation.operation_id
        self.args = dict(args)
        raw_options = {**(options or {}), RAW_RESPONSE_OPTION: True}
        self.options = cast("RequestOptions", raw_options)
        self.received = 0
        self.seen: set[object] = set()
        self.last_body: bytes | None = None

    def page(self, raw: RawResponse[Any]) -> Page[Any, Any]:
        """The page ``raw`` holds, with the value of the next page's parameter."""
        model = raw.parse()
        items = _items_of(model, self.pagination.items)
        if raw.content == self.last_body:
            # A server that answers a page past the end with the last one again: the
            # repeated page counts as empty, so its items are not walked twice.
            items = []
        self.last_body = raw.content
        self.received += len(items)
        return Page(items, model, raw, self._next_value(raw, items))

    def _next_value(self, raw: RawResponse[Any], items: list[Any]) -> object:
        if not items:
            return None
        p = self.pagination
        data = json.loads(raw.content) if raw.content else None
        if p.has_more and _get(data, p.has_more) is False:
            return None
        total = _get(data, p.total) if p.total else None
        current = self.args.get(p.parameter)
        if p.style == "offset":
            # The total counts from offset 0, whatever offset the walk started at.
            offset = (current if isinstance(current, int) else 0) + len(items)
            return None if isinstance(total, int) and offset >= total else offset
        if isinstance(total, int) and self.received >= total:
            return None
        if p.style == "page":
            return (current if isinstance(current, int) else p.first_page) + 1
        if p.next_cursor:
            cursor = _get(data, p.next_cursor)
        else:
            listed = _get(data, p.items_path) if p.items_path else data
            last = listed[-1] if isinstance(listed, list) and listed else None
            cursor = _get(last, (p.item_cursor,)) if p.item_cursor else None
        if cursor is None or cursor == "" or isinstance(cursor, (dict, list)):
            return None
        if cursor == current or cursor in self.seen:
            raise PaginationLoopError(
                f"{self.operation_id}: the server sent the cursor {cursor!r} again; "
                "following it would repeat pages forever",
                cursor=cursor,
            )
        if current is not None:
            self.seen.add(current)
        return cursor

    def advance(self, page: Page[Any, Any]) -> bool:
        """Point the arguments at the page after ``page``; False when there is none."""
        if page.next_value is None:
            return False
        self.args[self.pagination.parameter] = page.next_value
        if "idempotency_key" in self.options:
            # A key names one request: the next page is another.
            options = {k: v for k, v in self.options.items() if k != "idempotency_key"}
            self.options = cast("RequestOptions", options)
        return True


class SyncPager(Generic[PageT, ItemT]):
    """Every item of every page (``for item in pager``), or page by page (`pages`).

    The first page is fetched when the method is called; the others when reached.
    """

    __slots__ = ("_client", "_operation", "_args", "_options", "first_page")

    def __init__(
        self,
        client: SyncClient,
        operation: Operation[Any],
        args: Mapping[str, object],
        options: RequestOptions | None,
    ) -> None:
        self._client = client
        self._operation = operation
        self._args = args
        self._options = options
        walk = _Walk(operation, args, options)
        self.first_page: Page[PageT, ItemT] = walk.page(self._fetch(walk))

    def _fetch(self, walk: _Walk) -> RawResponse[Any]:
        raw = self._client.call(self._operation, walk.args, walk.options)
        return cast(RawResponse[Any], raw)

    def pages(self) -> Iterator[Page[PageT, ItemT]]:
        """Each page in turn, from the first (kept) one; the next is fetched when asked for."""
        walk = _Walk(self._operation, self._args, self._options)
        page = self.first_page
        walk.received = len(page.items)
        while True:
            yield page
            if not walk.advance(page):
                return
            page = walk.page(self._fetch(walk))

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.pages():
            yield from page.items

    def __repr__(self) -> str:
        return f"<SyncPager {self._operation.operation_id}>"


class AsyncPager(Generic[PageT, ItemT]):
    """Every item of every page (``async for item in pager``), or page by page (`pages`);
    ``await pager`` gives the first `Page`. Nothing is fetched before one of those."""

    __slots__ = ("_client", "_operation", "_args", "_options", "_first")

    def __init__(
        self,
        client: AsyncClient,
        operation: Operation[Any],
        args: Mapping[str, object],
        options: RequestOptions | None,
    ) -> None:
        self._client = client
        self._operation = operation
        self._args = args
        self._options = options
        self._first: Page[PageT, ItemT] | None = None

    async def _fetch(self, walk: _Walk) -> RawResponse[Any]:
        raw = await self._client.call(self._operation, walk.args, walk.options)
        return cast(RawResponse[Any], raw)

    async def first_page(self) -> Page[PageT, ItemT]:
        """The first page (fetched once, then kept)."""
        if self._first is None:
            walk = _Walk(self._operation, self._args, self._options)
            self._first = walk.page(await self._fetch(walk))
        return self._first

    def __await__(self) -> Generator[Any, None, Page[PageT, ItemT]]:
        return self.first_page().__await__()

    async def pages(self) -> AsyncIterator[Page[PageT, ItemT]]:
        """Each page in turn; the next is fetched when asked for."""
        walk = _Walk(self._operation, self._args, self._options)
        page = await self.first_page()
        walk.received = len(page.items)
        while True:
            yield page
            if not walk.advance(page):
                return
            page = walk.page(await self._fetch(walk))

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.pages():
            for item in page.items:
                yield item

    def __repr__(self) -> str:
        return f"<AsyncPager {self._operation.operation_id}>"


def paginate(
    client: SyncClient,
    operation: Operation[Any],
    args: Mapping[str, object],
    options: RequestOptions | None = None,
) -> SyncPager[Any, Any]:
    """The pager of a sync list method (``with_raw_response``: the first page's response)."""
    if options and RAW_RESPONSE_OPTION in options:
        return cast(SyncPager[Any, Any], client.call(operation, args, options))
    return SyncPager(client, operation, args, options)


def async_paginate(
    client: AsyncClient,
    operation: Operation[Any],
    args: Mapping[str, object],
    options: RequestOptions | None = None,
) -> AsyncPager[Any, Any]:
    """The pager of an async list method (``with_raw_response``: an awaitable of the first
    page's response, which its wrapper awaits)."""
    if options and RAW_RESPONSE_OPTION in options:
        return cast(AsyncPager[Any, Any], client.call(operation, args, options))
    return AsyncPager(client, operation, args, options)


def raw_page_method(
    method: Callable[P, SyncPager[PageT, Any]],
) -> Callable[P, RawResponse[PageT]]:
    """A list method for ``with_raw_response``: the first page's `RawResponse`, whose
    ``parse()`` gives the page's parsed body."""

    def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[PageT]:
        options: dict[str, Any] = {**kwargs, RAW_RESPONSE_OPTION: True}
        return cast(RawResponse[PageT], method(*args, **options))

    call.__doc__ = method.__doc__
    call.__name__ = method.__name__
    return call


def async_raw_page_method(
    method: Callable[P, AsyncPager[PageT, Any]],
) -> Callable[P, Awaitable[RawResponse[PageT]]]:
    """The async `raw_page_method`."""

    async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[PageT]:
        options: dict[str, Any] = {**kwargs, RAW_RESPONSE_OPTION: True}
        return cast(RawResponse[PageT], await method(*args, **options))

    call.__doc__ = method.__doc__
    call.__name__ = method.__name__
    return call
