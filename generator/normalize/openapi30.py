"""OpenAPI 3.0 -> 3.1: `nullable`, boolean `exclusiveMinimum`/`exclusiveMaximum`, and the version.

Everything else in a 3.0 document already means the same in 3.1 (`example` stays; 3.1 keeps it as a
deprecated keyword, and the builder reads it). Nothing is copied unless it changes.
"""

from __future__ import annotations

from typing import Any

from .schemas import SchemaUpgrader

# A file whose text holds none of these words has nothing to upgrade: skip walking it.
_WORDS = ("nullable", "exclusiveMinimum", "exclusiveMaximum")


def upgrade_document(data: Any, text: str, *, root: bool) -> tuple[Any, dict[str, str]]:
    """`data` (one file of a 3.0 document) in the 3.1 shape, and where moved nodes came from."""
    origins: dict[str, str] = {}
    if any(word in text for word in _WORDS):
        data = SchemaUpgrader(origins).walk(data, "", "")
    if root and isinstance(data, dict):
        data = {**data, "openapi": "3.1.0"}
    return data, origins
