"""The escaping filters: the only way spec text reaches generated code.

Each takes arbitrary text (a description could hold `\"\"\"`, a backslash, `{{`, a newline, a NUL, an
ANSI escape, `coding: utf-7`) and returns something inert in one context: a docstring, a `#` comment, a
TOML string, an HTML comment, Markdown prose, a Markdown table cell or code span. They accept
`SpecText` (document text, which templates cannot print any other way) and plain strings.
"""

from __future__ import annotations

import re
import textwrap

from .literals import pyrepr, tuple_literal
from ...text import SpecText, escaped, raw_text

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
# Python reads a source file's encoding from a `coding:` comment on its first two lines; a document
# title in the DO-NOT-EDIT header must never choose how the rest of the file is decoded.
_ENCODING_DECLARATION = re.compile(r"coding(?=[:=])")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)


def _normalize_lines(text: str) -> str:
    for brk in _LINE_BREAKS:
        text = text.replace(brk, "\n")
    if text.replace("\n", "").replace("\t", "").isprintable():
        return text  # the common case, checked at C speed
    return "".join(
        ch if ch in "\n\t" or ch.isprintable() else escaped(ch) for ch in text
    )


def docstring(text: SpecText | str, indent: int = 0) -> str:
    """A triple-quoted docstring for `text`, indented by `indent` spaces, wrapped to fit."""
    body = _normalize_lines(raw_text(text)).strip().replace("\\", "\\\\")
    # A quote followed by a quote, or a last quote, could close the docstring: escape those.
    body = _CLOSING_QUOTES.sub('\\\\"', body)
    lines = _wrap(body, LINE_LENGTH - indent, first_line_offset=3)
    if len(lines) == 1:  # black keeps a one-line docstring's closing quotes on its line
        return f'"""{lines[0]}"""'
    pad = " " * indent
    inner = "\n".join(f"{pad}{line}" if line else "" for line in _dedented(lines[1:]))
    rest = f"\n{inner}" if inner else ""
    return f'"""{lines[0]}{rest}\n{pad}"""'


def _dedented(lines: list[str]) -> list[str]:
    """The lines after a docstring's first without the indentation they all share: black
    removes it, so leaving it would only make black rewrite the file."""
    if any("\t" in line for line in lines):
        return lines  # black expands tabs first; its own rewrite is the one to keep
    margins = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    common = min(margins, default=0)
    return [line[common:] for line in lines] if common else lines


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


def comment(text: SpecText | str) -> str:
    """Text for a single-line `#` comment (Python or TOML): one line of printable characters that
    cannot declare the file's encoding."""
    line = " ".join(_normalize_lines(raw_text(text)).split())
    return _ENCODING_DECLARATION.sub("coding ", line)


def html_comment(text: SpecText | str) -> str:
    """Text for the inside of an HTML comment (`<!-- ... -->`), which nothing in it can close."""
    return comment(text).replace("<", "&lt;").replace(">", "&gt;")


def toml_string(text: SpecText | str) -> str:
    """A TOML basic string, escaping quotes, backslashes and every control character."""
    parts = []
    for char in raw_text(text):
        if char in '"\\':
            parts.append("\\" + char)
        elif char.isprintable() or char == " ":
            parts.append(char)
        else:
            code = ord(char)
            parts.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(parts) + '"'


def markdown(text: SpecText | str) -> str:
    """Spec prose for a Markdown document: Markdown stays Markdown, but what it opens it closes, so
    the rest of the document is not swallowed by an unclosed code fence or HTML comment.
    """
    prose = _normalize_lines(raw_text(text)).strip()
    fence = _open_fence(prose)
    if fence is not None:
        prose += "\n" + fence
    if prose.rfind("<!--") > prose.rfind("-->"):
        prose = prose.replace("<!--", "&lt;!--")
    return prose


def _open_fence(prose: str) -> str | None:
    """The fence that a code block left open at the end of `prose` would need, if any."""
    opened: str | None = None
    for match in _FENCE.finditer(prose):
        marker = match.group(1)
        if opened is None:
            opened = marker
        elif marker[0] == opened[0] and len(marker) >= len(opened):
            opened = None
    return opened


def markdown_cell(text: SpecText | str) -> str:
    """Spec prose for one Markdown table cell: one line, with `|` escaped."""
    return comment(text).replace("|", "\\|")


def markdown_code(text: SpecText | str) -> str:
    """Spec text as an inline code span in a Markdown table cell, whatever backticks it holds."""
    body = " ".join(_normalize_lines(raw_text(text)).split()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {body} " if body.startswith("`") or body.endswith("`") else body
    return f"{fence}{padded}{fence}"


FILTERS = {
    "docstring": docstring,
    "comment": comment,
    "html_comment": html_comment,
    "toml_string": toml_string,
    "markdown": markdown,
    "markdown_cell": markdown_cell,
    "markdown_code": markdown_code,
    "pyrepr": pyrepr,
    # code the target made (not spec text) as one tuple display
    "tuple_display": tuple_literal,
}
