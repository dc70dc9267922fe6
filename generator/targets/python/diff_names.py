"""The Python SDK's names for the drift report (`sdkgen diff`, generator/diff/).

Taken from the lowered view itself, so the report names exactly what users of this SDK call:
`llm.responses.cancel`, its `x_on_behalf_of` argument typed `str | None`, the `Response` model and
its `status` attribute.
"""

from __future__ import annotations

from typing import Any

from ...ir.types import (
    AnyType,
    ArrayType,
    LiteralType,
    MapType,
    ModelRef,
    NullType,
    Nullable,
    ObjectType,
    Primitive,
    TypeNode,
)
from ...diff.names import Spelled
from .fields import field_names
from .literals import pyrepr
from .view import ModelClass, Sdk

_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


class PythonNames:
    """Names in the Python SDK lowered from one version of an API."""

    target = "python"

    def __init__(self, sdk: Sdk) -> None:
        self.sdk_version = sdk.package_version
        self._methods: dict[str, str] = {}
        self._arguments: dict[tuple[str, str, str], Spelled] = {}
        for (
            operation
        ) in sdk.operations:  # the first method of an operation is its default one
            key = operation.operation_id.raw
            if key in self._methods:
                continue
            self._methods[key] = operation.call_path
            for argument in operation.arguments:
                wire = argument.wire_name.raw
                location = argument.location
                place = (key, location, wire.lower() if location == "header" else wire)
                self._arguments[place] = Spelled(argument.name, argument.annotation)
        self._models = dict(sdk.definition_names)
        classes = {
            d.name: d
            for module in sdk.models
            for d in module.definitions
            if isinstance(d, ModelClass)
        }
        self._fields: dict[tuple[str, str], Spelled] = {
            (definition_id, f.wire_name.raw): Spelled(f.name, f.annotation)
            for definition_id, name in sdk.definition_names
            if name in classes
            for f in classes[name].fields
        }

    def method(self, operation_id: str) -> str | None:
        return self._methods.get(operation_id)

    def argument(
        self, operation_id: str, location: str, wire_name: str
    ) -> Spelled | None:
        wire = wire_name.lower() if location == "header" else wire_name
        return self._arguments.get((operation_id, location, wire))

    def model(self, definition_id: str) -> str:
        return self._models.get(definition_id) or definition_id.rsplit("/", 1)[-1]

    def field(
        self, owner: str | None, wire_names: tuple[str, ...], wire_name: str
    ) -> Spelled | None:
        if owner is not None and (owner, wire_name) in self._fields:
            return self._fields[(owner, wire_name)]
        name = field_names(list(wire_names)).get(wire_name)
        return Spelled(name, "") if name is not None else None

    def type(self, node: TypeNode) -> str:
        if isinstance(node, Nullable):
            inner = self.type(node.inner)
            return inner if inner in ("Any", "None") else f"{inner} | None"
        if isinstance(node, Primitive):
            return _PRIMITIVES[node.kind]
        if isinstance(node, NullType):
            return "None"
        if isinstance(node, AnyType):
            return "Any"
        if isinstance(node, ArrayType):
            return f"list[{self.type(node.items)}]"
        if isinstance(node, MapType):
            return f"dict[str, {self.type(node.values)}]"
        if isinstance(node, LiteralType):
            return f"Literal[{', '.join(pyrepr(v) for v in node.values)}]"
        if isinstance(node, ModelRef):
            return self.model(node.id)
        if isinstance(node, ObjectType):
            return (
                "object"  # an inline model: its class name depends on where it is used
            )
        return " | ".join(dict.fromkeys(self.type(v) for v in node.variants))

    def literal(self, value: Any) -> str:
        return pyrepr(value)
