"""Python type lowering: the neutral type tree -> annotations and model definitions.

`SchemaTranslator.lower()` turns a type node into a Python annotation, creating definitions as it goes: a named schema (a `Definition`) becomes a class
or type alias in a module of its own; an inline object becomes a class in the module of whoever uses
it, named after where it sits (`ResponseOutputItem`). `modules.py` then orders everything into
importable modules (merging modules whose imports would be circular).
"""

from __future__ import annotations

from dataclasses import dataclass

from collections.abc import Iterable, Mapping

from ...naming import NameRegistry, class_name, python_name
from ...reserved import CLASS_RESERVED
from .context import DraftDefinition, Owner, PyType
from .fields import field_names, model_field, needs_field
from .literals import pyrepr
from .view import ModelField
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

_LIFTED_UNION_SIZE = 3  # inline unions with this many members or more get a name

_PRIMITIVES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
}


@dataclass(frozen=True, slots=True)
class Place:
    """Where a type is lowered: who receives its imports and inline classes, and the name an
    inline class there would take."""

    owner: Owner
    hint: str
    top: bool = False  # the type is the whole of a named definition
    # Enums stay closed (`Literal[...]` only) where the SDK only sends them (parameters) and
    # where pydantic needs a bare `Literal` (the property a discriminated union is keyed on).
    closed: bool = False

    def at(self, hint: str) -> Place:
        return Place(self.owner, hint, closed=self.closed)


class SchemaTranslator:
    """Lowers types to Python and collects the model definitions; one instance per SDK."""

    def __init__(self, definitions: Mapping[str, Definition]) -> None:
        self._definitions = definitions
        self._class_names = NameRegistry(CLASS_RESERVED)
        self._module_names = NameRegistry(frozenset({"__init__"}))
        self._drafts: dict[str, DraftDefinition] = {}  # by definition id
        self.definitions: list[DraftDefinition] = []
        self._class_by_name: dict[str, DraftDefinition] = {}
        self._operation_modules: dict[str, str] = {}
        # Inline types already named, by (module, hint, node): an operation's body variants
        # (`body_variants`) meet the same inline types again and reuse them.
        self._inline_names: dict[tuple[str, str, TypeNode], str] = {}
        self._discriminators = _discriminators(definitions.values())

    def _inline_key(
        self, node: TypeNode, place: Place
    ) -> tuple[str, str, TypeNode] | None:
        """The key an inline type is named under; None when it cannot be one (a default or
        a literal holds a list or dict, which is not hashable)."""
        key = (self._module_for(place.owner), class_name(place.hint), node)
        try:
            hash(key)
        except TypeError:
            return None
        return key

    # -- entry points -------------------------------------------------------------------------

    def declare_components(self, ids: Iterable[str]) -> None:
        """Give every schema under components/schemas of the root document a definition."""
        for definition_id in ids:
            self._named(definition_id)

    def owner_for(self, module_hint: str) -> Owner:
        """An owner for annotations written outside models (operation parameters and results)."""
        return Owner(module=f"@{module_hint}")

    def dereferenced(self, node: TypeNode) -> TypeNode:
        """`node` without `Nullable` wrappers and with `ModelRef`s replaced by the types of the
        definitions they name (stopping where references loop)."""
        seen: set[str] = set()
        while True:
            if isinstance(node, Nullable):
                node = node.inner
            elif isinstance(node, ModelRef) and node.id not in seen:
                seen.add(node.id)
                node = self._definitions[node.id].type
            else:
                return node

    def names_by_id(self) -> tuple[tuple[str, str], ...]:
        """The name each named definition lowered so far has, by its IR id (`sdkgen diff`)."""
        return tuple((id_, draft.name) for id_, draft in self._drafts.items())

    def is_model(self, name: str) -> bool:
        return name in self._class_by_name

    def model_fields(self, name: str) -> tuple[ModelField, ...]:
        """The fields of model class `name` (none for anything else)."""
        draft = self._class_by_name.get(name)
        return tuple(draft.fields) if draft is not None else ()

    def alias_value(self, name: str) -> str | None:
        """The annotation type alias `name` stands for (None for anything else)."""
        draft = next((d for d in self.definitions if d.name == name), None)
        if draft is None or draft.is_class:
            return None
        return draft.annotation

    def defined_names(self) -> frozenset[str]:
        """The names of every class and alias lowered so far."""
        return frozenset(draft.name for draft in self.definitions)

    def lower(self, node: TypeNode, place: Place) -> PyType:
        """The Python type for `node`, creating any definitions it needs."""
        if isinstance(node, Nullable):
            return PyType(self.lower(node.inner, place).text, True)
        if isinstance(node, NullType):
            return PyType("None", True)
        if isinstance(node, AnyType):
            place.owner.uses.add("Any")
            return PyType("Any", True)
        if isinstance(node, Primitive):
            return PyType(_PRIMITIVES[node.kind])
        if isinstance(node, ArrayType):
            item = self.lower(node.items, place.at(place.hint + "Item"))
            return PyType(f"list[{item.with_none()}]")
        if isinstance(node, MapType):
            value = self.lower(node.values, place.at(place.hint + "Value"))
            return PyType(f"dict[str, {value.with_none()}]")
        if isinstance(node, LiteralType):
            place.owner.uses.add("Literal")
            literal = f"Literal[{', '.join(pyrepr(v) for v in node.values)}]"
            if place.closed or not _is_open_enum(node):
                return PyType(literal)
            # A newer server may send a value this SDK does not know: it is read as an
            # `UnknownStr` (see the runtime's `_lenient`), and the type says so.
            place.owner.uses.add("UnknownStr")
            return PyType(f"{literal} | UnknownStr")
        if isinstance(node, ModelRef):
            draft = self._named(node.id)
            place.owner.deps.add(draft.name)
            return PyType(draft.name)
        if isinstance(node, ObjectType):
            return self._inline_class(node, place)
        if node.distinct_json_types:
            return self._type_union(node, place)
        return self._union(node, place)

    # -- definitions --------------------------------------------------------------------------

    def _named(self, definition_id: str) -> DraftDefinition:
        """The draft of a named definition, lowered on first use."""
        if definition_id in self._drafts:
            return self._drafts[definition_id]
        definition = self._definitions[definition_id]
        name = self._class_names.claim(class_name(definition.name))
        module = self._module_names.claim(python_name(name))
        draft = DraftDefinition(module=module, name=name, order=len(self.definitions))
        self._drafts[definition_id] = draft
        self.definitions.append(draft)
        node = definition.type
        if isinstance(node, ObjectType):
            draft.is_class = True
            self._class_by_name[draft.name] = draft
            draft.doc = node.description.raw or f"The `{draft.name}` object."
            draft.fields = self._fields(
                node, draft, self._discriminators.keys_of(definition_id)
            )
            return draft
        closed = definition_id in self._discriminators.closed_definitions
        py_type = self.lower(node, Place(draft, name, top=True, closed=closed))
        draft.annotation = py_type.with_none()
        draft.doc = definition.description.raw or _alias_doc(definition, py_type)
        return draft

    def _inline_class(self, node: ObjectType, place: Place) -> PyType:
        key = self._inline_key(node, place)
        known = self._inline_names.get(key) if key is not None else None
        if known is not None:
            place.owner.deps.add(known)
            return PyType(known)
        name = self._class_names.claim(class_name(place.hint))
        if key is not None:
            self._inline_names[key] = name
        draft = DraftDefinition(
            module=self._module_for(place.owner),
            name=name,
            order=len(self.definitions),
        )
        self.definitions.append(draft)
        draft.is_class = True
        self._class_by_name[name] = draft
        draft.doc = node.description.raw or f"The `{name}` object."
        draft.fields = self._fields(
            node, draft, self._discriminators.keys_of_inline(node)
        )
        place.owner.deps.add(name)
        return PyType(name)

    def _fields(
        self, node: ObjectType, draft: DraftDefinition, keys: frozenset[str]
    ) -> list[ModelField]:
        python_names = field_names([p.wire_name.raw for p in node.properties])
        result = []
        for prop in node.properties:
            hint = draft.name + class_name(prop.wire_name.raw, frozenset())
            closed = prop.wire_name.raw in keys
            py_type = self.lower(prop.type, Place(draft, hint, closed=closed))
            name = python_names[prop.wire_name.raw]
            if needs_field(name, prop):
                draft.uses.add("Field")
            result.append(model_field(name, prop, py_type))
        return result

    # -- unions -------------------------------------------------------------------------------

    def _union(self, node: UnionType, place: Place) -> PyType:
        scratch = Owner(
            module=place.owner.module
        )  # collects what this union alone needs
        texts: list[str] = []
        specificity: dict[str, int] = {}
        nullable = False
        for index, (variant, label) in enumerate(zip(node.variants, node.labels)):
            suffix = class_name(label, frozenset()) if label else f"Variant{index + 1}"
            variant_type = self.lower(variant, Place(scratch, place.hint + suffix))
            nullable = nullable or variant_type.nullable
            if variant_type.text not in texts and variant_type.text != "None":
                texts.append(variant_type.text)
                specificity[variant_type.text] = self._required_count(variant)
        # Order carries no meaning in JSON Schema, but pydantic breaks ties between variants that
        # all accept a value by taking the first: put the most demanding variants first, so an
        # output message is not read as the input message it also satisfies.
        texts.sort(key=lambda text: -specificity[text])
        if not texts:
            return PyType("None", True)
        if (
            "Any" in texts
        ):  # the catch-all variant goes last, so typed ones are tried first
            texts = [text for text in texts if text != "Any"] + ["Any"]
            nullable = True
        union = " | ".join(texts)
        if node.discriminator is not None and len(texts) > 1:
            scratch.uses.update({"Annotated", "Field"})
            # pydantic finds the discriminator by attribute name, not by alias
            attribute = self._attribute_name(node, node.discriminator)
            union = f"Annotated[{union}, Field(discriminator={pyrepr(attribute)})]"
        if (
            not place.closed
            and len(texts) > 1
            and texts[-1] != "Any"
            and any(self.is_model(text) for text in texts)
        ):
            # A newer server may send a variant this SDK does not know: it is read as an
            # `UnknownVariant` holding the raw value (the runtime's `_lenient`).
            scratch.uses.add("UnknownVariant")
            union += " | UnknownVariant"
        if len(texts) >= _LIFTED_UNION_SIZE and not place.top:
            union = self._lifted_alias(union, node, place, scratch)
        else:
            place.owner.deps |= scratch.deps
            place.owner.uses |= scratch.uses
        return PyType(union, nullable)

    def _attribute_name(self, node: UnionType, wire_name: str) -> str:
        """The attribute a property has in the model classes of the union's variants."""
        for variant in map(self.dereferenced, node.variants):
            if isinstance(variant, ObjectType):
                names = field_names([p.wire_name.raw for p in variant.properties])
                return names.get(wire_name, wire_name)
        return wire_name

    def _type_union(self, node: UnionType, place: Place) -> PyType:
        """A `type: [...]` list: one annotation per JSON type, in the document's order."""
        texts: list[str] = []
        nullable = False
        for variant in node.variants:
            if isinstance(variant, NullType):
                nullable = True
                continue
            text = self.lower(variant, place).text
            if text not in texts:
                texts.append(text)
        if "Any" in texts:
            return PyType("Any", True)
        return PyType(" | ".join(texts) or "None", nullable or not texts)

    def _required_count(self, node: TypeNode) -> int:
        """How many properties an object variant requires (0 for anything that is not an object)."""
        node = self.dereferenced(node)
        if isinstance(node, UnionType) and node.distinct_json_types:
            objects = [v for v in node.variants if isinstance(v, ObjectType)]
            return objects[0].required_count if objects else 0
        return node.required_count if isinstance(node, ObjectType) else 0

    def _lifted_alias(
        self, union: str, node: UnionType, place: Place, needs: Owner
    ) -> str:
        """Name a long inline union, so the annotations that use it stay readable."""
        key = self._inline_key(node, place)
        known = self._inline_names.get(key) if key is not None else None
        if known is not None:
            place.owner.deps.add(known)
            return known
        name = self._class_names.claim(class_name(place.hint))
        if key is not None:
            self._inline_names[key] = name
        draft = DraftDefinition(
            module=self._module_for(place.owner),
            name=name,
            order=len(self.definitions),
        )
        draft.deps, draft.uses = needs.deps, needs.uses
        draft.annotation = union
        draft.doc = node.description.raw or "Any one of the types in this union."
        self.definitions.append(draft)
        place.owner.deps.add(name)
        return name

    def _module_for(self, owner: Owner) -> str:
        """The models module for `owner`'s inline types (operations get one on first need)."""
        if not owner.module.startswith("@"):
            return owner.module
        if owner.module not in self._operation_modules:
            self._operation_modules[owner.module] = self._module_names.claim(
                python_name(owner.module[1:])
            )
        return self._operation_modules[owner.module]


def _is_open_enum(node: LiteralType) -> bool:
    """Whether a newer server's value is to be read too: an enum of two or more strings.

    A single value is a constant or the tag of a union's variant; reading any other value
    there would take an unknown variant for a known one.
    """
    return len(node.values) >= 2 and all(isinstance(v, str) for v in node.values)


@dataclass(frozen=True, slots=True)
class _Discriminators:
    """The properties discriminated unions are keyed on (pydantic needs them `Literal`)."""

    by_definition: Mapping[str, frozenset[str]]
    inline: tuple[tuple[ObjectType, str], ...]
    closed_definitions: frozenset[str]  # enum aliases such a property refers to

    def keys_of(self, definition_id: str) -> frozenset[str]:
        return self.by_definition.get(definition_id, frozenset())

    def keys_of_inline(self, node: ObjectType) -> frozenset[str]:
        return frozenset(key for variant, key in self.inline if variant is node)


def _discriminators(definitions: Iterable[Definition]) -> _Discriminators:
    by_definition: dict[str, set[str]] = {}
    inline: list[tuple[ObjectType, str]] = []
    closed: set[str] = set()
    by_id = {definition.id: definition for definition in definitions}
    pending: list[TypeNode] = [definition.type for definition in by_id.values()]
    while pending:
        node = pending.pop()
        if isinstance(node, Nullable):
            pending.append(node.inner)
        elif isinstance(node, ArrayType):
            pending.append(node.items)
        elif isinstance(node, MapType):
            pending.append(node.values)
        elif isinstance(node, ObjectType):
            pending.extend(prop.type for prop in node.properties)
        elif isinstance(node, UnionType):
            pending.extend(node.variants)
            if node.discriminator is None:
                continue
            for variant in node.variants:
                if isinstance(variant, ModelRef):
                    by_definition.setdefault(variant.id, set()).add(node.discriminator)
                    target = by_id.get(variant.id)
                    variant = target.type if target is not None else variant
                if isinstance(variant, ObjectType):
                    inline.append((variant, node.discriminator))
                    for prop in variant.properties:
                        if prop.wire_name.raw == node.discriminator:
                            inner = prop.type
                            inner = (
                                inner.inner if isinstance(inner, Nullable) else inner
                            )
                            if isinstance(inner, ModelRef):
                                closed.add(inner.id)
    return _Discriminators(
        {key: frozenset(value) for key, value in by_definition.items()},
        tuple(inline),
        frozenset(closed),
    )


def _alias_doc(definition: Definition, py_type: PyType) -> str:
    if definition.enum_values:
        return f"One of {', '.join(pyrepr(v) for v in definition.enum_values)}."
    node = (
        definition.type.inner
        if isinstance(definition.type, Nullable)
        else definition.type
    )
    if isinstance(node, UnionType) and not node.distinct_json_types:
        return "Any one of the types in this union."
    return f"`{py_type.with_none()}`."
