"""The attribute lists of a reference page: a type tree (`generator/ir/types.py`) as nested
attributes, each with its type, requiredness, description, allowed values and bounds.

A named schema is expanded where a page first uses it; a later use on the same page says where
(`The same Item as under instructions.`), so a page grows with the document, not with the
number of paths through it. Expansion is bounded all the same, so a page stays readable and
finite on any document: a schema being expanded above is not expanded again (a cycle is cut,
with a note), child attributes stop `MAX_DEPTH` levels down, and a page lists at most
`PAGE_BUDGET` attributes before it stops expanding (each cut says so).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from ...ir.types import (
    AnyType,
    ArrayType,
    Constraints,
    Definition,
    LiteralType,
    MapType,
    ModelRef,
    NullType,
    Nullable,
    ObjectType,
    Primitive,
    Property,
    TypeNode,
    UnionType,
)
from ...text import SpecText
from .view import Attribute, Fact, Variant

MAX_DEPTH = 4  # levels of attributes on a page: the top level and three of children
PAGE_BUDGET = 2000  # attributes one page lists before it stops expanding children


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a value of some type holds once arrays, maps, nulls and references are looked
    through: an object or a union (else None), and the named schemas passed on the way.
    """

    node: ObjectType | UnionType | None
    refs: tuple[str, ...]


class AttributeTree:
    """Builds the attribute lists of one page (one budget per page)."""

    def __init__(
        self, definitions: Mapping[str, Definition], budget: int = PAGE_BUDGET
    ) -> None:
        self._definitions = definitions
        self._left = budget
        self._expanded: dict[str, str] = (
            {}
        )  # schema id -> the attribute it is listed under

    def children(
        self,
        node: TypeNode | None,
        depth: int = 0,
        seen: frozenset[str] = frozenset(),
        path: str = "",
    ) -> tuple[tuple[Attribute, ...], tuple[Variant, ...], tuple[SpecText, ...]]:
        """The attributes, union variants and notes of a value of type `node`, `depth` levels
        below the page's top, listed under the attribute `path` (`usage.input_tokens_details`).
        """
        if node is None:
            return (), (), ()
        shape = self._shape(node)
        if shape.node is None:
            return (), (), ()
        repeated = [ref for ref in shape.refs if ref in seen]
        if repeated:
            name = self._definitions[repeated[0]].name
            return (), (), (SpecText(f"Recursive: the same {name} as above."),)
        if isinstance(shape.node, ObjectType) and not shape.node.properties:
            return (), (), ()
        listed = [ref for ref in shape.refs if ref in self._expanded]
        if listed:
            name, where = self._definitions[listed[-1]].name, self._expanded[listed[-1]]
            place = f" under {where}" if where else " above"
            return (), (), (SpecText(f"The same {name} as{place}."),)
        if depth >= MAX_DEPTH:
            return (), (), (SpecText(_deeper(shape, self._definitions)),)
        if self._left <= 0:
            note = f"Child attributes not shown: this page lists at most {PAGE_BUDGET}."
            return (), (), (SpecText(note),)
        seen = seen | frozenset(shape.refs)
        for ref in shape.refs:
            self._expanded.setdefault(ref, path)
        if isinstance(shape.node, ObjectType):
            return self._attributes(shape.node, depth, seen, path), (), ()
        return (), self._variants(shape.node, depth, seen, path), ()

    def _attributes(
        self, node: ObjectType, depth: int, seen: frozenset[str], path: str
    ) -> tuple[Attribute, ...]:
        return tuple(self.attribute(p, depth + 1, seen, path) for p in node.properties)

    def attribute(
        self,
        prop: Property,
        depth: int = 1,
        seen: frozenset[str] = frozenset(),
        parent: str = "",
    ) -> Attribute:
        """One property as an attribute, with its children."""
        self._left -= 1
        path = f"{parent}.{prop.wire_name.raw}" if parent else prop.wire_name.raw
        attributes, variants, notes = self.children(prop.type, depth, seen, path)
        facts = (
            *self.value_facts(prop.type),
            *constraint_facts(prop.constraints),
            *_default_fact(prop),
        )
        return Attribute(
            name=prop.wire_name,
            type=type_label(prop.type, self._definitions),
            requirement="required" if prop.required else "optional",
            description=prop.description,
            facts=facts,
            attributes=attributes,
            variants=variants,
            notes=notes,
        )

    def _variants(
        self, union: UnionType, depth: int, seen: frozenset[str], path: str
    ) -> tuple[Variant, ...]:
        found = []
        shapes = self._object_variants(union, frozenset())
        # a named union listed here is listed once per page, like a named object
        for variant in union.variants:
            inner = _element(variant)
            if isinstance(inner, ModelRef) and isinstance(
                self._resolve(inner), UnionType
            ):
                self._expanded.setdefault(inner.id, path)
        for title, node in shapes:
            where = f"{path} ({title.raw})" if path else title.raw
            attributes, inner_variants, notes = self.children(node, depth, seen, where)
            description = self._description(node)
            if not attributes and not inner_variants and not notes and not description:
                continue
            # a union inside a union: its variants' attributes, at this level
            flattened = tuple(a for v in inner_variants for a in v.attributes)
            found.append(
                Variant(title, description, attributes + flattened)
                if not notes
                else Variant(title, description + _note_suffix(notes), attributes)
            )
        return tuple(found)

    def _object_variants(
        self, union: UnionType, visited: frozenset[str]
    ) -> list[tuple[SpecText, TypeNode]]:
        """The variants of `union` that hold an object, unions inside it flattened, titled."""
        found: list[tuple[SpecText, TypeNode]] = []
        for index, variant in enumerate(union.variants):
            inner = _element(
                variant
            )  # an array of X (or of X | Y) is told by its items
            if isinstance(inner, ModelRef) and inner.id in visited:
                continue
            target = self._resolve(inner)
            if isinstance(target, UnionType):
                ids = visited | ({inner.id} if isinstance(inner, ModelRef) else set())
                found.extend(self._object_variants(target, frozenset(ids)))
            elif self._holds_object(inner):
                found.append((self._title(union, index, inner), inner))
        return found

    def _title(self, union: UnionType, index: int, inner: TypeNode) -> SpecText:
        if isinstance(inner, ModelRef):
            return SpecText(self._definitions[inner.id].name)
        label = union.labels[index] if index < len(union.labels) else ""
        return SpecText(label or type_label(inner, self._definitions))

    def _description(self, node: TypeNode) -> SpecText:
        inner = _strip_null(node)
        if isinstance(inner, ModelRef):
            definition = self._definitions[inner.id]
            if definition.description:
                return definition.description
            inner = definition.type
        if isinstance(inner, (ObjectType, UnionType)):
            return inner.description
        return SpecText("")

    def _resolve(self, node: TypeNode) -> TypeNode:
        seen: set[str] = set()
        while isinstance(node, ModelRef) and node.id not in seen:
            seen.add(node.id)
            node = _strip_null(self._definitions[node.id].type)
        return node

    def _holds_object(self, node: TypeNode) -> bool:
        """Whether a value of type `node` is, or holds (in arrays, maps, references), an object
        or a union (which may hold one): looked up without expanding anything."""
        seen: set[str] = set()
        for _ in range(64):
            if isinstance(node, Nullable):
                node = node.inner
            elif isinstance(node, ArrayType):
                node = node.items
            elif isinstance(node, MapType):
                node = node.values
            elif isinstance(node, ModelRef) and node.id not in seen:
                seen.add(node.id)
                node = self._definitions[node.id].type
            else:
                return isinstance(node, (ObjectType, UnionType))
        return False

    def _shape(self, node: TypeNode) -> _Shape:
        refs: list[str] = []
        for _ in range(64):  # arrays of maps of references... bounded all the same
            if isinstance(node, Nullable):
                node = node.inner
            elif isinstance(node, ArrayType):
                node = node.items
            elif isinstance(node, MapType):
                node = node.values
            elif isinstance(node, ModelRef):
                if node.id in refs:
                    break
                refs.append(node.id)
                node = self._definitions[node.id].type
            elif isinstance(node, ObjectType):
                return _Shape(node, tuple(refs))
            elif isinstance(node, UnionType):
                has_objects = any(self._holds_object(v) for v in node.variants)
                return _Shape(node if has_objects else None, tuple(refs))
            else:
                break
        return _Shape(None, tuple(refs))

    def value_facts(self, node: TypeNode) -> tuple[Fact, ...]:
        """The allowed values of an enum type (looked up through references, nulls, arrays and
        the enum members of a union), and a definition's `format`."""
        values = self._enum_values(node, set())
        if not values:
            return ()
        label = "Allowed value" if len(values) == 1 else "Allowed values"
        return (Fact(label, tuple(SpecText(shown(v)) for v in values)),)

    def _enum_values(self, node: TypeNode, visited: set[str]) -> list[object]:
        node = _strip_null(node)
        if isinstance(node, ArrayType):
            return self._enum_values(node.items, visited)
        if isinstance(node, ModelRef):
            if node.id in visited:
                return []
            visited.add(node.id)
            return self._enum_values(self._definitions[node.id].type, visited)
        if isinstance(node, LiteralType):
            return list(node.values)
        if isinstance(node, UnionType):
            found: list[object] = []
            for variant in node.variants:
                inner = self._resolve(_strip_null(variant))
                if isinstance(inner, (LiteralType, UnionType)):
                    found += [
                        v for v in self._enum_values(variant, visited) if v not in found
                    ]
            return found
        return []


def _note_suffix(notes: tuple[SpecText, ...]) -> SpecText:
    joined = " ".join(n.raw for n in notes)
    return SpecText(f" ({joined})")


def _deeper(shape: _Shape, definitions: Mapping[str, Definition]) -> str:
    named = f" (the {definitions[shape.refs[-1]].name} schema)" if shape.refs else ""
    return f"Child attributes{named} not shown: this page lists {MAX_DEPTH} levels."


def _element(node: TypeNode) -> TypeNode:
    """`node` without nulls and arrays around it: what one element is."""
    while isinstance(node, (Nullable, ArrayType)):
        node = node.inner if isinstance(node, Nullable) else node.items
    return node


def _strip_null(node: TypeNode) -> TypeNode:
    while isinstance(node, Nullable):
        node = node.inner
    return node


def shown(value: object) -> str:
    """A JSON value as a reader sees it in a list of values: strings bare, the rest as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=True)


def type_label(
    node: TypeNode,
    definitions: Mapping[str, Definition],
    visited: frozenset[str] = frozenset(),
) -> str:
    """The JSON type of a value, as the reference pages spell it: `string`, `integer | null`,
    `array<object>`, `map<string, number>`, `enum<string>`, `any`."""
    if isinstance(node, Primitive):
        return node.kind
    if isinstance(node, NullType):
        return "null"
    if isinstance(node, AnyType):
        return "any"
    if isinstance(node, ArrayType):
        return f"array<{type_label(node.items, definitions, visited)}>"
    if isinstance(node, MapType):
        return f"map<string, {type_label(node.values, definitions, visited)}>"
    if isinstance(node, LiteralType):
        kinds = sorted({_json_kind(v) for v in node.values})
        return f"enum<{' | '.join(kinds)}>"
    if isinstance(node, ModelRef):
        if node.id in visited:
            return "object"
        return type_label(definitions[node.id].type, definitions, visited | {node.id})
    if isinstance(node, ObjectType):
        return "object"
    if isinstance(node, Nullable):
        inner = type_label(node.inner, definitions, visited)
        return inner if inner.endswith("| null") else f"{inner} | null"
    labels: list[str] = []
    for variant in node.variants:
        for part in type_label(variant, definitions, visited).split(" | "):
            if part not in labels:
                labels.append(part)
    if "null" in labels:  # null last, as in `string | null`
        labels.remove("null")
        labels.append("null")
    return " | ".join(labels)


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string" if isinstance(value, str) else "null"


def constraint_facts(constraints: Constraints) -> tuple[Fact, ...]:
    """Pattern, range, length, item count and format, as the document wrote them."""
    facts = []
    if constraints.pattern is not None:
        facts.append(Fact("Pattern", (SpecText(constraints.pattern),)))
    value_range = _range(
        "x",
        constraints.minimum,
        constraints.maximum,
        constraints.exclusive_minimum,
        constraints.exclusive_maximum,
    )
    if value_range:
        facts.append(Fact("Range", (SpecText(value_range),)))
    length = _range("length", constraints.min_length, constraints.max_length)
    if length:
        facts.append(Fact("Length", (SpecText(length),)))
    items = _range("items", constraints.min_items, constraints.max_items)
    if items:
        facts.append(Fact("Items", (SpecText(items),)))
    if constraints.format:
        facts.append(Fact("Format", (SpecText(constraints.format),)))
    return tuple(facts)


def _range(
    name: str,
    low: int | float | None,
    high: int | float | None,
    exclusive_low: int | float | None = None,
    exclusive_high: int | float | None = None,
) -> str:
    """`0 <= x <= 2`, `x > 0`, `length <= 64`: the bounds a value must keep."""
    left = (
        f"{_number(exclusive_low)} < "
        if exclusive_low is not None
        else f"{_number(low)} <= " if low is not None else ""
    )
    right = (
        f" < {_number(exclusive_high)}"
        if exclusive_high is not None
        else f" <= {_number(high)}" if high is not None else ""
    )
    return f"{left}{name}{right}" if left or right else ""


def _number(value: int | float) -> str:
    return json.dumps(value)


def _default_fact(prop: Property) -> tuple[Fact, ...]:
    if not prop.has_default:
        return ()
    return (Fact("Default", (SpecText(json.dumps(prop.default, ensure_ascii=True)),)),)
