"""The docs target's one escape for Markdown: spec text reaches a reference page only through `md`.

A description is plain text to us, never Markdown or HTML: whatever it holds (backticks, `|` in a
table, `<script>`, `[x](javascript:...)`, `# heading`, `---`, `$math$`, line breaks, a terminal
escape) comes out as the same characters, shown, and acting as nothing. `md` takes the context
the text goes into:

- `text`: prose paragraphs (a blank line in the source keeps a paragraph break; other line breaks
  become spaces), every character Markdown or GitHub could read as syntax backslash-escaped;
- `cell`: the same on one line, for a table cell or anywhere inside a line (a heading, a list
  item's first line, emphasis): paragraphs joined with a space;
- `code`: an inline code span (as many backticks as it needs), and `code_cell` for one inside a
  table cell (GitHub unescapes `\\|` there before it reads the span);
- `fence`: a fenced code block (`info` is the language; the fence outlasts any run of backticks
  inside);
- `comment`: the inside of an HTML comment (`<!-- ... -->`), one line that nothing can close.

The filters are registered in `FILTERS`, the one place a docs template's filters come from.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from ...text import SpecText, escaped, raw_text

Context = Literal["text", "cell", "code", "code_cell", "fence", "comment"]

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# ASCII punctuation Markdown (CommonMark, GitHub's extensions: tables, strikethrough, math,
# autolinks) may read as syntax anywhere in a line. Backslash-escaping any ASCII punctuation
# is always allowed in CommonMark, so escaping one that did not need it changes nothing shown.
_INLINE_SYNTAX = re.compile(r"([\\`*_\[\]<>#|~&$!{}])")
# At the start of a paragraph these open a block: a list, a thematic break, a setext underline,
# a numbered list (`1.` / `1)`), a block quote (`>` is escaped anywhere already).
_BLOCK_START = re.compile(r"^([-+=])|^(\d{1,9})([.)])")
_FENCE_INFO = re.compile(r"^[a-z0-9_+-]*$")


def md(text: SpecText | str, context: Context = "text", info: str = "") -> str:
    """`text` made inert Markdown for `context` (see the module docstring)."""
    value = _visible(raw_text(text))
    if context == "fence":
        return _fence(value, info)
    if context == "comment":
        line = " ".join(value.split())
        return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if context in ("code", "code_cell"):
        return _code_span(value, in_cell=context == "code_cell")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", value.strip())]
    if context == "cell":
        return " ".join(_escape_inline(p) for p in paragraphs if p)
    if context == "text":
        return "\n\n".join(_escape_block(p) for p in paragraphs if p)
    raise ValueError(f"unknown Markdown context {context!r}")


def _visible(text: str) -> str:
    """Line breaks as `\\n`, tabs kept, every other unprintable character shown as its escape."""
    text = _LINE_BREAKS.sub("\n", text)
    if text.replace("\n", "").replace("\t", "").isprintable():
        return text
    return "".join(c if c in "\n\t" or c.isprintable() else escaped(c) for c in text)


def _escape_inline(line: str) -> str:
    return _INLINE_SYNTAX.sub(r"\\\1", line)


def _escape_block(line: str) -> str:
    """A paragraph of its own: also nothing at its start may open a block."""
    return _BLOCK_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3),
        _escape_inline(line),
    )


def _code_span(text: str, in_cell: bool) -> str:
    body = " ".join(text.split())
    if in_cell:
        body = body.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    ticks = "`" * (longest + 1)
    padded = f" {body} " if body[:1] == "`" or body[-1:] == "`" or not body else body
    return f"{ticks}{padded}{ticks}"


def _fence(text: str, info: str) -> str:
    if not _FENCE_INFO.match(info):
        raise ValueError(f"a fence's language is the target's, not {info!r}")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text.rstrip()}\n{fence}"


def json_text(value: Any) -> str:
    """A JSON value as indented JSON text (ASCII only, so no character in it can act)."""
    return json.dumps(value, indent=2, ensure_ascii=True)


FILTERS = {
    "md": md,
}
