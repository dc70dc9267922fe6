"""Which paths sdkgen may write or delete under --out, and how to show an untrusted path in a message.

Every path under the output folder comes from untrusted input: a template's `path:` expression, an
entry of a committed manifest, a name found in the folder. `path_problem` is the one rule such a path
must pass before sdkgen writes or deletes it; `printable` and `quoted` keep control characters (a
terminal escape in a file name, a newline that forges a second message line) out of what we print.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from .diagnostics import Diagnostic, SpecError, escape_unsafe, join_pointer
from .load import load_spec
from .render import MANIFEST as TEMPLATES_MANIFEST
from .render import OutputDeclaration, TemplateSet, render

OUTPUT_MANIFEST = ".sdkgen-manifest.json"
STAGING_PREFIX = ".sdkgen-staging-"
VCS_DIRS = frozenset({".git", ".hg", ".svn"})
MAX_SEGMENT_BYTES = 255  # the limit of one name on common file systems
MAX_PATH_BYTES = (
    1024  # leaves room for --out under PATH_MAX and Windows long-path checkouts
)
_DRIVE = re.compile(r"[A-Za-z]:")
_SHOWN_CHARACTERS = 120


def path_problem(path: str) -> str | None:
    """Why `path` is not a clean relative POSIX path inside the output folder, or None if it is."""
    if not path:
        return "is empty"
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in path):
        return "contains a control character"
    try:
        size = len(path.encode("utf-8"))
    except UnicodeEncodeError:
        return "is not valid Unicode text"
    if "\\" in path:
        return "contains a backslash"
    if path.startswith("/"):
        return "is absolute"
    if _DRIVE.match(path):
        return "starts with a drive letter"
    if size > MAX_PATH_BYTES:
        return f"is longer than {MAX_PATH_BYTES} bytes"
    segments = path.split("/")
    for segment in segments:
        problem = _segment_problem(segment)
        if problem is not None:
            return problem
    if path == OUTPUT_MANIFEST or segments[0].startswith(STAGING_PREFIX):
        return "is a name sdkgen reserves for itself"
    return None


def _segment_problem(segment: str) -> str | None:
    if segment == "":
        return "has an empty segment"
    if segment == ".":
        return "has a '.' segment"
    if segment == "..":
        return "has a '..' segment (it leads out of the output folder)"
    if len(segment.encode("utf-8")) > MAX_SEGMENT_BYTES:
        return f"has a segment longer than {MAX_SEGMENT_BYTES} bytes"
    if segment in VCS_DIRS:
        return f"is inside a version-control folder ({segment})"
    return None


def colliding_paths(paths: Iterable[str]) -> list[tuple[str, str, str]]:
    """Pairs of paths that cannot both be checked out: the same name but for case (macOS and Windows
    fold case), or one path a folder of the other. Each pair comes with why, in sorted path order.
    """
    files: dict[str, str] = {}  # folded path -> path
    folders: dict[str, str] = {}  # folded folder -> the first path inside it
    found = []
    for path in sorted(paths):
        key = _fold(path)
        other = files.get(key) or folders.get(key)
        if other is not None:
            found.append((other, path, _why_collide(other, path)))
            continue
        files[key] = path
        for folder in reversed(PurePosixPath(path).parents[:-1]):
            folded, name = _fold(str(folder)), str(folder)
            other = files.get(folded) or folders.get(folded)
            if other is not None and not other.startswith(name + "/"):
                found.append((other, path, _why_collide(other, path)))
                break
            folders.setdefault(folded, path)
    return found


def _fold(path: str) -> str:
    return unicodedata.normalize("NFC", path).casefold()


def _why_collide(first: str, second: str) -> str:
    shorter, longer = sorted((first, second), key=len)
    if longer.startswith(shorter + "/"):
        return f"need {shorter} to be both a file and a folder"
    return "differ only in case (one file on macOS and Windows)"


def printable(text: str) -> str:
    """`text` with control characters and undecodable bytes shown as escapes, so it is one inert line."""
    return escape_unsafe(text)


def quoted(text: str) -> str:
    """`text` quoted for a message, escaped like `printable`, and cut short if it is long."""
    if len(text) <= _SHOWN_CHARACTERS:
        return "'" + printable(text) + "'"
    return f"'{printable(text[:_SHOWN_CHARACTERS])}…' ({len(text)} characters)"


def require_safe_output_paths(
    files: Mapping[str, str],
    template_set: TemplateSet,
    sdk: Any,
    filters: Mapping[str, Callable[..., Any]] | None = None,
) -> None:
    """Raise a SpecError, located at the `path:` of the templates.yaml entry responsible, for every
    declaration that renders a path outside the output folder or one that collides with another.
    """
    problems = {p: why for p in files if (why := path_problem(p)) is not None}
    clashes = colliding_paths(p for p in [*files, OUTPUT_MANIFEST] if p not in problems)
    if not problems and not clashes:
        return
    origins = _origins(
        template_set, sdk, filters
    )  # only on this error path: it renders again
    reports: dict[OutputDeclaration, list[str]] = {}
    for path, why in problems.items():
        reports.setdefault(origins[path], []).append(
            f"renders the output path {quoted(path)}, which {why}"
        )
    for first, second, why in clashes:
        path, other = (second, first) if second in origins else (first, second)
        source = f" (from {origins[other].template})" if other in origins else ""
        reports.setdefault(origins[path], []).append(
            f"renders the output path {quoted(path)}, which collides with "
            f"{quoted(other)}{source}: they {why}"
        )
    raise SpecError(
        [
            _declaration_diagnostic(declaration, messages, template_set.folders)
            for declaration, messages in reports.items()
        ]
    )


def _origins(
    template_set: TemplateSet,
    sdk: Any,
    filters: Mapping[str, Callable[..., Any]] | None,
) -> dict[str, OutputDeclaration]:
    """Which declaration renders each output path."""
    return {
        path: declaration
        for declaration in template_set.declarations
        for path in render(
            TemplateSet(template_set.folders, (declaration,)), sdk, filters=filters
        )
    }


def _declaration_diagnostic(
    declaration: OutputDeclaration, messages: list[str], folders: Sequence[Path]
) -> Diagnostic:
    """One error per declaration (a `for: model` entry may render many bad paths), at its `path:`."""
    more = len(messages) - 1
    message = f"{declaration.template} {messages[0]}"
    if more:
        message += f" (and {more} more path{'s' if more > 1 else ''} like it)"
    for (
        folder
    ) in folders:  # the first folder that declares the template is the one used
        manifest = folder / TEMPLATES_MANIFEST
        if not manifest.is_file():
            continue
        source = load_spec(_shown(manifest)).root
        entries = source.data.get("outputs") if isinstance(source.data, dict) else None
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if (
                isinstance(entry, dict)
                and entry.get("template") == declaration.template
            ):
                return source.diagnostic(
                    join_pointer("/outputs", index, "path"), message
                )
    return Diagnostic(message, TEMPLATES_MANIFEST, "")


def _shown(path: Path) -> str:
    """A path as short as possible for messages: relative to the working directory when inside it."""
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else str(path)
