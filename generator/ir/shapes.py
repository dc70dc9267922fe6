"""Facts about schema shapes: pure functions over the parsed JSON, following `$ref`s."""

from __future__ import annotations

from typing import Any

from ..diagnostics import join_pointer, split_pointer
from ..load import SourceFile, SpecSource


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


# Keywords that describe a value without constraining it: an allOf member holding only these
# (`allOf: [{$ref: Name}, {description: ...}]`, or Box's `{nullable: false}` once normalized)
# adds nothing to the type.
ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "example",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$comment",
        "externalDocs",
        "xml",
    }
)


def constrains(schema: Any) -> bool:
    """Whether `schema` says anything about the value beyond annotations."""
    if not isinstance(schema, dict):
        return schema is not True
    return any(
        key not in ANNOTATIONS and not (isinstance(key, str) and key.startswith("x-"))
        for key in schema
    )


def all_of_parts(schema: dict[str, Any]) -> list[tuple[Any, int | None]]:
    """What an allOf schema requires: the schema beside its allOf (index None), then each member
    (by index), leaving out the parts that only annotate."""
    outside = {k: v for k, v in schema.items() if k != "allOf"}
    members = schema.get("allOf") or []
    parts: list[tuple[Any, int | None]] = [(outside, None)]
    parts += [(member, index) for index, member in enumerate(members)]
    return [(part, index) for part, index in parts if constrains(part)]


def merged_constraints(members: list[Any]) -> dict[str, Any] | None:
    """Inline schemas that all hold (`allOf: [{type: string}, {maxLength: 9}]`) as one
    schema, when none is a reference or a composition and no keyword is given two values;
    otherwise None."""
    merged: dict[str, Any] = {}
    for member in members:
        if (
            not isinstance(member, dict)
            or {"$ref", "allOf", "anyOf", "oneOf", "not"} & member.keys()
        ):
            return None
        for key, value in member.items():
            if key in merged and merged[key] != value and key not in ANNOTATIONS:
                return None
            merged.setdefault(key, value)
    return merged


def is_raw_content(schema: dict[str, Any]) -> bool:
    """Whether a string schema holds raw bytes, the 3.1 way (a file in a multipart body):
    `contentMediaType` of a non-text type without `contentEncoding`, or `contentEncoding:
    binary` (not a JSON Schema encoding, but written to mean exactly that)."""
    encoding = schema.get("contentEncoding")
    if encoding is not None:
        return encoding == "binary"
    media_type = schema.get("contentMediaType")
    if not isinstance(media_type, str):
        return False
    media_type = media_type.lower()
    return not (media_type.startswith("text/") or "json" in media_type)


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


def fixed_values(schema: Any, file: SourceFile, spec: SpecSource) -> tuple[Any, ...]:
    """The values a (possibly referenced) property schema pins with const or enum; () if none."""
    schema = spec.follow(schema, file).value
    if not isinstance(schema, dict):
        return ()
    if "const" in schema:
        return (schema["const"],)
    enum = schema.get("enum")
    return tuple(enum) if isinstance(enum, list) else ()


def null_wrapped(schema: Any) -> tuple[str, int] | None:
    """For `{anyOf: [X, {type: null}]}` (how 3.1 says "X or null"; normalize writes 3.0's
    `nullable` so), the keyword and index of X; None for any other schema."""
    if not isinstance(schema, dict) or "type" in schema or "allOf" in schema:
        return None
    for keyword in ("anyOf", "oneOf"):
        members = schema.get(keyword)
        if not isinstance(members, list) or len(members) < 2:
            continue
        others = [i for i, m in enumerate(members) if not _is_null(m)]
        if len(others) == 1:
            return keyword, others[0]
    return None


def _is_null(schema: Any) -> bool:
    return (
        isinstance(schema, dict) and schema.get("type") == "null" and len(schema) == 1
    )


def is_object_model(
    schema: Any, file: SourceFile, pointer: str, spec: SpecSource
) -> bool:
    """A schema that becomes a class: an object with named properties (directly or via allOf),
    null allowed or not."""
    wrapped = null_wrapped(schema)
    if wrapped is not None:
        keyword, index = wrapped
        member = schema[keyword][index]
        if isinstance(member, dict) and "$ref" in member:
            return False  # a reference or null: an alias of the class it refers to
        member_pointer = join_pointer(pointer, keyword, index)
        return is_object_model(member, file, member_pointer, spec)
    if not isinstance(schema, dict) or any(
        k in schema for k in ("anyOf", "oneOf", "enum", "const")
    ):
        return False
    kinds = declared_types(schema)
    if "type" in schema and [k for k in kinds if k != "null"] != ["object"]:
        return False
    properties, _ = object_parts(schema, file, pointer, spec)
    return bool(properties)


PropertyPart = tuple[
    str, Any, SourceFile, str
]  # name, schema, and where it was written


def object_parts(
    schema: Any, file: SourceFile, pointer: str, spec: SpecSource
) -> tuple[list[PropertyPart], set[str]]:
    """Properties (in order, each with the file and pointer it was written at) and required
    names, with allOf merged."""
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        target = spec.follow(schema, file, pointer)
        schema, file, pointer = target.value, target.file, target.pointer
    wrapped = null_wrapped(schema)
    if wrapped is not None:
        keyword, index = wrapped
        member_pointer = join_pointer(pointer, keyword, index)
        return object_parts(schema[keyword][index], file, member_pointer, spec)
    if not isinstance(schema, dict) or isinstance(schema.get("$ref"), str):
        # not an object, or references that only lead back to themselves
        return [], set()
    properties: dict[str, PropertyPart] = {}
    required: set[str] = set()
    for index, member in enumerate(schema.get("allOf") or []):
        member_properties, member_required = object_parts(
            member, file, join_pointer(pointer, "allOf", index), spec
        )
        for part in member_properties:
            properties[part[0]] = part
        required |= member_required
    own = schema.get("properties")
    if isinstance(own, dict):
        for name, property_schema in own.items():
            properties[name] = (
                name,
                property_schema,
                file,
                join_pointer(pointer, "properties", name),
            )
    if isinstance(schema.get("required"), list):
        required |= {r for r in schema["required"] if isinstance(r, str)}
    return list(properties.values()), required
