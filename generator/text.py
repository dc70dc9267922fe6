"""Text that came from the document, marked so it cannot reach generated code unescaped.

Descriptions, titles, versions, paths, wire names and examples are written by whoever wrote the
document. The IR holds such text as `SpecText`, which is not a `str`: it cannot be formatted,
joined or printed by a template as it is (every attempt raises `RawSpecText`); the only ways out are
the escaping filters (`docstring`, `comment`, `pyrepr`, `toml_string`, `markdown`, ...), each made
for one context. Concatenation keeps the mark: `SpecText("a") + " b"` is still spec text.
"""

from __future__ import annotations

from dataclasses import dataclass


class RawSpecText(TypeError):
    """Spec text was about to be printed without an escape (a template or generator bug)."""


@dataclass(frozen=True, slots=True)
class SpecText:
    """A piece of document text; `raw` is the text itself, for escaping functions only."""

    raw: str

    def __str__(self) -> str:
        raise RawSpecText(
            "spec text must pass through an escaping filter (docstring, comment, pyrepr, "
            "toml_string, markdown, markdown_cell, markdown_code, html_comment) before it is "
            "printed"
        )

    def __format__(self, spec: str) -> str:
        return str(self)

    def __bool__(self) -> bool:
        return bool(self.raw)

    def __add__(self, other: SpecText | str) -> SpecText:
        return SpecText(self.raw + raw_text(other))

    def __radd__(self, other: str) -> SpecText:
        return SpecText(raw_text(other) + self.raw)


def raw_text(value: SpecText | str) -> str:
    """The characters of `value`, for an escaping function to escape."""
    return value.raw if isinstance(value, SpecText) else str(value)


def spec_text(value: object) -> SpecText:
    """A document's string as spec text, surrounding whitespace dropped; anything else is empty."""
    return SpecText(value.strip() if isinstance(value, str) else "")


def escaped(char: str) -> str:
    """One character as the text of its Python escape (`\\x1b`, `\\u200b`, `\\U000e0001`): how an
    unprintable character is shown, in a message or in generated code, without acting.
    """
    return char.encode("unicode_escape").decode("ascii")
