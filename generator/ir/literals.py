"""Python literals for values taken from the spec: the one place spec data becomes code."""

from __future__ import annotations

from typing import Any


def pyrepr(value: Any) -> str:
    """A Python literal that evaluates to `value` (JSON data: None, bool, numbers, str, list, dict)."""
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(pyrepr(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{pyrepr(str(k))}: {pyrepr(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"not JSON data: {type(value).__name__}")


def _string(value: str) -> str:
    # repr() escapes quotes, backslashes and control characters; it only needs help with the
    # characters str.splitlines() treats as line breaks, which formatters may split on.
    text = repr(value)
    for char in ("\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def regex_literal(pattern: str) -> str:
    """A string literal for a regular expression, raw when that keeps it readable."""
    raw_safe = (
        "\\" in pattern
        and not pattern.endswith("\\")
        and '"' not in pattern
        and pattern.isprintable()
    )
    return f'r"{pattern}"' if raw_safe else pyrepr(pattern)
