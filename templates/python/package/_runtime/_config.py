"""Client-wide settings, with the static request headers computed once."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from ._auth import Auth
from ._retry import RetryPolicy

__all__ = ["ClientConfig"]


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """Everything a client needs besides the HTTP connection itself.

    ``default_headers`` (Accept, User-Agent and the auth headers) is derived
    at construction and shared by every request; treat it as read-only. It is
    an ``httpx.Headers`` because httpx copies those far faster than a dict.
    """

    server_url: str
    auth: Auth | None = None
    user_agent: str = "sdkgen-python"
    timeout: float | httpx.Timeout | None = 60.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    # Excluded from repr because they contain the credentials.
    default_headers: httpx.Headers = field(init=False, repr=False, compare=False)
    secrets: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        headers = {"Accept": "application/json", "User-Agent": self.user_agent}
        secrets: list[str] = []
        if self.auth is not None:
            auth_headers = self.auth.headers()
            headers.update(auth_headers)
            for value in auth_headers.values():
                # Longest first, so "Bearer <token>" is blanked before "<token>".
                secrets += [value, value.rpartition(" ")[2]]
        object.__setattr__(self, "server_url", self.server_url.rstrip("/"))
        object.__setattr__(self, "default_headers", httpx.Headers(headers))
        object.__setattr__(self, "secrets", tuple(s for s in secrets if s))
