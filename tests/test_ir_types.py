"""The language-neutral type tree: what the schema reader says a schema means."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.ir.reader import SchemaReader
from generator.ir.samples import sample_value
from generator.ir.types import (
    AnyType,
    ArrayType,
    Constraints,
    LiteralType,
    MapType,
    ModelRef,
    NullType,
    Nullable,
    ObjectType,
    Primitive,
    UnionType,
)
from generator.load import load_spec
from generator.normalize import normalize_spec


def _reader(
    tmp_path: Path, schemas: dict[str, Any], version: str = "3.1.0"
) -> SchemaReader:
    document = {
        "openapi": version,
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    spec, _ = normalize_spec(load_spec(path))
    reader = SchemaReader(spec, [])
    reader.read_components()
    return reader


def _type(reader: SchemaReader, name: str) -> Any:
    return reader.definitions[f"/components/schemas/{name}"].type


def test_primitives_arrays_maps_and_enums(tmp_path: Path) -> None:
    reader = _reader(
        tmp_path,
        {
            "When": {"type": "string", "format": "date-time"},
            "Tags": {"type": "array", "items": {"type": "string"}},
            "Counts": {"type": "object", "additionalProperties": {"type": "integer"}},
            "Loose": {"type": "object"},
            "Status": {"type": "string", "enum": ["queued", "done", None]},
            "Anything": {},
        },
    )
    assert _type(reader, "When") == Primitive("string", "date-time")
    assert _type(reader, "Tags") == ArrayType(Primitive("string"))
    assert _type(reader, "Counts") == MapType(Primitive("integer"))
    assert _type(reader, "Loose") == MapType(AnyType())
    assert _type(reader, "Status") == Nullable(LiteralType(("queued", "done")))
    assert _type(reader, "Anything") == AnyType()


def test_objects_properties_and_references(tmp_path: Path) -> None:
    reader = _reader(
        tmp_path,
        {
            "Pet": {
                "type": "object",
                "description": "A pet.",
                "required": ["id"],
                "properties": {
                    "id": {"type": "integer", "minimum": 1},
                    "owner": {"$ref": "#/components/schemas/Owner"},
                    "name": {"type": "string", "default": "rex", "maxLength": 9},
                },
            },
            "Owner": {"type": "object", "description": "Who.", "properties": {"n": {}}},
        },
    )
    pet = _type(reader, "Pet")
    assert isinstance(pet, ObjectType) and pet.description.raw == "A pet."
    by_name = {p.wire_name.raw: p for p in pet.properties}
    assert by_name["id"].required and by_name["id"].type == Primitive("integer")
    assert by_name["id"].constraints == Constraints(minimum=1)
    assert by_name["owner"].type == ModelRef("/components/schemas/Owner")
    assert by_name["owner"].description.raw == "Who."  # from the schema it refers to
    assert by_name["name"].has_default and by_name["name"].default == "rex"
    assert by_name["name"].constraints.max_length == 9
    assert list(reader.definitions) == [
        "/components/schemas/Pet",
        "/components/schemas/Owner",
    ]


def test_unions_discriminators_and_null(tmp_path: Path) -> None:
    cat = {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"const": "cat"}},
    }
    reader = _reader(
        tmp_path,
        {
            "Cat": cat,
            "Dog": {**cat, "properties": {"kind": {"const": "dog"}}},
            "Pet": {
                "oneOf": [
                    {"$ref": "#/components/schemas/Cat"},
                    {"$ref": "#/components/schemas/Dog"},
                ],
                "discriminator": {"propertyName": "kind"},
            },
            "MaybeCat": {
                "anyOf": [{"$ref": "#/components/schemas/Cat"}, {"type": "null"}]
            },
            "IdOrName": {"type": ["integer", "string"]},
            "Never": False,
        },
    )
    pet = _type(reader, "Pet")
    assert isinstance(pet, UnionType) and pet.discriminator == "kind"
    assert pet.variants == (
        ModelRef("/components/schemas/Cat"),
        ModelRef("/components/schemas/Dog"),
    )
    assert _type(reader, "MaybeCat") == Nullable(ModelRef("/components/schemas/Cat"))
    id_or_name = _type(reader, "IdOrName")
    assert id_or_name.distinct_json_types
    assert id_or_name.variants == (Primitive("integer"), Primitive("string"))
    assert _type(reader, "Never") == NullType()


def test_openapi_30_nullable_objects_stay_objects_and_their_references_allow_null(
    tmp_path: Path,
) -> None:
    reader = _reader(
        tmp_path,
        {
            "Mini": {
                "type": "object",
                "nullable": True,
                "properties": {"id": {"type": "string"}},
            },
            "Holder": {
                "type": "object",
                "properties": {
                    "mini": {"$ref": "#/components/schemas/Mini"},
                    "tags": {
                        "type": "array",
                        "items": {"type": "string"},
                        "nullable": True,
                    },
                },
            },
        },
        version="3.0.3",
    )
    assert isinstance(_type(reader, "Mini"), ObjectType)
    holder = {p.wire_name.raw: p.type for p in _type(reader, "Holder").properties}
    assert holder["mini"] == Nullable(ModelRef("/components/schemas/Mini"))
    assert holder["tags"] == Nullable(ArrayType(Primitive("string")))


def test_an_inline_object_met_again_inside_itself_becomes_a_definition(
    tmp_path: Path,
) -> None:
    """`child` merges Node's properties, `child` among them: read inline, it would never end."""
    child = {
        "allOf": [{"$ref": "#/components/schemas/Node"}],
        "properties": {"extra": {"type": "string"}},
    }
    reader = _reader(
        tmp_path, {"Node": {"type": "object", "properties": {"child": child}}}
    )
    node = _type(reader, "Node")
    inline = node.properties[0].type
    assert isinstance(inline, ObjectType)
    names = [p.wire_name.raw for p in inline.properties]
    assert names == ["child", "extra"]
    child_id = "/components/schemas/Node/properties/child"
    assert inline.properties[0].type == ModelRef(child_id)
    assert reader.definitions[child_id].name == "child"


def test_a_default_of_the_wrong_type_is_not_used(tmp_path: Path) -> None:
    diagnostics: list[Any] = []
    document = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "properties": {
                        "size": {"type": "string", "default": 42},
                        "kind": {"enum": ["a", "b"], "default": "c"},
                        "tags": {"type": "array", "items": {}, "default": []},
                    },
                }
            }
        },
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    reader = SchemaReader(load_spec(path), diagnostics)
    reader.read_components()
    by_name = {p.wire_name.raw: p for p in _type(reader, "Thing").properties}
    assert not by_name["size"].has_default and not by_name["kind"].has_default
    assert by_name["tags"].has_default and by_name["tags"].default == []
    assert [d.pointer for d in diagnostics] == [
        "/components/schemas/Thing/properties/size/default",
        "/components/schemas/Thing/properties/kind/default",
    ]


def test_an_all_of_of_values_that_are_not_objects_is_what_its_parts_say(
    tmp_path: Path,
) -> None:
    diagnostics: list[Any] = []
    document = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "Kind": {"type": "string", "enum": ["a", "b"]},
                # Box: a nullable string, then `nullable: false` (which constrains nothing)
                "SequenceId": {
                    "allOf": [
                        {"type": "string", "nullable": True, "example": "3"},
                        {"nullable": False},
                    ]
                },
                "Described": {
                    "allOf": [{"$ref": "#/components/schemas/Kind"}],
                    "description": "Which kind.",
                },
                "Bounded": {
                    "type": "string",
                    "allOf": [{"maxLength": 9}, {"format": "uuid", "title": "Id"}],
                },
                "Annotated": {"allOf": [{"description": "only words"}]},
                "Conflicting": {"allOf": [{"type": "string"}, {"type": "integer"}]},
            }
        },
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    spec, _ = normalize_spec(load_spec(path))
    reader = SchemaReader(spec, diagnostics)
    reader.read_components()
    assert _type(reader, "SequenceId") == Nullable(Primitive("string"))
    # and the generated tests' sample is a value of that type (the example, here)
    sequence_id = spec.root.data["components"]["schemas"]["SequenceId"]
    assert sample_value(sequence_id, spec.root, spec) == "3"
    assert _type(reader, "Described") == ModelRef("/components/schemas/Kind")
    assert _type(reader, "Bounded") == Primitive("string", "uuid")
    assert _type(reader, "Annotated") == AnyType()
    # contradictory parts cannot be expressed: the widest type, and a located warning
    assert _type(reader, "Conflicting") == AnyType()
    assert [(d.pointer, d.message) for d in diagnostics] == [
        (
            "/components/schemas/Conflicting",
            "allOf of non-object schemas is not supported; typed as Any",
        )
    ]
