"""Normalize: Swagger 2.0, OpenAPI 3.0 and 3.1 documents in, one OpenAPI-3.1-shaped document out.

The stage runs after validation (which checks what the user wrote against its own version's schema)
and before the IR is built. Each `SourceFile` of the result holds the upgraded data and `origins`,
a map from pointer prefixes in that data to the pointers the user wrote, so `file.diagnostic()` on
the new document still names the user's line and pointer. The loaded data is never modified: a 3.1
document is returned as it is, and a 3.0 one shares every subtree that does not change.

- `schemas.py`: schema keywords (`nullable`, `x-nullable`, boolean exclusive bounds, `type: file`).
- `openapi30.py`: 3.0 -> 3.1.
- `swagger2.py`: 2.0 -> 3.1 (definitions, parameters, bodies, forms, consumes/produces, servers,
  security definitions, collection formats), `$ref`s rewritten in every file.
"""

from __future__ import annotations

from dataclasses import replace

from ..diagnostics import Diagnostic
from ..load import SpecSource
from .openapi30 import upgrade_document
from .swagger2 import convert_swagger2

__all__ = ["normalize_spec"]


def normalize_spec(spec: SpecSource) -> tuple[SpecSource, list[Diagnostic]]:
    """`spec` in the OpenAPI 3.1 shape, and warnings about what has no exact 3.1 equivalent.

    Call it on a validated document: the version field is known to be 2.0, 3.0.x or 3.1.x.
    """
    document = spec.root.data
    if not isinstance(document, dict):
        return spec, []
    if "swagger" in document:
        return convert_swagger2(spec)
    version = str(document.get("openapi", ""))
    if not version.startswith("3.0"):
        return spec, []
    files = {}
    for path, file in spec.files.items():
        data, origins = upgrade_document(
            file.data, file.text, root=path == spec.root.path
        )
        files[path] = (
            file if data is file.data else replace(file, data=data, origins=origins)
        )
    return SpecSource(files[spec.root.path], files), []
