"""The whole pipeline on small specs: generate, write, import the package, parse data."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import TypeAdapter

from generator.output import write
from generator.pipeline import generate

from .ir_support import CAT, DOG, openapi, path_param, ref, returning

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
# An alias that names itself (Discord's error details), and an alias and a class that name each
# other (Jira's JQL clauses): Python evaluates aliases at import, so order and laziness matter.
ALIASES_SPEC = openapi(
    {
        "Details": {"anyOf": [ref("Leaf"), {"type": "object", "additionalProperties": ref("Details")}]},
        "Leaf": {"type": "object", "required": ["code"], "properties": {"code": {"type": "string"}}},
        "Clause": {"anyOf": [ref("Compound"), ref("Leaf")]},
        "Compound": {"type": "object", "required": ["clauses"], "properties": {
            "clauses": {"type": "array", "items": ref("Clause")}}},
    },
    {"/errors": {"get": returning(ref("Details"), operationId="getErrors")}},
)  # fmt: skip
NULLABLE_30_SPEC = openapi(
    {"Item": {"type": "object", "required": ["note"], "properties": {
        "note": {"type": "string", "nullable": True}, "level": {"type": "string", "enum": ["lo", "hi", None], "nullable": True},
        "parent": {"allOf": [{"$ref": "#/components/schemas/Item"}], "nullable": True}}}},
    {"/items": {"get": returning({"type": "array", "items": ref("Item")}, operationId="listItems")}},
    version="3.0.3",
)  # fmt: skip
def _variant(kind: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["petType"],
        "properties": {"petType": kind, "name": {"type": "string"}},
    }


DISCRIMINATED_SPEC = openapi(
    {
        "Cat": _variant({"const": "cat"}),
        "Dog": _variant({"const": "dog"}),
        "Pet": {
            "oneOf": [ref("Cat"), ref("Dog")],
            "discriminator": {"propertyName": "petType"},
        },
        "Kind": {"enum": ["cat", "dog"]},
        "AnyCat": _variant(ref("Kind")),
        "AnyDog": _variant(ref("Kind")),
        "Either": {
            "oneOf": [ref("AnyCat"), ref("AnyDog")],
            "discriminator": {"propertyName": "petType"},
        },
    }
)

PACKAGES = {
    "pkg_discriminated": DISCRIMINATED_SPEC,
    "pkg_models": MODELS_SPEC,
    "pkg_recursive": RECURSIVE_SPEC,
    "pkg_openapi30": NULLABLE_30_SPEC,
    "pkg_aliases": ALIASES_SPEC,
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


def test_generated_recursive_aliases_import_and_parse(packages: dict[str, Any]) -> None:
    from pydantic import TypeAdapter

    models = packages["pkg_aliases"].models
    details = {"a": {"b": {"code": "deep"}}, "c": {"code": "shallow"}}
    parsed = TypeAdapter(models.Details).validate_python(details)
    assert isinstance(parsed["a"]["b"], models.Leaf)
    clause = models.Compound.model_validate(
        {"clauses": [{"clauses": [{"code": "x"}]}, {"code": "y"}]}
    )
    assert isinstance(clause.clauses[0], models.Compound)
    assert isinstance(clause.clauses[1], models.Leaf)


def test_a_discriminator_with_a_camel_case_wire_name_parses(
    packages: dict[str, Any],
) -> None:
    """pydantic finds a discriminator by attribute name (`pet_type`), not by alias; variants that
    do not pin disjoint values (both allow every `Kind`) are a plain union."""
    models = packages["pkg_discriminated"].models
    pet = TypeAdapter(models.Pet).validate_python({"petType": "dog", "name": "Rex"})
    assert type(pet).__name__ == "Dog" and pet.pet_type == "dog"
    either = TypeAdapter(models.Either).validate_python({"petType": "dog"})
    assert type(either).__name__ in ("AnyCat", "AnyDog")
