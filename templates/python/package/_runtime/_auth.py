"""Credentials, resolved once when the client is built, and chosen per operation.

A scheme object (`BearerAuth`, `BasicAuth`, `ApiKeyAuth`) holds one
credential and says what it adds to a request: headers, query pieces or
cookies (`AuthParts`). `Security` holds the SDK's credentials by the
document's scheme names and picks, for each operation, the first of its
alternative requirements whose credentials were all given (a requirement
naming several schemes sends all of them). Reprs never show a secret, and no
error message repeats one: a missing credential is named by its constructor
argument and environment variable.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from typing import NamedTuple, Protocol
from urllib.parse import quote

from ._errors import InvalidParameterError, MissingCredentialsError

__all__ = [
    "ApiKeyAuth",
    "Auth",
    "AuthParts",
    "BasicAuth",
    "BearerAuth",
    "Missing",
    "Security",
]


class AuthParts(NamedTuple):
    """What credentials add to a request."""

    headers: tuple[tuple[str, str], ...] = ()
    query: tuple[str, ...] = ()  # encoded "name=value" pieces
    cookies: tuple[str, ...] = ()  # "name=value" pairs


_NO_AUTH = AuthParts()


class Auth(Protocol):
    """Anything that can contribute authentication headers to a request."""

    def headers(self) -> dict[str, str]:
        """Return the headers to add to a request."""
        ...


def _parts(auth: Auth) -> AuthParts:
    parts = getattr(auth, "parts", None)
    if callable(parts):
        found = parts()
        if isinstance(found, AuthParts):
            return found
    return AuthParts(headers=tuple(auth.headers().items()))


class Missing:
    """A credential that was neither passed nor found in the environment.

    ``hint`` says how to give it (``pass bearer_auth=... or set X_API_KEY``);
    ``partial`` is set when part of it was given (a username without a
    password).
    """

    __slots__ = ("hint", "partial")

    def __init__(self, hint: str, *, partial: bool = False) -> None:
        self.hint = hint
        self.partial = partial

    def __repr__(self) -> str:
        return f"Missing({self.hint!r})"


def _optional(value: str | None, *, option: str, env_var: str) -> str | Missing:
    # An empty string counts as missing: an exported-but-empty variable is a mistake.
    secret = (value or os.environ.get(env_var) or "").strip()
    if not secret:
        return Missing(f"pass {option}=... or set {env_var}")
    return _checked(secret, f"{option} (or {env_var})")


def _from_argument_or_env(value: str | None, *, option: str, env_var: str) -> str:
    secret = _optional(value, option=option, env_var=env_var)
    if isinstance(secret, Missing):
        raise MissingCredentialsError(f"No credentials found: {secret.hint}")
    return secret


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

    @classmethod
    def optional(
        cls, value: str | None, *, option: str, env_var: str
    ) -> BearerAuth | Missing:
        """Like `resolve`, but a missing token is returned as `Missing`."""
        token = _optional(value, option=option, env_var=env_var)
        return token if isinstance(token, Missing) else cls(token)

    def headers(self) -> dict[str, str]:
        """Return the Authorization header."""
        return {"Authorization": f"Bearer {self._token}"}

    def __repr__(self) -> str:
        return "BearerAuth(token=<redacted>)"


class BasicAuth:
    """Sends ``Authorization: Basic <base64 of username:password>``."""

    __slots__ = ("_password", "_username")

    def __init__(self, username: str, password: str) -> None:
        self._username = _checked(username, "username")
        self._password = _checked(password, "password")

    @classmethod
    def optional(
        cls,
        username: str | None,
        password: str | None,
        *,
        options: tuple[str, str],
        env_vars: tuple[str, str],
    ) -> BasicAuth | Missing:
        """Both halves from their arguments or environment variables; `Missing`
        (naming what is missing) unless both are there."""
        user = _optional(username, option=options[0], env_var=env_vars[0])
        secret = _optional(password, option=options[1], env_var=env_vars[1])
        if isinstance(user, Missing) or isinstance(secret, Missing):
            hints = [m.hint for m in (user, secret) if isinstance(m, Missing)]
            both = isinstance(user, Missing) and isinstance(secret, Missing)
            return Missing(" and ".join(hints), partial=not both)
        return cls(user, secret)

    def headers(self) -> dict[str, str]:
        """Return the Authorization header."""
        pair = f"{self._username}:{self._password}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}

    def __repr__(self) -> str:
        return "BasicAuth(username=<redacted>, password=<redacted>)"


class ApiKeyAuth:
    """Sends an API key in a named header (``X-API-Key: <key>``), query
    parameter or cookie."""

    __slots__ = ("_header_name", "_key", "_location")

    def __init__(self, header_name: str, key: str, location: str = "header") -> None:
        self._header_name = header_name
        self._key = _checked(key, "key")
        self._location = location

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

    @classmethod
    def optional(
        cls,
        value: str | None,
        *,
        name: str,
        location: str,
        option: str,
        env_var: str,
    ) -> ApiKeyAuth | Missing:
        """The key in ``location`` (header, query or cookie) ``name``, or `Missing`."""
        key = _optional(value, option=option, env_var=env_var)
        return key if isinstance(key, Missing) else cls(name, key, location)

    def headers(self) -> dict[str, str]:
        """Return the API key header (none when it travels elsewhere)."""
        return {self._header_name: self._key} if self._location == "header" else {}

    def parts(self) -> AuthParts:
        """What the key adds to a request."""
        if self._location == "query":
            piece = f"{quote(self._header_name, safe='')}={quote(self._key, safe='')}"
            return AuthParts(query=(piece,))
        if self._location == "cookie":
            return AuthParts(cookies=(f"{self._header_name}={quote(self._key)}",))
        return AuthParts(headers=((self._header_name, self._key),))

    def secret_texts(self) -> tuple[str, ...]:
        """The forms of the key a message could repeat."""
        return (self._key, quote(self._key, safe=""))

    def __repr__(self) -> str:
        return f"ApiKeyAuth(header_name={self._header_name!r}, key=<redacted>)"


class Security:
    """The SDK's credentials by scheme name, and which ones each operation sends.

    ``schemes`` maps the document's scheme names to a credential or `Missing`;
    ``default`` is the API's requirements (alternatives, each naming the
    schemes sent together), used by operations that declare none. With
    ``required``, an SDK given no credential at all fails at construction
    (every operation needs one); otherwise an operation fails when it is
    called, before anything is sent, naming what to pass.
    """

    __slots__ = ("_chosen", "_default", "_schemes")

    def __init__(
        self,
        schemes: Mapping[str, Auth | Missing],
        default: tuple[tuple[str, ...], ...] = (),
        *,
        required: bool = False,
    ) -> None:
        self._schemes = dict(schemes)
        self._default = default
        self._chosen: dict[object, AuthParts] = {}
        missing = [m for m in self._schemes.values() if isinstance(m, Missing)]
        if required and len(missing) == len(self._schemes) and self._schemes:
            if not any(m.partial for m in missing):
                hints = ", or ".join(dict.fromkeys(m.hint for m in missing))
                raise MissingCredentialsError(f"No credentials found: {hints}")

    def select(self, requirements: tuple[tuple[str, ...], ...] | None) -> AuthParts:
        """What an operation with ``requirements`` (None: the default) sends.

        Raises `MissingCredentialsError` when no alternative has all its credentials.
        """
        chosen = self._chosen.get(requirements)
        if chosen is None:
            chosen = self._choose(requirements)
            self._chosen[requirements] = chosen
        return chosen

    def _choose(self, requirements: tuple[tuple[str, ...], ...] | None) -> AuthParts:
        alternatives = self._default if requirements is None else requirements
        if not alternatives:
            return _NO_AUTH
        for requirement in alternatives:
            found = [self._schemes.get(name) for name in requirement]
            if all(
                auth is not None and not isinstance(auth, Missing) for auth in found
            ):
                parts = [
                    _parts(a)
                    for a in found
                    if a is not None and not isinstance(a, Missing)
                ]
                return AuthParts(
                    tuple(h for p in parts for h in p.headers),
                    tuple(q for p in parts for q in p.query),
                    tuple(c for p in parts for c in p.cookies),
                )
        options = []
        for requirement in alternatives:
            hints = []
            for name in requirement:
                auth = self._schemes.get(name)
                if isinstance(auth, Missing):
                    hints.append(auth.hint)
                elif auth is None:
                    hints.append(
                        f"credentials for {name!r}, which this SDK cannot send"
                    )
            options.append(" and ".join(hints))
        raise MissingCredentialsError(
            "No credentials for this operation: " + ", or ".join(dict.fromkeys(options))
        )

    def secrets(self) -> tuple[str, ...]:
        """Every form of every credential a message could repeat, longest first."""
        found: list[str] = []
        for auth in self._schemes.values():
            if isinstance(auth, Missing):
                continue
            for _, value in _parts(auth).headers:
                found += [value, value.rpartition(" ")[2]]
            texts = getattr(auth, "secret_texts", None)
            if callable(texts):
                found += [t for t in texts() if isinstance(t, str)]
            if isinstance(auth, BasicAuth):
                found.append(auth._password)
        return tuple(sorted({s for s in found if s}, key=len, reverse=True))

    def __repr__(self) -> str:
        return f"Security(schemes={sorted(self._schemes)!r})"
