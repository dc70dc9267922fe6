"""Credentials, resolved once when the client is built.

Auth objects only contribute static headers; their reprs never show the secret,
and no error message repeats it.
"""

from __future__ import annotations

import os
from typing import Protocol

from ._errors import InvalidParameterError, MissingCredentialsError

__all__ = ["ApiKeyAuth", "Auth", "BearerAuth"]


class Auth(Protocol):
    """Anything that can contribute authentication headers to every request."""

    def headers(self) -> dict[str, str]:
        """Return the headers to add to every request."""
        ...


def _from_argument_or_env(value: str | None, *, option: str, env_var: str) -> str:
    # An empty string counts as missing: an exported-but-empty variable is a mistake.
    secret = (value or os.environ.get(env_var) or "").strip()
    if not secret:
        raise MissingCredentialsError(
            f"No credentials found: pass {option}=... or set {env_var}"
        )
    return _checked(secret, f"{option} (or {env_var})")


def _checked(secret: str, source: str) -> str:
    """``secret``, if it can travel in a header; the error never shows it.

    Surrounding whitespace (a newline left by reading a file) is dropped;
    anything else that is not printable ASCII is refused.
    """
    secret = secret.strip()
    if not (secret.isascii() and secret.isprintable()):
        raise InvalidParameterError(
            f"Invalid credentials in {source}: only printable ASCII characters can be "
            "sent in a header; check how the value was read (it is not shown here)",
            parameter=source.split(" ", 1)[0],
            value=None,
        )
    return secret


class BearerAuth:
    """Sends ``Authorization: Bearer <token>``."""

    __slots__ = ("_token",)

    def __init__(self, token: str) -> None:
        self._token = _checked(token, "token")

    @classmethod
    def resolve(cls, value: str | None, *, option: str, env_var: str) -> BearerAuth:
        """Use ``value`` if given, else ``os.environ[env_var]``.

        Raises `MissingCredentialsError` when neither is set.
        """
        return cls(_from_argument_or_env(value, option=option, env_var=env_var))

    def headers(self) -> dict[str, str]:
        """Return the Authorization header."""
        return {"Authorization": f"Bearer {self._token}"}

    def __repr__(self) -> str:
        return "BearerAuth(token=<redacted>)"


class ApiKeyAuth:
    """Sends an API key in a named header, e.g. ``X-API-Key: <key>``."""

    __slots__ = ("_header_name", "_key")

    def __init__(self, header_name: str, key: str) -> None:
        self._header_name = header_name
        self._key = _checked(key, "key")

    @property
    def header_name(self) -> str:
        """The header that carries the key."""
        return self._header_name

    @classmethod
    def resolve(
        cls, value: str | None, *, header_name: str, option: str, env_var: str
    ) -> ApiKeyAuth:
        """Use ``value`` if given, else ``os.environ[env_var]``.

        Raises `MissingCredentialsError` when neither is set.
        """
        key = _from_argument_or_env(value, option=option, env_var=env_var)
        return cls(header_name, key)

    def headers(self) -> dict[str, str]:
        """Return the API key header."""
        return {self._header_name: self._key}

    def __repr__(self) -> str:
        return f"ApiKeyAuth(header_name={self._header_name!r}, key=<redacted>)"
