"""The URL a generated call sends, as the SDK runtime and httpx will spell it.

Generated tests assert the exact URL of a sample call, so the generator must predict it: path
parameters fully percent-encoded, "." and ".." segments kept (encoded), the rest of the path
quoted the way httpx quotes a URL path, and the query string written into the path sent first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
# The runtime and httpx leave these alone in a path: printable ASCII except space " # < > ? `
# { } (the WHATWG path percent-encode set); "%" stays, so existing escapes are kept.
_PATH_SAFE = frozenset(
    chr(code) for code in range(0x21, 0x7F) if chr(code) not in '"#<>?`{}'
)


def is_header_name(name: str) -> bool:
    """Whether `name` can be sent as an HTTP header name (an RFC 9110 token)."""
    return _HEADER_NAME.fullmatch(name) is not None


def wire_text(value: Any) -> str:
    """A value as the runtime sends it in a path, header or query string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(wire_text(item) for item in value)
    return "" if value is None else str(value)


def sample_url(
    server: str,
    path: str,
    path_values: Mapping[str, Any],
    query: list[tuple[str, Any]],
) -> str:
    """The URL a call sends for `path` (as the document writes it, query string included),
    the path parameters' values by wire name, and the query parameters in order."""
    path, _, fixed_query = path.partition("?")
    filled = _PLACEHOLDER.sub(lambda m: _path_value(path_values.get(m.group(1))), path)
    if "/." in filled:
        filled = "/".join(
            s.replace(".", "%2E") if s in (".", "..") else s for s in filled.split("/")
        )
    pairs = parse_qsl(fixed_query, keep_blank_values=True)
    for name, value in query:
        items = value if isinstance(value, list) else [value]
        pairs += [(name, wire_text(item)) for item in items]
    return server + _quote_path(filled) + ("?" + urlencode(pairs) if pairs else "")


def _path_value(value: Any) -> str:
    text = quote(wire_text(value), safe="")
    return text.replace(".", "%2E") if text in (".", "..") else text


def _quote_path(text: str) -> str:
    """`text` with what cannot stand in a URL path percent-encoded as UTF-8."""
    return "".join(
        (
            char
            if char in _PATH_SAFE
            else "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))
        )
        for char in text
    )
