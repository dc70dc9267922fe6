"""Facts about schema shapes: pure functions over the parsed JSON, following `$ref`s."""

from __future__ import annotations

from typing import Any

from ..diagnostics import split_pointer
from ..load import SourceFile, SpecSource
from ..naming import class_name
from .context import Context


def walk(data: Any, pointer: str) -> Any:
    for token in split_pointer(pointer):
        data = data[int(token)] if isinstance(data, list) else data[token]
    return data


def nullable_flag(schema: dict[str, Any]) -> bool:
    return schema.get("nullable") is True


def declared_types(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    return []


def implied_type(schema: dict[str, Any]) -> str | None:
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return None


def json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def schema_description(schema: Any) -> str:
    if not isinstance(schema, dict):
        return ""
    text = schema.get("description") or schema.get("title") or ""
    return text.strip() if isinstance(text, str) else ""


def variant_suffix(member: Any, index: int) -> str:
    """Name part for an inline union variant: its title, else its fixed `type`, else its position."""
    if isinstance(member, dict):
        if isinstance(member.get("title"), str):
            return class_name(member["title"], frozenset())
        type_property = (member.get("properties") or {}).get("type")
        if isinstance(type_property, dict):
            fixed = type_property.get("const", (type_property.get("enum") or [None])[0])
            if isinstance(fixed, str) and fixed:
                return class_name(fixed, frozenset())
    return f"Variant{index + 1}"


def fixes_value(schema: Any, file: SourceFile, spec: SpecSource) -> bool:
    """Whether a (possibly referenced) property schema pins its value with const or enum."""
    schema = spec.follow(schema, file).value
    return isinstance(schema, dict) and ("const" in schema or bool(schema.get("enum")))


def required_count(schema: Any, context: Context, spec: SpecSource) -> int:
    """How many properties an object variant requires (0 for anything that is not an object)."""
    properties, required = object_parts(schema, context, spec)
    return len(required & {name for name, _, _ in properties})


def is_object_model(schema: Any, context: Context, spec: SpecSource) -> bool:
    """A schema that becomes a class: an object with named properties (directly or via allOf)."""
    if not isinstance(schema, dict) or any(
        k in schema for k in ("anyOf", "oneOf", "enum", "const")
    ):
        return False
    if "type" in schema and schema["type"] != "object":
        return False
    properties, _ = object_parts(schema, context, spec)
    return bool(properties)


def object_parts(
    schema: Any, context: Context, spec: SpecSource
) -> tuple[list[tuple[str, Any, Context]], set[str]]:
    """Properties (in order, with the context each was written in) and required names, with allOf merged."""
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        target = spec.follow(schema, context.file, context.pointer)
        schema = target.value
        context = Context(target.file, target.pointer, context.owner, context.hint)
    if not isinstance(schema, dict) or isinstance(schema.get("$ref"), str):
        return (
            [],
            set(),
        )  # not an object, or references that only lead back to themselves
    properties: dict[str, tuple[str, Any, Context]] = {}
    required: set[str] = set()
    for index, member in enumerate(schema.get("allOf") or []):
        member_properties, member_required = object_parts(
            member, context.at("allOf", index), spec
        )
        for name, property_schema, property_context in member_properties:
            properties[name] = (name, property_schema, property_context)
        required |= member_required
    own = schema.get("properties")
    if isinstance(own, dict):
        for name, property_schema in own.items():
            properties[name] = (name, property_schema, context.at("properties", name))
    if isinstance(schema.get("required"), list):
        required |= {r for r in schema["required"] if isinstance(r, str)}
    return list(properties.values()), required
