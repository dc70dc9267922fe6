"""Pagination: how a list operation's pages follow each other, declared or recognised.

`x-sdkgen-pagination` on an operation declares it (`false` turns recognition off):

    x-sdkgen-pagination:
      style: cursor            # cursor | page | offset
      parameter: after         # the query parameter the next page's cursor, page or offset goes in
      limit: limit             # optional: the page-size query parameter
      items: data              # the items array: property names joined by dots ("$": the body)
      next_cursor: meta.next   # cursor: the next cursor in the body ...
      item_cursor: id          # ... or this property of the last item
      has_more: has_more       # optional: false on the last page
      total: total             # optional: the number of items over all pages

Speakeasy's `x-speakeasy-pagination` (`type: cursor | offsetLimit`, `inputs` in `parameters`,
`outputs.results` / `outputs.nextCursor` as `$.a.b`) is read into the same fact.

Without either, an operation is recognised only when nothing is in doubt: a GET whose query has
one of the known cursor, page or offset (`offset`, Jira's `startAt`, `skip`) parameters (of the
right type) with, for a page or offset, a page-size parameter, and whose success body has
exactly one items array (or is the array) and, for a cursor, a next-cursor field. Anything else
(two candidate styles, two arrays, a look-alike name) is not paginated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..diagnostics import Diagnostic, excerpt, join_pointer
from ..load import SpecSource
from ..text import SpecText
from .api import Pagination, PaginationStyle, Parameter, Response
from .samples import sample_value
from .shapes import walk
from .types import (
    ArrayType,
    Definition,
    LiteralType,
    ModelRef,
    Nullable,
    ObjectType,
    Primitive,
    TypeNode,
)

EXTENSION = "x-sdkgen-pagination"
SPEAKEASY = "x-speakeasy-pagination"
_STYLES: tuple[PaginationStyle, ...] = ("cursor", "page", "offset")
_KEYS = (
    "style",
    "parameter",
    "limit",
    "items",
    "next_cursor",
    "item_cursor",
    "has_more",
    "total",
)

# Names compared with case, "_" and "-" ignored.
_CURSOR_PARAMS = frozenset(
    {"cursor", "after", "startingafter", "pagetoken", "nexttoken", "continuationtoken"}
)
_PAGE_PARAMS = frozenset({"page", "pagenumber"})
_OFFSET_PARAMS = frozenset({"offset", "startat", "skip"})
_LIMIT_PARAMS = frozenset(
    {"limit", "perpage", "pagesize", "count", "maxresults", "size"}
)
# Not `next`: in Spotify, Jira and Apideck it is the next page's URL, not a cursor.
_NEXT_CURSOR_FIELDS = frozenset(
    {"nextcursor", "nextpagetoken", "nexttoken", "continuationtoken"}
)
_HAS_MORE_FIELDS = frozenset({"hasmore", "hasnext", "hasnextpage"})
_TOTAL_FIELDS = frozenset({"total", "totalcount", "totalresults", "totalitems"})
_ITEMS_FIELDS = frozenset({"data", "items", "results", "entries", "records"})
# Cursor parameters that name an item ("the one after this id"), not an opaque token.
_ITEM_CURSOR_PARAMS = frozenset({"after", "startingafter"})

Lookup = Callable[[str], Definition | None]


def _key(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


class PaginationReader:
    """Reads one operation's pagination; located errors for a bad extension."""

    def __init__(
        self, spec: SpecSource, lookup: Lookup, diagnostics: list[Diagnostic]
    ) -> None:
        self._spec = spec
        self._file = spec.root
        self._lookup = lookup
        self._diagnostics = diagnostics

    def read(
        self,
        node: dict[str, Any],
        pointer: str,
        method: str,
        parameters: tuple[Parameter, ...],
        success: Response | None,
    ) -> Pagination | None:
        found = self._read(node, pointer, method, parameters, success)
        if found is None or success is None:
            return found
        return replace(found, item_example=self._item_example(success, found.items))

    def _item_example(self, success: Response, items: tuple[str, ...]) -> Any:
        """An item for tests: the documented body's first, else one built from the schema."""
        listed = success.example
        for name in items:
            listed = listed.get(name) if isinstance(listed, dict) else None
        if isinstance(listed, list) and listed:
            return listed[0]
        media = success.media_type.raw if success.media_type is not None else ""
        file = success.where.file
        pointer = join_pointer(success.where.pointer, "content", media, "schema")
        schema = walk(file.data, pointer)
        steps: tuple[str | None, ...] = (*items, None)
        for step in steps:
            target = self._spec.follow(schema, file)
            schema, file = target.value, target.file
            if not isinstance(schema, dict):
                return None
            parts = [schema, *(schema.get("allOf") or [])]
            if step is None:
                arrays = (self._spec.follow(p, file) for p in parts)
                found = next(
                    (
                        a
                        for a in arrays
                        if isinstance(a.value, dict) and "items" in a.value
                    ),
                    None,
                )
                if found is None:
                    return None
                return sample_value(found.value["items"], found.file, self._spec)
            schema = next(
                (
                    p["properties"][step]
                    for p in (self._spec.follow(p, file).value for p in parts)
                    if isinstance(p, dict)
                    and isinstance(p.get("properties"), dict)
                    and step in p["properties"]
                ),
                None,
            )
        return None

    def _read(
        self,
        node: dict[str, Any],
        pointer: str,
        method: str,
        parameters: tuple[Parameter, ...],
        success: Response | None,
    ) -> Pagination | None:
        body = success.type if success is not None and success.kind == "json" else None
        query = {p.wire_name.raw: p for p in parameters if p.location == "query"}
        if EXTENSION in node:
            where = join_pointer(pointer, EXTENSION)
            return self._declared(node[EXTENSION], where, query, body)
        if SPEAKEASY in node:
            where = join_pointer(pointer, SPEAKEASY)
            return self._speakeasy(node[SPEAKEASY], where, query, body)
        if method != "get" or body is None:
            return None
        return recognise(query, body, self._lookup)

    # -- declared -----------------------------------------------------------------------------

    def _error(self, pointer: str, message: str) -> None:
        self._diagnostics.append(self._file.diagnostic(pointer, message, "error"))

    def _declared(
        self,
        value: Any,
        where: str,
        query: dict[str, Parameter],
        body: TypeNode | None,
    ) -> Pagination | None:
        if value is False:
            return None
        if not isinstance(value, dict):
            self._error(
                where,
                f"{EXTENSION} must be false or a mapping (style, parameter, items, ...), "
                f"got {excerpt(value)}",
            )
            return None
        unknown = [k for k in value if k not in _KEYS]
        if unknown:
            self._error(
                join_pointer(where, str(unknown[0])),
                f"unknown {EXTENSION} key {excerpt(str(unknown[0]))}; "
                f"expected one of {', '.join(_KEYS)}",
            )
            return None
        for key in _KEYS:
            if key in value and not isinstance(value[key], str):
                self._error(
                    join_pointer(where, key),
                    f"{EXTENSION} {key} must be a string, got {excerpt(value[key])}",
                )
                return None
        style = value.get("style")
        if style not in _STYLES:
            self._error(
                join_pointer(where, "style"),
                f"{EXTENSION} style must be one of {', '.join(_STYLES)}, got "
                f"{excerpt(style)}",
            )
            return None
        return self._checked(value, where, style, query, body)

    def _checked(
        self,
        value: dict[str, str],
        where: str,
        style: PaginationStyle,
        query: dict[str, Parameter],
        body: TypeNode | None,
    ) -> Pagination | None:
        """The declared fact, once each name is checked against the operation."""
        for key in ("parameter", "limit"):
            name = value.get(key)
            if name is None and key == "limit":
                continue
            if name is None or name not in query:
                self._error(
                    join_pointer(where, key),
                    f"{EXTENSION} {key} must name a query parameter of the operation "
                    f"({', '.join(sorted(query)) or 'it has none'}), got {excerpt(name)}",
                )
                return None
        if body is None:
            self._error(where, f"{EXTENSION}: the success response has no JSON body")
            return None
        if "items" not in value:
            self._error(where, f"{EXTENSION} needs items (the path to the items array)")
            return None
        paths: dict[str, tuple[str, ...]] = {}
        wanted = {
            "items": "array",
            "next_cursor": "scalar",
            "has_more": "boolean",
            "total": "number",
        }
        for key, kind in wanted.items():
            if key not in value:
                continue
            path = _path(value[key])
            found = _at(body, path, self._lookup)
            if path is None or found is None or not _is_kind(found, kind, self._lookup):
                self._error(
                    join_pointer(where, key),
                    f"{EXTENSION} {key} {excerpt(value[key])} is not {_KIND_WORDS[kind]} "
                    "of the success response body",
                )
                return None
            paths[key] = path
        item_cursor = value.get("item_cursor")
        if style == "cursor" and "next_cursor" not in paths and item_cursor is None:
            self._error(
                where,
                f"{EXTENSION} style cursor needs next_cursor or item_cursor "
                "(where the next page's cursor comes from)",
            )
            return None
        return Pagination(
            style=style,
            parameter=SpecText(value["parameter"]),
            limit=SpecText(value["limit"]) if "limit" in value else None,
            items=paths["items"],
            next_cursor=paths.get("next_cursor", ()),
            item_cursor=item_cursor,
            has_more=paths.get("has_more", ()),
            total=paths.get("total", ()),
            declared=True,
        )

    def _speakeasy(
        self,
        value: Any,
        where: str,
        query: dict[str, Parameter],
        body: TypeNode | None,
    ) -> Pagination | None:
        """Speakeasy's shape, as the same checked fact (its `url` type is not supported)."""
        if not isinstance(value, dict) or not isinstance(value.get("inputs"), list):
            self._error(
                where,
                f"{SPEAKEASY} must be a mapping with type, inputs and outputs, got "
                f"{excerpt(value)}",
            )
            return None
        kind = value.get("type")
        if kind not in ("cursor", "offsetLimit"):
            message = f"{SPEAKEASY} type {excerpt(kind)} is not supported (cursor, offsetLimit); not paginated"
            self._diagnostics.append(
                self._file.diagnostic(
                    join_pointer(where, "type"), message, "warning", limitation=True
                )
            )
            return None
        inputs: dict[str, str] = {}
        for index, entry in enumerate(value["inputs"]):
            ok = isinstance(entry, dict) and entry.get("in") == "parameters"
            if not ok or not isinstance(entry.get("name"), str):
                self._error(
                    join_pointer(where, "inputs", index),
                    f"{SPEAKEASY} input must be a query parameter "
                    f"({{name, in: parameters, type}}), got {excerpt(entry)}",
                )
                return None
            inputs[str(entry.get("type"))] = entry["name"]
        outputs = value.get("outputs")
        outputs = outputs if isinstance(outputs, dict) else {}
        declared: dict[str, str] = {"style": "cursor"}
        if kind == "cursor":
            declared["parameter"] = inputs.get("cursor", "")
            if isinstance(outputs.get("nextCursor"), str):
                declared["next_cursor"] = outputs["nextCursor"]
        else:
            style = "offset" if "offset" in inputs else "page"
            declared["style"] = style
            declared["parameter"] = inputs.get(style, "")
        if "limit" in inputs:
            declared["limit"] = inputs["limit"]
        declared["items"] = (
            outputs["results"] if isinstance(outputs.get("results"), str) else "$"
        )
        return self._checked(
            declared, where, declared["style"], query, body  # type: ignore[arg-type]
        )


_KIND_WORDS = {
    "array": "an array",
    "scalar": "a string or integer",
    "boolean": "a boolean",
    "number": "a number",
}


def _path(text: str) -> tuple[str, ...] | None:
    """`data`, `meta.next`, `$.meta.next` or `$` as property names; None if malformed."""
    if text in ("$", ""):
        return ()
    text = text[2:] if text.startswith("$.") else text
    parts = tuple(text.split("."))
    return None if any(not p for p in parts) else parts


def _deref(node: TypeNode, lookup: Lookup) -> TypeNode:
    seen: set[str] = set()
    while True:
        if isinstance(node, Nullable):
            node = node.inner
        elif isinstance(node, ModelRef) and node.id not in seen:
            seen.add(node.id)
            definition = lookup(node.id)
            if definition is None:
                return node
            node = definition.type
        else:
            return node


def _at(
    node: TypeNode, path: tuple[str, ...] | None, lookup: Lookup
) -> TypeNode | None:
    if path is None:
        return None
    for name in path:
        node = _deref(node, lookup)
        if not isinstance(node, ObjectType):
            return None
        found = next((p for p in node.properties if p.wire_name.raw == name), None)
        if found is None:
            return None
        node = found.type
    return node


def _is_kind(node: TypeNode, kind: str, lookup: Lookup) -> bool:
    node = _deref(node, lookup)
    if kind == "array":
        return isinstance(node, ArrayType)
    if isinstance(node, LiteralType):
        return kind != "array"
    if not isinstance(node, Primitive):
        return False
    if kind == "scalar":
        return node.kind in ("string", "integer")
    if kind == "boolean":
        return node.kind == "boolean"
    return node.kind in ("integer", "number")


# -- recognition ------------------------------------------------------------------------------


def recognise(
    query: dict[str, Parameter], body: TypeNode, lookup: Lookup
) -> Pagination | None:
    """The pagination the names show, when exactly one reading fits (else None)."""
    by_key: dict[str, list[Parameter]] = {}
    for param in query.values():
        by_key.setdefault(_key(param.wire_name.raw), []).append(param)

    def one(names: frozenset[str], kind: str) -> Parameter | None | bool:
        """The one parameter among `names` of type `kind`; None: none; False: ambiguous."""
        found = [p for k, ps in by_key.items() if k in names for p in ps]
        if len(found) > 1:
            return False
        if not found:
            return None
        return found[0] if _is_kind(found[0].type, kind, lookup) else False

    cursor = one(_CURSOR_PARAMS, "scalar")
    page = one(_PAGE_PARAMS, "number")
    offset = one(_OFFSET_PARAMS, "number")
    limit = one(_LIMIT_PARAMS, "number")
    candidates = [c for c in (cursor, page, offset) if c is not None]
    if len(candidates) != 1 or candidates[0] is False or limit is False:
        return None
    parameter = candidates[0]
    assert isinstance(parameter, Parameter)
    limit_name = limit.wire_name if isinstance(limit, Parameter) else None
    style: PaginationStyle = (
        "cursor" if parameter is cursor else "page" if parameter is page else "offset"
    )
    root = _deref(body, lookup)
    if isinstance(root, ArrayType):
        if style == "cursor" or limit_name is None:
            return None  # a bare array has nowhere to put the next cursor
        return Pagination(style, parameter.wire_name, limit_name, ())
    if not isinstance(root, ObjectType):
        return None
    items = _items(root, lookup)
    if items is None:
        return None
    has_more = _field(root, _HAS_MORE_FIELDS, "boolean", lookup)
    total = _field(root, _TOTAL_FIELDS, "number", lookup)
    next_cursor: tuple[str, ...] = ()
    item_cursor = None
    if style == "cursor":
        next_cursor = _next_cursor(root, lookup)
        if not next_cursor:
            item_cursor = _item_cursor(parameter, root, items, has_more, lookup)
            if item_cursor is None:
                return None
    elif limit_name is None:
        return None  # `offset` or `page` alone may be anything (a time zone's, a text position)
    return Pagination(
        style,
        parameter.wire_name,
        limit_name,
        (items,),
        next_cursor,
        item_cursor,
        has_more,
        total,
    )


def _items(root: ObjectType, lookup: Lookup) -> str | None:
    """The one items array: the only array property, else the only one named like one."""
    arrays = [
        p.wire_name.raw
        for p in root.properties
        if isinstance(_deref(p.type, lookup), ArrayType)
    ]
    if len(arrays) == 1:
        return arrays[0]
    named = [a for a in arrays if _key(a) in _ITEMS_FIELDS]
    return named[0] if len(named) == 1 else None


def _field(
    root: ObjectType, names: frozenset[str], kind: str, lookup: Lookup
) -> tuple[str, ...]:
    found = [
        p.wire_name.raw
        for p in root.properties
        if _key(p.wire_name.raw) in names and _is_kind(p.type, kind, lookup)
    ]
    return (found[0],) if len(found) == 1 else ()


def _next_cursor(root: ObjectType, lookup: Lookup) -> tuple[str, ...]:
    """The next cursor: a top-level field, else one in a nested object (Slack's
    `response_metadata.next_cursor`), when exactly one is found."""
    top = _field(root, _NEXT_CURSOR_FIELDS, "scalar", lookup)
    if top:
        return top
    nested = []
    for prop in root.properties:
        inner = _deref(prop.type, lookup)
        if isinstance(inner, ObjectType):
            found = _field(inner, _NEXT_CURSOR_FIELDS, "scalar", lookup)
            if found:
                nested.append((prop.wire_name.raw, *found))
    return nested[0] if len(nested) == 1 else ()


def _item_cursor(
    parameter: Parameter,
    root: ObjectType,
    items: str,
    has_more: tuple[str, ...],
    lookup: Lookup,
) -> str | None:
    """Stripe's and OpenAI's `after`/`starting_after`: the last item's `id`, while `has_more`."""
    if _key(parameter.wire_name.raw) not in _ITEM_CURSOR_PARAMS or not has_more:
        return None
    array = _deref(_at(root, (items,), lookup) or root, lookup)
    item = _deref(array.items, lookup) if isinstance(array, ArrayType) else None
    if not isinstance(item, ObjectType):
        return None
    ids = [p for p in item.properties if p.wire_name.raw == "id"]
    return "id" if ids and _is_kind(ids[0].type, "scalar", lookup) else None
