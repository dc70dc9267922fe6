"""The escaping filters of the TypeScript target: the only way spec text reaches its output.

Each takes arbitrary text (a description could hold `*/`, a backtick, a newline, a NUL, an ANSI
escape) and returns something inert in one context: a string literal as prettier prints it, a
JSDoc comment, a `//` comment, a JSON string, Markdown prose or a code span.
"""

from __future__ import annotations

import json

from ...text import SpecText, escaped, raw_text

_LINE_BREAKS = (
    "\r\n",
    "\r",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
)


def _lines(text: str) -> str:
    for brk in _LINE_BREAKS:
        text = text.replace(brk, "\n")
    return "".join(
        ch if ch in "\n\t" or ch.isprintable() else escaped(ch) for ch in text
    )


def ts_string(text: SpecText | str) -> str:
    """A JavaScript string literal in prettier's quotes: double, unless the text holds more
    double quotes than single ones."""
    value = raw_text(text)
    quote = "'" if value.count('"') > value.count("'") else '"'
    out = [quote]
    for ch in value:
        if ch == quote or ch == "\\":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif not ch.isprintable() or ch in "\u2028\u2029":
            code = ord(ch)
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\u{{{code:x}}}")
        else:
            out.append(ch)
    out.append(quote)
    return "".join(out)


def jsdoc(text: SpecText | str, indent: int = 0) -> str:
    """A `/** ... */` comment for `text` at `indent` spaces ("" for empty text), lines kept."""
    body = _lines(raw_text(text)).strip().replace("*/", "*\\/")
    if not body:
        return ""
    pad = " " * indent
    lines = [line.rstrip() for line in body.split("\n")]
    inner = "\n".join(f"{pad} * {line}" if line else f"{pad} *" for line in lines)
    return f"{pad}/**\n{inner}\n{pad} */\n"


def comment(text: SpecText | str) -> str:
    """Text for a single-line `//` comment: one line of printable characters."""
    return " ".join(_lines(raw_text(text)).split())


def json_string(text: SpecText | str) -> str:
    """A JSON string (package.json)."""
    return json.dumps(raw_text(text), ensure_ascii=False)


def markdown(text: SpecText | str) -> str:
    """Markdown prose: no raw HTML, no heading or fence started by the spec."""
    value = _lines(raw_text(text)).strip()
    return value.replace("<", "&lt;").replace(">", "&gt;")


def markdown_code(text: SpecText | str) -> str:
    """An inline code span."""
    value = comment(text).replace("`", "'")
    return f"`{value}`"


FILTERS = {
    "ts_string": ts_string,
    "jsdoc": jsdoc,
    "comment": comment,
    "json_string": json_string,
    "markdown": markdown,
    "markdown_code": markdown_code,
}
