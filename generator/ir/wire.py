"""The URL a generated call sends, as the SDK runtime and httpx will spell it.

Generated tests assert the exact URL of a sample call, so the generator must predict it: path
parameters written as their style says (a target computes those texts, percent-encoded, with its
runtime's own code), "." and ".." segments kept (encoded), the rest of the path quoted the way
httpx quotes a URL path, and the query string written into the path sent first, then the
parameters' encoded `name=value` pieces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, quote

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


def sample_url(
    server: str,
    path: str,
    path_texts: Mapping[str, str],
    query_pieces: list[str],
) -> str:
    """The URL a call sends for `path` (as the document writes it, query string included),
    given each path parameter's text by wire name (already encoded as its style says) and the
    encoded `name=value` pieces of the query parameters, in order."""
    path, _, fixed_query = path.partition("?")
    filled = _PLACEHOLDER.sub(lambda m: path_texts.get(m.group(1), ""), path)
    if "/." in filled:
        filled = "/".join(
            s.replace(".", "%2E") if s in (".", "..") else s for s in filled.split("/")
        )
    pieces = [
        f"{quote(name, safe='')}={quote(value, safe='')}"
        for name, value in parse_qsl(fixed_query, keep_blank_values=True)
    ]
    pieces += query_pieces
    return server + _quote_path(filled) + ("?" + "&".join(pieces) if pieces else "")


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
