"""Python pagination: the neutral `Pagination` fact lowered to the runtime's declaration, the
pager types a list method returns, and the pages a generated test walks.

The items are read from the parsed page by attribute (typed by the page model's own field), the
cursor, `has_more` and total from the JSON body by wire name (`_runtime/_pagination.py`).
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from typing import Any

from ...diagnostics import Diagnostic
from ...ir import api
from .annotations import SchemaTranslator
from .literals import pyrepr
from .view import Pager, PagerTest, Parameter

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TYPING_NAMES = frozenset({"Annotated", "Any", "Field", "Literal"})
_RUNTIME_OPEN_TYPES = frozenset({"UnknownStr", "UnknownVariant"})
# The test's pages: each shorter than the one before (so no two bodies are the same, which the
# runtime would take for a server repeating its last page), and an empty one where only an empty
# page ends the walk.
_PAGE_SIZES = (3, 2, 1)
RUNTIME_NAMES = frozenset(
    {
        "AsyncPager",
        "Pagination",
        "SyncPager",
        "async_paginate",
        "async_raw_page_method",
        "paginate",
        "raw_page_method",
    }
)


@dataclass(frozen=True, slots=True)
class LoweredPager:
    pager: Pager
    declaration: str  # the `pagination=Pagination(...)` keyword of the declaration
    model_names: frozenset[str]
    typing_names: frozenset[str]
    runtime_names: frozenset[str]
    tests: tuple[PagerTest, ...]


def _without_none(annotation: str) -> str:
    return (
        annotation[: -len(" | None")] if annotation.endswith(" | None") else annotation
    )


def _unaliased(translator: SchemaTranslator, annotation: str) -> str:
    """`annotation` without `| None`, through type aliases (`Builds = list[Build]`)."""
    for _ in range(8):
        annotation = _without_none(annotation)
        alias = translator.alias_value(annotation)
        if alias is None:
            break
        annotation = alias
    return annotation


def _list_item(translator: SchemaTranslator, annotation: str) -> str | None:
    """The item type of a list annotation."""
    annotation = _unaliased(translator, annotation)
    if annotation.startswith("list[") and annotation.endswith("]"):
        return annotation[5:-1]
    return None


def _walk(
    translator: SchemaTranslator, annotation: str, path: tuple[str, ...]
) -> tuple[tuple[str, ...], str] | None:
    """The attribute names along `path` (wire names) from a model, and the last annotation."""
    names = []
    for wire in path:
        fields = translator.model_fields(_without_none(annotation))
        found = next((f for f in fields if f.wire_name.raw == wire), None)
        if found is None:
            return None
        names.append(found.name)
        annotation = found.annotation
    return tuple(names), annotation


def lower_pager(
    op: api.Operation,
    pagination: api.Pagination,
    page_annotation: str,
    has_other_parsers: bool,
    params: tuple[Parameter, ...],
    translator: SchemaTranslator,
    diagnostics: list[Diagnostic],
) -> LoweredPager | None:
    """The pager of `op`, or None (with a warning) where its result cannot be paged."""
    walked = (
        _walk(translator, page_annotation, pagination.items)
        if not has_other_parsers
        else None
    )
    item = _list_item(translator, walked[1]) if walked is not None else None
    param = next(
        (
            p
            for p in params
            if p.location == "query" and p.wire_name.raw == pagination.parameter.raw
        ),
        None,
    )
    if walked is None or item is None or param is None:
        message = "the pagination this list operation declares or shows does not fit its result type; the method returns one page"
        diagnostics.append(op.where.diagnostic(message, limitation=True))
        return None
    neutral = next(
        p
        for p in op.parameters
        if p.location == "query" and p.wire_name.raw == pagination.parameter.raw
    )
    first_page = 0 if neutral.constraints.minimum == 0 else 1
    keywords = [
        f"style={pyrepr(pagination.style)}",
        f"parameter={pyrepr(param.name)}",
    ]
    optional: list[tuple[str, Any, Any]] = [
        ("items", walked[0], ()),
        ("items_path", pagination.items, ()),
        ("next_cursor", pagination.next_cursor, ()),
        ("item_cursor", pagination.item_cursor, None),
        ("has_more", pagination.has_more, ()),
        ("total", pagination.total, ()),
        ("first_page", first_page, 1),
    ]
    keywords += [f"{k}={_literal_of(v)}" for k, v, d in optional if v != d]
    names = set(_IDENTIFIER.findall(item))
    pager = Pager(
        annotation=f"SyncPager[{page_annotation}, {item}]",
        async_annotation=f"AsyncPager[{page_annotation}, {item}]",
        item_annotation=item,
    )
    return LoweredPager(
        pager=pager,
        declaration=f"pagination=Pagination({', '.join(keywords)})",
        model_names=frozenset(names & translator.defined_names()),
        typing_names=frozenset(names & _TYPING_NAMES),
        runtime_names=RUNTIME_NAMES | (names & _RUNTIME_OPEN_TYPES),
        tests=_tests(op, pagination, page_annotation, param, first_page, translator),
    )


# -- the generated test's pages ---------------------------------------------------------------


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if not isinstance(data, dict):
            return None
        data = data.get(name)
    return data


def _put(data: Any, path: tuple[str, ...], value: Any) -> bool:
    """Set `path` in `data` (its parents must be there); False where they are not."""
    for name in path[:-1]:
        data = data.get(name) if isinstance(data, dict) else None
    if not isinstance(data, dict):
        return False
    data[path[-1]] = value
    return True


def _tests(
    op: api.Operation,
    pagination: api.Pagination,
    page_annotation: str,
    param: Parameter,
    first_page: int,
    translator: SchemaTranslator,
) -> tuple[PagerTest, ...]:
    """Pages built from the documented body; none where it cannot carry them."""
    success = op.success
    example = success.example if success is not None else None
    if pagination.item_example is None or not isinstance(example, (dict, list)):
        return ()
    if pagination.next_cursor:
        cursor = _walk(translator, page_annotation, pagination.next_cursor)
        if cursor is None or _unaliased(translator, cursor[1]) != "str":
            return ()
    stops_early = bool(
        pagination.style == "cursor" or pagination.has_more or pagination.total
    )
    sizes = list(_PAGE_SIZES) + ([] if stops_early else [0])
    bodies = []
    serial = 0
    for index, size in enumerate(sizes):
        body = json.loads(json.dumps(example))
        items = []
        for _ in range(size):
            serial += 1
            entry = json.loads(json.dumps(pagination.item_example))
            if pagination.item_cursor is not None:
                if not isinstance(entry, dict):
                    return ()
                entry[pagination.item_cursor] = f"item-{serial}"
            items.append(entry)
        last = index == len(sizes) - 1
        puts: list[tuple[tuple[str, ...], Any]] = (
            [(pagination.items, items)] if pagination.items else []
        )
        if pagination.next_cursor:
            cursor_value = "" if last else f"cursor-{index + 2}"
            puts.append((pagination.next_cursor, cursor_value))
        if pagination.has_more:
            puts.append((pagination.has_more, not last))
        if pagination.total:
            puts.append((pagination.total, sum(_PAGE_SIZES)))
        if not pagination.items:
            body = items
        elif not all(_put(body, path, value) for path, value in puts):
            return ()
        bodies.append(body)
    return (
        PagerTest(
            bodies=pyrepr(bodies),
            parameter=pagination.parameter,
            sent=pyrepr(_sent(pagination, param, first_page, sizes)),
            page_sizes=pyrepr(sizes),
            item_count=sum(sizes),
        ),
    )


def _sent(
    pagination: api.Pagination,
    param: Parameter,
    first_page: int,
    sizes: list[int],
) -> list[str | None]:
    """The page parameter's value in each request of the test's walk."""
    first = _literal(param.sample) if param.required else None
    sent: list[str | None] = [None if first is None else str(first)]
    received = 0
    for index, size in enumerate(sizes[:-1]):
        received += size
        if pagination.style == "cursor":
            if pagination.item_cursor is not None:
                sent.append(f"item-{received}")
            else:
                sent.append(f"cursor-{index + 2}")
        elif pagination.style == "page":
            start = first if isinstance(first, int) else first_page
            sent.append(str(start + index + 1))
        else:
            start = first if isinstance(first, int) else 0
            sent.append(str(start + received))
    return sent


def _literal_of(value: Any) -> str:
    """`pyrepr`, with a tuple of strings written as a tuple."""
    if isinstance(value, tuple):
        return "(" + "".join(pyrepr(v) + ", " for v in value).rstrip(" ") + ")"
    return pyrepr(value)


def _literal(sample: str) -> Any:
    return ast.literal_eval(sample)
