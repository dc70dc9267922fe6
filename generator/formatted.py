"""The record of formatted output: what the manifest keeps per file, and what an earlier run's
output folder holds (read by `reuse.py`). Pure data, so targets can use it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Formatted:
    """One file's record: the digest of what was rendered and of what was written."""

    rendered: str
    written: str


@dataclass(frozen=True)
class PreviousOutput:
    """The files an earlier run formatted, as far as its manifest can be believed."""

    formatter: str = ""
    records: Mapping[str, Formatted] = field(default_factory=dict)
    texts: Mapping[str, str] = field(default_factory=dict)  # the files on disk, by path

    def formatted_text(
        self, path: str, formatter: str, rendered_digest: str
    ) -> str | None:
        """The text on disk for `path` if the manifest says `formatter` made it from text with
        `rendered_digest`; the caller still checks that the text on disk is what was written.
        """
        record = self.records.get(path)
        if formatter != self.formatter or record is None:
            return None
        if record.rendered != rendered_digest:
            return None
        return self.texts.get(path)


NOTHING = PreviousOutput()


@dataclass(frozen=True)
class FormattedOutput:
    """A target formatter's result: the files, and the record the manifest keeps of them."""

    files: dict[str, str]
    formatter: str = ""  # what formatted them (name, version, options); "" for none
    records: Mapping[str, Formatted] = field(default_factory=dict)
