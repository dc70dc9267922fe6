"""`sdkgen init-templates DIR --target NAME`: a copy of a target's built-in template set to edit.

`sdkgen generate --target NAME --templates DIR` then reads DIR first (an overlay): a file there
replaces the built-in one of the same name, so DIR may keep only the files you change. The copy
never writes outside DIR: nothing below it is followed if it is a symbolic link (such a path is
refused, as is anything but a regular file where a file goes), and an existing file that differs
from the built-in one is left alone unless `force` is given.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .outdir import (
    FILE,
    FOLDER,
    MISSING,
    OutputError,
    Problem,
    inspect,
    os_errors_as,
    shown,
)
from .targets.base import Target

_SKIPPED_FOLDERS = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache"})
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass(frozen=True, slots=True)
class Copied:
    """What `init_templates` did: the files it wrote and those already identical."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]


def template_files(folder: Path) -> dict[str, bytes]:
    """Every file of a template set, by `/`-separated path relative to `folder`."""
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part in _SKIPPED_FOLDERS for part in relative.parts):
            continue
        if path.is_file() and not path.is_symlink() and path.suffix != ".pyc":
            files[relative.as_posix()] = path.read_bytes()
    return files


def init_templates(target: Target, destination: Path, *, force: bool = False) -> Copied:
    """Copy `target`'s built-in templates into `destination` (created if missing)."""
    files = template_files(target.templates())
    with os_errors_as(shown(destination), "create the folder"):
        destination.mkdir(parents=True, exist_ok=True)
    root = destination.resolve()
    problems, existing, unchanged = [], [], []
    for relative, content in files.items():
        found = inspect(root, relative)
        if found.is_file_at(relative):
            if (root / relative).read_bytes() == content:
                unchanged.append(relative)
            else:
                existing.append(relative)
        elif found.kind != MISSING:  # a link (never followed), a folder, a pipe, ...
            message = (
                f"a {found.kind} is in the way of a template file; nothing was copied"
            )
            problems.append(Problem(shown(destination, found.where), message))
    if problems:
        raise OutputError(problems)
    if existing and not force:
        raise OutputError(
            [
                Problem(
                    shown(destination, p),
                    "exists and differs from the built-in template",
                )
                for p in existing
            ],
            "nothing was copied; pass --force to overwrite these files",
        )
    written = []
    for relative, content in files.items():
        if relative in unchanged:
            continue
        _write(root, relative, content, shown(destination, relative))
        written.append(relative)
    return Copied(tuple(written), tuple(unchanged))


def _write(root: Path, relative: str, content: bytes, display: str) -> None:
    """Write one file under `root`, creating its folders, following no link on the way."""
    parts = PurePosixPath(relative).parts
    with os_errors_as(display, "write the file"):
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            found = inspect(root, folder)
            if found.kind == MISSING:
                os.mkdir(root / folder)
            elif found.kind != FOLDER:  # appeared since it was checked
                raise OSError(0, f"a {found.kind} is in the way at {folder}")
        if inspect(root, relative).kind not in (MISSING, FILE):
            raise OSError(0, "something other than a file is in the way")
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NO_FOLLOW
        descriptor = os.open(root / relative, flags, 0o644)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(content)
