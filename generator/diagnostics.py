"""Diagnostics are values: every problem found in a spec is a `Diagnostic` naming where it is.

A stage that finds errors raises `SpecError` carrying all of them (and the warnings found with them);
the command line prints each on one line (`file:line: error: message [at /json/pointer]`, or
`warning:`), at most `MAX_PRINTED` of them, errors first, and exits with status 2. Warnings alone
are printed the same way and do not change the exit status (unless `--strict`).

Everything in a diagnostic may come from the document (a key in the pointer, a value quoted in the
message, a file name), so `render()` escapes what could act on a terminal, and messages quote document
values only through `excerpt()`: a short escaped prefix, never a whole value.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .text import escaped

Severity = Literal["error", "warning"]

MAX_PRINTED = 50
"""Errors printed per run; the rest are counted in one `... and N more errors` line."""

EXCERPT_CHARS = 60
"""How much of a document value a message may quote."""

_MAX_FOREIGN_MESSAGE = 300
_MAX_POINTER_TOKEN = 60

# What a terminal could act on: C0/C1 controls (ANSI escapes, CR, NUL...), DEL, line and paragraph
# separators, bidirectional overrides (text that displays in another order than it reads), BOM, and
# lone surrogates (which cannot even be written to a UTF-8 stream).
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")

_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxlevel = 2
_SHORT_REPR.maxdict = _SHORT_REPR.maxlist = _SHORT_REPR.maxtuple = 4
_SHORT_REPR.maxset = _SHORT_REPR.maxfrozenset = 4
_SHORT_REPR.maxstring = _SHORT_REPR.maxother = EXCERPT_CHARS


def escape_pointer_token(token: str | int) -> str:
    """Escape one reference token for a JSON pointer (RFC 6901: `~` -> `~0`, `/` -> `~1`)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(pointer: str, *tokens: str | int) -> str:
    """Append reference tokens to a JSON pointer: `join_pointer("/paths", "/pets")` -> `/paths/~1pets`."""
    return pointer + "".join("/" + escape_pointer_token(token) for token in tokens)


def split_pointer(pointer: str) -> list[str]:
    """The unescaped reference tokens of a JSON pointer (`""` is the whole document)."""
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def escape_unsafe(text: str) -> str:
    """`text` with every character that is not printable (what a terminal could act on, line
    breaks, bidi controls, invisible and unassigned characters) written as a Python escape.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else escaped(c) for c in text)


def excerpt(value: Any, limit: int = EXCERPT_CHARS) -> str:
    """A quoted, escaped, short rendering of a document value: `'abc'`, `'first 60 chars...'`,
    `{'a': 1, 'b': [...], ...}`. Bounded work even for huge or deeply nested values."""
    if isinstance(value, str):
        quoted = repr(value[:limit])
        return quoted if len(value) <= limit else f"{quoted[:-1]}...{quoted[-1]}"
    text = _SHORT_REPR.repr(value)
    return text if len(text) <= limit + 20 else text[: limit + 20] + "..."


def shorten_quotes(message: str) -> str:
    """A message written by a library (jsonschema, PyYAML), with every long quoted literal cut to an
    excerpt and the whole capped: such messages often quote a whole document value."""

    def shorten(match: re.Match[str]) -> str:
        literal = match.group()
        if len(literal) <= EXCERPT_CHARS + 2:
            return literal
        return f"{literal[: EXCERPT_CHARS + 1]}...{literal[0]}"

    shortened = _QUOTED.sub(shorten, message)
    if len(shortened) > _MAX_FOREIGN_MESSAGE:
        shortened = shortened[:_MAX_FOREIGN_MESSAGE] + "..."
    return shortened


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in a spec: what is wrong, and the file, line and JSON pointer where it is."""

    message: str
    file: str
    pointer: str
    line: int | None = None
    severity: Severity = "error"
    column: int | None = None
    # The generated code does not express what is written there (an operation left out, a type
    # widened, a media type not offered): the generated README lists these, so users learn it
    # without the generator's output.
    limitation: bool = False

    def render(self) -> str:
        """One line, in the `file:line: severity: message` form editors and CI annotations understand."""
        where = escape_unsafe(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        message = escape_unsafe(self.message)
        return (
            f"{where}: {self.severity}: {message} [at {_shown_pointer(self.pointer)}]"
        )


def short_pointer(pointer: str) -> str:
    """A pointer for a message: each very long token (a key is document text) cut short."""
    tokens = pointer.split("/")
    shown = [
        t if len(t) <= _MAX_POINTER_TOKEN else t[:_MAX_POINTER_TOKEN] + "..."
        for t in tokens
    ]
    return "/".join(shown) or "/"


def _shown_pointer(pointer: str) -> str:
    return escape_unsafe(short_pointer(pointer))


def printing_order(diagnostic: Diagnostic) -> tuple[str, int, str]:
    """File, then line, then pointer: the order problems are printed in."""
    return diagnostic.file, diagnostic.line or 0, diagnostic.pointer


def report_lines(
    diagnostics: Iterable[Diagnostic], limit: int = MAX_PRINTED
) -> list[str]:
    """The rendered lines for `diagnostics`, each problem once: the first `limit`, errors before
    warnings and each in file/line order, then a count of the rest (a spec with thousands of
    problems still prints a screenful)."""
    unique = dict.fromkeys(
        diagnostics
    )  # each problem once, however many stages found it
    # errors first, so that a refusal's reasons are never among the lines cut off
    ordered = sorted(unique, key=lambda d: (d.severity != "error", printing_order(d)))
    lines = [d.render() for d in ordered[:limit]]
    hidden = ordered[limit:]
    if hidden:
        kinds = {d.severity for d in hidden}
        noun = (
            "errors"
            if kinds == {"error"}
            else "warnings" if kinds == {"warning"} else "problems"
        )
        lines.append(f"... and {len(hidden)} more {noun}")
    return lines


class SpecError(Exception):
    """Raised by a pipeline stage that found errors; carries every diagnostic it found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(report_lines(self.diagnostics)))
