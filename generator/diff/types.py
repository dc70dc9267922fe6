"""Comparing two versions of a type at one position in an SDK: the neutral half of the report.

A position is a parameter, a body field, a field of a model sent or received, or a result; the side
it is on (request or response) decides what a change there does to users (`rules.py`). Named models
are compared once each, per side they are used on (`Sides`), not at every position that uses them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..ir.types import (
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
    Property,
    TypeNode,
    UnionType,
)
from .names import Names
from .report import Code, Piece
from .rules import POSITIONS, Side

# (kind, where, what, change, side): `change` names the rule (`rules.SIDED_RULES`).
Emit = Callable[[str, str, tuple[Piece, ...], str, Side], None]


@dataclass(frozen=True, slots=True)
class Position:
    """A place a value sits in the SDK: its kind (`parameter`, `response-field`, ...) and where."""

    kind: str
    where: str

    @property
    def side(self) -> Side:
        return POSITIONS[self.kind]

    def inner(self, suffix: str) -> Position:
        """A place inside this one (an array's items, a map's values)."""
        return Position(self.kind, self.where + suffix)

    def field_kind(self) -> str:
        return "request-field" if self.side == "request" else "response-field"


class TypeComparer:
    """Emits the changes between two types at a position, and between two objects' fields."""

    def __init__(
        self,
        old: Names,
        new: Names,
        emit: Emit,
        old_definitions: Mapping[str, Definition],
        new_definitions: Mapping[str, Definition],
    ) -> None:
        self.old, self.new, self._emit = old, new, emit
        self._old_definitions, self._new_definitions = old_definitions, new_definitions

    def emit(self, pos: Position, change: str, what: tuple[Piece, ...]) -> None:
        self._emit(f"{pos.kind}-{_short(change)}", pos.where, what, change, pos.side)

    def types(self, old: TypeNode, new: TypeNode, pos: Position) -> None:
        if old == new:
            return
        old_inner, old_null = split_null(old)
        new_inner, new_null = split_null(new)
        if old_null != new_null:
            change = "nullable" if new_null else "not-nullable"
            self.emit(
                pos, change, ("may be None now" if new_null else "is never None now",)
            )
        if old_inner == new_inner or _same_primitive(old_inner, new_inner):
            return  # a format alone (int32 -> int64) is not a type in any SDK's terms
        old_inner = self._inlined(old_inner, new_inner, self._old_definitions)
        new_inner = self._inlined(new_inner, old_inner, self._new_definitions)
        if isinstance(old_inner, LiteralType) and isinstance(new_inner, LiteralType):
            self._enum(old_inner, new_inner, pos)
        elif isinstance(old_inner, ObjectType) and isinstance(new_inner, ObjectType):
            self.fields(old_inner, new_inner, None, pos.where, pos.field_kind())
        elif isinstance(old_inner, ArrayType) and isinstance(new_inner, ArrayType):
            self.types(old_inner.items, new_inner.items, pos.inner("[]"))
        elif isinstance(old_inner, MapType) and isinstance(new_inner, MapType):
            self.types(old_inner.values, new_inner.values, pos.inner("{}"))
        elif _is_union(old_inner) and _is_union(new_inner):
            self._union(old_inner, new_inner, pos)  # type: ignore[arg-type]
        else:
            relation = _relation(old_inner, new_inner)
            change = f"retyped-{relation}" if relation else "retyped"
            what: tuple[Piece, ...] = (
                "retyped from ",
                Code(self.old.type(old_inner)),
                " to ",
                Code(self.new.type(new_inner)),
            )
            self.emit(pos, change, what)

    def _inlined(
        self, node: TypeNode, other: TypeNode, definitions: Mapping[str, Definition]
    ) -> TypeNode:
        """A named object where the other version has an inline one (or the reverse) is the
        object itself: its fields are compared, not the name a target gave the inline one.
        """
        if (
            isinstance(node, ModelRef)
            and isinstance(other, ObjectType)
            and node.id in definitions
            and isinstance(definitions[node.id].type, ObjectType)
        ):
            return definitions[node.id].type
        return node

    def fields(
        self,
        old: ObjectType,
        new: ObjectType,
        owner: str | None,
        where: str,
        kind: str,
    ) -> None:
        """Fields added, removed, made required or optional, or changed, of one object."""
        side = POSITIONS[kind]
        old_props = {p.wire_name.raw: p for p in _visible(old.properties, side)}
        new_props = {p.wire_name.raw: p for p in _visible(new.properties, side)}
        old_wires = tuple(p.wire_name.raw for p in old.properties)
        new_wires = tuple(p.wire_name.raw for p in new.properties)
        for wire, prop in new_props.items():
            name = self.new.field(owner, new_wires, wire)
            pos = Position(kind, _member(where, name.name if name else wire))
            old_prop = old_props.get(wire)
            if old_prop is None:
                required = "required" if prop.required else "optional"
                what = (f"{required} field ", Code(wire), " added")
                self.emit(pos, f"added-{required}", what)
                continue
            if old_prop.required != prop.required:
                change = "required" if prop.required else "optional"
                self.emit(pos, change, (f"is {change} now",))
            self.types(old_prop.type, prop.type, pos)
        for wire in old_props.keys() - new_props.keys():
            name = self.old.field(owner, old_wires, wire)
            pos = Position(kind, _member(where, name.name if name else wire))
            self.emit(pos, "removed", ("field ", Code(wire), " removed"))

    def _enum(self, old: LiteralType, new: LiteralType, pos: Position) -> None:
        kind = f"{pos.side}-enum-value"
        for value in new.values:
            if value not in old.values:
                what = ("value ", Code(self.new.literal(value)), " added")
                self._emit(
                    f"{kind}-added", pos.where, what, "enum-value-added", pos.side
                )
        for value in old.values:
            if value not in new.values:
                what = ("value ", Code(self.old.literal(value)), " removed")
                self._emit(
                    f"{kind}-removed", pos.where, what, "enum-value-removed", pos.side
                )

    def _union(self, old: UnionType, new: UnionType, pos: Position) -> None:
        old_members = _members(old)
        new_members = _members(new)
        kind = f"{pos.side}-union-member"
        for key, node in new_members.items():
            if key not in old_members:
                what = ("type ", Code(self.new.type(node)), " added")
                self._emit(
                    f"{kind}-added", pos.where, what, "union-member-added", pos.side
                )
            else:
                self.types(old_members[key], node, pos)
        for key, node in old_members.items():
            if key not in new_members:
                what = ("type ", Code(self.old.type(node)), " removed")
                self._emit(
                    f"{kind}-removed", pos.where, what, "union-member-removed", pos.side
                )


def split_null(node: TypeNode) -> tuple[TypeNode, bool]:
    """`node` without null, and whether null was one of its values."""
    if isinstance(node, Nullable):
        return node.inner, True
    if isinstance(node, UnionType) and any(
        isinstance(v, NullType) for v in node.variants
    ):
        rest = tuple(v for v in node.variants if not isinstance(v, NullType))
        if len(rest) == 1:
            return rest[0], True
        labels = tuple(
            label
            for v, label in zip(
                node.variants, node.labels or ("",) * len(node.variants)
            )
            if not isinstance(v, NullType)
        )
        return UnionType(rest, node.discriminator, labels, node.description), True
    return node, False


def _same_primitive(old: TypeNode, new: TypeNode) -> bool:
    return (
        isinstance(old, Primitive)
        and isinstance(new, Primitive)
        and old.kind == new.kind
    )


def _short(change: str) -> str:
    """The kind's verb: `added-required` and `added-optional` are both `added`; the retypes,
    whatever their direction, `retyped`."""
    return (
        change.split("-", 1)[0] if change.startswith(("added-", "retyped-")) else change
    )


def _member(where: str, name: str) -> str:
    return f"{where}.{name}"


def _visible(props: Iterable[Property], side: Side) -> list[Property]:
    """The properties that exist on `side`: readOnly ones are never sent, writeOnly never read."""
    return [
        p for p in props if not (p.read_only if side == "request" else p.write_only)
    ]


def _is_union(node: TypeNode) -> bool:
    return isinstance(node, UnionType)


def _members(union: UnionType) -> dict[str, TypeNode]:
    """The union's members by what identifies them across versions."""
    found: dict[str, TypeNode] = {}
    labels = union.labels or ("",) * len(union.variants)
    for index, (node, label) in enumerate(zip(union.variants, labels)):
        key = _member_key(node, label, index)
        found.setdefault(key, node)
    return found


def _member_key(node: TypeNode, label: str, index: int) -> str:
    if isinstance(node, ModelRef):
        return "ref:" + node.id
    if isinstance(node, Primitive):
        return node.kind
    if isinstance(node, ObjectType):
        if label:
            return f"object:{label}"
        # an inline variant is known by the constant it fixes (`type: {enum: [x]}`), so that
        # inserting a variant does not pair every later one with its neighbour
        for prop in node.properties:
            value, _ = split_null(prop.type)
            if isinstance(value, LiteralType) and len(value.values) == 1:
                return f"object:{prop.wire_name.raw}={value.values[0]!r}"
        return f"object#{index}"
    return type(node).__name__


def _relation(old: TypeNode, new: TypeNode) -> str | None:
    """ "wider" when every value of `old` is a value of `new`, "narrower" the reverse, else None."""
    if _contains(new, old):
        return "wider"
    if _contains(old, new):
        return "narrower"
    return None


def _contains(outer: TypeNode, inner: TypeNode) -> bool:
    if isinstance(outer, AnyType):
        return True
    if isinstance(outer, Primitive) and isinstance(inner, Primitive):
        return outer.kind == inner.kind or (outer.kind, inner.kind) == (
            "number",
            "integer",
        )
    if isinstance(outer, Primitive) and isinstance(inner, LiteralType):
        kinds = {"string": str, "integer": int, "number": (int, float), "boolean": bool}
        expected = kinds[outer.kind]
        return all(
            isinstance(v, expected) and (outer.kind == "boolean" or not isinstance(v, bool))  # type: ignore[arg-type]
            for v in inner.values
        )
    if isinstance(outer, LiteralType) and isinstance(inner, LiteralType):
        return set(inner.values) <= set(outer.values)
    if isinstance(outer, UnionType):
        inner_members = inner.variants if isinstance(inner, UnionType) else (inner,)
        return all(
            any(_contains(o, i) or o == i for o in outer.variants)
            for i in inner_members
        )
    return False


def reachable_sides(
    roots: Iterable[tuple[TypeNode, Side]], definitions: Mapping[str, Definition]
) -> dict[str, set[Side]]:
    """The sides each named definition is used on, from the types at the API's positions."""
    sides: dict[str, set[Side]] = {}
    pending = list(roots)
    while pending:
        node, side = pending.pop()
        if isinstance(node, ModelRef):
            if side in sides.setdefault(node.id, set()) or node.id not in definitions:
                continue
            sides[node.id].add(side)
            pending.append((definitions[node.id].type, side))
        elif isinstance(node, ObjectType):
            pending.extend((p.type, side) for p in _visible(node.properties, side))
        elif isinstance(node, (Nullable,)):
            pending.append((node.inner, side))
        elif isinstance(node, ArrayType):
            pending.append((node.items, side))
        elif isinstance(node, MapType):
            pending.append((node.values, side))
        elif isinstance(node, UnionType):
            pending.extend((v, side) for v in node.variants)
    return sides
