"""Paths and helpers shared by the generator's tests."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MKA1_SPEC = REPO / "spec" / "mka1.yaml"
GENERATED = REPO / "generated" / "python"


def tree_digest(folder: Path) -> str:
    """A hash of every file's path and bytes under `folder` (caches included: nothing may change)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(
            path.relative_to(folder).as_posix().encode()
            + b"\0"
            + path.read_bytes()
            + b"\0"
        )
    return digest.hexdigest()


def origin_checkout() -> Path | None:
    """The local folder this checkout was cloned from, if it was cloned from one."""
    try:
        url = subprocess.run(
            ["git", "-C", str(REPO), "config", "--get", "remote.origin.url"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if not url or "://" in url or ":" in url.split("/", 1)[0]:
        return None  # a remote URL (https://, ssh://, host:path), not a local folder
    origin = Path(url.removeprefix("file://"))
    return origin if origin.is_absolute() and origin.is_dir() else None


def shared_folder() -> Path:
    """The read-only inputs (`../shared`: seeds, specs, the MKA1 contract) next to this checkout
    or, in a fresh clone of a local checkout (what CI runs), next to the checkout it came from.
    """
    for base in (REPO, origin_checkout()):
        if base is not None and (base.parent / "shared").is_dir():
            return base.parent / "shared"
    return REPO.parent / "shared"
