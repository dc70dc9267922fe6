"""Parameter values on the wire: OpenAPI 3.1's ``style`` and ``explode``.

Each function turns one argument into the text a request carries, already
escaped for where it goes:

- path (``simple``, ``label``, ``matrix``): every character outside RFC 3986's
  unreserved set is percent-encoded, so a value can never add a "/" or change
  which resource is hit; the style's own delimiters (``.`` ``;`` ``=`` ``,``)
  are not.
- query (``form``, ``spaceDelimited``, ``pipeDelimited``, ``deepObject``):
  ``name=value`` pieces to join with "&"; values percent-encoded, except RFC
  3986's reserved characters when the parameter says ``allowReserved`` (the
  ones a query cannot hold as they are, ``# [ ] & +``, are still encoded, and
  so is a "%" that does not start an escape).
- header (``simple``): not percent-encoded (OpenAPI never encodes headers).
- cookie (``form``): ``name=value`` pairs for the Cookie header; characters a
  cookie value cannot hold (RFC 6265: space, ``" , ; \\``, non-ASCII) are
  percent-encoded, the style's "," between items is not.

Values are primitives (``str``, ``int``, ``float``, ``bool`` as
``true``/``false``, dates in ISO 8601, enum members by value), lists of them,
and objects: a mapping or a pydantic model (by alias, unset ``None`` fields
left out). A ``content``-encoded parameter (``media_type``) is sent as its
JSON text instead, escaped the same way for its location.

The examples table of the OpenAPI specification (3.1.1, which follows RFC
6570 for ``label``) is reproduced by this module's tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import cast
from urllib.parse import quote

__all__ = [
    "content_text",
    "cookie_pieces",
    "header_text",
    "path_text",
    "query_pieces",
    "text_of",
]

# RFC 3986 reserved characters that allowReserved leaves alone in a query.
_RESERVED_KEPT = ":/?@!$'()*,;="
_ESCAPE = re.compile(r"(%[0-9A-Fa-f]{2})")
# RFC 6265 cookie-octet, less "%" (kept for escapes of what it forbids).
_COOKIE_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '",;\\%')

Pairs = list[tuple[str, str]]


def text_of(value: object) -> str:
    """A primitive value as text (a nested list or object as JSON)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return text_of(value.value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, (list, tuple, Mapping)) or hasattr(value, "model_dump"):
        return json.dumps(_jsonable(value), separators=(",", ":"))
    return str(value)


def _jsonable(value: object) -> object:
    model_dump = getattr(value, "model_dump", None)
    if model_dump is not None and not isinstance(value, type):
        return model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, Mapping):
        return {text_of(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, Enum):
        return _jsonable(value.value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _shape(value: object) -> str | list[str] | Pairs:
    """A value as text, a list of texts, or (key, text) pairs of an object."""
    if hasattr(value, "model_dump") and not isinstance(value, type):
        value = _jsonable(value)
    if isinstance(value, Mapping):
        return [(text_of(k), text_of(v)) for k, v in value.items() if v is not None]
    if isinstance(value, (list, tuple)):
        return [text_of(item) for item in value]
    return text_of(value)


def _pairs(shaped: list[str] | Pairs) -> Pairs | None:
    """The pairs of an object, or None for a list."""
    if shaped and isinstance(shaped[0], tuple):
        return shaped
    return None


def _encode(text: str) -> str:
    return quote(text, safe="")


def _encode_reserved(text: str) -> str:
    # split() keeps the escapes at odd indexes; only the text between is quoted.
    pieces = _ESCAPE.split(text)
    return "".join(
        piece if i % 2 else quote(piece, safe=_RESERVED_KEPT)
        for i, piece in enumerate(pieces)
    )


def _flat(pairs: Pairs, encode: Callable[[str], str] = _encode) -> list[str]:
    return [encode(part) for pair in pairs for part in pair]


def content_text(value: object, media_type: str) -> str:
    """A ``content``-encoded parameter's value: JSON text for a JSON media type."""
    essence = media_type.split(";", 1)[0].strip().lower()
    if essence == "application/json" or essence.endswith("+json"):
        return json.dumps(_jsonable(value), separators=(",", ":"))
    return text_of(value)


def path_text(style: str, explode: bool, name: str, value: object) -> str:
    """A path parameter's text, percent-encoded (``simple``, ``label`` or ``matrix``)."""
    shaped = _shape(value)
    key = _encode(name)
    if isinstance(shaped, str):
        text = _encode(shaped)
        if style == "matrix":
            return f";{key}={text}" if text else f";{key}"
        if style == "label":
            return "." + text
        # "." and ".." would be resolved away by the URL parser.
        return text.replace(".", "%2E") if text in (".", "..") else text
    if not shaped:
        return {"matrix": f";{key}", "label": "."}.get(style, "")
    pairs = _pairs(shaped)
    if pairs is not None:
        if explode:
            items = [f"{_encode(k)}={_encode(v)}" for k, v in pairs]
            if style == "matrix":
                return "".join(";" + item for item in items)
            if style == "label":
                return "".join("." + item for item in items)
            return ",".join(items)
        joined = ",".join(_flat(pairs))
    else:
        texts = [_encode(item) for item in cast(list[str], shaped)]
        if explode and style == "matrix":
            return "".join(f";{key}={item}" for item in texts)
        if explode and style == "label":
            return "".join("." + item for item in texts)
        joined = ",".join(texts)
    if style == "matrix":
        return f";{key}={joined}"
    if style == "label":
        return "." + joined
    return joined


_DELIMITERS = {"spaceDelimited": "%20", "pipeDelimited": "|"}


def query_pieces(
    style: str, explode: bool, name: str, value: object, allow_reserved: bool = False
) -> list[str]:
    """A query parameter as ``name=value`` pieces, to be joined with "&"."""
    encode = _encode_reserved if allow_reserved else _encode
    key = _encode(name)
    if style == "deepObject":
        if hasattr(value, "model_dump") or isinstance(value, Mapping):
            return _deep(key, _jsonable(value), encode)
    shaped = _shape(value)
    if isinstance(shaped, str):
        return [f"{key}={encode(shaped)}"]
    pairs = _pairs(shaped)
    if pairs is not None:
        if explode and style in ("form", "spaceDelimited", "pipeDelimited"):
            return [f"{encode(k)}={encode(v)}" for k, v in pairs]
        delimiter = _DELIMITERS.get(style, ",")
        return [f"{key}=" + delimiter.join(_flat(pairs, encode))]
    texts = [encode(item) for item in cast(list[str], shaped)]
    if explode:
        return [f"{key}={item}" for item in texts]
    if not texts:
        return []
    return [f"{key}=" + _DELIMITERS.get(style, ",").join(texts)]


def _deep(key: str, value: object, encode: Callable[[str], str]) -> list[str]:
    """``deepObject``: ``key[field]=value``, nested objects one bracket deeper."""
    if isinstance(value, Mapping):
        return [
            piece
            for k, v in value.items()
            if v is not None
            for piece in _deep(f"{key}[{_encode(text_of(k))}]", v, encode)
        ]
    if isinstance(value, list):
        return [piece for item in value for piece in _deep(key, item, encode)]
    return [f"{key}={encode(text_of(value))}"]


def header_text(explode: bool, value: object) -> str:
    """A header parameter's value (``simple``; not percent-encoded)."""
    shaped = _shape(value)
    if isinstance(shaped, str):
        return shaped
    pairs = _pairs(shaped)
    if pairs is not None:
        if explode:
            return ",".join(f"{k}={v}" for k, v in pairs)
        return ",".join(part for pair in pairs for part in pair)
    return ",".join(cast(list[str], shaped))


def _cookie_encode(text: str) -> str:
    return quote(text, safe=_COOKIE_SAFE)


def cookie_pieces(explode: bool, name: str, value: object) -> list[str]:
    """A cookie parameter (``form``) as ``name=value`` pairs for the Cookie header."""
    key = _cookie_encode(name)
    shaped = _shape(value)
    if isinstance(shaped, str):
        return [f"{key}={_cookie_encode(shaped)}"]
    pairs = _pairs(shaped)
    if pairs is not None:
        if explode:
            return [f"{_cookie_encode(k)}={_cookie_encode(v)}" for k, v in pairs]
        return [f"{key}=" + ",".join(_flat(pairs, _cookie_encode))]
    texts = [_cookie_encode(item) for item in cast(list[str], shaped)]
    if explode:
        return [f"{key}={item}" for item in texts]
    return [f"{key}=" + ",".join(texts)] if texts else []
