"""The drift report's records: each change in an SDK's terms, classified, and the bump they imply.

A message is built from pieces: our own prose (`str`) and `Code` (a name, a type or a value from the
document), so that each output format escapes exactly the parts that need it: the text format shows
control characters as escapes, Markdown puts each `Code` in a code span.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .rules import BUMPS, CLASSIFICATIONS, Bump, Classification, Rule, highest_bump

EXCERPT_CHARS = 60  # a value from the document is shown at most this long, never whole


@dataclass(frozen=True, slots=True)
class Code:
    """A name, type or value in a message (the document's text, or a target's name)."""

    text: str

    def excerpt(self) -> str:
        if len(self.text) <= EXCERPT_CHARS:
            return self.text
        return self.text[:EXCERPT_CHARS] + "…"


Piece = str | Code


@dataclass(frozen=True, slots=True)
class Change:
    """One change, as the users of one target's SDK meet it."""

    kind: str  # e.g. "parameter-removed", "response-enum-value-added"
    target: str  # "python"
    where: (
        str  # the target's name for the place: "llm.responses.cancel(x_on_behalf_of)"
    )
    what: tuple[
        Piece, ...
    ]  # what changed, e.g. ("header parameter ", Code("X-On-Behalf-Of"), " removed")
    rule: Rule

    @property
    def classification(self) -> Classification:
        return self.rule.classification

    @property
    def bump(self) -> Bump:
        return self.rule.bump

    @property
    def breaking(self) -> bool:
        return self.rule.classification == "breaking"

    def message(self, code: Any = None) -> str:
        """What changed and why it matters, on one line; `code` formats each `Code` piece."""
        show = code or (lambda piece: f"`{piece.excerpt()}`")
        text = "".join(show(p) if isinstance(p, Code) else p for p in self.what)
        return f"{text}: {self.rule.reason}"

    def sort_key(self) -> tuple[int, str, str]:
        return (CLASSIFICATIONS.index(self.classification), self.where, self.kind)


@dataclass(frozen=True, slots=True)
class Report:
    """Every change between two versions of a document, for one target."""

    target: str
    old: str  # how the old document was named (a path, or `REV:path`)
    new: str
    changes: tuple[Change, ...] = field(default=())

    @property
    def bump(self) -> Bump:
        return highest_bump([c.bump for c in self.changes])

    def count(self, classification: Classification) -> int:
        return sum(1 for c in self.changes if c.classification == classification)

    def counts_by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for change in self.changes:
            counts[change.kind] = counts.get(change.kind, 0) + 1
        return dict(sorted(counts.items()))

    def fails(self, level: str) -> bool:
        """Whether `--fail-on level` fails: `breaking`, `unsafe-for-some` (that or worse) or
        `any` change; also a bump (`major`, `minor`, `patch`: that bump or higher)."""
        if level in BUMPS:
            return BUMPS.index(self.bump) >= BUMPS.index(level) > 0
        if level == "any":
            return bool(self.changes)
        worst = CLASSIFICATIONS.index(level)
        return any(
            CLASSIFICATIONS.index(c.classification) <= worst for c in self.changes
        )


FAIL_LEVELS = ("breaking", "unsafe-for-some", "any", "major", "minor", "patch")
