"""Schemas -> the language-neutral type tree (`types.py`).

`SchemaReader.read()` says what a schema means: a primitive, an array, a map, an inline object, a
reference to a named definition, a union, an enum, null, or anything. Every `$ref` target becomes a
`Definition`, read on first use (depth first, so the order of `definitions` is deterministic).
What cannot be expressed is read as `AnyType` with a located warning.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, join_pointer, split_pointer
from ..load import RefTarget, SourceFile, SpecSource
from ..text import SpecText
from .shapes import (
    is_raw_content,
    all_of_parts,
    merged_constraints,
    declared_types,
    fixed_values,
    implied_type,
    is_object_model,
    json_type,
    null_wrapped,
    nullable_flag,
    object_parts,
    schema_description,
    walk,
)
from .types import (
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

_PRIMITIVES = frozenset({"string", "integer", "number", "boolean"})


class SchemaReader:
    """Reads schemas into type nodes; one instance per document."""

    def __init__(self, spec: SpecSource, diagnostics: list[Diagnostic]) -> None:
        self._spec = spec
        self._diagnostics = diagnostics
        self._ids: dict[tuple[Path, str], str] = {}
        self._definitions: dict[str, Definition | None] = {}  # None while being read
        # Inline objects being read, outermost first: one met again inside itself (through the
        # properties of a schema its allOf refers to) is read as a named definition instead.
        self._expanding: dict[tuple[Path, str], int] = {}

    @property
    def definitions(self) -> dict[str, Definition]:
        """Every definition read so far, by id, in the order they were first referred to."""
        return {k: v for k, v in self._definitions.items() if v is not None}

    def definition_of(self, definition_id: str) -> Definition | None:
        """The definition of `definition_id`, once read."""
        return self._definitions.get(definition_id)

    def read_components(self) -> tuple[str, ...]:
        """Read every schema under components/schemas of the root document; their ids, in order."""
        schemas = (self._spec.root.data.get("components") or {}).get("schemas") or {}
        return tuple(
            self.definition(self._spec.root, join_pointer("/components/schemas", name))
            for name in schemas
        )

    def definition(self, file: SourceFile, pointer: str) -> str:
        """The id of the definition of the schema at `pointer` in `file`, read on first use."""
        key = (file.path, pointer)
        if key in self._ids:
            return self._ids[key]
        definition_id = (
            pointer if file is self._spec.root else f"{file.display}#{pointer}"
        )
        self._ids[key] = definition_id
        self._definitions[definition_id] = None
        schema = walk(file.data, pointer)
        name = split_pointer(pointer)[-1] if pointer else file.path.stem
        if is_object_model(schema, file, pointer, self._spec):
            node: TypeNode = self._object(schema, file, pointer, named=True)
        else:
            node = self.read(schema, file, pointer)
        enum = schema.get("enum") if isinstance(schema, dict) else None
        self._definitions[definition_id] = Definition(
            definition_id,
            name,
            node,
            SpecText(schema_description(schema)),
            tuple(enum) if isinstance(enum, list) else (),
        )
        return definition_id

    def read(self, schema: Any, file: SourceFile, pointer: str) -> TypeNode:
        """What `schema` (written at `pointer` in `file`) means."""
        if not isinstance(schema, dict):
            return AnyType() if schema is not False else NullType()
        nullable = nullable_flag(schema)
        if "$ref" in schema and isinstance(schema["$ref"], str):
            target = self._spec.resolve(schema["$ref"], file)
            reference = ModelRef(self.definition(target.file, target.pointer))
            return _maybe_null(reference, nullable or self._null_class(target))
        if "const" in schema:
            return self._literal([schema["const"]], schema, file, pointer, nullable)
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return self._literal(schema["enum"], schema, file, pointer, nullable)
        for keyword in ("anyOf", "oneOf"):
            if isinstance(schema.get(keyword), list) and schema[keyword]:
                return self._union(schema, keyword, file, pointer, nullable)
        if isinstance(schema.get("allOf"), list) and schema["allOf"]:
            return self._all_of(schema, file, pointer, nullable)
        types = declared_types(schema)
        if len(types) > 1:
            return self._type_union(schema, types, file, pointer, nullable)
        kind = types[0] if types else implied_type(schema)
        return self._single_type(schema, kind, file, pointer, nullable)

    # -- shapes -------------------------------------------------------------------------------

    def _object(
        self,
        schema: dict[str, Any],
        file: SourceFile,
        pointer: str,
        named: bool = False,
    ) -> TypeNode:
        key = (file.path, pointer)
        if not named and self._expanding.get(key):
            return ModelRef(self.definition(file, pointer))
        self._expanding[key] = self._expanding.get(key, 0) + 1
        try:
            return self._object_type(schema, file, pointer)
        finally:
            self._expanding[key] -= 1

    def _object_type(
        self, schema: dict[str, Any], file: SourceFile, pointer: str
    ) -> ObjectType:
        properties, required = object_parts(schema, file, pointer, self._spec)
        for index, member in enumerate(schema.get("allOf") or []):
            target = self._spec.follow(member, file)
            if isinstance(target.value, dict) and null_wrapped(target.value) is None:
                if any(
                    isinstance(target.value.get(k), list) for k in ("anyOf", "oneOf")
                ):
                    message = (
                        "an allOf member that is a choice (anyOf/oneOf) is not expressed: "
                        "its properties are not fields of this object"
                    )
                    at = join_pointer(pointer, "allOf", index)
                    self._warn(file, at, message, limitation=True)
        read = []
        for wire_name, property_schema, property_file, property_pointer in properties:
            node = self.read(property_schema, property_file, property_pointer)
            has_default = (
                isinstance(property_schema, dict) and "default" in property_schema
            )
            if has_default and not self.fits(property_schema["default"], node):
                message = (
                    "the default does not match its schema; the SDK does not use it"
                )
                where = join_pointer(property_pointer, "default")
                self._warn(property_file, where, message)
                has_default = False
            read.append(
                Property(
                    wire_name=SpecText(wire_name),
                    type=node,
                    required=wire_name in required,
                    description=SpecText(
                        self._described(property_schema, property_file)
                    ),
                    constraints=constraints_of(property_schema),
                    default=property_schema.get("default") if has_default else None,
                    has_default=has_default,
                    read_only=_flag(property_schema, "readOnly"),
                    write_only=_flag(property_schema, "writeOnly"),
                )
            )
        return ObjectType(tuple(read), SpecText(schema_description(schema)))

    def fits(self, value: Any, node: TypeNode, depth: int = 0) -> bool:
        """Whether `value` has the type `node` says (a default's type, not every constraint)."""
        if depth > 32:
            return True
        if isinstance(node, Nullable):
            return value is None or self.fits(value, node.inner, depth + 1)
        if isinstance(node, NullType):
            return value is None
        if isinstance(node, Primitive):
            return _is_kind(value, node.kind)
        if isinstance(node, LiteralType):
            return any(type(value) is type(v) and value == v for v in node.values)
        if isinstance(node, ArrayType):
            return isinstance(value, list) and all(
                self.fits(item, node.items, depth + 1) for item in value
            )
        if isinstance(node, (MapType, ObjectType)):
            return isinstance(value, dict)
        if isinstance(node, UnionType):
            return any(self.fits(value, v, depth + 1) for v in node.variants)
        if isinstance(node, ModelRef):
            definition = self._definitions.get(node.id)
            return definition is None or self.fits(value, definition.type, depth + 1)
        return True  # AnyType

    def _described(self, schema: Any, file: SourceFile) -> str:
        """A property's description, else that of the one schema it refers to (even if nullable)."""
        own = schema_description(schema)
        if own or not isinstance(schema, dict):
            return own
        members = [
            m
            for m in (schema.get("anyOf") or schema.get("oneOf") or [schema])
            if m != {"type": "null"}
        ]
        if (
            len(members) == 1
            and isinstance(members[0], dict)
            and isinstance(members[0].get("$ref"), str)
        ):
            return schema_description(
                self._spec.resolve(members[0]["$ref"], file).value
            )
        return ""

    def _literal(
        self,
        values: list[Any],
        schema: dict[str, Any],
        file: SourceFile,
        pointer: str,
        nullable: bool,
    ) -> TypeNode:
        nullable = nullable or None in values
        literal_values = [v for v in values if v is not None]
        if not literal_values:
            return NullType()
        if all(isinstance(v, (str, int, bool)) for v in literal_values):
            return _maybe_null(LiteralType(tuple(literal_values)), nullable)
        types = sorted({json_type(v) for v in literal_values})
        return self._type_union(schema, types, file, pointer, nullable)

    def _union(
        self,
        schema: dict[str, Any],
        keyword: str,
        file: SourceFile,
        pointer: str,
        nullable: bool,
    ) -> TypeNode:
        members = schema[keyword]
        wrapped = null_wrapped(schema)
        if (
            wrapped is not None
        ):  # X or null: X where it stands, not a variant of a union
            wrapped_keyword, index = wrapped
            member_pointer = join_pointer(pointer, wrapped_keyword, index)
            return Nullable(self._unwrapped(members[index], file, member_pointer))
        variants = tuple(
            self.read(member, file, join_pointer(pointer, keyword, index))
            for index, member in enumerate(members)
        )
        union = UnionType(
            variants,
            discriminator=self._discriminator(schema, members, file),
            labels=tuple(_variant_label(member) for member in members),
            description=SpecText(schema_description(schema)),
        )
        return _maybe_null(union, nullable)

    def _null_class(self, target: RefTarget) -> bool:
        """Whether a definition that becomes a class also allows null (`type: [object, null]`,
        `anyOf: [{...}, {type: null}]`): a class cannot say so, so its references do."""
        schema = target.value
        allows_null = null_wrapped(schema) is not None or (
            isinstance(schema, dict) and "null" in declared_types(schema)
        )
        return allows_null and is_object_model(
            schema, target.file, target.pointer, self._spec
        )

    def _unwrapped(self, schema: Any, file: SourceFile, pointer: str) -> TypeNode:
        node = self.read(schema, file, pointer)
        return node.inner if isinstance(node, Nullable) else node

    def _discriminator(
        self, schema: dict[str, Any], members: list[Any], file: SourceFile
    ) -> str | None:
        """The property to discriminate on, when every variant is a model that requires it and
        pins it to values no other variant takes."""
        spec = schema.get("discriminator")
        if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
            return None
        prop: str = spec["propertyName"]
        seen: list[Any] = []
        for member in members:
            if not isinstance(member, dict) or "$ref" not in member:
                return None
            target = self._spec.resolve(member["$ref"], file)
            properties, required = object_parts(
                target.value, target.file, target.pointer, self._spec
            )
            match = [s for name, s, _, _ in properties if name == prop]
            values = fixed_values(match[0], target.file, self._spec) if match else ()
            if not values or prop not in required or any(v in seen for v in values):
                return None
            seen.extend(values)
        return prop

    def _all_of(
        self, schema: dict[str, Any], file: SourceFile, pointer: str, nullable: bool
    ) -> TypeNode:
        members = schema["allOf"]
        if len(members) == 1 and not schema.get("properties"):
            member = self.read(members[0], file, join_pointer(pointer, "allOf", 0))
            return _maybe_null(member, nullable)
        if is_object_model(schema, file, pointer, self._spec):
            return _maybe_null(self._object(schema, file, pointer), nullable)
        # Every part holds at once. Parts that only annotate drop out; one left is the type,
        # several inline ones merge.
        constraining = [
            (part, pointer if index is None else join_pointer(pointer, "allOf", index))
            for part, index in all_of_parts(schema)
        ]
        if not constraining:
            return AnyType()
        if len(constraining) == 1:
            part, at = constraining[0]
            return _maybe_null(self.read(part, file, at), nullable)
        merged = merged_constraints([part for part, _ in constraining])
        if merged is not None:
            return _maybe_null(self.read(merged, file, constraining[0][1]), nullable)
        self._warn(
            file,
            pointer,
            "allOf of non-object schemas is not supported; typed as Any",
            limitation=True,
        )
        return AnyType()

    def _type_union(
        self,
        schema: dict[str, Any],
        types: list[str],
        file: SourceFile,
        pointer: str,
        nullable: bool,
    ) -> TypeNode:
        if (
            "null" in types
        ):  # `type: [string, null]` is a string or null, like `nullable`
            rest = [kind for kind in types if kind != "null"]
            if len(rest) == 1:
                return Nullable(
                    self._single_type(schema, rest[0], file, pointer, False)
                )
            return Nullable(self._type_union(schema, rest, file, pointer, False))
        variants = tuple(
            self._single_type(schema, kind, file, pointer, False) for kind in types
        )
        union = UnionType(
            variants, labels=("",) * len(variants), distinct_json_types=True
        )
        return _maybe_null(union, nullable)

    def _single_type(
        self,
        schema: dict[str, Any],
        kind: str | None,
        file: SourceFile,
        pointer: str,
        nullable: bool,
    ) -> TypeNode:
        if kind == "null":
            return NullType()
        if kind in _PRIMITIVES:
            node_format = schema.get("format")
            if kind == "string" and node_format is None and is_raw_content(schema):
                node_format = "binary"  # OpenAPI 3.1 writes 3.0's `format: binary` so
            primitive = Primitive(
                kind,  # type: ignore[arg-type]  # narrowed by the set above
                node_format if isinstance(node_format, str) else None,
            )
            return _maybe_null(primitive, nullable)
        if kind == "array":
            items = schema.get("items")
            item = (
                self.read(items, file, join_pointer(pointer, "items"))
                if items is not None
                else AnyType()
            )
            return _maybe_null(ArrayType(item), nullable)
        if kind == "object":
            if is_object_model(schema, file, pointer, self._spec):
                return _maybe_null(self._object(schema, file, pointer), nullable)
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                values = self.read(
                    extra, file, join_pointer(pointer, "additionalProperties")
                )
                return _maybe_null(MapType(values), nullable)
            return _maybe_null(MapType(AnyType()), nullable)
        return AnyType()

    def _warn(
        self, file: SourceFile, pointer: str, message: str, *, limitation: bool = False
    ) -> None:
        self._diagnostics.append(
            file.diagnostic(pointer, message, "warning", limitation=limitation)
        )


def constraints_of(schema: Any) -> Constraints:
    """The constraints written on `schema` itself (a `$ref`'s target is not looked at)."""
    if not isinstance(schema, dict):
        return Constraints()

    def scalar(keyword: str) -> Any:
        value = schema.get(keyword)
        ok = isinstance(value, (int, float, str)) and not isinstance(value, bool)
        return value if ok else None

    pattern = schema.get("pattern")
    return Constraints(
        pattern=pattern if isinstance(pattern, str) else None,
        min_length=scalar("minLength"),
        max_length=scalar("maxLength"),
        minimum=scalar("minimum"),
        maximum=scalar("maximum"),
        exclusive_minimum=scalar("exclusiveMinimum"),
        exclusive_maximum=scalar("exclusiveMaximum"),
        min_items=scalar("minItems"),
        max_items=scalar("maxItems"),
        format=scalar("format"),
    )


def _is_kind(value: Any, kind: str) -> bool:
    if isinstance(value, bool):
        return kind == "boolean"
    if isinstance(value, int):
        return kind in ("integer", "number")
    if isinstance(value, float):
        return kind == "number"
    return isinstance(value, str) and kind == "string"


def _flag(schema: Any, keyword: str) -> bool:
    """Whether `schema` (or the one schema it is `allOf`-wrapped around) sets `keyword` to true."""
    if not isinstance(schema, dict):
        return False
    if schema.get(keyword) is True:
        return True
    members = schema.get("allOf")
    return (
        isinstance(members, list)
        and len(members) == 1
        and isinstance(members[0], dict)
        and members[0].get(keyword) is True
    )


def _maybe_null(node: TypeNode, nullable: bool) -> TypeNode:
    return Nullable(node) if nullable and not isinstance(node, Nullable) else node


def _variant_label(member: Any) -> str:
    """A union variant's own name, if it has one: its title, else the value its `type` fixes."""
    if isinstance(member, dict):
        if isinstance(member.get("title"), str):
            return str(member["title"])
        type_property = (member.get("properties") or {}).get("type")
        if isinstance(type_property, dict):
            fixed = type_property.get("const", (type_property.get("enum") or [None])[0])
            if isinstance(fixed, str) and fixed:
                return fixed
    return ""
