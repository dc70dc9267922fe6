"""The two shells that touch the disk: `write` (atomic, careful) and `check` (drift report).

Both treat the output folder as untrusted: they act only on clean paths that resolve inside it,
never follow a symbolic link below it, leave the user's `keep` files and version-control folders
alone, and turn every OSError into an OutputError naming the path.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .diagnostics import Diagnostic
from .keep import Keep
from .outdir import (
    LINK,
    MISSING,
    Found,
    OutputError,
    Problem,
    files_under,
    inspect,
    locked,
    os_errors_as,
    read_regular,
    remove_stale_staging,
    shown,
)
from .output_paths import (
    OUTPUT_MANIFEST,
    STAGING_PREFIX,
    VCS_DIRS,
    path_problem,
    printable,
    quoted,
)
from .previous_run import interim_manifest, previous_outputs

__all__ = ["CheckReport", "OutputError", "WriteReport", "check", "write"]

# Folders and files that tools create next to generated code; they are never drift.
IGNORED_DIRS = frozenset(
    {
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".venv",
        "build",
        "dist",
        "node_modules",
    }
)
IGNORED_SUFFIXES = (".pyc", ".pyo", ".egg-info")
MAX_DIFF_BYTES = (
    4 * 1024 * 1024
)  # a bigger file on disk is reported as changed, without a diff
_NO_LINKS = "sdkgen does not follow links"


@dataclass(frozen=True)
class CheckReport:
    """How the output folder differs from what the generator produces."""

    changed: dict[str, str] = field(default_factory=dict)  # path -> unified diff
    missing: tuple[str, ...] = ()
    unexpected: tuple[str, ...] = ()
    # where -> (what it should be, what it is): links and special files in a generated file's way
    obstructed: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not (self.changed or self.missing or self.unexpected or self.obstructed)

    def render(self, out: Path) -> str:
        """A readable report: diffs first, then obstructed, missing and unexpected files."""
        parts = [self.changed[path] for path in sorted(self.changed)]
        parts += [
            f"not a {wanted}: {printable(shown(out, where))} ({found})\n"
            for where, (wanted, found) in sorted(self.obstructed.items())
        ]
        parts += [
            f"missing: {printable(shown(out, path))} (the generator produces it)\n"
            for path in self.missing
        ]
        parts += [
            f"unexpected: {printable(shown(out, path))} (the generator does not produce it)\n"
            for path in self.unexpected
        ]
        total = (
            len(self.changed)
            + len(self.missing)
            + len(self.unexpected)
            + len(self.obstructed)
        )
        parts.append(
            f"{total} file(s) differ from what the generator produces in "
            f"{printable(str(out))}\n"
        )
        return "".join(parts)


def check(
    out: Path,
    files: Mapping[str, str],
    *,
    keep: Keep = Keep(),
    on_wait: Callable[[str], None] | None = None,
) -> CheckReport:
    """Compare `out` byte for byte with `files`, without following links inside it."""
    _refuse_unclean_paths(out, files)
    _refuse_kept_outputs(out, files, keep)
    if not os.path.lexists(out):
        return CheckReport(missing=tuple(sorted(files)))
    root = _existing_folder(out)
    with locked(root, out, exclusive=False, on_wait=on_wait):
        changed: dict[str, str] = {}
        missing: list[str] = []
        obstructed: dict[str, tuple[str, str]] = {}
        for path in sorted(files):
            found = inspect(root, path)
            if found.is_file_at(path):
                diff = _compare(root, out, path, files[path])
                if diff is not None:
                    changed[path] = diff
            elif found.kind == MISSING:
                missing.append(path)
            else:
                obstructed.setdefault(found.where, _obstruction(found, path))
        on_disk = _files_on_disk(root, out, keep)
    unexpected = sorted(set(on_disk) - set(files) - set(obstructed))
    return CheckReport(changed, tuple(missing), tuple(unexpected), obstructed)


def _obstruction(found: Found, path: str) -> tuple[str, str]:
    wanted = "regular file" if found.where == path else "folder"
    if found.kind == LINK:
        return wanted, f"a {LINK}; {_NO_LINKS}"
    if found.where == path:
        return wanted, f"a {found.kind}"
    return wanted, f"a {found.kind}; the generator writes {printable(path)} inside it"


def _compare(root: Path, out: Path, path: str, expected: str) -> str | None:
    """The diff of the file on disk against `expected`, or None when they are byte-identical."""
    wanted = expected.encode("utf-8")
    with os_errors_as(shown(out, path), "read"):
        actual = read_regular(root / path, max(len(wanted), MAX_DIFF_BYTES))
    if actual == wanted:
        return None
    if actual is None:
        return f"{printable(shown(out, path))}: too large to show a diff\n"
    return _diff(printable(shown(out, path)), actual, expected)


def _diff(path: str, actual: bytes, expected: str) -> str:
    actual_text = actual.decode("utf-8", errors="replace")
    lines = difflib.unified_diff(
        actual_text.splitlines(keepends=True),
        expected.splitlines(keepends=True),
        fromfile=f"{path} (on disk)",
        tofile=f"{path} (generated)",
    )
    text = "".join(
        (
            _inert(line[:-1]) + "\n"
            if line.endswith("\n")
            else _inert(line) + "\n\\ No newline at end of file\n"
        )
        for line in lines
    )
    return text or f"{path}: differs only in encoding or line endings\n"


def _inert(line: str) -> str:
    """A diff line with control characters (a terminal escape, a carriage return) shown as escapes:
    the file on disk is untrusted, and its diff goes to a terminal or a CI log.
    """
    return "\t".join(printable(part) for part in line.split("\t"))


def _files_on_disk(root: Path, out: Path, keep: Keep) -> list[str]:
    """Every file (or link, or special file) under `root` that is not a cache, not in a
    version-control or staging folder, and not one the user keeps.
    """

    def skip_folder(name: str, relative: str) -> bool:
        return (
            name in IGNORED_DIRS
            or name in VCS_DIRS
            or name.endswith(IGNORED_SUFFIXES)
            or (relative == name and name.startswith(STAGING_PREFIX))
        )

    return [
        path
        for path in files_under(root, out, skip_folder)
        if not path.endswith(IGNORED_SUFFIXES) and path not in keep
    ]


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    warnings: tuple[Diagnostic, ...] = ()  # manifest entries that were ignored


def write(
    out: Path,
    files: Mapping[str, str],
    *,
    keep: Keep = Keep(),
    force: bool = False,
    on_wait: Callable[[str], None] | None = None,
) -> WriteReport:
    """Make `out` hold `files`, never leaving a half-written file, never writing or deleting outside
    `out` or through a link, and never replacing or deleting a file the generator did not make.

    Under an exclusive lock on `out`: every changed file is written to a staging folder inside
    `out`; a manifest listing the old files and the new ones goes in place first; each file is
    moved into place with an atomic rename; files that the previous manifest lists and this run
    no longer produces are removed; the final manifest is replaced last. Existing files the
    previous manifest does not list are replaced only with `force`.
    """
    _refuse_unclean_paths(out, files)
    _refuse_kept_outputs(out, files, keep)
    root = _created_folder(out)
    with locked(root, out, exclusive=True, on_wait=on_wait):
        remove_stale_staging(root, out)
        previous, warnings = previous_outputs(root, out)
        changed, stale = _plan(root, out, files, previous, keep, force)
        interim = interim_manifest(files, previous, changed)
        _apply(root, out, files, changed, stale, interim)
    return WriteReport(changed, stale, len(files) - len(changed), warnings)


def _refuse_unclean_paths(out: Path, files: Mapping[str, str]) -> None:
    problems = [
        Problem(
            shown(out),
            f"{quoted(path)} is not a path inside the output folder: it {why}",
        )
        for path in sorted(files)
        if path != OUTPUT_MANIFEST and (why := path_problem(path)) is not None
    ]
    if problems:
        raise OutputError(problems, "nothing done")


def _refuse_kept_outputs(out: Path, files: Mapping[str, str], keep: Keep) -> None:
    problems = [
        Problem(
            shown(out, path),
            "a `keep` pattern matches this file, but the generator produces it; "
            "narrow the pattern",
        )
        for path in sorted(files)
        if path in keep
    ]
    if problems:
        raise OutputError(problems)


def _existing_folder(out: Path) -> Path:
    """`out` resolved once (it may be a link the user chose); it must be a folder."""
    if not os.path.isdir(out):
        raise OutputError([Problem(shown(out), "is not a folder")])
    return Path(os.path.realpath(out))


def _created_folder(out: Path) -> Path:
    if os.path.lexists(out) and not os.path.isdir(out):
        raise OutputError([Problem(shown(out), "is not a folder")])
    with os_errors_as(shown(out), "create the output folder"):
        out.mkdir(parents=True, exist_ok=True)
    return _existing_folder(out)


def _plan(
    root: Path,
    out: Path,
    files: Mapping[str, str],
    previous: frozenset[str],
    keep: Keep,
    force: bool,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Which files to write and which stale ones to delete; raises OutputError (before anything is
    written) for a link or special file in the way, or a file the generator did not make.
    """
    found = {path: inspect(root, path) for path in sorted(files)}
    _refuse_obstructions(out, found)
    changed = tuple(
        path for path in found if not _holds(root, out, path, found[path], files[path])
    )
    foreign = [
        path
        for path in changed
        if found[path].is_file_at(path)
        and path not in previous
        and path != OUTPUT_MANIFEST
    ]
    if foreign and not force:
        raise OutputError(
            [
                Problem(
                    shown(out, path),
                    f"exists, and sdkgen did not write it ({OUTPUT_MANIFEST} does not list it)",
                )
                for path in foreign
            ],
            "nothing written; pass --force to overwrite "
            + ("this file" if len(foreign) == 1 else f"these {len(foreign)} files"),
        )
    stale = tuple(
        path
        for path in sorted(previous - set(files))
        if path not in keep and inspect(root, path).is_file_at(path)
    )
    return changed, stale


def _refuse_obstructions(out: Path, found: Mapping[str, Found]) -> None:
    problems: dict[str, str] = {}
    for path, item in found.items():
        if item.kind == MISSING or item.is_file_at(path):
            continue
        if item.kind == LINK:
            why = "is a symbolic link, and sdkgen does not write through links"
        elif item.where == path:
            why = f"is a {item.kind}, not a regular file"
        else:
            why = f"is a {item.kind}, but the generator writes {printable(path)} inside it"
        problems.setdefault(item.where, why + " (nothing written)")
    if problems:
        raise OutputError([Problem(shown(out, w), m) for w, m in problems.items()])


def _holds(root: Path, out: Path, path: str, found: Found, text: str) -> bool:
    if not found.is_file_at(path):
        return False
    wanted = text.encode("utf-8")
    with os_errors_as(shown(out, path), "read"):
        return read_regular(root / path, len(wanted)) == wanted


def _apply(
    root: Path,
    out: Path,
    files: Mapping[str, str],
    changed: tuple[str, ...],
    stale: tuple[str, ...],
    interim: str | None,
) -> None:
    with os_errors_as(shown(out), "create a staging folder in the output folder"):
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    try:
        staged = {
            path: _stage(staging / str(index), files[path], shown(out, path))
            for index, path in enumerate(changed)
        }
        if interim is not None:
            display = shown(out, OUTPUT_MANIFEST)
            _move_into_place(
                _stage(staging / "interim", interim, display),
                root,
                out,
                OUTPUT_MANIFEST,
            )
        for path in changed:
            if path != OUTPUT_MANIFEST:
                _move_into_place(staged[path], root, out, path)
        for path in stale:
            with os_errors_as(shown(out, path), "delete"):
                os.unlink(root / path)
            _remove_emptied_folders(root, path)
        if (
            OUTPUT_MANIFEST in staged
        ):  # last: until now, the old manifest names every file
            _move_into_place(staged[OUTPUT_MANIFEST], root, out, OUTPUT_MANIFEST)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage(staged: Path, text: str, display: str) -> Path:
    with os_errors_as(display, "write"):
        with open(staged, "x", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    return staged


def _move_into_place(staged: Path, root: Path, out: Path, path: str) -> None:
    target = root / path
    with os_errors_as(shown(out, path), "write"):
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, target)


def _remove_emptied_folders(root: Path, path: str) -> None:
    """Remove the folders of `path` that are now empty, deepest first; never `root` or above it."""
    for folder in PurePosixPath(path).parents[:-1]:
        try:
            os.rmdir(root / folder)
        except (
            OSError
        ):  # not empty (or not ours to remove): the folders above are not empty either
            return
