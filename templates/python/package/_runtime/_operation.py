"""Declarative description of an API operation, its parameters and constraints.

Generated code builds one `Operation` per endpoint at import time; all the
work that does not depend on argument values happens here, once.

Constraints come from the parameter's schema. Following JSON Schema, a
constraint ignores values of a type it does not apply to (a pattern says
nothing about an integer). `Pattern`, `Range` and `OneOf` check every item
of a list; `Length` measures the value itself (characters of a string, items
of a list).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Generic, Literal, Protocol, TypeVar
from urllib.parse import parse_qsl, quote

from ._body import Body
from ._errors import InvalidParameterError
from ._pagination import Pagination
from ._retry import RetryPolicy
from ._params import (
    content_text,
    cookie_pieces,
    header_text,
    path_text,
    query_pieces,
)

__all__ = [
    "Constraint",
    "Length",
    "OneOf",
    "Operation",
    "Param",
    "ParamLocation",
    "Pattern",
    "Range",
    "Requirement",
]

T = TypeVar("T")
ParamLocation = Literal["path", "query", "header", "cookie"]
# Scheme names that must all be sent; an operation lists alternatives in order.
Requirement = tuple[str, ...]
_DEFAULT_STYLES = {
    "path": "simple",
    "header": "simple",
    "query": "form",
    "cookie": "form",
}
Number = int | float

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
# What a URL path may hold as it is (RFC 3986 pchar and "/", plus what httpx leaves alone):
# printable ASCII except space " # < > ? ` { } ("%" too, so existing escapes stay). Anything
# else in the path's literal text is percent-encoded here, once, instead of being refused by
# httpx on every call.
_PATH_SAFE = frozenset(chr(c) for c in range(0x21, 0x7F)) - set('"#<>?`{}')
_MAX_VALUE_IN_MESSAGE = 100


class Constraint(Protocol):
    """A check on a parameter value, with a human description of the rule."""

    def check(self, value: object) -> bool:
        """Return True when ``value`` satisfies the constraint."""
        ...

    def describe(self) -> str:
        """Describe the rule, e.g. "must match pattern '^a'"."""
        ...


@dataclass(frozen=True, slots=True)
class Pattern:
    """The string must contain a match of ``regex`` (anchor it to match whole)."""

    regex: str
    _compiled: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_compiled", re.compile(self.regex))

    def check(self, value: object) -> bool:
        """Return True when ``value`` (or each list item) matches."""
        if isinstance(value, str):
            return self._compiled.search(value) is not None
        if isinstance(value, (list, tuple)):
            return all(self.check(item) for item in value)
        return True

    def describe(self) -> str:
        """Describe the rule."""
        # Not repr(): the message must show the pattern exactly as the spec has it.
        return f"must match pattern '{self.regex}'"


@dataclass(frozen=True, slots=True)
class Length:
    """The string length, or number of list items, must lie within bounds."""

    min_length: int | None = None
    max_length: int | None = None

    def check(self, value: object) -> bool:
        """Return True when ``len(value)`` is within bounds."""
        if not isinstance(value, (str, list, tuple)):
            return True
        size = len(value)
        if self.min_length is not None and size < self.min_length:
            return False
        return self.max_length is None or size <= self.max_length

    def describe(self) -> str:
        """Describe the rule."""
        bounds = []
        if self.min_length is not None:
            bounds.append(f"at least {self.min_length}")
        if self.max_length is not None:
            bounds.append(f"at most {self.max_length}")
        return "must have length " + " and ".join(bounds)


@dataclass(frozen=True, slots=True)
class Range:
    """The number (or each list item) must lie within the given bounds."""

    minimum: Number | None = None
    maximum: Number | None = None
    exclusive_minimum: Number | None = None
    exclusive_maximum: Number | None = None

    def check(self, value: object) -> bool:
        """Return True when ``value`` is within bounds."""
        if isinstance(value, (list, tuple)):
            return all(self.check(item) for item in value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return True
        return not (
            (self.minimum is not None and value < self.minimum)
            or (self.maximum is not None and value > self.maximum)
            or (self.exclusive_minimum is not None and value <= self.exclusive_minimum)
            or (self.exclusive_maximum is not None and value >= self.exclusive_maximum)
        )

    def describe(self) -> str:
        """Describe the rule, e.g. "must be >= 1 and < 10"."""
        bounds = [
            f"{symbol} {bound}"
            for symbol, bound in (
                (">=", self.minimum),
                (">", self.exclusive_minimum),
                ("<=", self.maximum),
                ("<", self.exclusive_maximum),
            )
            if bound is not None
        ]
        return "must be " + " and ".join(bounds)


@dataclass(frozen=True, slots=True)
class OneOf:
    """The value (or each list item) must be one of the enum ``values``."""

    values: tuple[object, ...]

    def check(self, value: object) -> bool:
        """Return True when ``value`` is allowed."""
        if isinstance(value, (list, tuple)):
            return all(item in self.values for item in value)
        return value in self.values

    def describe(self) -> str:
        """Describe the rule."""
        return "must be one of " + ", ".join(repr(value) for value in self.values)


@dataclass(frozen=True, slots=True)
class Param:
    """One path, query, header or cookie parameter of an operation.

    ``name`` is the Python keyword argument, ``wire_name`` the name in the
    request. ``style`` and ``explode`` are OpenAPI's (empty and None: its
    defaults for the location); ``allow_reserved`` leaves RFC 3986 reserved
    characters unencoded in a query value; ``media_type`` is set for a
    ``content``-encoded parameter (its value is sent as JSON text). How each
    style is written is in `_params`.
    """

    name: str
    wire_name: str
    location: ParamLocation
    required: bool = False
    constraints: tuple[Constraint, ...] = ()
    style: str = ""
    explode: bool | None = None
    allow_reserved: bool = False
    media_type: str | None = None

    def __post_init__(self) -> None:
        style = self.style or _DEFAULT_STYLES[self.location]
        object.__setattr__(self, "style", style)
        if self.explode is None:
            object.__setattr__(self, "explode", style == "form")

    def _value(self, value: object) -> object:
        if self.media_type is not None:
            return content_text(value, self.media_type)
        return value

    def path_text(self, value: object) -> str:
        """``value`` as this parameter's percent-encoded text in the path."""
        return path_text(
            self.style, self.explode is True, self.wire_name, self._value(value)
        )

    def query_pieces(self, value: object) -> list[str]:
        """``value`` as encoded ``name=value`` pieces of the query string."""
        return query_pieces(
            self.style,
            self.explode is True,
            self.wire_name,
            self._value(value),
            self.allow_reserved,
        )

    def header_text(self, value: object) -> str:
        """``value`` as this parameter's header value."""
        return header_text(self.explode is True, self._value(value))

    def cookie_pieces(self, value: object) -> list[str]:
        """``value`` as ``name=value`` pairs of the Cookie header."""
        return cookie_pieces(self.explode is True, self.wire_name, self._value(value))

    def extract(self, args: Mapping[str, object]) -> object:
        """Return the validated value of this parameter from ``args``.

        Enum members are replaced by their values. Returns None for an absent
        optional parameter; raises `InvalidParameterError` otherwise.
        """
        value = args.get(self.name)
        if value is None:
            # A None path parameter cannot be left out of the URL, so it is
            # treated as required whatever the declaration says.
            if self.required or self.location == "path":
                raise self._invalid("is required", value)
            return None
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, (list, tuple)):
            value = [item.value if isinstance(item, Enum) else item for item in value]
        for constraint in self.constraints:
            if not constraint.check(value):
                raise self._invalid(constraint.describe(), value)
        return value

    def _invalid(self, rule: str, value: object) -> InvalidParameterError:
        label = repr(self.name)
        if self.wire_name != self.name:
            label += f" ({self.location} {self.wire_name!r})"
        shown = repr(value)
        if len(shown) > _MAX_VALUE_IN_MESSAGE:
            shown = shown[: _MAX_VALUE_IN_MESSAGE - 3] + "..."
        return InvalidParameterError(
            f"Invalid parameter {label}: {rule}, got {shown}",
            parameter=self.name,
            value=value,
        )


@dataclass(frozen=True, slots=True)
class Operation(Generic[T]):
    """One API endpoint: how to build its request and parse its 2xx body.

    ``path`` is a template such as ``/items/{item_id}`` whose placeholders are
    the wire names of the path parameters (a placeholder may appear more than
    once); a query string in it (``/search?kind=all``) is sent with every
    request. ``parse`` turns the body bytes into the declared result type.

    ``bodies`` are the request body in each media type it may take, the
    default first; ``body_choice`` names the keyword argument that picks
    another (by media type). ``parsers`` parse the 2xx statuses whose body
    differs from ``parse``'s (keys ``"204"``, ``"2XX"``); ``errors`` parse
    the bodies the document declares for error statuses (``"404"``,
    ``"4XX"``, ``"default"``) onto `APIStatusError.parsed_body`. ``accept``
    replaces the default ``Accept: application/json`` where the success
    response is text or binary.
    ``security`` lists the operation's own alternatives of credential schemes
    (``()``: it sends none); None means the SDK's default requirements.
    ``stream`` makes the client return the success response unread (`_streaming`).
    ``retry`` is the operation's own retry policy, where the document gives
    one (None: the SDK's).
    ``pagination`` says how a list operation's pages follow each other (`_pagination`).
    """

    operation_id: str
    method: str
    path: str
    params: tuple[Param, ...] = ()
    parse: Callable[[bytes], T] = field(kw_only=True)
    bodies: tuple[Body, ...] = field(default=(), kw_only=True)
    body_choice: str | None = field(default=None, kw_only=True)
    accept: str | None = field(default=None, kw_only=True)
    parsers: Mapping[str, Callable[[bytes], T]] | None = field(
        default=None, kw_only=True
    )
    errors: Mapping[str, Callable[[bytes], object]] | None = field(
        default=None, kw_only=True
    )
    security: tuple[Requirement, ...] | None = field(default=None, kw_only=True)
    # `_streaming`: a success body handed over unread, as events ("events": ``parse`` reads
    # each event's data; ``terminator`` is the data that ends the stream) or a download.
    stream: Literal["events", "bytes"] | None = field(default=None, kw_only=True)
    terminator: str | None = field(default=None, kw_only=True)
    retry: RetryPolicy | None = field(default=None, kw_only=True)
    pagination: Pagination | None = field(default=None, kw_only=True)
    path_params: tuple[Param, ...] = field(init=False, repr=False, compare=False)
    query_params: tuple[Param, ...] = field(init=False, repr=False, compare=False)
    header_params: tuple[Param, ...] = field(init=False, repr=False, compare=False)
    cookie_params: tuple[Param, ...] = field(init=False, repr=False, compare=False)
    # The path split at its placeholders: the text before the first one, then
    # each path parameter with the literal text that follows it.
    path_prefix: str = field(init=False, repr=False, compare=False)
    path_segments: tuple[tuple[Param, str], ...] = field(
        init=False, repr=False, compare=False
    )
    # The query string written into the path, as encoded "name=value" pieces.
    fixed_query: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_location: dict[str, list[Param]] = {
            "path": [],
            "query": [],
            "header": [],
            "cookie": [],
        }
        for param in self.params:
            by_location[param.location].append(param)
        path_params = {param.wire_name: param for param in by_location["path"]}
        path, _, query = self.path.partition("?")
        # split() alternates literal text (even indexes) and placeholder names.
        pieces = _PLACEHOLDER.split(path)
        placeholders = pieces[1::2]
        if set(placeholders) != set(path_params):
            raise ValueError(
                f"{self.operation_id}: path placeholders {placeholders} do not match "
                f"path parameters {sorted(path_params)}"
            )
        ordered = tuple(path_params[name] for name in placeholders)
        literals = [_quote_literal(piece) for piece in pieces[0::2]]
        segments = tuple(zip(ordered, literals[1:]))
        setattr_ = object.__setattr__
        setattr_(self, "method", self.method.upper())
        setattr_(self, "path_params", ordered)
        setattr_(self, "query_params", tuple(by_location["query"]))
        setattr_(self, "header_params", tuple(by_location["header"]))
        setattr_(self, "cookie_params", tuple(by_location["cookie"]))
        setattr_(self, "path_prefix", literals[0])
        setattr_(self, "path_segments", segments)
        fixed = parse_qsl(query, keep_blank_values=True)
        setattr_(
            self,
            "fixed_query",
            tuple(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in fixed),
        )

    def body_for(self, args: Mapping[str, object]) -> Body | None:
        """The body to send: the one whose media type ``body_choice`` names, else the first."""
        if not self.bodies:
            return None
        if self.body_choice is not None:
            chosen = args.get(self.body_choice)
            for body in self.bodies:
                if body.media_type == chosen:
                    return body
            if chosen is not None:
                offered = ", ".join(repr(body.media_type) for body in self.bodies)
                raise InvalidParameterError(
                    f"Invalid argument {self.body_choice!r}: must be one of {offered}, "
                    f"got {chosen!r}",
                    parameter=self.body_choice,
                    value=chosen,
                )
        return self.bodies[0]

    def parser_for(self, status: int) -> Callable[[bytes], T]:
        """How to parse a 2xx body of ``status``."""
        parsers = self.parsers
        if not parsers:
            return self.parse
        return (
            parsers.get(str(status)) or parsers.get(f"{status // 100}XX") or self.parse
        )

    def error_parser_for(self, status: int) -> Callable[[bytes], object] | None:
        """How to parse the body of an error ``status``, if the document declares one."""
        errors = self.errors
        if not errors:
            return None
        return (
            errors.get(str(status))
            or errors.get(f"{status // 100}XX")
            or errors.get("default")
        )


def _quote_literal(text: str) -> str:
    """``text`` with what cannot stand in a URL path percent-encoded as UTF-8."""
    return "".join(
        char if char in _PATH_SAFE else "".join(f"%{b:02X}" for b in char.encode())
        for char in text
    )
