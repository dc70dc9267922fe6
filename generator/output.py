"""The two shells that touch the disk: `write` (atomic, careful) and `check` (drift report)."""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .pipeline import OUTPUT_MANIFEST, read_manifest

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
    }
)
IGNORED_SUFFIXES = (".pyc", ".pyo", ".egg-info")


@dataclass(frozen=True)
class CheckReport:
    """How the output folder differs from what the generator produces."""

    changed: dict[str, str] = field(default_factory=dict)  # path -> unified diff
    missing: tuple[str, ...] = ()
    unexpected: tuple[str, ...] = ()

    @property
    def clean(self) -> bool:
        return not (self.changed or self.missing or self.unexpected)

    def render(self, out: Path) -> str:
        """A readable report: diffs first, then missing and unexpected files."""
        parts = [self.changed[path] for path in sorted(self.changed)]
        parts += [
            f"missing: {out / path} (the generator produces it)\n"
            for path in self.missing
        ]
        parts += [
            f"unexpected: {out / path} (the generator does not produce it)\n"
            for path in self.unexpected
        ]
        total = len(self.changed) + len(self.missing) + len(self.unexpected)
        parts.append(
            f"{total} file(s) differ from what the generator produces in {out}\n"
        )
        return "".join(parts)


def check(out: Path, files: dict[str, str]) -> CheckReport:
    """Compare `out` byte for byte with `files`."""
    changed: dict[str, str] = {}
    missing = []
    for path in sorted(files):
        target = out / path
        if not target.is_file():
            missing.append(path)
            continue
        actual = target.read_bytes()
        if actual != files[path].encode("utf-8"):
            changed[path] = _diff(str(out / path), actual, files[path])
    unexpected = sorted(set(_files_under(out)) - set(files))
    return CheckReport(changed, tuple(missing), tuple(unexpected))


def _diff(path: str, actual: bytes, expected: str) -> str:
    actual_text = actual.decode("utf-8", errors="replace")
    lines = difflib.unified_diff(
        actual_text.splitlines(keepends=True),
        expected.splitlines(keepends=True),
        fromfile=f"{path} (on disk)",
        tofile=f"{path} (generated)",
    )
    text = "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
        for line in lines
    )
    return text or f"{path}: differs only in encoding or line endings\n"


def _files_under(out: Path) -> list[str]:
    if not out.is_dir():
        return []
    found = []
    for directory, dirnames, filenames in os.walk(out):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in IGNORED_DIRS and not d.endswith(IGNORED_SUFFIXES)
        )
        for name in filenames:
            if not name.endswith(IGNORED_SUFFIXES):
                found.append(Path(directory, name).relative_to(out).as_posix())
    return found


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


def write(out: Path, files: dict[str, str]) -> WriteReport:
    """Make `out` hold `files`, never leaving a half-written file and never deleting a file the
    generator did not make.

    Everything is first written to a staging folder beside `out`, then each changed file is moved
    into place with an atomic rename; files that an earlier run's manifest lists and this run no
    longer produces are removed; the manifest itself is replaced last.
    """
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / OUTPUT_MANIFEST
    previous = (
        set(read_manifest(manifest.read_text("utf-8"))) if manifest.is_file() else set()
    )
    stale = sorted(p for p in previous - set(files) if (out / p).is_file())
    changed = [p for p in sorted(files) if not _same(out / p, files[p])]
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        for path in changed:
            staged = staging / path
            staged.parent.mkdir(parents=True, exist_ok=True)
            with open(staged, "w", encoding="utf-8", newline="") as handle:
                handle.write(files[path])
                handle.flush()
                os.fsync(handle.fileno())
        for path in changed:
            if path != OUTPUT_MANIFEST:
                _move_into_place(staging / path, out / path)
        for path in stale:
            (out / path).unlink()
            _remove_empty_parents(out / path, out)
        if (
            OUTPUT_MANIFEST in changed
        ):  # last: until now, the old manifest still names every file
            _move_into_place(staging / OUTPUT_MANIFEST, manifest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return WriteReport(tuple(changed), tuple(stale), len(files) - len(changed))


def _move_into_place(staged: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, target)


def _same(target: Path, text: str) -> bool:
    return target.is_file() and target.read_bytes() == text.encode("utf-8")


def _remove_empty_parents(path: Path, top: Path) -> None:
    parent = path.parent
    while parent != top and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
