"""The IR's type tree lowered to TypeScript types and to the runtime shapes beside them.

Every named schema is a declaration (`export interface` for an object, `export type` for the rest)
with a shape constant (`XShape`) the runtime converts values with (camelCase members <-> wire
names). An inline object, union or enum of several values is named after where it appears
(`ResponseText`, `ResponseTextFormat`) so that a member's type stays short. Enums are string
literal unions open to unknown values (`(string & {})`): a newer server may send a new one.
Optional (`name?:`) and nullable (`| null`) are told apart as the document tells them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...ir.types import (
    AnyType,
    ArrayType,
    Definition,
    LiteralType,
    MapType,
    ModelRef,
    NullType,
    Nullable,
    ObjectType,
    Primitive,
    TypeNode,
    UnionType,
)
from ...naming import NameRegistry
from ...text import SpecText
from .filters import ts_string
from .layout import Arr, Call, Node, Raw, member, statement, union_alias
from .naming import camel, kebab, member_registry, pascal, type_registry
from .view import Declaration, Member, ModelFile

OPEN_STRING = "(string & {})"
ANY_OBJECT = "{ [key: string]: unknown }"
_SIMPLE = (Primitive, NullType, AnyType, ModelRef)


def literal_text(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return ts_string(value)


class TypeLowering:
    """Names every definition, then lowers types on demand, collecting the declarations of the
    module being lowered (`begin` ... `end`)."""

    def __init__(self, definitions: Mapping[str, Definition]) -> None:
        self.definitions = definitions
        self.names = type_registry()
        self.files = NameRegistry(frozenset({"index"}))
        self.name_of: dict[str, str] = {}
        self.file_of: dict[str, str] = {}
        for definition in definitions.values():
            name = self.claim(pascal(definition.name))
            self.name_of[definition.id] = name
            self.file_of[definition.id] = self.files.claim(kebab(name))
        self._current: list[Declaration] = []
        self._module = ""
        self._prefix = "m."  # how the module being lowered refers to the models

    def claim(self, name: str) -> str:
        """A type name free in the SDK, its shape constant's name (`<name>Shape`) free too."""
        candidate, counter = name, 2
        while candidate in self.names or f"{candidate}Shape" in self.names:
            candidate, counter = f"{name}{counter}", counter + 1
        self.names.claim(candidate)
        self.names.claim(f"{candidate}Shape")
        return candidate

    # -- modules ---------------------------------------------------------------------------

    def model_files(self) -> tuple[ModelFile, ...]:
        files = []
        for definition in self.definitions.values():
            self._current, self._module = [], self.file_of[definition.id]
            self.declare(
                self.name_of[definition.id], definition.type, definition.description
            )
            files.append(ModelFile(self._module, tuple(self._current)))
        return tuple(files)

    def collect(self, module: str) -> list[Declaration]:
        """Start collecting the inline declarations of another module (a resource's requests)."""
        self._current, self._module, self._prefix = [], module, "models."
        return self._current

    # -- declarations ----------------------------------------------------------------------

    def declare(self, name: str, node: TypeNode, doc: SpecText) -> Declaration:
        """The declaration of `name` as `node` (added to the current module)."""
        index = len(self._current)
        self._current.append(Declaration(name, doc, "alias", (), "", ""))  # placeholder
        if isinstance(node, ObjectType):
            declaration = self._interface(name, node, doc or node.description)
        else:
            variants = self._variants(name, node)
            alias = union_alias(f"export type {name}", [t for t, _ in variants])
            shape = self._union_shape([s for _, s in variants])
            declaration = Declaration(
                name, doc, "alias", (), alias, statement(_shape_head(name), shape)
            )
        self._current[index] = declaration
        return declaration

    def interface(
        self, name: str, fields: list[tuple[str, str, TypeNode, bool, SpecText]]
    ) -> tuple[Declaration, dict[str, Node]]:
        """An interface made of (member name, wire name, type, required, doc) entries, and the
        shape of each member."""
        members, shapes, by_name = [], [], {}
        for member_name, wire, node, required, doc in fields:
            type_text, shape = self.lower(node, name + pascal(member_name))
            members.append(
                Member(
                    member_name,
                    type_text,
                    not required,
                    doc,
                    member(member_name, not required, type_text),
                )
            )
            shapes.append(_field(member_name, wire, shape, required))
            by_name[member_name] = shape
        declaration = Declaration(
            name,
            SpecText(""),
            "interface",
            tuple(members),
            "",
            statement(_shape_head(name), Call("$.object", (Arr(tuple(shapes)),))),
        )
        self._current.insert(0, declaration)
        return declaration, by_name

    def _interface(self, name: str, node: ObjectType, doc: SpecText) -> Declaration:
        members, shapes = [], []
        for prop, member_name in zip(node.properties, member_names(node)):
            type_text, shape = self.lower(prop.type, name + pascal(member_name))
            members.append(
                Member(
                    member_name,
                    type_text,
                    not prop.required,
                    prop.description,
                    member(member_name, not prop.required, type_text),
                )
            )
            shapes.append(_field(member_name, prop.wire_name.raw, shape, prop.required))
        return Declaration(
            name,
            doc,
            "interface",
            tuple(members),
            "",
            statement(_shape_head(name), Call("$.object", (Arr(tuple(shapes)),))),
        )

    # -- samples ---------------------------------------------------------------------------

    def in_members(self, node: TypeNode, value: Any, depth: int = 0) -> Any:
        """A wire value of `node` (an example) with each object's keys renamed to the SDK's
        member names, as a caller passes it (what the runtime's shapes undo on the wire).
        """
        if depth > _MAX_SAMPLE_DEPTH:
            return value
        if isinstance(node, ModelRef):
            definition = self.definitions.get(node.id)
            return (
                value
                if definition is None
                else self.in_members(definition.type, value, depth + 1)
            )
        if isinstance(node, Nullable):
            return self.in_members(node.inner, value, depth + 1)
        if isinstance(node, ArrayType) and isinstance(value, list):
            return [self.in_members(node.items, v, depth + 1) for v in value]
        if isinstance(node, MapType) and isinstance(value, dict):
            return {
                k: self.in_members(node.values, v, depth + 1) for k, v in value.items()
            }
        if isinstance(node, ObjectType) and isinstance(value, dict):
            props = {
                p.wire_name.raw: (p, m)
                for p, m in zip(node.properties, member_names(node))
            }
            renamed = {}
            for key, item in value.items():
                prop, name = props.get(key, (None, key))
                renamed[name] = (
                    item
                    if prop is None
                    else self.in_members(prop.type, item, depth + 1)
                )
            return renamed
        if isinstance(node, UnionType) and isinstance(value, dict):
            for variant in node.variants:
                if self._holds_keys(variant, set(value)):
                    return self.in_members(variant, value, depth + 1)
        return value

    def required_only(self, node: TypeNode, value: Any) -> Any:
        """An object's example with its required properties only (what a sample call needs)."""
        target = self._resolved(node)
        if not isinstance(target, ObjectType) or not isinstance(value, dict):
            return value
        required = {p.wire_name.raw for p in target.properties if p.required}
        return {k: v for k, v in value.items() if k in required}

    def _resolved(self, node: TypeNode) -> TypeNode | None:
        """`node` past references and nullability (None for an unknown reference)."""
        for _ in range(_MAX_SAMPLE_DEPTH):  # an alias of an alias ..., bounded
            if isinstance(node, Nullable):
                node = node.inner
            elif isinstance(node, ModelRef):
                definition = self.definitions.get(node.id)
                if definition is None:
                    return None
                node = definition.type
            else:
                return node
        return None

    def _holds_keys(self, node: TypeNode, keys: set[str]) -> bool:
        target = self._resolved(node)
        return isinstance(target, ObjectType) and keys <= {
            p.wire_name.raw for p in target.properties
        }

    # -- types -----------------------------------------------------------------------------

    def lower(self, node: TypeNode, context: str) -> tuple[str, Node]:
        """A short type expression for `node` and its shape; anything long gets a name made
        from `context`."""
        if isinstance(node, Nullable):
            inner, shape = self.lower(node.inner, context)
            if inner in ("unknown", "null"):
                return inner, shape
            return f"{inner} | null", Call("$.nullable", (shape,))
        if isinstance(node, Primitive):
            kind = "string" if node.kind == "string" else node.kind
            kind = "number" if kind == "integer" else kind
            return kind, Raw(f"$.{kind}")
        if isinstance(node, NullType):
            return "null", Raw("$.nul")
        if isinstance(node, AnyType):
            return "unknown", Raw("$.any")
        if isinstance(node, ModelRef):
            return self._ref(self.name_of.get(node.id, ""), node.id)
        if isinstance(node, LiteralType) and len(node.values) == 1:
            value = literal_text(node.values[0])
            return value, Call("$.literal", (Raw(value),))
        if isinstance(node, ArrayType):
            items, shape = self.lower(node.items, context + "Item")
            if " " in items:
                items = f"Array<{items}>"
            else:
                items = f"{items}[]"
            return items, Call("$.array", (shape,))
        if isinstance(node, MapType):
            values, shape = self.lower(node.values, context + "Value")
            return f"Record<string, {values}>", Call("$.map", (shape,))
        # an object, a union or an enum of several values: named
        name = self.claim(pascal(context))
        self.declare(name, node, getattr(node, "description", SpecText("")))
        return name, Call("$.ref", (Raw(f"() => {name}Shape"),))

    def _ref(self, name: str, id_: str) -> tuple[str, Node]:
        if not name:
            return "unknown", Raw("$.any")
        if self.file_of.get(id_) == self._module:
            return name, Call("$.ref", (Raw(f"() => {name}Shape"),))
        prefix = self._prefix
        return f"{prefix}{name}", Call("$.ref", (Raw(f"() => {prefix}{name}Shape"),))

    def _variants(self, name: str, node: TypeNode) -> list[tuple[str, Node]]:
        """The alternatives of a union alias (flattened), each as (type, shape)."""
        nullable = isinstance(node, Nullable)
        inner = node.inner if isinstance(node, Nullable) else node
        found: list[tuple[str, Node]] = []
        if isinstance(inner, LiteralType):
            found = [(literal_text(v), Raw(literal_text(v))) for v in inner.values]
            if all(isinstance(v, str) for v in inner.values):
                found.append((OPEN_STRING, Raw("$.string")))
            values = tuple(s for _, s in found if s.text != "$.string")  # type: ignore[union-attr]
            found = [(t, Call("$.literal", values)) for t, _ in found]
        elif isinstance(inner, UnionType):
            for index, variant in enumerate(inner.variants):
                label = inner.labels[index] if index < len(inner.labels) else ""
                if isinstance(variant, Nullable):
                    nullable = True
                    variant = variant.inner
                if isinstance(variant, NullType):
                    nullable = True
                    continue
                context = name + (pascal(label, "") if label else f"Variant{index + 1}")
                type_text, shape = self.lower(variant, context)
                for part in _split_top(type_text):
                    if part == "null":
                        nullable = True
                    elif part not in [t for t, _ in found]:
                        found.append((part, shape))
        else:
            type_text, shape = self.lower(inner, name + "Value")
            found = [(type_text, shape)]
        if "unknown" in [t for t, _ in found] and len(found) > 1:
            # an any-value fallback beside named variants: the variants stay visible (an
            # `unknown` member would swallow them), the fallback typed as an open object
            found = [(t, s) for t, s in found if t != "unknown"]
            found.append((ANY_OBJECT, Raw("$.any")))
        if nullable:
            found.append(("null", Raw("$.nul")))
        return found or [("unknown", Raw("$.any"))]

    def _union_shape(self, shapes: list[Node]) -> Node:
        unique: list[Node] = []
        for shape in shapes:
            if shape not in unique:
                unique.append(shape)
        if len(unique) == 1:
            return unique[0]
        return Call("$.union", tuple(unique))


_MAX_SAMPLE_DEPTH = 32


def member_names(node: ObjectType) -> list[str]:
    """The member name of each property of an object, in order (camelCase, unique in it)."""
    registry = member_registry()
    return [registry.claim(camel(p.wire_name.raw, "field")) for p in node.properties]


def _split_top(type_text: str) -> list[str]:
    from .layout import split_union

    return split_union(type_text) if "|" in type_text else [type_text]


def _shape_head(name: str) -> str:
    return f"export const {name}Shape: $.Shape = "


def _field(name: str, wire: str, shape: Node, required: bool) -> Node:
    return Arr(
        (
            Raw(ts_string(name)),
            Raw(ts_string(wire)),
            shape,
            Raw("true" if required else "false"),
        )
    )
