"""Definition ids that do not depend on where a version was read from.

The IR names a schema of another file `<file as displayed>#<pointer>`, and a file is displayed as
the user named the root document: `spec/status.yaml` in the working tree, but
`/tmp/sdkgen-diff-x/status.yaml` for a version read from git. Comparing versions needs the same
schema to have the same id in both, so ids are made relative to the root document's folder here.
"""

from __future__ import annotations

import dataclasses
import posixpath
from typing import Any

from ..ir import api as ir_api
from ..ir import types as ir_types
from ..ir.api import Api
from ..ir.types import ModelRef

# The records that hold types, all the way down (never `Where`, `SourceFile` or `SpecText`).
_HOLDERS = frozenset(
    {
        ir_types.ArrayType,
        ir_types.MapType,
        ir_types.ObjectType,
        ir_types.Property,
        ir_types.UnionType,
        ir_types.Nullable,
        ir_types.Definition,
        ir_api.Parameter,
        ir_api.BodyContent,
        ir_api.RequestBody,
        ir_api.Response,
        ir_api.Operation,
        ir_api.PlacedOperation,
    }
)


def canonical_ids(api: Api) -> Api:
    """`api` with every definition id of another file relative to the root document's folder."""
    if not any("#" in key for key in api.definitions):
        return api
    folder = posixpath.dirname(api.document.file.display)

    def canonical(definition_id: str) -> str:
        file, hash_, pointer = definition_id.partition("#")
        if not hash_:
            return definition_id
        return f"{posixpath.relpath(file, folder or '.')}#{pointer}"

    done: dict[int, Any] = {}

    def rebuilt(value: Any) -> Any:
        key = id(value)
        if key in done:
            return done[key]
        if isinstance(value, ModelRef):
            result: Any = ModelRef(canonical(value.id))
        elif type(value) in _HOLDERS:
            changes = {
                f.name: rebuilt(getattr(value, f.name))
                for f in dataclasses.fields(value)
            }
            if isinstance(value, ir_types.Definition):
                changes["id"] = canonical(value.id)
            result = dataclasses.replace(value, **changes)
        elif isinstance(value, tuple):
            result = tuple(rebuilt(item) for item in value)
        else:
            result = value
        done[key] = result
        return result

    definitions = {
        canonical(key): rebuilt(definition)
        for key, definition in api.definitions.items()
    }
    return dataclasses.replace(
        api,
        definitions=definitions,
        components=tuple(canonical(c) for c in api.components),
        operations=rebuilt(api.operations),
    )
