"""The IR of operations: resource groups, method names, parameters, results."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from generator.targets.python.view import Operation

from .ir_support import (
    OK,
    ref,
    build,
    definitions,
    keywords,
    norm,
    openapi,
    path_param,
    returning,
)

# -- operations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "method", "node", "group", "name"),
    [
        (
            "/api/v1/llm/responses/{id}/cancel",
            "post",
            {"operationId": "cancelResponse"},
            ("llm", "responses"),
            "cancel",
        ),
        (
            "/pets",
            "get",
            {"operationId": "listPets"},
            ("pets",),
            "list",
        ),  # the module spells the type `builtins.list`
        ("/pets", "post", {"operationId": "createPet"}, ("pets",), "create"),
        (
            "/pets/{petId}",
            "get",
            {"operationId": "showPetById"},
            ("pets",),
            "show",
        ),
        ("/pets/{petId}", "delete", {}, ("pets",), "delete"),
        ("/pets/{petId}", "put", {}, ("pets",), "update"),
        (
            "/categories",
            "get",
            {"operationId": "listCategories"},
            ("categories",),
            "list",
        ),
        (
            "/users/{id}/repos",
            "get",
            {"operationId": "listUserRepos"},
            ("users",),
            "list_repos",
        ),
        (
            "/v2/things",
            "get",
            {"operationId": "getThings", "x-sdkgen-group": "admin.stuff"},
            ("admin", "stuff"),
            "get_things",
        ),
        (
            "/things",
            "get",
            {"operationId": "x", "x-sdkgen-name": "fetchAll"},
            ("things",),
            "fetch_all",
        ),
        ("/2024-01-01/items", "get", {"operationId": "items_list"}, ("items",), "list"),
        (
            "/{id}",
            "get",
            {"operationId": "getRoot", "tags": ["Root Things"]},
            ("root_things",),
            "get_root",
        ),
        ("/health", "get", {"operationId": "type"}, ("health",), "type"),
        ("/class/{id}", "get", {"operationId": "import"}, ("class_",), "import_"),
    ],
)
def test_resource_group_and_method_name(
    tmp_path: Path,
    path: str,
    method: str,
    node: dict[str, Any],
    group: tuple[str, ...],
    name: str,
) -> None:
    params = [path_param(segment) for segment in re.findall(r"{(\w+)}", path)]
    sdk, _ = build(
        tmp_path,
        openapi(
            paths={
                path: {method: {**node, "parameters": params, "responses": {"204": OK}}}
            }
        ),
    )
    (operation,) = sdk.operations
    assert operation.call_path == ".".join((*group, name))
    assert operation.method_name == name and name.isidentifier()
    assert operation.test_module == "test_" + "_".join((*group, name))
    assert [r.dotted for r in sdk.resources] == [
        ".".join(group[: i + 1]) for i in range(len(group))
    ]


def test_clashing_method_names_are_made_unique(tmp_path: Path) -> None:
    paths = {
        "/pets": {"get": {"operationId": "listPets", "responses": {"204": OK}}},
        "/pets/{id}/toys": {
            "parameters": [path_param("id")],
            "get": {"operationId": "listPets", "responses": {"204": OK}},
            "post": {"operationId": "doIt", "responses": {"204": OK}},
            "put": {
                "operationId": "other",
                "x-sdkgen-name": "do_it",
                "responses": {"204": OK},
            },
        },
        "/a/items": {"get": {"operationId": "listItems", "responses": {"204": OK}}},
        "/b/items": {"get": {"operationId": "listItems", "responses": {"204": OK}}},
    }
    sdk, _ = build(tmp_path, openapi(paths=paths))
    assert [o.call_path for o in sdk.operations] == [
        "pets.list",
        "pets.list_pets",  # `list` is taken: the whole operationId
        "pets.do_it",
        "pets.do_it2",
        "a.items.list",
        "b.items.list",
    ]
    classes = [r.class_name for r in sdk.resources]
    assert len(set(classes)) == len(classes) and "Items" in classes


def only_operation(
    tmp_path: Path, path: str, params: list[dict[str, Any]]
) -> Operation:
    sdk, _ = build(
        tmp_path,
        openapi(
            paths={
                path: {
                    "get": {
                        "operationId": "getIt",
                        "parameters": params,
                        "responses": {"204": OK},
                    }
                }
            }
        ),
    )
    (found,) = sdk.operations
    return found


def test_parameters(tmp_path: Path) -> None:
    params: list[dict[str, Any]] = [
        {"name": "X-On-Behalf-Of", "in": "header", "schema": {"type": "string"}},
        {
            "name": "limit",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 100},
        },
        {
            "name": "order",
            "in": "query",
            "required": True,
            "schema": {"type": "string", "enum": ["asc", "desc"]},
        },
        path_param(
            "response_id",
            example="resp_1",
            schema={"type": "string", "pattern": r"^resp_\d+$"},
        ),
        {
            "name": "self",
            "in": "query",
            "schema": {"type": "string", "minLength": 2, "maxLength": 5},
        },
        {
            "name": "gt",
            "in": "query",
            "schema": {"type": "number", "exclusiveMinimum": 0},
        },
    ]
    op = only_operation(tmp_path, "/api/v1/llm/responses/{response_id}", params)
    p = {param.wire_name.raw: param for param in op.params}
    assert list(p) == [
        "order",
        "response_id",
        "X-On-Behalf-Of",
        "limit",
        "self",
        "gt",
    ]  # required first
    assert [x.name for x in op.required_params] == ["order", "response_id"]
    assert [x.name for x in op.header_params] == ["x_on_behalf_of"]
    assert p["self"].name == "self_"  # `self` is the method's own
    header = p["X-On-Behalf-Of"]
    assert (
        header.location,
        header.required,
        norm(header.annotation),
        header.default,
    ) == (
        "header",
        False,
        "str | None",
        " = None",
    )
    rid = p["response_id"]
    assert (rid.location, rid.required, rid.default, ast.literal_eval(rid.sample)) == (
        "path",
        True,
        "",
        "resp_1",
    )
    (pattern,) = rid.constraints
    assert (
        pattern.startswith("Pattern(")
        and ast.literal_eval(pattern[8:-1]) == r"^resp_\d+$"
    )
    assert "Must match `^resp_\\d+$`." in rid.doc.raw
    assert [norm(c) for c in p["order"].constraints] == ["OneOf(('asc', 'desc'))"]
    assert (norm(p["order"].annotation), ast.literal_eval(p["order"].sample)) == (
        "Literal['asc', 'desc']",
        "asc",
    )
    range_ = (
        "Range(minimum=1, maximum=100, exclusive_minimum=None, exclusive_maximum=None)"
    )
    assert (
        [norm(c) for c in p["limit"].constraints],
        ast.literal_eval(p["limit"].sample),
    ) == ([range_], 1)
    assert [norm(c) for c in p["self"].constraints] == [
        "Length(min_length=2, max_length=5)"
    ]
    assert "exclusive_minimum=0," in p["gt"].constraints[0]
    assert keywords(op.sample_arguments) == {"order": "asc", "response_id": "resp_1"}
    assert (
        op.sample_url.raw
        == "https://api.example.test/api/v1/llm/responses/resp_1?order=asc"
    )


def test_invalid_value_cases(tmp_path: Path) -> None:
    params: list[dict[str, Any]] = [
        path_param(
            "id", example="abc", schema={"type": "string", "pattern": "^[a-z]+$"}
        ),
        {
            "name": "mode",
            "in": "query",
            "schema": {"type": "string", "enum": ["a", "b"]},
        },
        {"name": "short", "in": "query", "schema": {"type": "string", "maxLength": 5}},
        {
            "name": "free",
            "in": "query",
            "schema": {"type": "string", "pattern": ".*"},
        },  # nothing breaks it
        {
            "name": "n",
            "in": "query",
            "schema": {"type": "integer", "maximum": 3},
        },  # only strings get cases
    ]
    cases = {
        c.parameter: c
        for c in only_operation(tmp_path, "/x/{id}", params).invalid_cases
    }
    assert {name: c.constraint.raw for name, c in cases.items()} == {
        "id": "^[a-z]+$",
        "mode": "one of",
        "short": "at most 5",
    }
    # The broken value travels in a variable named `invalid_value` (typed Any in the test).
    calls = {
        name: keywords(c.arguments.replace("invalid_value", c.value))
        for name, c in cases.items()
    }
    assert all(f"{name}=invalid_value" in c.arguments for name, c in cases.items())
    assert {name: set(call) for name, call in calls.items()} == {
        "id": {"id"},
        "mode": {"id", "mode"},
        "short": {"id", "short"},
    }
    assert (
        re.search("^[a-z]+$", calls["id"]["id"]) is None
        and calls["mode"]["id"] == "abc"
    )
    assert calls["mode"]["mode"] not in ("a", "b") and len(calls["short"]["short"]) > 5


def test_results_and_skipped_operations(tmp_path: Path) -> None:
    paths = {
        "/pets/{id}": {"get": returning(ref("Pet"), operationId="getPet", parameters=[path_param("id")])},
        "/pets": {"get": returning({"type": "array", "items": ref("Pet")}, operationId="listPets"),
                  "post": {"operationId": "createPet", "requestBody": {"content": {}}, "responses": {"201": OK}}},
        "/stats": {"get": returning({"type": "object", "properties": {"n": {"type": "integer"}}}, operationId="stats"),
                   "delete": {"operationId": "reset", "parameters": [{"name": "c", "in": "cookie", "schema": {}}],
                              "responses": {"204": OK}}},
    }  # fmt: skip
    sdk, warnings = build(
        tmp_path,
        openapi(
            {"Pet": {"type": "object", "properties": {"id": {"type": "integer"}}}},
            paths,
        ),
    )
    ops = {o.operation_id.raw: o for o in sdk.operations}
    # a request body (here one without content) and a cookie parameter no longer skip an operation
    assert set(ops) == {"getPet", "listPets", "stats", "createPet", "reset"}
    assert ops["createPet"].arguments == ()
    assert (ops["getPet"].return_annotation, ops["getPet"].parse) == (
        "Pet",
        "Pet.model_validate_json",
    )
    assert ops["getPet"].result_imports == ("from pkg.models import Pet",)
    assert (
        ops["listPets"].parse
        == "TypeAdapter(list[Pet], config=DEFER_BUILD).validate_json"
    )
    inline = ops["stats"].return_annotation
    assert (
        inline.endswith("Result")
        and inline in definitions(sdk)
        and inline in sdk.result_models
    )
    assert sorted((w.pointer, w.line, w.severity) for w in warnings) == []


THING = {
    "type": "object",
    "required": ["id", "name", "closed_at"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "closed_at": {"type": ["number", "null"]},
    },
}


def example_operation(example: dict[str, Any]) -> dict[str, Any]:
    operation = returning({"$ref": "#/components/schemas/Thing"})
    operation["responses"]["200"]["content"]["application/json"]["example"] = example
    return {"/things": {"get": operation}}


def test_an_example_missing_only_nullable_required_fields_is_used_as_is(
    tmp_path: Path,
) -> None:
    example = {"id": "t1", "name": "A thing"}  # closed_at is required but may be null
    sdk, diagnostics = build(
        tmp_path, openapi({"Thing": THING}, example_operation(example))
    )
    assert ast.literal_eval(sdk.operations[0].example_value) == example
    assert diagnostics == []


def test_an_example_its_schema_rejects_is_reported_and_replaced(tmp_path: Path) -> None:
    example = {"id": "t1"}  # name is required and not nullable
    sdk, diagnostics = build(
        tmp_path, openapi({"Thing": THING}, example_operation(example))
    )
    (warning,) = diagnostics
    assert warning.severity == "warning"
    assert (
        warning.pointer
        == "/paths/~1things/get/responses/200/content/application~1json/example"
    )
    assert "'name' is a required property" in warning.message
    built = ast.literal_eval(sdk.operations[0].example_value)
    assert set(built) == {"id", "name", "closed_at"}


def test_built_samples_fill_required_properties_declared_in_all_of_members(
    tmp_path: Path,
) -> None:
    base = {
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "string"}},
    }
    album = {
        "required": ["artists"],  # names a property only the second member declares
        "allOf": [
            {"$ref": "#/components/schemas/Base"},
            {
                "type": "object",
                "properties": {
                    "artists": {"type": "array", "items": {"type": "string"}}
                },
            },
        ],
    }
    paths = {"/albums": {"get": returning({"$ref": "#/components/schemas/Album"})}}
    sdk, _ = build(tmp_path, openapi({"Base": base, "Album": album}, paths))
    assert ast.literal_eval(sdk.operations[0].example_value) == {
        "id": "string",
        "artists": ["string"],
    }


def test_a_templated_query_in_the_path_key_is_left_to_its_parameter(
    tmp_path: Path,
) -> None:
    query = {"name": "query", "in": "query", "schema": {"type": "string"}}
    document = openapi(
        paths={
            "/search?query={query}&v=2": {
                "get": {
                    "operationId": "search",
                    "parameters": [query],
                    "responses": {"200": OK},
                }
            }
        }
    )
    sdk, _ = build(tmp_path, document)
    assert sdk.operations[0].path.raw == "/search?v=2"


def test_headers_the_client_writes_are_not_parameters(tmp_path: Path) -> None:
    headers = [
        {"name": name, "in": "header", "schema": {"type": "string"}}
        for name in ("Accept", "Content-Length", "Transfer-Encoding", "X-Trace")
    ]
    document = openapi(
        paths={
            "/blobs": {
                "put": {
                    "operationId": "putBlob",
                    "parameters": headers,
                    "responses": {"200": OK},
                }
            }
        }
    )
    sdk, diagnostics = build(tmp_path, document)
    assert [p.wire_name.raw for p in sdk.operations[0].params] == ["X-Trace"]
    assert [(d.pointer, d.message) for d in diagnostics] == [
        (
            "/paths/~1blobs/put/parameters/0/name",
            "a header parameter named Accept is ignored (OpenAPI: the client sets it)",
        ),
        (
            "/paths/~1blobs/put/parameters/1/name",
            "a header parameter named Content-Length is ignored "
            "(the HTTP client sets it from the request)",
        ),
        (
            "/paths/~1blobs/put/parameters/2/name",
            "a header parameter named Transfer-Encoding is ignored "
            "(the HTTP client sets it from the request)",
        ),
    ]
