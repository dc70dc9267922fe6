"""Diagnostics are values: every problem found in a spec is a `Diagnostic` naming where it is.

A stage that finds errors raises `SpecError` carrying all of them; the command line prints each on one
line (`file:line: error: message [at /json/pointer]`) and exits with status 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


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


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in a spec: what is wrong, and the file, line and JSON pointer where it is."""

    message: str
    file: str
    pointer: str
    line: int | None = None
    severity: Severity = "error"
    column: int | None = None

    def render(self) -> str:
        """One line, in the `file:line: severity: message` form editors and CI annotations understand."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.line is not None and self.column is not None:
            where += f":{self.column}"
        return f"{where}: {self.severity}: {self.message} [at {self.pointer or '/'}]"


class SpecError(Exception):
    """Raised by a pipeline stage that found errors; carries every diagnostic it found."""

    def __init__(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.render() for d in self.diagnostics))
