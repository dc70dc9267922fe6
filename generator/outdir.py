"""The output folder as untrusted ground: looking at paths under it without following links, reading
files with a size bound, locking it against a concurrent run, and turning OSErrors into one line.

The folder's contents may come from anyone (a pull request can commit a symbolic link or a named
pipe), so nothing here follows a link below --out; --out itself is resolved once, by the caller.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .output_paths import STAGING_PREFIX, printable

try:
    import fcntl
except (
    ImportError
):  # Windows: no advisory locks on folders; runs are not serialised there
    fcntl = None  # type: ignore[assignment]

LOCK_TIMEOUT = 60.0  # seconds to wait for another run to finish with the folder
_LOCK_POLL = 0.05
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)

MISSING, FILE, FOLDER, LINK = "missing", "regular file", "folder", "symbolic link"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one path in (or the whole of) the output folder."""

    path: str  # as the user would type it: --out joined with the relative path
    message: str

    def render(self) -> str:
        return f"{printable(self.path)}: error: {self.message}"


class OutputError(Exception):
    """`write` or `check` cannot proceed; the CLI prints each problem on one line and exits 2."""

    def __init__(self, problems: list[Problem], hint: str = "") -> None:
        self.problems = tuple(problems)
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        lines = [problem.render() for problem in self.problems]
        if self.hint:
            lines.append(f"sdkgen: {self.hint}")
        return "".join(line + "\n" for line in lines)


def shown(out: Path, relative: str = "") -> str:
    """The path the user knows: --out as given, joined with a path relative to it."""
    return str(out / relative) if relative else str(out)


def reason(error: OSError) -> str:
    """`Permission denied` as `permission denied`: what went wrong, never a file's content."""
    text = error.strerror or str(error) or type(error).__name__
    return text[:1].lower() + text[1:]


@contextmanager
def os_errors_as(path: str, doing: str) -> Iterator[None]:
    """Turn an OSError inside the block into an OutputError: `<path>: error: cannot <doing>: <why>`."""
    try:
        yield
    except OSError as error:
        raise OutputError([Problem(path, f"cannot {doing}: {reason(error)}")]) from None


@dataclass(frozen=True, slots=True)
class Found:
    """What is at a relative path under the root: `kind` of the first thing in the way, at `where`
    (the path itself, or the first folder on the way to it that is missing or not a folder).
    """

    kind: str
    where: str

    def is_file_at(self, path: str) -> bool:
        return self.kind == FILE and self.where == path


def inspect(root: Path, path: str) -> Found:
    """What `path` (clean, relative) is under `root`, found with lstat: links are never followed."""
    parts = PurePosixPath(path).parts
    for depth in range(1, len(parts) + 1):
        where = "/".join(parts[:depth])
        kind = _kind(root / where)
        if depth == len(parts) or kind != FOLDER:
            return Found(kind, where)
    raise AssertionError("unreachable: a path has at least one part")


def _kind(path: Path) -> str:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return MISSING
    except NotADirectoryError:  # a parent turned out not to be a folder
        return MISSING
    if stat.S_ISLNK(mode):
        return LINK
    if stat.S_ISREG(mode):
        return FILE
    if stat.S_ISDIR(mode):
        return FOLDER
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "special file"


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file at `path`, opened without following a link; None when it holds
    more than `limit` bytes (the caller knows what size to expect, so it need not read a huge file).
    """
    descriptor = os.open(path, os.O_RDONLY | _NO_FOLLOW | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "Not a regular file", str(path))
        if status.st_size > limit:
            return None
        data = handle.read(limit + 1)
    return data if len(data) <= limit else None


@contextmanager
def locked(
    root: Path,
    out: Path,
    *,
    exclusive: bool,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold an advisory lock on the folder `root` itself (no lock file to leave behind): exclusive
    to write, shared to check. Waits up to LOCK_TIMEOUT for another run, telling `on_wait` once.
    """
    if fcntl is None:
        yield
        return
    with os_errors_as(shown(out), "open the output folder"):
        descriptor = os.open(root, os.O_RDONLY | _DIRECTORY)
    try:
        _acquire(descriptor, out, exclusive, on_wait)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _acquire(
    descriptor: int,
    out: Path,
    exclusive: bool,
    on_wait: Callable[[str], None] | None,
) -> None:
    mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
    timeout = LOCK_TIMEOUT
    deadline = None
    while True:
        try:
            fcntl.flock(descriptor, mode)
            return
        except BlockingIOError:
            pass
        except OSError as error:
            if error.errno in (
                errno.ENOLCK,
                errno.EOPNOTSUPP,
                errno.EBADF,
                errno.EINVAL,
            ):
                return  # a file system without flock (some network mounts): proceed unlocked
            raise OutputError([Problem(shown(out), f"cannot lock: {reason(error)}")])
        if deadline is None:
            deadline = time.monotonic() + timeout
            if on_wait is not None:
                on_wait(
                    f"waiting for another sdkgen run to finish with {printable(shown(out))} "
                    f"(up to {timeout:g} s)"
                )
        elif time.monotonic() >= deadline:
            message = (
                f"another sdkgen run is still using this folder after {timeout:g} s; "
                + ("nothing written, " if exclusive else "")
                + "try again when it has finished"
            )
            raise OutputError([Problem(shown(out), message)])
        time.sleep(_LOCK_POLL)


def remove_stale_staging(root: Path, out: Path) -> None:
    """Remove staging folders that a killed run left in `root`; the caller holds the write lock, so
    no live run is using them.
    """
    with os_errors_as(shown(out), "list the output folder"):
        names = [e.name for e in os.scandir(root) if e.name.startswith(STAGING_PREFIX)]
    for name in names:
        with os_errors_as(shown(out, name), "remove a stale staging folder"):
            if _kind(root / name) == FOLDER:
                shutil.rmtree(root / name)  # rmtree never follows links inside it
            else:
                os.unlink(root / name)


def files_under(
    root: Path, out: Path, skip_folder: Callable[[str, str], bool]
) -> Iterator[str]:
    """The relative path of every non-folder (file, link, special file) under `root`, without
    following links and without recursion (a deep tree must not exhaust the stack);
    `skip_folder(name, relative)` prunes.
    """
    pending = [""]
    while pending:
        folder = pending.pop()
        with os_errors_as(shown(out, folder), "list the folder"):
            with os.scandir(root / folder if folder else root) as entries:
                found = [(e.name, e.is_dir(follow_symlinks=False)) for e in entries]
        for name, is_folder in sorted(found):
            relative = f"{folder}/{name}" if folder else name
            if not is_folder:
                yield relative
            elif not skip_folder(name, relative):
                pending.append(relative)
