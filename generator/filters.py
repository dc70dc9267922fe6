"""The escaping filters: the only way spec text reaches generated code.

Each takes arbitrary text (a description could hold `\"\"\"`, a backslash, `{{`, a newline, a NUL) and
returns something inert in its target: a docstring, a `#` comment, a TOML string, Markdown prose.
"""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

from .ir.literals import pyrepr

LINE_LENGTH = 88
_CLOSING_QUOTES = re.compile(r'"(?=")|"$')
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


def _normalize_lines(text: str) -> str:
    for brk in _LINE_BREAKS:
        text = text.replace(brk, "\n")
    return "".join(
        ch if ch in "\n\t" or ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text
    )


def docstring(text: str, indent: int = 0) -> str:
    """A triple-quoted docstring for `text`, indented by `indent` spaces, wrapped to fit."""
    body = _normalize_lines(str(text)).strip().replace("\\", "\\\\")
    # A quote followed by a quote, or a last quote, could close the docstring: escape those.
    body = _CLOSING_QUOTES.sub('\\\\"', body)
    lines = _wrap(body, LINE_LENGTH - indent, first_line_offset=3)
    if len(lines) == 1 and len(lines[0]) + indent + 6 <= LINE_LENGTH:
        return f'"""{lines[0]}"""'
    pad = " " * indent
    inner = "\n".join(f"{pad}{line}" if line else "" for line in lines[1:])
    rest = f"\n{inner}" if inner else ""
    return f'"""{lines[0]}{rest}\n{pad}"""'


def _wrap(text: str, width: int, first_line_offset: int = 0) -> list[str]:
    """Wrap long prose lines; leave code blocks and the structure of indented lines alone.

    The first line shares its row with the opening quotes: `first_line_offset` columns.
    """
    result: list[str] = []
    in_code = False
    for line in text.split("\n"):
        line = line.rstrip()
        if line.lstrip().startswith("```"):
            in_code = not in_code
        opening = "x" * first_line_offset if not result else ""
        if in_code or len(opening + line) <= width:
            result.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        wrapped = textwrap.wrap(
            opening + line.strip(),
            width=max(width - len(lead), 20),
            initial_indent=lead,
            subsequent_indent=lead + ("    " if lead else ""),
            break_long_words=False,
            break_on_hyphens=False,
        )
        wrapped[0] = lead + wrapped[0][len(lead) + len(opening) :]
        result.extend(wrapped)
    return result


def comment(text: str) -> str:
    """Text for a single-line `#` comment: line breaks become spaces."""
    return " ".join(_normalize_lines(str(text)).split())


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escaping is valid TOML)."""
    # JSON leaves DEL unescaped, which TOML forbids in strings.
    return json.dumps(str(text), ensure_ascii=False).replace("\x7f", "\\u007f")


def markdown(text: str) -> str:
    """Spec prose for a Markdown document: Markdown stays Markdown; line breaks are normalised."""
    return _normalize_lines(str(text)).strip()


def markdown_cell(text: str) -> str:
    """Spec prose for one Markdown table cell: one line, with `|` escaped."""
    return comment(text).replace("|", "\\|")


def python_literal(value: Any) -> str:
    """`pyrepr` as a filter: a Python literal for JSON data."""
    return pyrepr(value)


FILTERS = {
    "docstring": docstring,
    "comment": comment,
    "toml_string": toml_string,
    "markdown": markdown,
    "markdown_cell": markdown_cell,
    "pyrepr": python_literal,
}
