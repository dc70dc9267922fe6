"""Sample values: valid arguments and response bodies for generated tests and the README.

The spec's own examples come first; otherwise a minimal value is made from the schema. Invalid
values are chosen so that Python's `re` agrees they break the constraint.
"""

from __future__ import annotations

import re
from typing import Any

from ..load import SourceFile, SpecSource

_STRING_CANDIDATES = ("string", "example", "abc123", "a", "1", "example@example.com")
_INVALID_CANDIDATES = ("../x", "", " ", "!", "x" * 300, "\u00e9")
_MAX_DEPTH = 12


def spec_example(node: Any) -> tuple[bool, Any]:
    """The example a parameter, media type or schema gives, if any: (found, value)."""
    if not isinstance(node, dict):
        return False, None
    if "example" in node:
        return True, node["example"]
    examples = node.get("examples")
    if isinstance(examples, dict):
        for example in examples.values():
            if isinstance(example, dict) and "value" in example:
                return True, example["value"]
    if isinstance(examples, list) and examples:
        return True, examples[0]
    return False, None


def sample_value(schema: Any, file: SourceFile, spec: SpecSource, depth: int = 0) -> Any:
    """A small value that `schema` accepts (required properties only)."""
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        target = spec.resolve(schema["$ref"], file)
        schema, file = target.value, target.file
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return None
    found, example = spec_example(schema)
    if found:
        return example
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return next((v for v in schema["enum"] if v is not None), None)
    if "default" in schema:
        return schema["default"]
    for keyword in ("oneOf", "anyOf"):
        members = [m for m in schema.get(keyword) or [] if not _is_null_schema(m)]
        if members:
            return sample_value(members[0], file, spec, depth + 1)
    kinds = schema.get("type")
    kind = next((k for k in kinds if k != "null"), None) if isinstance(kinds, list) else kinds
    if kind == "object" or "properties" in schema or "allOf" in schema:
        return _sample_object(schema, file, spec, depth)
    if kind == "array":
        item = sample_value(schema.get("items"), file, spec, depth + 1)
        return [] if item is None else [item]
    return _sample_scalar(schema, kind)


def _sample_object(schema: dict[str, Any], file: SourceFile, spec: SpecSource, depth: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for member in schema.get("allOf") or []:
        value = sample_value(member, file, spec, depth + 1)
        if isinstance(value, dict):
            result.update(value)
    required = schema.get("required") or []
    for name, property_schema in (schema.get("properties") or {}).items():
        if name in required:
            result[name] = sample_value(property_schema, file, spec, depth + 1)
    return result


def _sample_scalar(schema: dict[str, Any], kind: Any) -> Any:
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 1.5))
    if kind == "boolean":
        return True
    if kind == "string":
        return valid_string(schema)
    return None


def valid_string(schema: dict[str, Any]) -> str | None:
    """A string meeting the schema's pattern and length limits, or None if none of ours does."""
    for candidate in _STRING_CANDIDATES:
        if string_violation(schema, candidate) is None:
            return candidate
    return None


def string_violation(schema: dict[str, Any], value: str) -> str | None:
    """Which constraint of `schema` the string `value` breaks (described), or None."""
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        try:
            if re.search(pattern, value) is None:
                return pattern
        except re.error:
            return None
    if isinstance(schema.get("minLength"), int) and len(value) < schema["minLength"]:
        return f"at least {schema['minLength']}"
    if isinstance(schema.get("maxLength"), int) and len(value) > schema["maxLength"]:
        return f"at most {schema['maxLength']}"
    if isinstance(schema.get("enum"), list) and value not in schema["enum"]:
        return "one of"
    return None


def invalid_string(schema: dict[str, Any]) -> tuple[str, str] | None:
    """A string that breaks one of the schema's constraints, and what the error must mention."""
    for candidate in _INVALID_CANDIDATES:
        violation = string_violation(schema, candidate)
        if violation is not None:
            return candidate, violation
    return None


def _is_null_schema(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null"
