"""What the previous run made, as its manifest on disk says; the manifest is untrusted input.

A committed `.sdkgen-manifest.json` can be edited in a pull request, so an entry counts as "made by
the generator" (and may be replaced or deleted) only if it is a clean relative path inside --out
that reaches its file without passing a symbolic link; any other entry is ignored with a warning at
its line and JSON pointer.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .diagnostics import Diagnostic
from .locate import line_of
from .outdir import LINK, inspect, os_errors_as, read_regular, shown
from .output_paths import OUTPUT_MANIFEST, path_problem, printable, quoted
from .pipeline import read_manifest, widened_manifest

MAX_MANIFEST_BYTES = 16 * 1024 * 1024
MAX_MANIFEST_WARNINGS = 20


def previous_outputs(
    root: Path, out: Path
) -> tuple[frozenset[str], tuple[Diagnostic, ...]]:
    """The files the previous run's manifest says it made, and a warning for each entry ignored
    (anything but a clean path inside `out` that reaches its file without passing a link).
    """
    found = inspect(root, OUTPUT_MANIFEST)
    if not found.is_file_at(OUTPUT_MANIFEST):
        # missing, or a link or folder (which `write` then refuses to replace)
        return frozenset(), ()
    display = shown(out, OUTPUT_MANIFEST)
    with os_errors_as(display, "read"):
        data = read_regular(root / OUTPUT_MANIFEST, MAX_MANIFEST_BYTES)
    try:
        text = data.decode("utf-8") if data is not None else None
    except UnicodeDecodeError:
        text = None
    entries = read_manifest(text) if text is not None else None
    if text is None or entries is None:
        message = (
            "not a manifest written by sdkgen (unreadable JSON, or no `files` list); no file "
            "counts as generated, so none is deleted or replaced"
        )
        return frozenset(), (
            Diagnostic(message, printable(display), "", None, "warning"),
        )
    accepted: set[str] = set()
    ignored: list[tuple[str, str]] = []  # (pointer, what is wrong with the entry there)
    for pointer, entry in entries:
        if not isinstance(entry, str):
            ignored.append(
                (pointer, f"an entry that is not a string but {_json_kind(entry)}")
            )
        elif (why := _entry_problem(root, entry)) is not None:
            ignored.append(
                (
                    pointer,
                    f"the entry {quoted(entry)}: it {why}; sdkgen deletes and replaces "
                    "only files inside the output folder",
                )
            )
        else:
            accepted.add(entry)
    return frozenset(accepted), _ignored_entry_warnings(display, text, ignored)


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "null"
    return "an array" if isinstance(value, list) else "an object"


def _entry_problem(root: Path, entry: str) -> str | None:
    why = path_problem(entry)
    if why is not None:
        return why
    found = inspect(root, entry)
    if found.kind == LINK:
        return f"passes through a symbolic link ({printable(found.where)})"
    return None


def _ignored_entry_warnings(
    display: str, text: str, ignored: list[tuple[str, str]]
) -> tuple[Diagnostic, ...]:
    """One located warning per ignored entry, up to a bound (each looks its line up in `text`)."""
    warnings = [
        Diagnostic(
            f"ignoring {what}",
            printable(display),
            pointer,
            line_of(text, pointer, is_json=True),
            "warning",
        )
        for pointer, what in ignored[:MAX_MANIFEST_WARNINGS]
    ]
    if len(ignored) > MAX_MANIFEST_WARNINGS:
        more = len(ignored) - MAX_MANIFEST_WARNINGS
        message = f"ignoring {more} more entries like these"
        warnings.append(
            Diagnostic(message, printable(display), "/files", None, "warning")
        )
    return tuple(warnings)


def interim_manifest(
    files: Mapping[str, str], previous: frozenset[str], changed: tuple[str, ...]
) -> str | None:
    """The manifest to put in place before new files appear: the old list plus every file this
    run adds, so that a run killed half-way leaves nothing the next run cannot recognise.
    """
    added = set(changed) - previous - {OUTPUT_MANIFEST}
    if not added or OUTPUT_MANIFEST not in files:
        return None
    return widened_manifest(files[OUTPUT_MANIFEST], previous | added)
