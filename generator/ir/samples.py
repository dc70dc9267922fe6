"""Sample values: valid arguments and response bodies for generated tests and the README.

The spec's own examples come first; otherwise a minimal value is made from the schema. Invalid
values are chosen so that Python's `re` agrees they break the constraint.
"""

from __future__ import annotations

import re
import re._parser as _regex_parser  # type: ignore[import-not-found]  # the stdlib's sre_parse
from typing import Any

from ..load import SourceFile, SpecSource
from .shapes import all_of_parts, merged_constraints, null_wrapped

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


def sample_value(
    schema: Any,
    file: SourceFile,
    spec: SpecSource,
    depth: int = 0,
    *,
    request: bool = False,
) -> Any:
    """A small value that `schema` accepts: required properties only, scalar examples where given.
    In a `request`, a read-only property is left out even when required (OpenAPI: `required`
    then applies to responses only)."""
    target = spec.follow(schema, file)
    schema, file = target.value, target.file
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return None
    found, example = spec_example(schema)
    if found and not isinstance(example, (dict, list)) and _fits_type(example, schema):
        return example  # whole-object examples are often abridged: objects are built from parts
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        # not "" when the enum has another value: an empty path segment is no value to a server
        values = [v for v in schema["enum"] if v is not None]
        return next((v for v in values if v != ""), values[0] if values else None)
    default = schema.get("default")
    if "default" in schema and _default_fits(default, schema):
        if not isinstance(default, dict):  # an object is built from its parts, as above
            return default
    for keyword in ("oneOf", "anyOf"):
        members = [m for m in schema.get(keyword) or [] if not _is_null_schema(m)]
        if members:
            return sample_value(members[0], file, spec, depth + 1, request=request)
    kinds = schema.get("type")
    kind = (
        next((k for k in kinds if k != "null"), None)
        if isinstance(kinds, list)
        else kinds
    )
    if "allOf" in schema and kind != "object" and "properties" not in schema:
        parts = [part for part, _ in all_of_parts(schema)]
        if len(parts) == 1:
            return sample_value(parts[0], file, spec, depth + 1, request=request)
        merged = merged_constraints(parts)
        if merged is not None:
            return sample_value(merged, file, spec, depth + 1, request=request)
    if kind == "object" or "properties" in schema or "allOf" in schema:
        return _sample_object(schema, file, spec, depth, request)
    if kind == "array":
        item = sample_value(schema.get("items"), file, spec, depth + 1, request=request)
        if item is None:
            return []
        count = schema.get("minItems")
        if not isinstance(count, int) or isinstance(count, bool) or not 1 < count <= 64:
            return [item]
        unique = schema.get("uniqueItems") is True
        return _several(
            item, spec.follow(schema.get("items"), file).value, count, unique
        )
    return _sample_scalar(schema, kind)


def _several(item: Any, schema: Any, count: int, unique: bool) -> list[Any]:
    """`count` items for an array's `minItems`, distinct when it says `uniqueItems` and we find
    enough distinct strings or integers that the item schema accepts (else `item` repeated).
    """
    if not unique:
        return [item] * count
    candidates: list[Any] = []
    if isinstance(item, str) and isinstance(schema, dict):
        pattern = schema.get("pattern")
        built = (
            [regex_sample(pattern, extra) for extra in range(0, 64, 3)]
            if isinstance(pattern, str)
            else []
        )
        texts = [
            item,
            *built,
            *_STRING_CANDIDATES,
            *map(str, range(10)),
            *(f"{item}{i}" for i in range(count)),
        ]
        candidates = [t for t in texts if t and string_violation(schema, t) is None]
    elif isinstance(item, int) and not isinstance(item, bool):
        maximum = schema.get("maximum") if isinstance(schema, dict) else None
        candidates = [
            item + i
            for i in range(count)
            if not isinstance(maximum, (int, float)) or item + i <= maximum
        ]
    distinct = list(dict.fromkeys(candidates))
    return distinct[:count] if len(distinct) >= count else [item] * count


def _default_fits(value: Any, schema: dict[str, Any]) -> bool:
    """Whether a default has one of the schema's declared types (a wrong one is warned about)."""
    kinds = schema.get("type")
    if isinstance(value, (list, dict)):
        wanted = "array" if isinstance(value, list) else "object"
        return (
            not kinds or kinds == wanted or isinstance(kinds, list) and wanted in kinds
        )
    return _fits_type(value, schema)


def _fits_type(value: Any, schema: dict[str, Any]) -> bool:
    """Whether a scalar example has one of the schema's declared types (if it declares any)."""
    declared = schema.get("type")
    kinds = (
        set(declared)
        if isinstance(declared, list)
        else {declared} if declared else set()
    )
    if not kinds:
        return True
    if isinstance(value, bool):
        return "boolean" in kinds
    if isinstance(value, int):
        return bool(kinds & {"integer", "number"})
    if isinstance(value, float):
        return "number" in kinds
    if isinstance(value, str):
        return "string" in kinds
    return value is None and "null" in kinds


def _sample_object(
    schema: dict[str, Any],
    file: SourceFile,
    spec: SpecSource,
    depth: int,
    request: bool = False,
) -> dict[str, Any]:
    properties, required = _merged_object(schema, file, spec, depth)
    return {
        name: sample_value(
            property_schema, property_file, spec, depth + 1, request=request
        )
        for name, (property_schema, property_file) in properties.items()
        if name in required
        and not (request and _read_only(property_schema, property_file, spec))
    }


def _read_only(schema: Any, file: SourceFile, spec: SpecSource) -> bool:
    """Whether a property schema says `readOnly: true` (beside a `$ref`, or where it leads)."""
    if isinstance(schema, dict) and schema.get("readOnly") is True:
        return True
    target = spec.follow(schema, file).value
    return isinstance(target, dict) and target.get("readOnly") is True


def _merged_object(
    schema: Any, file: SourceFile, spec: SpecSource, depth: int
) -> tuple[dict[str, tuple[Any, SourceFile]], set[str]]:
    """Properties and required names of an object, allOf members merged in (a `required` list
    may name properties that only a member declares)."""
    target = spec.follow(schema, file)
    schema, file = target.value, target.file
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return {}, set()
    wrapped = null_wrapped(schema)
    if (
        wrapped is not None
    ):  # `X or null` (3.0's nullable, after normalize): X's properties
        keyword, index = wrapped
        return _merged_object(schema[keyword][index], file, spec, depth + 1)
    properties: dict[str, tuple[Any, SourceFile]] = {}
    required = {r for r in schema.get("required") or [] if isinstance(r, str)}
    for member in schema.get("allOf") or []:
        member_properties, member_required = _merged_object(
            member, file, spec, depth + 1
        )
        properties.update(member_properties)
        required |= member_required
    for name, property_schema in (schema.get("properties") or {}).items():
        properties[name] = (property_schema, file)
    return properties, required


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


_FORMAT_SAMPLES = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00Z",
    "email": "user@example.com",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "uri": "https://example.com",
    "url": "https://example.com",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
}


def valid_string(schema: dict[str, Any]) -> str | None:
    """A string meeting the schema's format, pattern and length limits, or None if we find none."""
    candidates = [_FORMAT_SAMPLES.get(str(schema.get("format")), "")]
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        candidates += [regex_sample(pattern, extra) for extra in range(0, 64, 3)]
    size = max(int(schema.get("minLength") or 0), 1)
    candidates += [*_STRING_CANDIDATES, "a" * size]
    return next(
        (c for c in candidates if c and string_violation(schema, c) is None), None
    )


def regex_sample(pattern: str, extra: int = 0) -> str:
    """A string built to match `pattern` (each open-ended repeat taken `extra` more times).

    Covers what API patterns use (literals, classes, repeats, groups, alternation); callers
    check the result, since ECMA-262 and Python regexes differ at the edges.
    """
    try:
        return _sample_tokens(_regex_parser.parse(pattern), extra)
    except (re.error, ValueError, TypeError, OverflowError, RecursionError):
        return ""


def _sample_tokens(tokens: Any, extra: int) -> str:
    parts = []
    for op, argument in tokens:
        name = str(op)
        if name == "LITERAL":
            parts.append(chr(argument))
        elif name in ("NOT_LITERAL", "ANY"):
            parts.append("b" if argument == ord("a") else "a")
        elif name == "IN":
            parts.append(_sample_class(argument))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = argument
            count = (
                low + extra
                if high == _regex_parser.MAXREPEAT
                else max(low, min(high, low + extra))
            )
            parts.append(_sample_tokens(sub, extra) * count)
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            parts.append(_sample_tokens(argument[-1], extra))
        elif name == "BRANCH":
            parts.append(_sample_tokens(argument[1][0], extra))
        elif name == "CATEGORY":
            parts.append(_sample_class([(op, argument)]))
    return "".join(parts)


def _sample_class(items: Any) -> str:
    """A character in a `[...]` class (or `\\d`, `\\w`, `\\s`): a readable one if the class
    has one, else the first character it names."""
    negated = any(str(op) == "NEGATE" for op, _ in items)
    for candidate in "aA0_- .x":
        if _in_class(candidate, items) != negated:
            return candidate
    if not negated:
        for op, argument in items:
            if str(op) == "LITERAL":
                return chr(argument)
            if str(op) == "RANGE":
                return chr(argument[0])
    return "a"


def _in_class(char: str, items: Any) -> bool:
    code = ord(char)
    for op, argument in items:
        name = str(op)
        if name == "LITERAL" and argument == code:
            return True
        if name == "RANGE" and argument[0] <= code <= argument[1]:
            return True
        if name == "CATEGORY":
            kind = str(argument)
            if (
                ("DIGIT" in kind and char.isdigit())
                or ("WORD" in kind and (char.isalnum() or char == "_"))
                or ("SPACE" in kind and char.isspace())
            ):
                return "NOT_" not in kind
            if "NOT_" in kind:
                return True
    return False


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
    if (
        isinstance(schema.get("enum"), list)
        and schema["enum"]
        and value not in schema["enum"]
    ):
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
