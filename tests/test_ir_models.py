"""The IR of schemas: types, unions, names, aliases, modules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.targets.python.view import TypeAliasDef

from .ir_support import (
    CAT,
    DOG,
    LOOSE,
    alias,
    build,
    definitions,
    fields,
    norm,
    openapi,
    ref,
    shape,
)

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
        "kind": ("Literal['cat', 'dog'] | UnknownStr", "'cat'"),
        "flags": ("list[str]", "[]"),
    }
    assert (
        "Required; may be null." in f["tag"].doc.raw
        and "Default: 3." in f["count"].doc.raw
    )


@pytest.mark.parametrize(
    ("schema", "annotation"),
    [
        ({"type": "string", "enum": ["a", "b"]}, "Literal['a', 'b'] | UnknownStr"),
        (
            {"type": "string", "enum": ["a", None], "nullable": True},
            "Literal['a'] | None",
        ),
        ({"enum": ["a", "b", None]}, "Literal['a', 'b'] | UnknownStr | None"),
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
    assert (
        alias(sdk, "Animal")
        == "Annotated[Dog | Cat, Field(discriminator='type')] | UnknownVariant"
    )
    animal = next(m for m in sdk.models if m.module == "animal")
    assert (
        "from typing import Annotated, TypeAlias" in animal.imports
        and "from pydantic import Field" in animal.imports
    )
    assert (
        alias(sdk, "Mixed") == "Cat | Loose | UnknownVariant"
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
    assert alias(sdk, "HolderPet") == "Dog | Cat | int | UnknownVariant"


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


def test_enums_open_only_where_a_newer_server_may_answer(tmp_path: Path) -> None:
    # Read from responses: a two-value enum is open; a constant, and the property a
    # discriminated union is keyed on (pydantic needs a bare Literal there), stay closed.
    big = {
        "type": "object",
        "required": ["kind"],
        "properties": {
            "kind": {"type": "string", "enum": ["big", "huge"]},
            "state": {"$ref": "#/components/schemas/State"},
            "object": {"const": "box"},
        },
    }
    small = {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"$ref": "#/components/schemas/Kind"}},
    }
    schemas = {
        "Big": big, "Small": small, "State": {"enum": ["on", "off"]}, "Kind": {"enum": ["small", "tiny"]},
        "Box": {"oneOf": [ref("Big"), ref("Small")], "discriminator": {"propertyName": "kind"}},
    }  # fmt: skip
    sdk, _ = build(tmp_path, openapi(schemas))
    assert {wire: shape(field)[0] for wire, field in fields(sdk, "Big").items()} == {
        "kind": "Literal['big', 'huge']",
        "state": "State | None",
        "object": "Literal['box'] | None",
    }
    assert alias(sdk, "State") == "Literal['on', 'off'] | UnknownStr"
    assert alias(sdk, "Kind") == "Literal['small', 'tiny']"
    assert alias(sdk, "Box").endswith("Field(discriminator='kind')] | UnknownVariant")
