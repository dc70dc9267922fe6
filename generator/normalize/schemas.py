"""Schemas in the 3.1 shape: the JSON Schema keywords that OpenAPI 3.0 and Swagger 2.0 spell their own way.

`SchemaUpgrader.walk` rewrites a subtree copy-on-write: a mapping or list is rebuilt only when
something under it changes, and everything else is shared with the loaded document (which is never
modified). Only the nullable wrapper moves nodes (`{$ref: X, nullable: true}` becomes
`{anyOf: [{$ref: X}, {type: "null"}]}`); each move is recorded in `origins` (new pointer -> the
pointer the user wrote), so diagnostics still find the user's line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..diagnostics import join_pointer

# Values that are instance data, not schema (as in load.py): never rewritten.
DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const", "value"})
# Keys whose values map names (any word, `nullable` included) to objects.
NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "schemas",
        "responses",
        "parameters",
        "headers",
        "content",
        "callbacks",
        "links",
        "securitySchemes",
        "requestBodies",
        "pathItems",
        "paths",
        "encoding",
        "variables",
        "mapping",
        "webhooks",
    }
)
# Keywords that describe a schema rather than constrain it: they stay on a nullable wrapper.
_ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "example",
        "examples",
        "default",
        "readOnly",
        "writeOnly",
        "deprecated",
        "externalDocs",
        "xml",
    }
)
_NULL: dict[str, Any] = {"type": "null"}


class SchemaUpgrader:
    """Rewrites 3.0 (and, with `swagger2`, 2.0) schema keywords into their 3.1 form.

    `rewrite_ref(ref)` gives the reference to write instead of `ref` (2.0 moves `definitions`).
    """

    def __init__(
        self,
        origins: dict[str, str],
        *,
        swagger2: bool = False,
        rewrite_ref: Callable[[str], str] | None = None,
    ) -> None:
        self.origins = origins
        self.swagger2 = swagger2
        self.rewrite_ref = rewrite_ref
        # (pointer the user wrote, message) for what 3.1 cannot say exactly
        self.notes: list[tuple[str, str]] = []

    def walk(self, node: Any, new: str, old: str, names: bool = False) -> Any:
        """`node` (at `old` in the user's text, now at `new`), upgraded; itself if unchanged."""
        if isinstance(node, list):
            items = [
                self.walk(item, join_pointer(new, i), join_pointer(old, i))
                for i, item in enumerate(node)
            ]
            return node if all(a is b for a, b in zip(items, node)) else items
        if not isinstance(node, dict):
            return node
        if names:
            return self._members(node, new, old, in_name_map=True)
        fixed = self._fix(node)
        if self.swagger2 and isinstance(fixed.get("items"), list):
            fixed = self._tuple_items(fixed, new, old)
        if fixed.get("nullable") is False:
            fixed = {k: v for k, v in fixed.items() if k != "nullable"}
        if fixed.get("nullable") is True or (
            self.swagger2 and fixed.get("x-nullable") is True
        ):
            return self._nullable(fixed, new, old)
        return self._members(fixed, new, old)

    def _members(
        self, node: dict[str, Any], new: str, old: str, in_name_map: bool = False
    ) -> dict[str, Any]:
        result: dict[str, Any] | None = None
        for key, value in node.items():
            if not in_name_map and (
                key in DATA_KEYS or (isinstance(key, str) and key.startswith("x-"))
            ):
                continue
            names = not in_name_map and key in NAME_MAPS
            child = self.walk(
                value, join_pointer(new, key), join_pointer(old, key), names
            )
            if child is not value:
                if result is None:
                    result = dict(node)
                result[key] = child
        return node if result is None else result

    def _fix(self, node: dict[str, Any]) -> dict[str, Any]:
        """The keywords of `node` itself in their 3.1 spelling (children untouched)."""
        changes: dict[str, Any] = {}
        drop: list[str] = []
        for bound, limit in (
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ):
            flag = node.get(bound)
            if isinstance(flag, bool):
                if flag and isinstance(node.get(limit), (int, float)):
                    changes[bound] = node[limit]
                    drop.append(limit)
                else:
                    drop.append(bound)
        ref = node.get("$ref")
        if self.rewrite_ref is not None and isinstance(ref, str):
            rewritten = self.rewrite_ref(ref)
            if rewritten != ref:
                changes["$ref"] = rewritten
        if self.swagger2:
            if node.get("type") == "file":
                changes["type"] = "string"
                changes["format"] = "binary"
            if isinstance(node.get("discriminator"), str):
                changes["discriminator"] = {"propertyName": node["discriminator"]}
        if not changes and not drop:
            return node
        # keys keep their order, so the text and the data still list members alike
        return {
            k: changes.get(k, v)
            for k, v in {**node, **changes}.items()
            if k not in drop
        }

    def _tuple_items(self, node: dict[str, Any], new: str, old: str) -> dict[str, Any]:
        """Draft 4's `items: [A, B]` (item 0 is an A, item 1 a B), which 3.1 writes as
        `prefixItems`; Swagger documents use it to mean "each item is one of these", and the
        SDK reads it so: one schema becomes `items`, several an `anyOf`, with a warning.
        """
        members = node["items"]
        at, written = join_pointer(new, "items"), join_pointer(old, "items")
        if "type" not in node and "anyOf" not in node and members:
            return self._untyped_tuple(node, new, written)
        if len(members) == 1:
            self.origins[at] = join_pointer(written, 0)
            items = members[0]
        else:
            self.origins[join_pointer(at, "anyOf")] = written
            items = {"anyOf": members}
        self.notes.append(
            (
                written,
                "`items` is a list (a tuple, position by position, in JSON Schema); "
                "it is read as: every item matches "
                + ("this schema" if len(members) == 1 else "one of these schemas"),
            )
        )
        return {**node, "items": items}

    def _untyped_tuple(
        self, node: dict[str, Any], new: str, written: str
    ) -> dict[str, Any]:
        """`items: [A, B]` on a schema with no `type`: JSON Schema applies it to arrays only,
        so any other value passes; Swagger documents write it to mean "this value is an A or
        a B" (Slack's `deleted_by: {items: [{type: null}, {$ref: user id}]}`, whose examples
        are a user id or null), and the SDK reads it so: an `anyOf`, with a warning.
        """
        self.origins[join_pointer(new, "anyOf")] = written
        self.notes.append(
            (
                written,
                "`items` is a list on a schema without `type` (JSON Schema checks it only "
                "against arrays); it is read as: the value matches one of these schemas",
            )
        )
        rest = {k: v for k, v in node.items() if k != "items"}
        return {**rest, "anyOf": node["items"]}

    def _nullable(self, node: dict[str, Any], new: str, old: str) -> dict[str, Any]:
        """`node` without `nullable` / `x-nullable`, accepting null the 3.1 way."""
        flag = "nullable" if node.get("nullable") is True else "x-nullable"
        rest = {k: v for k, v in node.items() if k not in ("nullable", "x-nullable")}
        kind = rest.get("type")
        wrap = "$ref" in rest or "allOf" in rest or kind is None
        if not wrap:
            kinds = list(kind) if isinstance(kind, list) else [kind]
            if "null" not in kinds:
                rest["type"] = [*kinds, "null"]
            if isinstance(rest.get("enum"), list) and None not in rest["enum"]:
                rest["enum"] = [*rest["enum"], None]
            return self._members(rest, new, old)
        for keyword in ("anyOf", "oneOf"):
            members = rest.get(keyword)
            if isinstance(members, list) and "$ref" not in rest and "allOf" not in rest:
                if _NULL not in members:
                    self.origins[join_pointer(new, keyword, len(members))] = (
                        join_pointer(old, flag)
                    )
                    rest[keyword] = [*members, _NULL]
                return self._members(rest, new, old)
        core = {k: v for k, v in rest.items() if k not in _ANNOTATIONS}
        outer = {k: v for k, v in rest.items() if k in _ANNOTATIONS}
        if not core:  # any value at all: null is already allowed
            return self._members(outer, new, old)
        core_new = join_pointer(new, "anyOf", 0)
        self.origins[core_new] = old
        self.origins[join_pointer(new, "anyOf", 1)] = join_pointer(old, flag)
        wrapped = self._members(core, core_new, old)
        outer = self._members(outer, new, old)
        return {**outer, "anyOf": [wrapped, dict(_NULL)]}
