"""Paths and helpers shared by the generator's tests."""

from __future__ import annotations

import hashlib
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
