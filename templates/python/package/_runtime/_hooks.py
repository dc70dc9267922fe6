"""Request and response hooks: functions the SDK calls on every attempt.

A hook sees the request exactly as it is sent, credentials included (as
httpx's own ``event_hooks`` do); it may add headers to it, but should not log
its headers as they are. The SDK's own logging (`_logging`) never shows a
credential.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import TypeVar

import httpx

__all__ = ["Hooks", "RequestHook", "ResponseHook"]

RequestHook = Callable[[httpx.Request], object]
"""Called with each attempt's request before it is sent (may be async on `AsyncSDK`)."""
ResponseHook = Callable[[httpx.Response], object]
"""Called with each attempt's response, any status, before it is read (may be async on
`AsyncSDK`)."""


class Hooks:
    """Functions called on every attempt, retries included, in order.

    ``on_request`` hooks (one function or several) get the `httpx.Request`
    about to be sent, ``on_response`` hooks every `httpx.Response` received
    (errors and retried ones too). On `AsyncSDK` a hook may be a coroutine
    function; its result is awaited. An exception a hook raises ends the call.
    """

    __slots__ = ("on_request", "on_response")

    def __init__(
        self,
        *,
        on_request: RequestHook | Iterable[RequestHook] = (),
        on_response: ResponseHook | Iterable[ResponseHook] = (),
    ) -> None:
        self.on_request: tuple[RequestHook, ...] = _functions("on_request", on_request)
        self.on_response: tuple[ResponseHook, ...] = _functions(
            "on_response", on_response
        )

    def __repr__(self) -> str:
        return (
            f"Hooks(on_request={self.on_request!r}, on_response={self.on_response!r})"
        )

    def run_request(self, request: httpx.Request) -> None:
        """Call the request hooks (blocking client: an async hook is an error)."""
        for hook in self.on_request:
            _no_awaitable(hook(request), hook)

    def run_response(self, response: httpx.Response) -> None:
        """Call the response hooks (blocking client: an async hook is an error)."""
        for hook in self.on_response:
            _no_awaitable(hook(response), hook)

    async def arun_request(self, request: httpx.Request) -> None:
        """Call the request hooks, awaiting those that are async."""
        for hook in self.on_request:
            result = hook(request)
            if inspect.isawaitable(result):
                await result

    async def arun_response(self, response: httpx.Response) -> None:
        """Call the response hooks, awaiting those that are async."""
        for hook in self.on_response:
            result = hook(response)
            if inspect.isawaitable(result):
                await result


H = TypeVar("H", RequestHook, ResponseHook)


def _functions(name: str, value: H | Iterable[H]) -> tuple[H, ...]:
    """One function is as good as a list of one."""
    hooks: tuple[H, ...] = (value,) if callable(value) else tuple(value)
    if not all(callable(hook) for hook in hooks):
        raise TypeError(f"Hooks({name}=...) takes functions")
    return hooks


def _no_awaitable(result: object, hook: object) -> None:
    if inspect.isawaitable(result):
        close = getattr(result, "close", None)
        if close is not None:
            close()  # no "never awaited" warning on top of the error
        raise TypeError(
            f"hook {hook!r} is async: pass async hooks to AsyncSDK, not to SDK"
        )
