"""Client-wide settings, with the static request headers computed once."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from ._auth import Auth, Security
from ._hooks import Hooks
from ._retry import RetryPolicy

__all__ = ["ClientConfig", "DEFAULT_TIMEOUT", "NOT_GIVEN", "NotGiven"]

DEFAULT_TIMEOUT = 60.0
"""Seconds before a request gives up, unless the SDK or its ``http_client`` says otherwise."""


class NotGiven:
    """The type of `NOT_GIVEN`: an argument left out, where None already means something
    (``timeout=None`` waits forever)."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """Everything a client needs besides the HTTP connection itself.

    ``default_headers`` (Accept and User-Agent) is derived at construction and
    shared by every request; treat it as read-only. It is an ``httpx.Headers``
    because httpx copies those far faster than a dict. ``auth`` is the SDK's
    `Security` (credentials chosen per operation), or one credential that
    every operation sends; ``security`` is it as a `Security`. ``timeout``
    left `NOT_GIVEN` is the ``http_client``'s own when one is passed in, else
    `DEFAULT_TIMEOUT`; it bounds each attempt, and ``total_timeout`` (seconds,
    None: no bound) the whole call, retries and waits included.

    Retries follow ``retry`` when given, else the operation's own policy (from
    the document), else ``default_retry`` (the document's, or `RetryPolicy`'s
    defaults); ``max_retries``, when given, replaces the chosen policy's.
    ``hooks`` are called on every attempt; ``log_env`` names the environment
    variable that turns logging on (`_logging`).
    """

    server_url: str
    auth: Auth | Security | None = None
    user_agent: str = "sdkgen-python"
    timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN
    retry: RetryPolicy | None = None
    default_retry: RetryPolicy = field(default_factory=RetryPolicy)
    max_retries: int | None = None
    total_timeout: float | None = None
    hooks: Hooks | None = None
    log_env: str | None = None
    # Sent with every request after the SDK's own (`with_options(extra_headers=...)`).
    extra_headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    # Excluded from repr because they contain the credentials.
    default_headers: httpx.Headers = field(init=False, repr=False, compare=False)
    secrets: tuple[str, ...] = field(init=False, repr=False, compare=False)
    security: Security = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.max_retries is not None and self.max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {self.max_retries}")
        if self.total_timeout is not None and not self.total_timeout > 0:
            raise ValueError(f"total_timeout must be > 0, got {self.total_timeout}")
        headers = {"Accept": "application/json", "User-Agent": self.user_agent}
        if isinstance(self.auth, Security):
            security = self.auth
        elif self.auth is not None:
            security = Security({"default": self.auth}, (("default",),))
        else:
            security = Security({})
        object.__setattr__(self, "server_url", self.server_url.rstrip("/"))
        default_headers = httpx.Headers(headers)
        default_headers.update(dict(self.extra_headers))
        object.__setattr__(self, "default_headers", default_headers)
        object.__setattr__(self, "security", security)
        # Longest first, so "Bearer <token>" is blanked before "<token>".
        object.__setattr__(self, "secrets", security.secrets())
