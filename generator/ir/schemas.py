"""Schemas -> model definitions: how every JSON Schema shape becomes a Python type.

`SchemaTranslator.annotation()` turns a schema into an annotation string, creating definitions as
it goes: a named schema (a `$ref` target) becomes a class or type alias in a module of its own; an
inline object becomes a class in the module of whoever uses it. `modules()` then orders everything
into importable modules (merging modules whose imports would be circular).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, join_pointer, split_pointer
from ..load import SourceFile, SpecSource
from ..naming import NameRegistry, class_name, python_name
from ..reserved import CLASS_RESERVED
from .context import Context, DraftDefinition, Owner, PyType
from .fields import field_names, model_field
from .literals import pyrepr
from .model import ModelField
from .shapes import (
    schema_description,
    fixes_value,
    implied_type,
    is_object_model,
    json_type,
    nullable_flag,
    object_parts,
    required_count,
    declared_types,
    variant_suffix,
    walk,
)

_LIFTED_UNION_SIZE = 3  # inline unions with this many members or more get a name

_PRIMITIVES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "null": "None",
}


class SchemaTranslator:
    """Builds model definitions from schemas; one instance per generated SDK."""

    def __init__(self, spec: SpecSource, diagnostics: list[Diagnostic]) -> None:
        self._spec = spec
        self._diagnostics = diagnostics
        self._class_names = NameRegistry(CLASS_RESERVED)
        self._module_names = NameRegistry(frozenset({"__init__"}))
        self._named: dict[tuple[Path, str], DraftDefinition] = {}
        self.definitions: list[DraftDefinition] = []
        self._class_by_name: dict[str, DraftDefinition] = {}
        self._operation_modules: dict[str, str] = {}

    # -- entry points -------------------------------------------------------------------------

    def declare_components(self) -> None:
        """Give every schema under components/schemas of the root document a definition."""
        schemas = (self._spec.root.data.get("components") or {}).get("schemas") or {}
        for name in schemas:
            self.named(self._spec.root, join_pointer("/components/schemas", name))

    def owner_for(self, module_hint: str) -> Owner:
        """An owner for annotations written outside models (operation parameters and results)."""
        return Owner(module=f"@{module_hint}")

    def named(self, file: SourceFile, pointer: str) -> DraftDefinition:
        """The definition of the schema at `pointer` in `file`, creating it on first use."""
        key = (file.path, pointer)
        if key in self._named:
            return self._named[key]
        raw_name = split_pointer(pointer)[-1] if pointer else file.path.stem
        name = self._class_names.claim(class_name(raw_name))
        module = self._module_names.claim(python_name(name))
        draft = DraftDefinition(module=module, name=name, order=len(self.definitions))
        self._named[key] = draft
        self.definitions.append(draft)
        schema = walk(file.data, pointer)
        context = Context(file, pointer, draft, name, top=True)
        self._fill(draft, schema, context)
        return draft

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

    def is_model(self, name: str) -> bool:
        return name in self._class_by_name

    def annotation(self, schema: Any, context: Context) -> PyType:
        """The Python type for `schema`, creating any definitions it needs."""
        if not isinstance(schema, dict):
            return self._any(context) if schema is not False else PyType("None", True)
        if "$ref" in schema and isinstance(schema["$ref"], str):
            return self._reference(
                schema["$ref"], context, nullable=nullable_flag(schema)
            )
        nullable = nullable_flag(schema)
        if "const" in schema:
            return self._literal([schema["const"]], schema, context, nullable)
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return self._literal(schema["enum"], schema, context, nullable)
        for keyword in ("anyOf", "oneOf"):
            if isinstance(schema.get(keyword), list) and schema[keyword]:
                return self._union(schema, keyword, context, nullable)
        if isinstance(schema.get("allOf"), list) and schema["allOf"]:
            return self._all_of(schema, context, nullable)
        types = declared_types(schema)
        if len(types) > 1:
            return self._type_union(schema, types, context, nullable)
        kind = types[0] if types else implied_type(schema)
        return self._single_type(schema, kind, context, nullable)

    # -- definitions --------------------------------------------------------------------------

    def _fill(self, draft: DraftDefinition, schema: Any, context: Context) -> None:
        if is_object_model(schema, context, self._spec):
            draft.is_class = True
            self._class_by_name[draft.name] = draft
            draft.doc = schema_description(schema) or f"The `{draft.name}` object."
            draft.fields = self._fields(schema, context, draft.name)
            return
        py_type = self.annotation(schema, context)
        draft.annotation = py_type.with_none()
        draft.doc = schema_description(schema) or _alias_doc(schema, py_type)

    def _inline_class(self, schema: dict[str, Any], context: Context) -> PyType:
        name = self._class_names.claim(class_name(context.hint))
        draft = DraftDefinition(
            module=self._module_for(context.owner),
            name=name,
            order=len(self.definitions),
        )
        self.definitions.append(draft)
        draft.is_class = True
        self._class_by_name[name] = draft
        draft.doc = schema_description(schema) or f"The `{name}` object."
        draft.fields = self._fields(
            schema, Context(context.file, context.pointer, draft, name), name
        )
        context.owner.deps.add(name)
        return PyType(name)

    def _fields(
        self, schema: dict[str, Any], context: Context, owner_name: str
    ) -> list[ModelField]:
        properties, required = object_parts(schema, context, self._spec)
        python_names = field_names([name for name, _, _ in properties])
        result = []
        for wire_name, property_schema, property_context in properties:
            hint = owner_name + class_name(wire_name, frozenset())
            py_type = self.annotation(property_schema, property_context.at(hint=hint))
            name = python_names[wire_name]
            description = self._described(property_schema, property_context.file)
            if name != wire_name:
                context.owner.uses.add("Field")  # for Field(alias=...)
            result.append(
                model_field(
                    name,
                    wire_name,
                    property_schema,
                    py_type,
                    wire_name in required,
                    description,
                )
            )
        return result

    # -- schema shapes ------------------------------------------------------------------------

    def _reference(self, ref: str, context: Context, nullable: bool) -> PyType:
        target = self._spec.resolve(ref, context.file)
        draft = self.named(target.file, target.pointer)
        context.owner.deps.add(draft.name)
        return PyType(draft.name, nullable)

    def _any(self, context: Context) -> PyType:
        context.owner.uses.add("Any")
        return PyType("Any", True)

    def _literal(
        self,
        values: list[Any],
        schema: dict[str, Any],
        context: Context,
        nullable: bool,
    ) -> PyType:
        nullable = nullable or None in values
        literal_values = [v for v in values if v is not None]
        if not literal_values:
            return PyType("None", True)
        if all(isinstance(v, (str, int, bool)) for v in literal_values):
            context.owner.uses.add("Literal")
            return PyType(
                f"Literal[{', '.join(pyrepr(v) for v in literal_values)}]", nullable
            )
        types = sorted({json_type(v) for v in literal_values})
        return self._type_union(schema, types, context, nullable)

    def _union(
        self, schema: dict[str, Any], keyword: str, context: Context, nullable: bool
    ) -> PyType:
        members = schema[keyword]
        scratch = Owner(
            module=context.owner.module
        )  # collects what this union alone needs
        texts: list[str] = []
        specificity: dict[str, int] = {}
        for index, member in enumerate(members):
            hint = context.hint + variant_suffix(member, index)
            member_context = context.at(keyword, index, hint=hint).owned_by(scratch)
            member_type = self.annotation(member, member_context)
            nullable = nullable or member_type.nullable
            if member_type.text not in texts and member_type.text != "None":
                texts.append(member_type.text)
                specificity[member_type.text] = required_count(
                    member, member_context, self._spec
                )
        # Order carries no meaning in JSON Schema, but pydantic breaks ties between variants that
        # all accept a value by taking the first: put the most demanding variants first, so an
        # output message is not read as the input message it also satisfies.
        texts.sort(key=lambda text: -specificity[text])
        if not texts:
            return PyType("None", True)
        if (
            "Any" in texts
        ):  # the catch-all variant goes last, so typed variants are tried first
            texts = [text for text in texts if text != "Any"] + ["Any"]
            nullable = True
        union = " | ".join(texts)
        discriminator = self._discriminator(schema, members, context)
        if discriminator is not None and len(texts) > 1:
            scratch.uses.update({"Annotated", "Field"})
            union = f"Annotated[{union}, Field(discriminator={pyrepr(discriminator)})]"
        if len(texts) >= _LIFTED_UNION_SIZE and not context.top:
            union = self._lifted_alias(union, schema, context, scratch)
        else:
            context.owner.deps |= scratch.deps
            context.owner.uses |= scratch.uses
        return PyType(union, nullable)

    def _lifted_alias(
        self, union: str, schema: dict[str, Any], context: Context, needs: Owner
    ) -> str:
        """Name a long inline union, so the annotations that use it stay readable."""
        name = self._class_names.claim(class_name(context.hint))
        draft = DraftDefinition(
            module=self._module_for(context.owner),
            name=name,
            order=len(self.definitions),
        )
        draft.deps, draft.uses = needs.deps, needs.uses
        draft.annotation = union
        draft.doc = schema_description(schema) or "Any one of the types in this union."
        self.definitions.append(draft)
        context.owner.deps.add(name)
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

    def _discriminator(
        self, schema: dict[str, Any], members: list[Any], context: Context
    ) -> str | None:
        """The property to discriminate on, when every variant is a model that fixes its value."""
        spec = schema.get("discriminator")
        if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
            return None
        prop: str = spec["propertyName"]
        for member in members:
            if not isinstance(member, dict) or "$ref" not in member:
                return None
            target = self._spec.resolve(member["$ref"], context.file)
            variant = target.value
            parts = object_parts(
                variant,
                Context(target.file, target.pointer, context.owner, ""),
                self._spec,
            )
            properties, required = parts
            match = [s for name, s, _ in properties if name == prop]
            if (
                not match
                or prop not in required
                or not fixes_value(match[0], target.file, self._spec)
            ):
                return None
        return prop

    def _all_of(
        self, schema: dict[str, Any], context: Context, nullable: bool
    ) -> PyType:
        members = schema["allOf"]
        if len(members) == 1 and not schema.get("properties"):
            member_type = self.annotation(members[0], context.at("allOf", 0))
            return PyType(member_type.text, nullable or member_type.nullable)
        if is_object_model(schema, context, self._spec):
            return PyType(self._inline_class(schema, context).text, nullable)
        self._warn(
            context, "allOf of non-object schemas is not supported; typed as Any"
        )
        return self._any(context)

    def _type_union(
        self, schema: dict[str, Any], types: list[str], context: Context, nullable: bool
    ) -> PyType:
        texts: list[str] = []
        for kind in types:
            if kind == "null":
                nullable = True
                continue
            text = self._single_type(schema, kind, context, False).text
            if text not in texts:
                texts.append(text)
        if "Any" in texts:
            return PyType("Any", True)
        return PyType(" | ".join(texts) or "None", nullable or not texts)

    def _single_type(
        self, schema: dict[str, Any], kind: str | None, context: Context, nullable: bool
    ) -> PyType:
        if kind in _PRIMITIVES:
            return PyType(_PRIMITIVES[kind], nullable or kind == "null")
        if kind == "array":
            items = schema.get("items")
            item_type = (
                self.annotation(items, context.at("items", hint=context.hint + "Item"))
                if items is not None
                else self._any(context)
            )
            return PyType(f"list[{item_type.with_none()}]", nullable)
        if kind == "object":
            if is_object_model(schema, context, self._spec):
                return PyType(self._inline_class(schema, context).text, nullable)
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                value_type = self.annotation(
                    extra,
                    context.at("additionalProperties", hint=context.hint + "Value"),
                )
                return PyType(f"dict[str, {value_type.with_none()}]", nullable)
            context.owner.uses.add("Any")
            return PyType("dict[str, Any]", nullable)
        return self._any(context)

    def _warn(self, context: Context, message: str) -> None:
        self._diagnostics.append(
            context.file.diagnostic(context.pointer, message, "warning")
        )


# -- pure helpers -----------------------------------------------------------------------------


def _alias_doc(schema: Any, py_type: PyType) -> str:
    if isinstance(schema, dict) and isinstance(schema.get("enum"), list):
        values = ", ".join(pyrepr(v) for v in schema["enum"])
        return f"One of {values}."
    if isinstance(schema, dict) and (schema.get("anyOf") or schema.get("oneOf")):
        return "Any one of the types in this union."
    return f"`{py_type.with_none()}`."
