"""The two versions a report compares: two files, a git revision's spec, or the spec an output
folder was generated from (the manifest's `spec_files`, found in the repository by blob id).

Earlier versions are read with git into a temporary folder (their `$ref`d files too) and nowhere
else; git runs without a shell, and a revision is refused if it could be read as an option. Both
the revision and the manifest are untrusted: sizes are checked against the spec limits before a
blob is read, and only clean relative paths are ever created.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..diagnostics import Diagnostic, SpecError
from ..limits import Limits
from ..output_paths import OUTPUT_MANIFEST, path_problem, printable
from ..outdir import inspect, read_regular
from ..pipeline import analysis
from ..targets import TARGETS
from .canonical import canonical_ids
from .compare import Version

_BLOB_ID = re.compile(r"[0-9a-f]{40}")
_SPEC_SUFFIXES = (".yaml", ".yml", ".json")
_MAX_FILES = 10_000
_MAX_MANIFEST_BYTES = 16 * 1024 * 1024
_GIT_TIMEOUT = 120


@dataclass(frozen=True, slots=True)
class Reading:
    """How to read a version: the options of `generate` that change what a document means."""

    package: str | None = None
    allow_external_refs: bool = False
    limits: Limits = Limits()
    target: str = "python"


def read_version(path: Path, label: str, reading: Reading) -> Version:
    """One version of the document, as the target's users see it; SpecError on bad input."""
    found = analysis(
        path,
        package=reading.package,
        allow_external_refs=reading.allow_external_refs,
        limits=reading.limits,
        target_name=reading.target,
    )
    target = TARGETS[reading.target]
    if target.names is None:
        message = f"the {reading.target} target cannot explain changes yet"
        raise SpecError([Diagnostic(message, "--target", "")])
    api, view = canonical_ids(found.api), found.view
    if (
        api is not found.api
    ):  # the target names schemas by id: lower the canonical ids again
        view, _ = target.lower(api, reading.package, ())
    return Version(api, target.names(view), label)


class GitError(Exception):
    """git could not give what was asked (not a repository, an unknown revision, ...)."""


@contextlib.contextmanager
def spec_at_revision(
    spec: Path, revision: str, limits: Limits
) -> Iterator[tuple[Path, str]]:
    """The spec as committed at `revision` (with the files beside it that it may `$ref`), in a
    temporary folder; yields its path there and a label (`REV:path`). Raises GitError.
    """
    if not revision or revision.startswith("-") or not revision.isprintable():
        raise GitError(f"not a revision: {printable(revision)!r}")
    top, relative = _in_repository(spec)
    commit = _git(
        top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"
    ).strip()
    if not commit:
        raise GitError(f"no commit {printable(revision)!r} in {printable(str(top))}")
    folder = PurePosixPath(relative).parent
    listing = _git(
        top,
        "ls-tree",
        "-r",
        "-l",
        "-z",
        commit,
        "--",
        f"{folder}/" if str(folder) != "." else ".",
    )
    wanted: dict[str, str] = {}
    sizes = 0
    for entry in filter(None, listing.split("\0")):
        meta, _, path = entry.partition("\t")
        mode, kind, blob, size = meta.split()
        if kind != "blob" or mode not in ("100644", "100755"):
            continue
        if path != relative and not path.lower().endswith(_SPEC_SUFFIXES):
            continue
        if int(size) > limits.max_file_bytes:
            continue  # too big for the loader to read anyway: it says so if the spec refers to it
        sizes += int(size)
        if sizes > limits.max_total_bytes or len(wanted) >= _MAX_FILES:
            raise GitError(
                f"the spec's folder at {printable(revision)} is larger than the spec limits"
            )
        inside = (
            PurePosixPath(path).relative_to(folder)
            if str(folder) != "."
            else PurePosixPath(path)
        )
        wanted[inside.as_posix()] = blob
    name = (
        PurePosixPath(relative).relative_to(folder).as_posix()
        if str(folder) != "."
        else relative
    )
    if name not in wanted:
        raise GitError(f"{printable(relative)} does not exist at {printable(revision)}")
    with tempfile.TemporaryDirectory(prefix="sdkgen-diff-") as temp:
        _materialize(top, wanted, Path(temp))
        yield Path(temp) / name, f"{revision}:{relative}"


@contextlib.contextmanager
def recorded_spec(
    out: Path, spec: Path, limits: Limits
) -> Iterator[tuple[Path, str] | None]:
    """The spec the output folder was generated from, as its manifest records it (git blob ids),
    in a temporary folder; None when it cannot be recovered (no manifest or no record, not a git
    repository, a blob not in it: a shallow clone, say)."""
    recorded = recorded_blobs(out)
    name = Path(os.path.abspath(spec)).name
    if not recorded or name not in recorded:
        yield None
        return
    try:
        top, _ = _in_repository(spec)
        sizes = [_blob_size(top, blob) for blob in recorded.values()]
    except GitError:
        yield None
        return
    if None in sizes or max(sizes) > limits.max_file_bytes or sum(sizes) > limits.max_total_bytes:  # type: ignore[operator, type-var, arg-type]
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="sdkgen-diff-") as temp:
        try:
            _materialize(top, recorded, Path(temp))
        except GitError:
            yield None
            return
        yield Path(
            temp
        ) / name, f"the spec {printable(out.as_posix())} was generated from"


def recorded_blobs(out: Path) -> dict[str, str] | None:
    """The manifest's `spec_files` when every entry is a clean relative path and a blob id."""
    try:
        root = Path(os.path.realpath(out))
        if not inspect(root, OUTPUT_MANIFEST).is_file_at(OUTPUT_MANIFEST):
            return None
        data = read_regular(root / OUTPUT_MANIFEST, _MAX_MANIFEST_BYTES)
        document = json.loads(data.decode("utf-8")) if data is not None else None
    except (OSError, ValueError, RecursionError):
        return None
    files = document.get("spec_files") if isinstance(document, dict) else None
    if not isinstance(files, dict) or not files or len(files) > _MAX_FILES:
        return None
    for path, blob in files.items():
        if not isinstance(blob, str) or not _BLOB_ID.fullmatch(blob):
            return None
        if path_problem(path) is not None:
            return None
    return dict(files)


def _in_repository(spec: Path) -> tuple[Path, str]:
    """The work tree holding `spec`, and the spec's path in it (`/`-separated)."""
    real = Path(os.path.realpath(spec))
    top = Path(_git(real.parent, "rev-parse", "--show-toplevel").strip())
    if _git(top, "rev-parse", "--show-object-format").strip() not in ("", "sha1"):
        raise GitError("only SHA-1 repositories are supported")
    try:
        relative = real.relative_to(os.path.realpath(top)).as_posix()
    except ValueError:
        raise GitError("the spec is not inside the repository") from None
    return top, relative


def _blob_size(top: Path, blob: str) -> int | None:
    try:
        if _git(top, "cat-file", "-t", blob).strip() != "blob":
            return None
        return int(_git(top, "cat-file", "-s", blob).strip())
    except (GitError, ValueError):
        return None


def _materialize(top: Path, blobs: dict[str, str], into: Path) -> None:
    """Write each blob at its clean relative path inside `into` (a fresh temporary folder)."""
    for path, blob in sorted(blobs.items()):
        if path_problem(path) is not None:
            raise GitError(f"not a clean relative path: {printable(path)}")
        target = into.joinpath(*PurePosixPath(path).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        content = _git_bytes(top, "cat-file", "blob", blob)
        with open(target, "xb") as handle:  # never through an existing file or link
            handle.write(content)


def _git(cwd: Path, *args: str) -> str:
    return _git_bytes(cwd, *args).decode("utf-8", "replace")


def _git_bytes(cwd: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(cwd), *args],
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(f"git could not run: {type(error).__name__}") from None
    if done.returncode != 0:
        first = done.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
        raise GitError(printable(first[0]) if first else f"git {args[0]} failed")
    return done.stdout
