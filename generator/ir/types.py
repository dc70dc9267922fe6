"""The language-neutral type tree: what a schema means, with no target language in it.

A schema becomes a `TypeNode`. Named schemas (`$ref` targets) are `Definition`s, referred to by id
through `ModelRef`; every other object is an inline `ObjectType`, which a target may name however
its language likes. Nothing here is source text of any language: a target lowers these records
into its own types (`generator/targets/<name>/`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Union

from ..text import SpecText

PrimitiveKind = Literal["string", "integer", "number", "boolean"]
Scalar = str | int | float


@dataclass(frozen=True, slots=True)
class Constraints:
    """What a schema demands of a value beyond its type, as the document wrote it.

    Bounds are numbers only: OpenAPI 3.0's boolean `exclusiveMinimum` means "the minimum is
    exclusive", which normalize turns into the number.
    """

    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: int | float | None = None
    exclusive_maximum: int | float | None = None
    min_items: int | None = None
    max_items: int | None = None
    format: str | None = None

    @property
    def bounds(self) -> tuple[int | float | None, ...]:
        return (
            self.minimum,
            self.maximum,
            self.exclusive_minimum,
            self.exclusive_maximum,
        )


NO_CONSTRAINTS = Constraints()


@dataclass(frozen=True, slots=True)
class Primitive:
    kind: PrimitiveKind
    format: str | None = None


@dataclass(frozen=True, slots=True)
class NullType:
    """Only `null` (a `false` schema, an enum of nothing but null, `type: null`)."""


@dataclass(frozen=True, slots=True)
class AnyType:
    """Any JSON value, null included: a schema that says nothing, or what we cannot express."""


@dataclass(frozen=True, slots=True)
class ArrayType:
    items: TypeNode


@dataclass(frozen=True, slots=True)
class MapType:
    """An object with arbitrary keys, each value of one type."""

    values: TypeNode


@dataclass(frozen=True, slots=True)
class LiteralType:
    """An enum (or a `const`): one of these strings, integers or booleans."""

    values: tuple[str | int | bool, ...]


@dataclass(frozen=True, slots=True)
class ModelRef:
    """A named schema, by its `Definition.id`."""

    id: str


@dataclass(frozen=True, slots=True)
class Property:
    """One property of an object."""

    wire_name: SpecText
    type: TypeNode
    required: bool
    description: SpecText  # its own, else that of the one schema it refers to
    constraints: (
        Constraints  # as written on the property (not on a schema it refers to)
    )
    default: Any = None  # a JSON scalar, [] or {} (see `has_default`)
    has_default: bool = False
    read_only: bool = False  # `readOnly`: sent by the server only, never in a request
    write_only: bool = (
        False  # `writeOnly`: sent by the client only, never required in a response
    )


@dataclass(frozen=True, slots=True)
class ObjectType:
    """An object with named properties (allOf members merged in)."""

    properties: tuple[Property, ...]
    description: SpecText

    @property
    def required_count(self) -> int:
        return sum(1 for p in self.properties if p.required)


@dataclass(frozen=True, slots=True)
class UnionType:
    """One of several types (anyOf/oneOf, a `type` list, an enum of mixed JSON types).

    `labels` name each variant for targets that name inline types (a title, the value its `type`
    property fixes, or ""). `distinct_json_types`: the variants come from a `type: [...]` list,
    so no value can match two of them.
    """

    variants: tuple[TypeNode, ...]
    discriminator: str | None = None
    labels: tuple[str, ...] = ()
    description: SpecText = SpecText("")
    distinct_json_types: bool = False


@dataclass(frozen=True, slots=True)
class Nullable:
    """`inner`, or null."""

    inner: TypeNode


TypeNode = Union[
    Primitive,
    NullType,
    AnyType,
    ArrayType,
    MapType,
    LiteralType,
    ModelRef,
    ObjectType,
    UnionType,
    Nullable,
]


@dataclass(frozen=True, slots=True)
class Definition:
    """A named schema: a component, or any other schema a `$ref` points at.

    `name` is the name the document gives it (the last token of its pointer, or the file's stem);
    each target makes its own identifier from it.
    """

    id: str
    name: str
    type: TypeNode
    description: SpecText
    enum_values: tuple[Any, ...] = ()  # for the docs of an enum alias


def without_null(node: TypeNode) -> tuple[TypeNode, bool]:
    """`node` without a `Nullable` wrapper, and whether it had one."""
    if isinstance(node, Nullable):
        return node.inner, True
    return node, False
