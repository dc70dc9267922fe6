"""Pagination: recognised from names only where nothing is in doubt, declared by an extension
(ours or Speakeasy's), refused with a located error when the extension is wrong, and lowered to a
method returning a pager typed with the item model."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostic
from generator.ir import build_api
from generator.ir.api import Pagination
from generator.load import load_spec
from generator.normalize import normalize_spec
from generator.pipeline import generate

from .ir_support import build, openapi, ref, returning

PET = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
}


def query(name: str, kind: str = "string") -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": kind}}


def page_of(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


PETS = {"type": "array", "items": ref("Pet")}


def read(
    tmp_path: Path, operation: dict[str, Any], method: str = "get"
) -> tuple[Pagination | None, list[Diagnostic]]:
    document = openapi({"Pet": PET}, {"/pets": {method: operation}})
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    spec, _ = normalize_spec(load_spec(path))
    api, diagnostics = build_api(spec)
    return api.operations[0].operation.pagination, diagnostics


def recognised(
    tmp_path: Path, parameters: list[dict[str, Any]], body: dict[str, Any]
) -> Pagination | None:
    found, diagnostics = read(tmp_path, returning(body, parameters=parameters))
    assert diagnostics == []
    return found


# -- recognised -------------------------------------------------------------------------------


def test_a_cursor_and_next_cursor_are_recognised(tmp_path: Path) -> None:
    found = recognised(
        tmp_path,
        [query("cursor"), query("limit", "integer")],
        page_of(data=PETS, next_cursor={"type": ["string", "null"]}),
    )
    assert found is not None
    assert (found.style, found.items, found.next_cursor) == (
        "cursor",
        ("data",),
        ("next_cursor",),
    )
    assert found.parameter.raw == "cursor"
    assert found.limit is not None and found.limit.raw == "limit"
    assert not found.declared


def test_slacks_nested_next_cursor_is_found(tmp_path: Path) -> None:
    meta = page_of(next_cursor={"type": "string"})
    found = recognised(
        tmp_path,
        [query("cursor"), query("limit", "integer")],
        page_of(ok={"type": "boolean"}, channels=PETS, response_metadata=meta),
    )
    assert found is not None
    assert (found.items, found.next_cursor) == (
        ("channels",),
        ("response_metadata", "next_cursor"),
    )


def test_googles_page_token_is_a_cursor(tmp_path: Path) -> None:
    found = recognised(
        tmp_path,
        [query("pageToken"), query("pageSize", "integer")],
        page_of(items=PETS, nextPageToken={"type": "string"}),
    )
    assert found is not None and found.style == "cursor"
    assert found.next_cursor == ("nextPageToken",)
    assert found.limit is not None and found.limit.raw == "pageSize"


def test_stripes_starting_after_follows_the_last_id_while_has_more(
    tmp_path: Path,
) -> None:
    found = recognised(
        tmp_path,
        [query("starting_after"), query("limit", "integer")],
        page_of(data=PETS, has_more={"type": "boolean"}, url={"type": "string"}),
    )
    assert found is not None
    assert (found.style, found.item_cursor, found.has_more, found.next_cursor) == (
        "cursor",
        "id",
        ("has_more",),
        (),
    )


def test_page_and_per_page_are_recognised(tmp_path: Path) -> None:
    found = recognised(
        tmp_path,
        [query("page", "integer"), query("per_page", "integer")],
        page_of(results=PETS, total_count={"type": "integer"}),
    )
    assert found is not None
    assert (found.style, found.items, found.total) == (
        "page",
        ("results",),
        ("total_count",),
    )


def test_offset_and_limit_with_a_bare_array_are_recognised(tmp_path: Path) -> None:
    found = recognised(
        tmp_path, [query("offset", "integer"), query("limit", "integer")], PETS
    )
    assert found is not None and (found.style, found.items) == ("offset", ())


def test_jiras_start_at_and_max_results_are_an_offset(tmp_path: Path) -> None:
    found = recognised(
        tmp_path,
        [query("startAt", "integer"), query("maxResults", "integer")],
        page_of(values=PETS, total={"type": "integer"}, isLast={"type": "boolean"}),
    )
    assert found is not None
    assert (found.style, found.parameter.raw, found.items, found.total) == (
        "offset",
        "startAt",
        ("values",),
        ("total",),
    )


def test_the_array_named_like_items_wins_over_another_array(tmp_path: Path) -> None:
    found = recognised(
        tmp_path,
        [query("offset", "integer"), query("limit", "integer")],
        page_of(data=PETS, warnings={"type": "array", "items": {"type": "string"}}),
    )
    assert found is not None and found.items == ("data",)


# -- look-alikes that are not pagination ------------------------------------------------------


@pytest.mark.parametrize(
    "parameters, body",
    [
        # an offset with no page size: a time zone's, a text position
        ([query("offset", "integer")], page_of(data=PETS)),
        # a page that is a string (a name, a token of another kind)
        ([query("page"), query("per_page", "integer")], page_of(data=PETS)),
        # a page with no page size
        ([query("page", "integer")], page_of(data=PETS)),
        # a cursor with nowhere to read the next one from
        ([query("cursor"), query("limit", "integer")], page_of(data=PETS)),
        # `next` is the next page's URL in most APIs, not a cursor
        ([query("cursor")], page_of(data=PETS, next={"type": "string"})),
        # two arrays, neither named like the items
        (
            [query("offset", "integer"), query("limit", "integer")],
            page_of(pets=PETS, owners=PETS),
        ),
        # two styles at once
        (
            [query("cursor"), query("page", "integer"), query("limit", "integer")],
            page_of(data=PETS, next_cursor={"type": "string"}),
        ),
        # look-alike names
        (
            [query("pages", "integer"), query("limit", "integer")],
            page_of(data=PETS),
        ),
        (
            [query("offset_seconds", "integer"), query("limit", "integer")],
            page_of(data=PETS),
        ),
        ([query("cursor_id"), query("limit", "integer")], page_of(data=PETS, next_cursor={"type": "string"})),
        # no items array at all
        (
            [query("offset", "integer"), query("limit", "integer")],
            page_of(count={"type": "integer"}),
        ),
        # `after` with has_more, but items without an id to continue from
        (
            [query("after")],
            page_of(data={"type": "array", "items": {"type": "string"}}, has_more={"type": "boolean"}),
        ),
    ],
    ids=[
        "offset-alone", "string-page", "page-alone", "no-next-cursor", "next-url",
        "two-arrays", "two-styles", "pages", "offset_seconds", "cursor_id", "no-array",
        "after-without-id",
    ],
)  # fmt: skip
def test_look_alikes_are_not_recognised(
    tmp_path: Path, parameters: list[dict[str, Any]], body: dict[str, Any]
) -> None:
    assert recognised(tmp_path, parameters, body) is None


def test_a_post_is_not_recognised(tmp_path: Path) -> None:
    body = page_of(data=PETS, next_cursor={"type": "string"})
    found, _ = read(tmp_path, returning(body, parameters=[query("cursor")]), "post")
    assert found is None


def test_false_turns_recognition_off(tmp_path: Path) -> None:
    body = page_of(data=PETS, next_cursor={"type": "string"})
    operation = returning(
        body, parameters=[query("cursor")], **{"x-sdkgen-pagination": False}
    )
    found, diagnostics = read(tmp_path, operation)
    assert found is None and diagnostics == []


# -- declared ---------------------------------------------------------------------------------


def test_the_extension_declares_what_names_would_not_show(tmp_path: Path) -> None:
    body = page_of(
        entries=PETS,
        links=page_of(following={"type": "string"}),
        more={"type": "boolean"},
    )
    declared = {
        "style": "cursor",
        "parameter": "from",
        "limit": "n",
        "items": "$.entries",
        "next_cursor": "links.following",
        "has_more": "more",
    }
    operation = returning(
        body,
        parameters=[query("from"), query("n", "integer")],
        **{"x-sdkgen-pagination": declared},
    )
    found, diagnostics = read(tmp_path, operation, "post")
    assert diagnostics == []
    assert found is not None and found.declared
    assert (found.style, found.items, found.next_cursor, found.has_more) == (
        "cursor",
        ("entries",),
        ("links", "following"),
        ("more",),
    )


def test_speakeasys_extension_is_read(tmp_path: Path) -> None:
    speakeasy = {
        "type": "offsetLimit",
        "inputs": [
            {"name": "skip", "in": "parameters", "type": "offset"},
            {"name": "take", "in": "parameters", "type": "limit"},
        ],
        "outputs": {"results": "$.rows"},
    }
    operation = returning(
        page_of(rows=PETS),
        parameters=[query("skip", "integer"), query("take", "integer")],
        **{"x-speakeasy-pagination": speakeasy},
    )
    found, diagnostics = read(tmp_path, operation)
    assert diagnostics == []
    assert found is not None
    assert (found.style, found.parameter.raw, found.items) == (
        "offset",
        "skip",
        ("rows",),
    )
    assert found.limit is not None and found.limit.raw == "take"


@pytest.mark.parametrize(
    "declared, pointer, words",
    [
        ("yes", "", "must be false or a mapping"),
        ({"style": "cursor", "parameter": "cursor", "items": "data", "nxt": "a"}, "/nxt", "unknown x-sdkgen-pagination key 'nxt'"),
        ({"style": "links", "parameter": "cursor", "items": "data"}, "/style", "style must be one of cursor, page, offset"),
        ({"style": "cursor", "parameter": "token", "items": "data", "next_cursor": "next_cursor"}, "/parameter", "must name a query parameter"),
        ({"style": "cursor", "parameter": "cursor", "items": "next_cursor", "next_cursor": "next_cursor"}, "/items", "is not an array"),
        ({"style": "cursor", "parameter": "cursor", "items": "data", "next_cursor": "data"}, "/next_cursor", "is not a string or integer"),
        ({"style": "cursor", "parameter": "cursor", "items": "data"}, "", "needs next_cursor or item_cursor"),
        ({"style": "page", "parameter": "cursor", "items": 3}, "/items", "must be a string"),
    ],
    ids=["not-a-mapping", "unknown-key", "bad-style", "no-such-parameter", "items-not-array",
         "cursor-not-scalar", "no-cursor-source", "items-not-a-string"],
)  # fmt: skip
def test_a_bad_extension_is_a_located_error(
    tmp_path: Path, declared: Any, pointer: str, words: str
) -> None:
    body = page_of(data=PETS, next_cursor={"type": "string"})
    operation = returning(
        body, parameters=[query("cursor")], **{"x-sdkgen-pagination": declared}
    )
    found, diagnostics = read(tmp_path, operation)
    assert found is None
    assert [d.severity for d in diagnostics] == ["error"]
    assert diagnostics[0].pointer == "/paths/~1pets/get/x-sdkgen-pagination" + pointer
    assert words in diagnostics[0].message
    assert diagnostics[0].line is not None


# -- lowered ----------------------------------------------------------------------------------


def test_a_paginated_method_returns_a_pager_typed_with_its_items(
    tmp_path: Path,
) -> None:
    body = page_of(data=PETS, next_cursor={"type": "string"})
    document = openapi(
        {"Pet": PET},
        {
            "/pets": {
                "get": returning(
                    body, operationId="listPets", parameters=[query("cursor")]
                )
            },
            "/pet": {"get": returning(ref("Pet"), operationId="getPet")},
        },
    )
    sdk, _ = build(tmp_path, document)
    by_id = {op.operation_id.raw: op for op in sdk.operations}
    pager = by_id["listPets"].pager
    assert pager is not None
    assert pager.annotation == "SyncPager[ListPetsResult, Pet]"
    assert pager.async_annotation == "AsyncPager[ListPetsResult, Pet]"
    declaration = by_id["listPets"].declaration_keywords[-1]
    assert declaration.startswith('pagination=Pagination(style="cursor"')
    assert 'items=("data",)' in declaration
    assert 'next_cursor=("next_cursor",)' in declaration
    assert "A pager over every item of every page" in by_id["listPets"].doc.raw
    assert by_id["listPets"].pager_tests
    plain = by_id["getPet"]
    assert (plain.pager, plain.result_access, plain.pager_tests) == (None, "", ())
    assert plain.result_name == "result"


def test_hostile_names_in_the_extension_reach_code_only_as_literals(
    tmp_path: Path,
) -> None:
    odd = "x\"\\'{{ y }}\n"
    body = page_of(**{odd: PETS, "nxt": {"type": "string"}})
    declared = {
        "style": "cursor",
        "parameter": odd,
        "items": odd,
        "next_cursor": "nxt",
    }
    operation = returning(
        body,
        operationId="listPets",
        parameters=[query(odd)],
        **{"x-sdkgen-pagination": declared},
    )
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(openapi({"Pet": PET}, {"/pets": {"get": operation}})))
    files = generate(path).files
    resource = next(text for name, text in files.items() if name.endswith("/pets.py"))
    call = next(
        node
        for node in ast.walk(ast.parse(resource))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Pagination"
    )
    given = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    assert given["items_path"] == (odd,)
    tests = next(
        text for name, text in files.items() if name.endswith("/test_pets_list.py")
    )
    assert "PAGES" in ast.unparse(ast.parse(tests))


def test_a_list_alias_pages_with_its_item_type(tmp_path: Path) -> None:
    document = openapi(
        {"Pet": PET, "Pets": PETS},
        {
            "/pets": {
                "get": returning(
                    ref("Pets"),
                    operationId="listPets",
                    parameters=[query("offset", "integer"), query("limit", "integer")],
                )
            }
        },
    )
    sdk, diagnostics = build(tmp_path, document)
    (op,) = sdk.operations
    assert op.pager is not None and op.pager.annotation == "SyncPager[Pets, Pet]"
    assert op.pager_tests and op.pager_tests[0].page_sizes == "[3, 2, 1, 0]"
    assert not [d for d in diagnostics if "pagination" in d.message]
