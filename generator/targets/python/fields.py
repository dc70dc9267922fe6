"""Model fields: Python names for wire names, defaults for lenient reading, and docstrings."""

from __future__ import annotations

from typing import Any

from ...naming import ANNOTATION_BUILTINS, MODEL_RESERVED, NameRegistry, python_name
from ...text import SpecText
from .context import PyType
from .literals import pyrepr
from .view import ModelField
from ...ir.types import Property

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


def model_field(name: str, prop: Property, py_type: PyType) -> ModelField:
    """Lenient reading: a required field that may be null defaults to None, so a missing one parses."""
    default = prop.default
    # A writeOnly property is never in a response, so a model read from one must not require it;
    # a readOnly one is never in a request, so a model built for one must not require it either.
    required = prop.required and not prop.write_only and not prop.read_only
    if required and not py_type.nullable:
        annotation, value = py_type.text, None
    elif not required and _is_simple(default) and default is not None:
        annotation, value = py_type.with_none(), pyrepr(default)
    else:
        annotation, value = py_type.optional(), "None"
    field_only = _field_arguments(name, prop)
    if field_only:
        default = [f"default={value}"] if value is not None else []
        suffix = f" = Field({', '.join(default + field_only)})"
    else:
        suffix = "" if value is None else f" = {value}"
    return ModelField(
        name,
        prop.wire_name,
        annotation,
        suffix,
        SpecText(_field_doc(prop, py_type)),
    )


def needs_field(name: str, prop: Property) -> bool:
    """Whether the field is declared with `Field(...)` (the module imports it)."""
    return bool(_field_arguments(name, prop))


def _field_arguments(name: str, prop: Property) -> list[str]:
    """What only `Field(...)` can say: the wire name, and that the server sets the value."""
    arguments = []
    if name != prop.wire_name.raw:
        arguments.append(f"alias={pyrepr(prop.wire_name.raw)}")
    if prop.read_only and not prop.write_only:
        # the runtime leaves these out of requests, at any depth (`jsonable`)
        arguments.append('json_schema_extra={"readOnly": True}')
    return arguments


def _is_simple(value: Any) -> bool:
    return (
        value is None or isinstance(value, (str, int, float, bool)) or value in ([], {})
    )


def _field_doc(prop: Property, py_type: PyType) -> str:
    facts = []
    if prop.write_only:
        facts.append("Write-only: sent in requests, never in responses.")
    elif prop.read_only:
        facts.append(
            "Read-only: set by the server"
            + (" (in every response)." if prop.required else ".")
            + " Never sent."
        )
    if prop.required and not prop.write_only and not prop.read_only:
        facts.append("Required; may be null." if py_type.nullable else "Required.")
    else:
        facts.append("Optional.")
    c = prop.constraints
    for value, template in (
        (c.minimum, "Minimum {}."),
        (c.maximum, "Maximum {}."),
        (c.exclusive_minimum, "Greater than {}."),
        (c.exclusive_maximum, "Less than {}."),
        (c.min_length, "At least {} characters."),
        (c.max_length, "At most {} characters."),
        (c.min_items, "At least {} items."),
        (c.max_items, "At most {} items."),
        (c.format, "Format: {}."),
    ):
        if value is not None:
            facts.append(template.format(value))
    if c.pattern is not None:
        facts.append(f"Pattern: `{c.pattern}`.")
    if prop.has_default and _is_simple(prop.default):
        facts.append(f"Default: {pyrepr(prop.default)}.")
    description = prop.description.raw
    return f"{description}\n\n{' '.join(facts)}" if description else " ".join(facts)
