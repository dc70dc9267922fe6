"""Python literals for values taken from the spec: the one place spec data becomes code."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from ...text import SpecText


def pyrepr(value: Any) -> str:
    """A Python literal that evaluates to `value` (JSON data: None, bool, numbers, str, list, dict;
    spec text becomes a string literal)."""
    if isinstance(value, SpecText):
        return _string(value.raw)
    if isinstance(value, float) and not math.isfinite(value):
        return f'float("{value}")'
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(pyrepr(item) for item in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{pyrepr(str(k))}: {pyrepr(v)}" for k, v in value.items())
            + "}"
        )
    raise TypeError(f"not JSON data: {type(value).__name__}")


def tuple_literal(items: Iterable[str]) -> str:
    """A tuple display of `items` (Python expressions) as black writes it on one line: `()`,
    `(a,)`, `(a, b)`."""
    listed = list(items)
    if len(listed) == 1:
        return f"({listed[0]},)"
    return "(" + ", ".join(listed) + ")"


def _string(value: str) -> str:
    """A double-quoted literal (black's style), escaping quotes, backslashes and anything unprintable."""
    parts = []
    for char in value:
        if char == "\\":
            parts.append("\\\\")
        elif char == '"':
            parts.append('\\"')
        elif char.isprintable():
            parts.append(char)
        else:
            parts.append(repr(char)[1:-1])  # \n, \t, \x00, \u2028, ...
    return '"' + "".join(parts) + '"'


def regex_literal(pattern: str) -> str:
    """A string literal for a regular expression, raw when that keeps it readable."""
    raw_safe = (
        "\\" in pattern
        and not pattern.endswith("\\")
        and '"' not in pattern
        and pattern.isprintable()
    )
    return f'r"{pattern}"' if raw_safe else pyrepr(pattern)
