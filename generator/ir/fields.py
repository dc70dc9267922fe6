"""Model fields: Python names for wire names, defaults for lenient reading, and docstrings."""

from __future__ import annotations

from typing import Any

from ..naming import ANNOTATION_BUILTINS, MODEL_RESERVED, NameRegistry, python_name
from ..text import SpecText
from .context import PyType
from .literals import pyrepr
from .model import ModelField

_FIELD_RESERVED = MODEL_RESERVED | ANNOTATION_BUILTINS


def field_names(wire_names: list[str]) -> dict[str, str]:
    """Python attribute names for a model's properties.

    A wire name that is already a fine attribute keeps it; the others get a snake_case name that
    is no other property's wire name, since models accept both a field's name and its alias
    (`fooBar` -> `foo_bar` would otherwise also capture a `foo_bar` property).
    """
    kept = {
        w
        for w in wire_names
        if w.isidentifier() and w == python_name(w, _FIELD_RESERVED)
    }
    registry = NameRegistry(frozenset(kept | _FIELD_RESERVED))
    return {
        w: w if w in kept else registry.claim(python_name(w, _FIELD_RESERVED))
        for w in wire_names
    }


def model_field(
    name: str,
    wire_name: str,
    schema: Any,
    py_type: PyType,
    required: bool,
    description: str,
) -> ModelField:
    """Lenient reading: a required field that may be null defaults to None, so a missing one parses."""
    default = schema.get("default") if isinstance(schema, dict) else None
    if required and not py_type.nullable:
        annotation, value = py_type.text, None
    elif not required and _is_simple(default) and default is not None:
        annotation, value = py_type.with_none(), pyrepr(default)
    else:
        annotation, value = py_type.optional(), "None"
    if name != wire_name:
        arguments = ([f"default={value}"] if value is not None else []) + [
            f"alias={pyrepr(wire_name)}"
        ]
        suffix = f" = Field({', '.join(arguments)})"
    else:
        suffix = "" if value is None else f" = {value}"
    return ModelField(
        name,
        SpecText(wire_name),
        annotation,
        suffix,
        SpecText(_field_doc(schema, required, py_type, description)),
    )


def _is_simple(value: Any) -> bool:
    return (
        value is None or isinstance(value, (str, int, float, bool)) or value in ([], {})
    )


_FACTS = (
    ("minimum", "Minimum {}."),
    ("maximum", "Maximum {}."),
    ("exclusiveMinimum", "Greater than {}."),
    ("exclusiveMaximum", "Less than {}."),
    ("minLength", "At least {} characters."),
    ("maxLength", "At most {} characters."),
    ("minItems", "At least {} items."),
    ("maxItems", "At most {} items."),
    ("format", "Format: {}."),
)


def _field_doc(schema: Any, required: bool, py_type: PyType, description: str) -> str:
    facts = []
    if required:
        facts.append("Required; may be null." if py_type.nullable else "Required.")
    else:
        facts.append("Optional.")
    if isinstance(schema, dict):
        for keyword, template in _FACTS:
            value = schema.get(keyword)
            if isinstance(value, (int, float, str)) and not isinstance(value, bool):
                facts.append(template.format(value))
        if isinstance(schema.get("pattern"), str):
            facts.append(f"Pattern: `{schema['pattern']}`.")
        if "default" in schema and _is_simple(schema["default"]):
            facts.append(f"Default: {pyrepr(schema['default'])}.")
    return f"{description}\n\n{' '.join(facts)}" if description else " ".join(facts)
