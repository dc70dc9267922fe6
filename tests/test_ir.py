"""The IR (generator/ir/) built from small inline specs, and the generated models in action."""

from __future__ import annotations

import ast
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostic
from generator.ir import build_sdk
from generator.ir.model import ModelClass, ModelField, Operation, Sdk, TypeAliasDef
from generator.load import load_spec
from generator.output import write
from generator.pipeline import generate

OK = {"description": "ok"}


def openapi(
    schemas: dict[str, Any] | None = None,
    paths: dict[str, Any] | None = None,
    version: str = "3.1.0",
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "openapi": version,
        "info": {"title": "T", "version": "1"},
        "paths": paths or {},
    }
    if schemas:
        document["components"] = {"schemas": schemas}
    return document


def returning(schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """An operation whose 200 response has a JSON body of `schema`."""
    body = {"description": "ok", "content": {"application/json": {"schema": schema}}}
    return {"responses": {"200": body}, **extra}


def path_param(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        **extra,
    }


def build(tmp_path: Path, document: dict[str, Any]) -> tuple[Sdk, list[Diagnostic]]:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return build_sdk(load_spec(path), "pkg")


def definitions(sdk: Sdk) -> dict[str, ModelClass | TypeAliasDef]:
    return {d.name: d for module in sdk.models for d in module.definitions}


def fields(sdk: Sdk, name: str) -> dict[str, ModelField]:
    model = definitions(sdk)[name]
    assert isinstance(model, ModelClass), name
    return {f.wire_name: f for f in model.fields}


def norm(text: str) -> str:
    """Python source in canonical spelling (so quoting style and spacing do not matter)."""
    return ast.unparse(ast.parse(text.strip(), mode="eval"))


def shape(field: ModelField) -> tuple[str, str]:
    """A field's annotation and default value (or ""), canonically spelled."""
    default = field.default.removeprefix(" = ")
    return norm(field.annotation), norm(default) if default else ""


def keywords(arguments: str) -> dict[str, Any]:
    """The values of a call's keyword arguments (`a=1, b="x"`), read without running anything."""
    call = ast.parse(f"f({arguments})", mode="eval").body
    assert isinstance(call, ast.Call)
    return {str(k.arg): ast.literal_eval(k.value) for k in call.keywords}


def alias(sdk: Sdk, name: str) -> str:
    found = definitions(sdk)[name]
    assert isinstance(found, TypeAliasDef), name
    return norm(found.annotation)


# -- schemas -> definitions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "nullable_string"),
    [
        ("3.0.3", {"type": "string", "nullable": True}),
        ("3.1.0", {"type": ["string", "null"]}),
    ],
)
def test_nullable_required_and_defaults(
    tmp_path: Path, version: str, nullable_string: dict[str, Any]
) -> None:
    pet = {"type": "object", "required": ["id", "tag"], "properties": {
        "id": {"type": "integer"}, "tag": nullable_string, "name": {"type": "string"}, "note": nullable_string,
        "count": {"type": "integer", "default": 3}, "kind": {"type": "string", "enum": ["cat", "dog"], "default": "cat"},
        "flags": {"type": "array", "items": {"type": "string"}, "default": []}}}  # fmt: skip
    sdk, _ = build(tmp_path, openapi({"Pet": pet}, version=version))
    f = fields(sdk, "Pet")
    assert {wire: shape(field) for wire, field in f.items()} == {
        "id": ("int", ""),
        "tag": ("str | None", "None"),  # required but nullable: a missing one parses
        "name": ("str | None", "None"),
        "note": ("str | None", "None"),
        "count": ("int", "3"),
        "kind": ("Literal['cat', 'dog']", "'cat'"),
        "flags": ("list[str]", "[]"),
    }
    assert "Required; may be null." in f["tag"].doc and "Default: 3." in f["count"].doc


@pytest.mark.parametrize(
    ("schema", "annotation"),
    [
        ({"type": "string", "enum": ["a", "b"]}, "Literal['a', 'b']"),
        (
            {"type": "string", "enum": ["a", None], "nullable": True},
            "Literal['a'] | None",
        ),
        ({"enum": ["a", "b", None]}, "Literal['a', 'b'] | None"),
        ({"type": "integer", "enum": [1, 2]}, "Literal[1, 2]"),
        ({"const": "fixed"}, "Literal['fixed']"),
        ({"const": True}, "Literal[True]"),
        ({"enum": [1.5, "a"]}, "float | str"),
        ({"enum": [None]}, "None"),
        ({"type": ["string", "integer"]}, "str | int"),
        ({"type": ["string", "integer", "null"]}, "str | int | None"),
        ({"type": "array", "items": {"type": ["string", "null"]}}, "list[str | None]"),
        (
            {"type": "object", "additionalProperties": {"type": "integer"}},
            "dict[str, int]",
        ),
        ({"type": "object"}, "dict[str, Any]"),
        ({"oneOf": [{"type": "string"}, {"type": "null"}]}, "str | None"),
        ({}, "Any"),
    ],
)
def test_named_type_aliases(
    tmp_path: Path, schema: dict[str, Any], annotation: str
) -> None:
    sdk, _ = build(tmp_path, openapi({"Thing": schema}))
    assert alias(sdk, "Thing") == norm(annotation)


CAT = {
    "type": "object",
    "required": ["type"],
    "properties": {"type": {"const": "cat"}, "meow": {"type": "boolean"}},
}
DOG = {
    "type": "object",
    "required": ["type", "name"],
    "properties": {"type": {"enum": ["dog"]}, "name": {"type": "string"}},
}
LOOSE = {"type": "object", "properties": {"type": {"type": "string"}}}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def test_unions(tmp_path: Path) -> None:
    schemas = {
        "Cat": CAT, "Dog": DOG, "Loose": LOOSE,
        "Animal": {"oneOf": [ref("Cat"), ref("Dog")], "discriminator": {"propertyName": "type"}},
        "Mixed": {"oneOf": [ref("Cat"), ref("Loose")], "discriminator": {"propertyName": "type"}},
        "CatchAll": {"anyOf": [{}, {"type": "string"}, {"type": "integer"}]},
        "MaybeCat": {"anyOf": [ref("Cat"), {"type": "null"}]},
        "Holder": {"type": "object", "properties": {"pet": {"anyOf": [{"type": "integer"}, ref("Cat"), ref("Dog")]}}},
    }  # fmt: skip
    sdk, _ = build(tmp_path, openapi(schemas))
    assert alias(sdk, "Animal") == "Annotated[Dog | Cat, Field(discriminator='type')]"
    animal = next(m for m in sdk.models if m.module == "animal")
    assert (
        "from typing import Annotated, TypeAlias" in animal.imports
        and "from pydantic import Field" in animal.imports
    )
    assert (
        alias(sdk, "Mixed") == "Cat | Loose"
    )  # Loose does not fix `type`: not discriminable
    catch_all = definitions(sdk)["CatchAll"]
    assert isinstance(catch_all, TypeAliasDef)
    assert [t for t in catch_all.annotation.split(" | ") if t != "None"] == [
        "str",
        "int",
        "Any",
    ]  # catch-all last
    assert alias(sdk, "MaybeCat") == "Cat | None"
    # A long inline union gets a name; the most demanding variant (Dog: 2 required) comes first.
    assert shape(fields(sdk, "Holder")["pet"]) == ("HolderPet | None", "None")
    assert alias(sdk, "HolderPet") == "Dog | Cat | int"


def test_all_of_merges_properties_and_required(tmp_path: Path) -> None:
    extra = {
        "type": "object",
        "required": ["extra"],
        "properties": {"extra": {"type": "string"}},
    }
    schemas = {
        "Cat": CAT, "Both": {"allOf": [ref("Cat"), extra]}, "Sub": {"allOf": [ref("Cat")]},
        "Holder": {"type": "object", "properties": {"cat": {"allOf": [ref("Cat")]}}},
        "Weird": {"allOf": [{"type": "string"}, {"type": "integer"}]},
    }  # fmt: skip
    sdk, warnings = build(tmp_path, openapi(schemas))
    f = fields(sdk, "Both")
    assert list(f) == ["type", "meow", "extra"]
    assert [shape(field) for field in f.values()] == [
        ("Literal['cat']", ""),
        ("bool | None", "None"),
        ("str", ""),
    ]
    assert list(fields(sdk, "Sub")) == [
        "type",
        "meow",
    ]  # a named allOf is a class of its own
    assert shape(fields(sdk, "Holder")["cat"]) == (
        "Cat | None",
        "None",
    )  # an inline one is the type itself
    assert alias(sdk, "Weird") == "Any"
    assert [(w.pointer, w.severity) for w in warnings if "allOf" in w.message] == [
        ("/components/schemas/Weird", "warning")
    ]


def test_inline_objects_get_parent_derived_names(tmp_path: Path) -> None:
    content = [
        {
            "type": "object",
            "properties": {"type": {"const": "text"}, "text": {"type": "string"}},
        },
        {
            "title": "Picture",
            "type": "object",
            "properties": {"url": {"type": "string"}},
        },
        {"type": "object", "properties": {"n": {"type": "integer"}}},
    ]
    pet = {"type": "object", "properties": {
        "owner": {"type": "object", "properties": {"name": {"type": "string"}}},
        "toys": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}}}},
        "content": {"oneOf": content}}}  # fmt: skip
    sdk, _ = build(tmp_path, openapi({"Pet": pet, "PetOwner": {"type": "string"}}))
    names = set(definitions(sdk))
    assert {
        "Pet",
        "PetOwner",
        "PetToysItem",
        "PetContent",
        "PetContentText",
        "PetContentPicture",
        "PetContentVariant3",
    } <= names
    assert shape(fields(sdk, "Pet")["owner"]) == ("PetOwner | None", "None")
    assert "PetOwner2" in names  # the component came second and got a free name
    pet_module = next(m for m in sdk.models if m.module == "pet")
    assert {"Pet", "PetOwner", "PetToysItem", "PetContent"} <= set(pet_module.exports)


@pytest.mark.parametrize(
    ("wire", "name"),
    [("schema", "schema_"), ("camelCase", "camel_case"), ("X-Thing", "x_thing"), ("class", "class_"),
     ("model_dump", "model_dump_"), ("2fa", "n2fa"), ("ümlaut", "umlaut"), ("_id", "id")],
)  # fmt: skip
def test_property_names_needing_aliases(tmp_path: Path, wire: str, name: str) -> None:
    sdk, _ = build(
        tmp_path,
        openapi({"Pet": {"type": "object", "properties": {wire: {"type": "string"}}}}),
    )
    field = fields(sdk, "Pet")[wire]
    assert field.name == name
    assert shape(field) == ("str | None", f"Field(default=None, alias={wire!r})")
    assert "from pydantic import Field" in sdk.models[0].imports


def test_recursion_and_cycles_share_a_module(tmp_path: Path) -> None:
    schemas = {
        "Node": {
            "type": "object",
            "properties": {"children": {"type": "array", "items": ref("Node")}},
        },
        "A": {"type": "object", "properties": {"b": ref("B")}},
        "B": {"type": "object", "properties": {"a": ref("A"), "node": ref("Node")}},
        "C": {"type": "object", "properties": {"a": ref("A")}},
    }
    sdk, _ = build(tmp_path, openapi(schemas))
    modules = {m.module: m for m in sdk.models}
    assert set(modules) == {"node", "a", "c"}
    assert shape(fields(sdk, "Node")["children"]) == ("list[Node] | None", "None")
    assert modules["a"].exports == ("A", "B")
    assert [d.name for d in modules["a"].definitions] == ["B", "A"]
    assert modules["a"].rebuilds == ("B",)  # B refers to A, defined after it
    assert "from pkg.models.node import Node" in modules["a"].imports
    assert "from pkg.models.a import A" in modules["c"].imports
    assert not any("pkg.models.b" in line for m in sdk.models for line in m.imports)


def test_component_name_collisions(tmp_path: Path) -> None:
    names = [
        "Pet",
        "pet",
        "PET",
        "Any",
        "Field",
        "BaseModel",
        "Literal",
        "TypeAlias",
        "pet-2",
        "Pet2",
    ]
    sdk, _ = build(tmp_path, openapi({n: {"type": "string"} for n in names}))
    classes = list(definitions(sdk))
    assert classes[:6] == [
        "Pet",
        "Pet2",
        "PET",
        "AnySchema",
        "FieldSchema",
        "BaseModelSchema",
    ]
    assert len(set(classes)) == len(classes) == len(names)
    modules = [m.module for m in sdk.models]
    assert len(set(modules)) == len(modules)
    assert all(m.isidentifier() and m == m.lower() for m in modules)


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
            "show_by_id",
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
        "pets.list2",
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
    p = {param.wire_name: param for param in op.params}
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
    assert p["self"].name == "self2"  # `self` is the method's own
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
    assert "Must match `^resp_\\d+$`." in rid.doc
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
        op.sample_url
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
    assert {name: c.constraint for name, c in cases.items()} == {
        "id": "^[a-z]+$",
        "mode": "one of",
        "short": "at most 5",
    }
    calls = {name: keywords(c.arguments) for name, c in cases.items()}
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
    ops = {o.operation_id: o for o in sdk.operations}
    assert set(ops) == {"getPet", "listPets", "stats"}
    assert (ops["getPet"].return_annotation, ops["getPet"].parse) == (
        "Pet",
        "Pet.model_validate_json",
    )
    assert ops["getPet"].result_imports == ("from pkg.models import Pet",)
    assert ops["listPets"].parse == "TypeAdapter(list[Pet]).validate_json"
    inline = ops["stats"].return_annotation
    assert (
        inline.endswith("Result")
        and inline in definitions(sdk)
        and inline in sdk.result_models
    )
    assert sorted((w.pointer, w.line, w.severity) for w in warnings) == [
        ("/paths/~1pets/post/requestBody", 1, "warning"),
        ("/paths/~1stats/delete/parameters/0", 1, "warning"),
    ]


# -- the whole pipeline: generate, write, import, parse ---------------------------------------

PET = {
    "type": "object", "required": ["id", "tag", "animal"], "properties": {
        "id": {"type": "integer"}, "tag": {"type": ["string", "null"]}, "schema": {"type": "string"},
        "camelCase": {"type": "string"}, "X-Thing": {"type": "string"}, "class": {"type": "string"},
        "kind": {"type": "string", "enum": ["cat", "dog"], "default": "cat"},
        "owner": {"type": "object", "properties": {"name": {"type": "string"}}},
        "anything": {"anyOf": [{}, {"type": "string"}, {"type": "integer"}]},
        "scores": {"type": "object", "additionalProperties": {"type": "number"}},
        "animal": ref("Animal")}}  # fmt: skip
MODELS_SPEC = openapi(
    {"Pet": PET, "Cat": CAT, "Dog": DOG, "Animal": {"oneOf": [ref("Cat"), ref("Dog")], "discriminator": {"propertyName": "type"}}},
    {"/pets/{id}": {"get": returning(ref("Pet"), operationId="getPet", parameters=[path_param("id")])}},
)  # fmt: skip
RECURSIVE_SPEC = openapi(
    {
        "Node": {"type": "object", "required": ["value"], "properties": {
            "value": {"type": "integer"}, "children": {"type": "array", "items": ref("Node")}}},
        "A": {"type": "object", "properties": {"b": ref("B"), "label": {"type": "string"}}},
        "B": {"type": "object", "properties": {"a": {"anyOf": [ref("A"), {"type": "null"}]}}},
    },
    {"/nodes": {"get": returning(ref("Node"), operationId="getTree")}},
)  # fmt: skip
NULLABLE_30_SPEC = openapi(
    {"Item": {"type": "object", "required": ["note"], "properties": {
        "note": {"type": "string", "nullable": True}, "level": {"type": "string", "enum": ["lo", "hi", None], "nullable": True},
        "parent": {"allOf": [{"$ref": "#/components/schemas/Item"}], "nullable": True}}}},
    {"/items": {"get": returning({"type": "array", "items": ref("Item")}, operationId="listItems")}},
    version="3.0.3",
)  # fmt: skip
PACKAGES = {
    "pkg_models": MODELS_SPEC,
    "pkg_recursive": RECURSIVE_SPEC,
    "pkg_openapi30": NULLABLE_30_SPEC,
}


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Each spec generated, written and imported once; sys.path and sys.modules restored after."""
    root = tmp_path_factory.mktemp("generated")
    added = []
    for package, document in PACKAGES.items():
        (root / f"{package}.json").write_text(json.dumps(document), encoding="utf-8")
        result = generate(root / f"{package}.json", package=package)
        write(root / package, result.files)
        added.append(str(root / package / "src"))
    sys.path[:0] = added
    try:
        yield {package: __import__(package) for package in PACKAGES}
    finally:
        for entry in added:
            sys.path.remove(entry)
        for name in [n for n in sys.modules if n.split(".")[0] in PACKAGES]:
            del sys.modules[name]


def round_trip(model: Any, data: dict[str, Any]) -> Any:
    parsed = model.model_validate(data)
    assert parsed.model_dump(mode="json", exclude_unset=True) == data
    assert (
        model.model_validate_json(json.dumps(data)).model_dump(
            mode="json", exclude_unset=True
        )
        == data
    )
    return parsed


def test_generated_models_validate_and_round_trip(packages: dict[str, Any]) -> None:
    models = packages["pkg_models"].models
    data = {
        "id": 7, "tag": None, "schema": "s", "camelCase": "c", "X-Thing": "x", "class": "k", "kind": "dog",
        "owner": {"name": "Ann"}, "anything": [1, {"deep": True}], "scores": {"a": 1.5},
        "animal": {"type": "dog", "name": "Rex"}, "unknown_field": {"kept": 1},
    }  # fmt: skip
    pet = round_trip(models.Pet, data)
    assert (pet.schema_, pet.camel_case, pet.x_thing, pet.class_) == (
        "s",
        "c",
        "x",
        "k",
    )
    assert type(pet.animal) is models.Dog and type(pet.owner) is models.PetOwner
    minimal = round_trip(models.Pet, {"id": 1, "animal": {"type": "cat"}})
    assert (minimal.tag, minimal.kind, type(minimal.animal)) == (
        None,
        "cat",
        models.Cat,
    )
    by_name = models.Pet(id=2, schema_="s", animal=models.Cat(type="cat"))
    assert by_name.model_dump(mode="json", exclude_unset=True) == {
        "id": 2,
        "schema": "s",
        "animal": {"type": "cat"},
    }


@pytest.mark.parametrize(
    "data",
    [{"animal": {"type": "cat"}}, {"id": 1, "animal": {"type": "cow"}}, {"id": 1, "kind": "cow", "animal": {"type": "cat"}},
     {"id": "x", "animal": {"type": "cat"}}, {"id": 1, "animal": {"type": "dog"}}],
)  # fmt: skip
def test_generated_models_reject_invalid_data(
    packages: dict[str, Any], data: dict[str, Any]
) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        packages["pkg_models"].models.Pet.model_validate(data)


def test_generated_sdk_calls_and_parses(packages: dict[str, Any]) -> None:
    import httpx

    package = packages["pkg_models"]
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url}")
        return httpx.Response(
            200, json={"id": 3, "animal": {"type": "cat", "meow": True}}
        )

    client = httpx.Client(transport=httpx.MockTransport(answer))
    sdk = package.SDK(
        server_url="https://api.example.test", max_retries=0, http_client=client
    )
    pet = sdk.pets.get(id="a/b")
    assert seen == ["GET https://api.example.test/pets/a%2Fb"]
    assert isinstance(pet, package.models.Pet) and pet.animal.meow is True


def test_generated_recursive_models_parse_nested_data(packages: dict[str, Any]) -> None:
    models = packages["pkg_recursive"].models
    tree: dict[str, Any] = {"value": 0}
    for depth in range(1, 40):
        tree = {"value": depth, "children": [tree, {"value": -depth}]}
    parsed = round_trip(models.Node, tree)
    leaf = parsed
    while leaf.children:
        leaf = leaf.children[0]
    assert leaf.value == 0 and type(leaf) is models.Node
    cycle = round_trip(
        models.A, {"b": {"a": {"b": {"a": None}, "label": "inner"}}, "label": "outer"}
    )
    assert type(cycle.b.a.b) is models.B and cycle.b.a.label == "inner"
    assert models.A.__module__ == models.B.__module__ == "pkg_recursive.models.a"


def test_generated_openapi30_nullable_fields(packages: dict[str, Any]) -> None:
    from pydantic import ValidationError

    item = packages["pkg_openapi30"].models.Item
    round_trip(item, {"note": None, "level": None, "parent": None})
    round_trip(
        item, {"note": "n", "level": "hi", "parent": {"note": None, "parent": {}}}
    )
    assert (
        item.model_validate({}).note is None
    )  # required but nullable: a missing one parses
    with pytest.raises(ValidationError):
        item.model_validate({"level": "mid"})
