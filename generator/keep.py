"""`keep`: the user's own files in the output folder, which `check` never reports and `write` never
touches (a `.gitignore`, a `CHANGELOG.md`, hand-written `docs/**`).

The patterns are gitignore patterns relative to --out, matched by pathspec (which black already
depends on): `docs/**` is everything under docs/, `/NOTES.md` only the top-level one, `CHANGELOG.md`
one at any depth.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pathspec


class Keep:
    """A compiled list of `keep` patterns; `Keep()` keeps nothing."""

    def __init__(self, patterns: Sequence[str] = ()) -> None:
        """Raises ValueError naming the first pattern that is not a valid gitignore pattern."""
        self.patterns = tuple(patterns)
        for pattern in self.patterns:
            try:
                pathspec.PathSpec.from_lines("gitignore", [pattern])
            except (ValueError, re.error):
                raise ValueError(pattern) from None
        self._spec = pathspec.PathSpec.from_lines("gitignore", self.patterns)

    def __contains__(self, path: str) -> bool:
        """Whether the file at `path` (POSIX, relative to --out) is the user's to keep."""
        return bool(self.patterns) and self._spec.match_file(path)

    def __repr__(self) -> str:
        return f"Keep({list(self.patterns)!r})"
