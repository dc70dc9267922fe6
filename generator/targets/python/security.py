"""Python credentials: the document's security schemes as `SDK(...)` arguments, each with its
environment variable, and each operation's requirements as the runtime's `Security` selects them.

What the SDK can send: http `bearer` and `basic`, `apiKey` in a header, query parameter or cookie,
and `oauth2` / `openIdConnect` taken as a bearer token (the SDK does not run the flows). A
requirement naming a scheme it cannot send (mutualTLS, http digest, ...) is left out, with a
warning at the scheme.

Names: one argument per scheme, the scheme's name in snake case (`bearerAuth` -> `bearer_auth`); a
basic scheme takes two, `<name>_username` and `<name>_password`. Environment variables: when the
SDK takes one scheme it is `<PACKAGE>_API_KEY` (`<PACKAGE>_USERNAME` / `<PACKAGE>_PASSWORD` for
basic), so the common case reads as it always has; with several, `<PACKAGE>_<SCHEME>` (and
`_USERNAME` / `_PASSWORD` after it for basic).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from urllib.parse import quote

from ...diagnostics import Diagnostic, excerpt, join_pointer
from ...ir.api import Api, Operation, Requirement, SecurityScheme, Where
from ...ir.wire import is_header_name
from ...naming import NameRegistry, constant, python_name
from ...reserved import CONSTRUCTOR_RESERVED
from ...text import SpecText
from .literals import pyrepr, tuple_literal
from .view import AuthOption

TEST_TOKEN = "test-token"
_PLACEHOLDERS = {
    "bearer": "<YOUR_BEARER_TOKEN_HERE>",
    "api_key": "<YOUR_API_KEY_HERE>",
    "username": "<YOUR_USERNAME_HERE>",
    "password": "<YOUR_PASSWORD_HERE>",
}


@dataclass(frozen=True, slots=True)
class _Scheme:
    """A scheme the SDK can send, with its constructor arguments."""

    scheme: SecurityScheme
    kind: str  # bearer | basic | api_key
    options: tuple[AuthOption, ...]  # one, or username and password for basic
    value: str  # the runtime expression building its credential (or Missing)


@dataclass(frozen=True, slots=True)
class Credentials:
    """What the SDK constructor takes and how each operation's requirements are declared."""

    options: tuple[AuthOption, ...]
    expression: str  # the `ClientConfig(auth=...)` expression
    runtime_names: frozenset[str]  # runtime classes `_sdk.py` imports
    required: bool  # every operation needs a credential, so SDK() without any fails
    example: str  # constructor arguments for the README's first example
    note: SpecText  # how alternatives are chosen ("" with a single scheme)
    _schemes: dict[str, _Scheme]
    _default: tuple[Requirement, ...]

    def options_for(self, key: str) -> tuple[AuthOption, ...]:
        """The constructor arguments that carry scheme `key` (none if the SDK cannot send it)."""
        scheme = self._schemes.get(key)
        return scheme.options if scheme is not None else ()

    def sent_in(self, op: Operation) -> frozenset[tuple[str, str]]:
        """Where the credentials `op` may send travel, as (location, name; lower case for a
        header): a parameter of `op` there is left to them. An operation that sends none
        (`security: []`) keeps all its parameters."""
        return frozenset(
            place
            for requirement in self.effective(op)
            for key in requirement
            for place in _places(self._schemes[key])
        )

    def declared(self, op: Operation) -> str:
        """The `security=` literal of an operation's declaration (None: the default applies)."""
        effective = self.effective(op)
        if op.security is None and effective == self._default:
            return "None"
        return _tuple_literal(effective)

    def effective(self, op: Operation) -> tuple[Requirement, ...]:
        """The alternatives an operation accepts, schemes the SDK cannot send left out, each
        joined by the schemes the operation's required parameters ask for."""
        alternatives = (
            self._default if op.security is None else self._supported(op.security)
        )
        return self._with_required_parameters(op, alternatives)

    def _with_required_parameters(
        self, op: Operation, alternatives: tuple[Requirement, ...]
    ) -> tuple[Requirement, ...]:
        """A scheme whose credential travels where `op` declares a *required* parameter is
        needed on every call, whichever alternative is chosen: Trello's documents offer
        `security: [{key}, {token}]` and declare both the `key` and the `token` query
        parameters required (its API needs both), so each alternative gains the other.
        """
        required = {
            (
                p.location,
                p.wire_name.raw.lower() if p.location == "header" else p.wire_name.raw,
            )
            for p in op.parameters
            if p.required
        }
        needed: list[str] = []
        for requirement in alternatives:
            for key in requirement:
                if key not in needed and required.intersection(
                    _places(self._schemes[key])
                ):
                    needed.append(key)
        if not needed:
            return alternatives
        joined: list[Requirement] = []
        for requirement in alternatives:
            whole = tuple(requirement) + tuple(
                k for k in needed if k not in requirement
            )
            if whole not in joined:
                joined.append(whole)
        return tuple(joined)

    def checks(self, op: Operation) -> tuple[str, ...]:
        """Assertions (over `request`) that a call with every credential given sends the
        first alternative's credentials, or, for an operation needing none, none at all.
        """
        alternatives = self.effective(op)
        if not alternatives or not alternatives[0]:
            return (
                f"{pyrepr(TEST_TOKEN)} not in str(request.url)",
                f"all({pyrepr(TEST_TOKEN)} not in value for value in request.headers.values())",
                '"authorization" not in request.headers',
            )
        return tuple(_check(self._schemes[key]) for key in alternatives[0])

    def query(self, op: Operation) -> str:
        """What the first alternative adds to a test call's query string."""
        alternatives = self.effective(op)
        pieces = [
            f"{quote(s.scheme.parameter_name.raw, safe='')}={TEST_TOKEN}"
            for key in (alternatives[0] if alternatives else ())
            if (s := self._schemes[key]).kind == "api_key"
            and s.scheme.location == "query"
        ]
        return "&".join(pieces)

    def _supported(
        self, requirements: tuple[Requirement, ...]
    ) -> tuple[Requirement, ...]:
        return tuple(r for r in requirements if all(k in self._schemes for k in r))


def _tuple_literal(requirements: tuple[Requirement, ...]) -> str:
    return tuple_literal(tuple_literal(map(pyrepr, r)) for r in requirements)


def _check(scheme: _Scheme) -> str:
    name = scheme.scheme.parameter_name.raw
    if scheme.kind == "bearer":
        return f'request.headers["Authorization"] == {pyrepr("Bearer " + TEST_TOKEN)}'
    if scheme.kind == "basic":
        token = base64.b64encode(f"{TEST_TOKEN}:{TEST_TOKEN}".encode()).decode()
        return f'request.headers["Authorization"] == {pyrepr("Basic " + token)}'
    if scheme.scheme.location == "query":
        return f"request.url.params[{pyrepr(name)}] == {pyrepr(TEST_TOKEN)}"
    if scheme.scheme.location == "cookie":
        pair = f"{name}={TEST_TOKEN}"
        return f'{pyrepr(pair)} in request.headers["Cookie"].split("; ")'
    return f"request.headers[{pyrepr(name)}] == {pyrepr(TEST_TOKEN)}"


def lower_credentials(
    api: Api, package: str, diagnostics: list[Diagnostic]
) -> Credentials:
    """The SDK's credentials: the schemes its requirements name, in the document's order."""
    declared = {scheme.key: scheme for scheme in api.security_schemes}
    named: dict[str, None] = {}
    requirement_lists = [api.security] + [
        p.operation.security for p in api.operations if p.operation.security is not None
    ]
    for requirements in requirement_lists:
        for requirement in requirements:
            named.update(dict.fromkeys(requirement))
    usable = [
        scheme
        for scheme in api.security_schemes
        if scheme.key in named and _kind(scheme, diagnostics) is not None
    ]
    names = NameRegistry(CONSTRUCTOR_RESERVED)
    env_vars = NameRegistry()
    prefix = constant(package)
    schemes: dict[str, _Scheme] = {}
    for scheme in usable:
        scheme_options: tuple[AuthOption, ...]
        kind = _kind(scheme, [])
        assert kind is not None
        base = prefix if len(usable) == 1 else f"{prefix}_{constant(scheme.key)}"
        param = python_name(scheme.key, CONSTRUCTOR_RESERVED)
        doc = scheme.description.raw or _default_doc(scheme, kind)
        if kind == "basic":
            user = names.claim(f"{param}_username")
            password = names.claim(f"{param}_password")
            user_env = env_vars.claim(f"{base}_USERNAME")
            password_env = env_vars.claim(f"{base}_PASSWORD")
            scheme_options = (
                AuthOption(user, user_env, "BasicAuth", SpecText(f"Username: {doc}"), _PLACEHOLDERS["username"]),
                AuthOption(password, password_env, "BasicAuth", SpecText(f"Password: {doc}"), _PLACEHOLDERS["password"]),
            )  # fmt: skip
            value = (
                f"BasicAuth.optional({user}, {password}, "
                f"options=({user!r}, {password!r}), env_vars=({user_env!r}, {password_env!r}))"
            )
        else:
            param = names.claim(param)
            env_var = env_vars.claim(base if len(usable) > 1 else f"{base}_API_KEY")
            runtime = "ApiKeyAuth" if kind == "api_key" else "BearerAuth"
            placeholder = _PLACEHOLDERS["api_key" if kind == "api_key" else "bearer"]
            scheme_options = (
                AuthOption(param, env_var, runtime, SpecText(doc), placeholder),
            )
            if kind == "api_key":
                value = (
                    f"ApiKeyAuth.optional({param}, name={pyrepr(scheme.parameter_name.raw)}, "
                    f"location={scheme.location!r}, option={param!r}, env_var={env_var!r})"
                )
            else:
                value = f"BearerAuth.optional({param}, option={param!r}, env_var={env_var!r})"
        schemes[scheme.key] = _Scheme(scheme, kind, scheme_options, value)
    for key in named:
        if key not in declared:
            message = f"security scheme {excerpt(key)} is not declared in components/securitySchemes; requirements naming it are left out"
            diagnostics.append(api.document.diagnostic(message, limitation=True))
    _warn_about_shared_places(api, schemes, diagnostics)
    default = tuple(r for r in api.security if all(k in schemes for k in r))
    all_options = tuple(o for s in schemes.values() for o in s.options)
    effective = [
        (
            default
            if p.operation.security is None
            else tuple(r for r in p.operation.security if all(k in schemes for k in r))
        )
        for p in api.operations
    ]
    required = bool(schemes) and all(alts and all(alts) for alts in effective)
    entries = "".join(f"{pyrepr(key)}: {s.value}, " for key, s in schemes.items())
    expression = (
        f"Security({{{entries}}}, {_tuple_literal(default)}, required={required!r})"
        if schemes
        else "None"
    )
    first = default[0] if default else tuple(schemes)[:1]
    example = ", ".join(
        f'{o.param}="{o.placeholder}"' for key in first for o in schemes[key].options
    )
    note = (
        "Each operation sends the first of the credentials it accepts that you gave "
        "(some need several together); one you leave out is only needed by the "
        "operations that accept nothing else, which raise MissingCredentialsError, "
        "naming the arguments and environment variables to set, before sending."
        if len(schemes) > 1 or not required
        else ""
    )
    return Credentials(
        options=all_options,
        expression=expression,
        runtime_names=frozenset(
            {"Security", *(o.runtime_class for o in all_options)} if schemes else ()
        ),
        required=required,
        example=example,
        note=SpecText(note),
        _schemes=schemes,
        _default=default,
    )


def _kind(scheme: SecurityScheme, diagnostics: list[Diagnostic]) -> str | None:
    """bearer, basic or api_key: how the SDK sends `scheme`; None (with a diagnostic) if it cannot."""
    if scheme.type == "http" and scheme.scheme in ("bearer", "basic"):
        return scheme.scheme
    if scheme.type in ("oauth2", "openIdConnect"):
        return "bearer"
    if scheme.type == "apiKey" and scheme.location in ("header", "query", "cookie"):
        name = scheme.parameter_name.raw
        if not name or (scheme.location == "header" and not is_header_name(name)):
            message = f"{excerpt(name)} is not a valid HTTP header name"
            where = Where(scheme.where.file, join_pointer(scheme.where.pointer, "name"))
            diagnostics.append(where.diagnostic(message, "error"))
            return None
        if not (name.isascii() and name.isprintable() and ";" not in name):
            message = f"{excerpt(name)} cannot be sent as a {scheme.location} name"
            where = Where(scheme.where.file, join_pointer(scheme.where.pointer, "name"))
            diagnostics.append(where.diagnostic(message, "error"))
            return None
        return "api_key"
    message = (
        "this security scheme is not supported yet; requirements naming it are left out"
    )
    diagnostics.append(scheme.where.diagnostic(message, limitation=True))
    return None


def _default_doc(scheme: SecurityScheme, kind: str) -> str:
    if kind == "basic":
        return "HTTP basic authentication."
    if kind == "api_key":
        where = {"header": "header", "query": "query parameter", "cookie": "cookie"}
        return f"API key, sent in the {where[scheme.location]} {scheme.parameter_name.raw}."
    if scheme.type in ("oauth2", "openIdConnect"):
        return "An OAuth 2.0 access token, sent as a bearer token."
    return "Bearer token."


def _places(scheme: _Scheme) -> tuple[tuple[str, str], ...]:
    """Where a scheme's credential is sent, as (location, name; lower case for a header)."""
    if scheme.kind in ("bearer", "basic"):
        return (("header", "authorization"),)
    name = scheme.scheme.parameter_name.raw
    if scheme.kind != "api_key" or not name:
        return ()
    location = scheme.scheme.location
    return ((location, name.lower() if location == "header" else name),)


def _warn_about_shared_places(
    api: Api, schemes: dict[str, _Scheme], diagnostics: list[Diagnostic]
) -> None:
    """A requirement naming two schemes sent in one place (bearer and basic, both in the
    Authorization header) cannot be met on the wire: the last one given is sent."""
    written = [(Where(api.document.file, "/security"), api.security)]
    written += [
        (Where(p.operation.where.file, join_pointer(p.operation.where.pointer, "security")), p.operation.security)
        for p in api.operations
        if p.operation.security is not None
    ]  # fmt: skip
    for where, requirements in written:
        for requirement in requirements:
            places = [
                place
                for key in requirement
                if key in schemes
                for place in _places(schemes[key])
            ]
            if len(places) != len(set(places)):
                message = (
                    "this requirement combines schemes sent in the same place "
                    f"({', '.join(excerpt(k) for k in requirement)}); only the last is sent"
                )
                diagnostics.append(where.diagnostic(message, limitation=True))
