"""The generated SDK's version, bumped from the drift report, and its changelog.

`sdkgen generate --bump-version` compares the spec with the one the output folder was generated
from (found in git by the manifest's blob ids), bumps the version the manifest records by the
report's bump, and adds a changelog entry. Both are kept in the manifest (`sdk_version`,
`changelog`), so generation stays a pure function of its inputs: every later `generate` and
`check` reads them back and renders the same bytes (the changelog through
templates/changelog/CHANGELOG.md.j2, which a `--templates` folder can override).

The manifest is committed, so anyone may edit it: a version that is not PEP 440 and a changelog
that is not exactly the expected shape are ignored, sizes are bounded, and every string from it
reaches the changelog only through a Markdown filter, like document text.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from ..outdir import inspect, read_regular
from ..output_paths import OUTPUT_MANIFEST
from ..render import make_environment
from ..text import SpecText, raw_text
from .report import Code, Report
from .rules import BUMPS

CHANGELOG = "CHANGELOG.md"
CHANGELOG_TEMPLATE = "CHANGELOG.md.j2"
MAX_ENTRIES = 1000
MAX_CHANGES_PER_ENTRY = 200
MAX_TEXT = 500
_MAX_MANIFEST_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class LoggedChange:
    classification: str
    where: str
    what: tuple[tuple[str, str], ...]  # ("text" | "code", text)
    reason: str


@dataclass(frozen=True, slots=True)
class Entry:
    version: str
    bump: str
    changes: tuple[LoggedChange, ...]
    omitted: int = 0


@dataclass(frozen=True, slots=True)
class Release:
    """What the manifest keeps between runs: the SDK's version and the changelog, newest first."""

    version: str
    entries: tuple[Entry, ...] = ()


def recorded_release(out: Path | None) -> Release | None:
    """The version and changelog the manifest in `out` records; None when it records none (or
    nothing usable: the version is then derived from the document again)."""
    document = _manifest(out) if out is not None else None
    if not isinstance(document, dict):
        return None
    version = _pep440(document.get("sdk_version"))
    if version is None:
        return None
    return Release(version, _entries(document.get("changelog")))


def bumped(version: str, bump: str) -> str:
    """`version` raised by `bump`. Before 1.0.0 a breaking change raises the minor number and
    anything else the patch number (0.y.z: any y may break), as Cargo and npm read them.
    """
    parts = Version(version).release + (0, 0)
    major, minor, patch = parts[0], parts[1], parts[2]
    if bump == "none":
        return version
    if major == 0:
        bump = "minor" if bump == "major" else "patch"
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def next_release(
    previous: Release | None, start: str, report: Report | None
) -> Release:
    """The release after `previous` (or starting at `start`, the version generated until now)
    for the changes in `report` (None: the output has no earlier spec; nothing to log).
    """
    version = previous.version if previous else start
    entries = previous.entries if previous else ()
    if report is None or report.bump == "none":
        return Release(version, entries)
    new_version = bumped(version, report.bump)
    changes = tuple(
        LoggedChange(
            c.classification,
            c.where,
            tuple(
                ("code", p.excerpt()) if isinstance(p, Code) else ("text", p)
                for p in c.what
            ),
            c.rule.reason,
        )
        for c in report.changes
    )
    entry = Entry(
        new_version,
        report.bump,
        changes[:MAX_CHANGES_PER_ENTRY],
        max(0, len(changes) - MAX_CHANGES_PER_ENTRY),
    )
    return Release(new_version, (entry, *entries)[:MAX_ENTRIES])


def manifest_fields(release: Release) -> dict[str, Any]:
    """What the manifest keeps of `release`."""
    fields: dict[str, Any] = {"sdk_version": release.version}
    if release.entries:
        fields["changelog"] = [asdict(entry) for entry in release.entries]
    return fields


def changelog(release: Release, overlays: Sequence[Path]) -> str | None:
    """The changelog's text, or None when there is no entry yet."""
    if not release.entries:
        return None
    builtin = Path(__file__).resolve().parents[2] / "templates" / "changelog"
    if not builtin.is_dir():  # installed: the templates ship as sdkgen_templates
        from importlib import resources

        builtin = Path(str(resources.files("sdkgen_templates") / "changelog"))
    environment = make_environment([*overlays, builtin])
    environment.filters["markdown_message"] = markdown_message
    template = environment.get_template(CHANGELOG_TEMPLATE)
    return template.render(entries=[_view(e) for e in release.entries])


def markdown_message(value: Any) -> str:
    """A message for Markdown: its code pieces as code spans, its words with punctuation escaped."""
    from .formats import markdown_piece

    if isinstance(value, (SpecText, str)):
        return markdown_piece(raw_text(value), code=False)
    return "".join(markdown_piece(raw_text(text), code=code) for code, text in value)


def _view(entry: Entry) -> dict[str, Any]:
    """An entry for the template: every string from the manifest is spec text (escape to print)."""
    return {
        "version": entry.version,  # PEP 440, normalized: digits, dots and letters
        "bump": entry.bump,  # one of BUMPS
        "omitted": entry.omitted,
        "changes": [
            {
                "classification": c.classification,  # one of CLASSIFICATIONS
                "where": SpecText(c.where),
                "what": [(kind == "code", SpecText(text)) for kind, text in c.what],
                "reason": SpecText(c.reason),
            }
            for c in entry.changes
        ],
    }


def _manifest(out: Path) -> Any:
    try:
        root = Path(os.path.realpath(out))
        if not inspect(root, OUTPUT_MANIFEST).is_file_at(OUTPUT_MANIFEST):
            return None
        data = read_regular(root / OUTPUT_MANIFEST, _MAX_MANIFEST_BYTES)
        return json.loads(data.decode("utf-8")) if data is not None else None
    except (OSError, ValueError, RecursionError):
        return None


def _pep440(value: object) -> str | None:
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        return str(Version(value))
    except InvalidVersion:
        return None


def _entries(value: object) -> tuple[Entry, ...]:
    """The well-formed entries of a manifest's changelog (the others are dropped)."""
    if not isinstance(value, list):
        return ()
    entries = []
    for item in value[:MAX_ENTRIES]:
        entry = _entry(item)
        if entry is not None:
            entries.append(entry)
    return tuple(entries)


def _entry(item: object) -> Entry | None:
    if not isinstance(item, dict):
        return None
    version = _pep440(item.get("version"))
    bump, changes, omitted = (
        item.get("bump"),
        item.get("changes"),
        item.get("omitted", 0),
    )
    if version is None or bump not in BUMPS or not isinstance(changes, list):
        return None
    if (
        not isinstance(omitted, int)
        or isinstance(omitted, bool)
        or not 0 <= omitted < 10**9
    ):
        return None
    logged = []
    for change in changes[:MAX_CHANGES_PER_ENTRY]:
        found = _logged(change)
        if found is None:
            return None
        logged.append(found)
    return Entry(version, str(bump), tuple(logged), omitted)


def _logged(change: object) -> LoggedChange | None:
    from .rules import CLASSIFICATIONS

    if not isinstance(change, dict):
        return None
    classification, where = change.get("classification"), change.get("where")
    what, reason = change.get("what"), change.get("reason")
    if classification not in CLASSIFICATIONS or not _text(where) or not _text(reason):
        return None
    if not isinstance(what, list) or len(what) > 20:
        return None
    pieces = []
    for piece in what:
        if (
            not isinstance(piece, list)
            or len(piece) != 2
            or piece[0] not in ("text", "code")
            or not _text(piece[1])
        ):
            return None
        pieces.append((str(piece[0]), str(piece[1])))
    return LoggedChange(str(classification), str(where), tuple(pieces), str(reason))


def _text(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT
