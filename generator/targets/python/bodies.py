"""Python request bodies: how a method takes its body, and the runtime `Body` declarations.

The rule (documented in the README):

- The default media type is the first JSON one, else the first form, else the first multipart,
  else the first the document lists.
- An object body (JSON, form or multipart whose schema is an object) is taken as one keyword
  argument per top-level property, typed from its schema; readOnly properties are left out. A
  property is a required argument when the schema requires it and the body is required.
- Any other body is one keyword argument, `body`: JSON typed from the schema, `str` for `text/*`,
  `FileContent` (bytes or a binary file) for any other media type.
- A multipart property of `format: binary` is a file (`FileTypes`: bytes, a file object or a
  `(filename, content[, media type])` tuple), an array of them a list of files; an object or an
  array of non-scalars is a JSON part.
- Other media types the document lists are offered through a `content_type` argument when the
  same arguments can make them (the same object, or the same kind of raw body). The rest get a
  method of their own, named after the first of them: `create_multipart` beside `create` when
  the JSON and the multipart bodies differ (`body_variants`).

Argument names never collide with the operation's parameters: they are claimed after them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from ...diagnostics import Diagnostic
from ...ir import api
from ...ir.types import (
    ArrayType,
    LiteralType,
    Nullable,
    ObjectType,
    Primitive,
    Property,
    TypeNode,
)
from ...naming import NameRegistry, class_name, python_name
from ...reserved import PARAMETER_RESERVED
from ...text import SpecText
from .annotations import Place, SchemaTranslator
from .context import Owner
from .literals import pyrepr, tuple_literal
from .view import Parameter

_DEFAULT_ORDER = ("json", "form", "multipart")
_SAMPLE_FILE = 'b"file content"'


@dataclass(frozen=True, slots=True)
class LoweredBody:
    """What a request body adds to a method: its keyword arguments and runtime declarations."""

    arguments: tuple[Parameter, ...]
    declarations: tuple[str, ...]  # `Body(...)` expressions, the default first
    body_choice: str | None  # the keyword argument choosing the media type, if several
    runtime_names: frozenset[str]
    # A multipart body: the parts a call with the required arguments sends, by wire name, as
    # (media type, whether it carries a filename), a dict literal for a test ("" otherwise).
    multipart_parts: str = ""


NO_BODY = LoweredBody((), (), None, frozenset())


_VARIANT_SUFFIX = {
    "json": "json",
    "form": "form",
    "multipart": "multipart",
    "text": "text",
    "binary": "raw",
}


def body_variants(
    op: api.Operation, translator: SchemaTranslator
) -> list[tuple[str, api.Operation]]:
    """`op` once per set of media types one method's arguments can make: ("", op) when one
    method takes them all, else a suffix and the operation restricted to those media types for
    each further method (the default media type's set first, with the suffix "")."""
    body = op.request_body
    if body is None or len(body.contents) < 2:
        return [("", op)]
    groups: list[list[api.BodyContent]] = []
    left = list(body.contents)
    while left:
        default = _default_content(tuple(left))
        default_object = _object_of(default, translator)
        wires = (
            {p.wire_name.raw for p in _sendable(default_object)}
            if default_object
            else set()
        )
        group = [default] + [
            c
            for c in left
            if c is not default
            and _can_make(c, default, default_object, wires, translator)
        ]
        groups.append(group)
        left = [c for c in left if not any(c is g for g in group)]
    if len(groups) == 1:
        return [("", op)]
    suffixes = [_VARIANT_SUFFIX[group[0].encoding] for group in groups]
    variants = []
    for index, group in enumerate(groups):
        suffix = "" if index == 0 else suffixes[index]
        if suffix and (suffixes.count(suffix) > 1 or suffix == suffixes[0]):
            # two sets of one family (JSON and merge-patch JSON): the media type tells them apart
            suffix = python_name(group[0].media_type.raw.split("/")[-1], frozenset())
        ordered = tuple(c for c in body.contents if any(c is g for g in group))
        summary = op.summary.raw and SpecText(
            f"{op.summary.raw} (as {group[0].media_type.raw})"
        )
        restricted = replace(
            op,
            request_body=replace(body, contents=ordered),
            summary=summary or op.summary,
        )
        variants.append((suffix, restricted))
    return variants


def _object_of(
    content: api.BodyContent, translator: SchemaTranslator
) -> ObjectType | None:
    """The object a JSON, form or multipart body is, or None when it is something else."""
    if content.encoding not in _DEFAULT_ORDER or content.type is None:
        return None
    node = translator.dereferenced(content.type)
    return node if isinstance(node, ObjectType) and node.properties else None


def _can_make(
    content: api.BodyContent,
    default: api.BodyContent,
    default_object: ObjectType | None,
    wires: set[str],
    translator: SchemaTranslator,
) -> bool:
    """Whether the arguments a method takes for `default` can make `content` too."""
    if default_object is not None:
        obj = _object_of(content, translator)
        return obj is not None and all(p.wire_name.raw in wires for p in _sendable(obj))
    if content.type is not None and content.type == default.type:
        # one value of that type: the runtime sends it as JSON, or its fields as a form
        return content.encoding in _DEFAULT_ORDER and default.encoding in _DEFAULT_ORDER
    return content.encoding == default.encoding and content.encoding in (
        "text",
        "binary",
    )


class BodyLowering:
    """Lowers request bodies; one instance per SDK (it shares the type lowering)."""

    def __init__(
        self, translator: SchemaTranslator, diagnostics: list[Diagnostic]
    ) -> None:
        self._translator = translator
        self._diagnostics = diagnostics

    def lower(
        self, op: api.Operation, owner: Owner, taken: Iterable[str]
    ) -> LoweredBody:
        body = op.request_body
        if body is None or not body.contents:
            return NO_BODY
        names = NameRegistry(PARAMETER_RESERVED | frozenset(taken))
        default = _default_content(body.contents)
        hint = class_name(op.operation_id.raw, frozenset()) + "Body"
        default_object = _object_of(default, self._translator)
        runtime = {"Body"}
        arguments: list[Parameter] = []
        by_wire: dict[str, str] = {}
        example = default.example if isinstance(default.example, dict) else {}
        if default_object is not None:
            runtime.add("BodyField")
            for prop in _sendable(default_object):
                name = names.claim(python_name(prop.wire_name.raw, PARAMETER_RESERVED))
                by_wire[prop.wire_name.raw] = name
                arguments.append(
                    self._property_argument(
                        name, prop, default, body.required, owner, hint, example
                    )
                )
        else:
            name = names.claim(python_name("body", PARAMETER_RESERVED))
            arguments.append(self._body_argument(name, body, default, owner, hint))
        offered = [default]
        for content in body.contents:
            if content is default:
                continue
            if _can_make(
                content, default, default_object, set(by_wire), self._translator
            ):
                offered.append(content)
            else:
                message = (
                    f"the request body's media type {content.media_type.raw} is not offered: "
                    f"the method builds its body as {default.media_type.raw}"
                )
                self._diagnostics.append(
                    content.where.diagnostic(message, limitation=True)
                )
        argument = None if default_object is not None else arguments[0].name
        declarations = tuple(
            self._declaration(c, body.required, by_wire, argument) for c in offered
        )
        runtime |= {
            name
            for name in ("FileTypes", "FileContent")
            for a in arguments
            if name in a.annotation
        }
        body_choice = None
        if len(offered) > 1:
            body_choice = names.claim("content_type")
            owner.uses.add("Literal")
            choices = ", ".join(pyrepr(c.media_type) for c in offered)
            arguments.append(
                Parameter(
                    name=body_choice,
                    wire_name=SpecText("Content-Type"),
                    location="body",
                    required=False,
                    annotation=f"Literal[{choices}]",
                    default=f" = {pyrepr(default.media_type)}",
                    constraints=(),
                    doc=SpecText(
                        "The media type to send the body as: "
                        + ", ".join(f"`{c.media_type.raw}`" for c in offered)
                        + "."
                    ),
                    sample=pyrepr(default.media_type),
                )
            )
        return LoweredBody(
            tuple(sorted(arguments, key=lambda a: not a.required)),
            declarations,
            body_choice,
            frozenset(runtime),
            _multipart_parts(default, default_object, body.required),
        )

    # -- arguments ----------------------------------------------------------------------------

    def _property_argument(
        self,
        name: str,
        prop: Property,
        content: api.BodyContent,
        body_required: bool,
        owner: Owner,
        hint: str,
        example: dict[str, Any],
    ) -> Parameter:
        required = prop.required and body_required
        kind = _part_kind(prop.type) if content.encoding == "multipart" else "value"
        if kind in ("file", "files"):
            annotation = "FileTypes" if kind == "file" else "list[FileTypes]"
            annotation += "" if required else " | None"
            sample = _SAMPLE_FILE if kind == "file" else f"[{_SAMPLE_FILE}]"
        else:
            place = Place(
                owner, hint + class_name(prop.wire_name.raw, frozenset()), closed=True
            )
            py_type = self._translator.lower(prop.type, place)
            annotation = py_type.with_none() if required else py_type.optional()
            sample = _sample(example.get(prop.wire_name.raw))
        description = prop.description.raw or (
            f"The `{prop.wire_name.raw}` property of the request body."
        )
        return Parameter(
            name=name,
            wire_name=prop.wire_name,
            location="body",
            required=required,
            annotation=annotation,
            default="" if required else " = None",
            constraints=(),
            doc=SpecText(description),
            sample=sample,
        )

    def _body_argument(
        self,
        name: str,
        body: api.RequestBody,
        content: api.BodyContent,
        owner: Owner,
        hint: str,
    ) -> Parameter:
        required = body.required
        if content.encoding == "text":
            annotation = "str" if required else "str | None"
            sample = pyrepr(
                content.example if isinstance(content.example, str) else "text"
            )
        elif content.encoding == "binary":
            annotation = "FileContent" if required else "FileContent | None"
            sample = _SAMPLE_FILE
        elif content.encoding == "json" and content.type is not None:
            py_type = self._translator.lower(
                content.type, Place(owner, hint, closed=True)
            )
            annotation = py_type.with_none() if required else py_type.optional()
            # a body the schema leaves open (`{}`) has no sample; the runtime refuses None
            example = content.example
            sample = _sample({} if example is None and required else example)
        else:  # JSON without a schema, or a form or multipart body that is no object
            owner.uses.add("Any")
            map_type = "dict[str, Any]" if content.encoding != "json" else "Any"
            annotation = (
                map_type if required or map_type == "Any" else f"{map_type} | None"
            )
            sample = _sample(content.example if content.example is not None else {})
        description = body.description.raw or (
            f"The request body ({content.media_type.raw})."
        )
        return Parameter(
            name=name,
            wire_name=SpecText("body"),
            location="body",
            required=required,
            annotation=annotation,
            default="" if required else " = None",
            constraints=(),
            doc=SpecText(description),
            sample=sample,
        )

    # -- declarations -------------------------------------------------------------------------

    def _declaration(
        self,
        content: api.BodyContent,
        required: bool,
        by_wire: dict[str, str],
        argument: str | None,
    ) -> str:
        head = (
            f"Body(media_type={pyrepr(content.media_type)}, "
            f"encoding={pyrepr(content.encoding)}"
        ) + (", required=True" if required else "")
        if argument is not None:
            return f"{head}, argument={pyrepr(argument)})"
        obj = _object_of(content, self._translator)
        assert obj is not None  # offered only when it is an object too
        encodings = {e.property.raw: e for e in content.encodings}
        fields = []
        for prop in _sendable(obj):
            wire = prop.wire_name.raw
            encoding = encodings.get(wire)
            kind = _part_kind(prop.type) if content.encoding == "multipart" else "value"
            content_type = encoding.content_type if encoding is not None else None
            if content_type is not None and "json" in content_type.raw.lower():
                kind = "json"
            parts = [
                f"name={pyrepr(by_wire[wire])}",
                f"wire_name={pyrepr(prop.wire_name)}",
            ]
            parts += ["required=True"] if prop.required else []
            parts += [f"kind={pyrepr(kind)}"] if kind != "value" else []
            if encoding is not None and content.encoding == "form":
                parts += [
                    f"style={pyrepr(encoding.style)}",
                    f"explode={encoding.explode!r}",
                ]
            if content_type is not None and content.encoding == "multipart":
                parts.append(f"content_type={pyrepr(content_type)}")
            fields.append(f"BodyField({', '.join(parts)})")
        return f"{head}, fields={tuple_literal(fields)})"


_PART_MEDIA_TYPES = {
    "file": "application/octet-stream",
    "json": "application/json",
    "value": "text/plain",
}


def _multipart_parts(
    content: api.BodyContent, obj: ObjectType | None, body_required: bool
) -> str:
    """The parts the required properties of a multipart object body are sent as: by wire name,
    (media type, has a filename), as a dict literal; "" for another body, or where a part's
    count depends on the sample (a list), its media type is a list of alternatives or its name
    is escaped on the wire."""
    if content.encoding != "multipart" or obj is None or not body_required:
        return ""
    encodings = {e.property.raw: e for e in content.encodings}
    parts = {}
    for prop in _sendable(obj):
        if not prop.required:
            continue
        kind = _part_kind(prop.type)
        inner = prop.type.inner if isinstance(prop.type, Nullable) else prop.type
        encoding = encodings.get(prop.wire_name.raw)
        written = encoding.content_type if encoding is not None else None
        if written is not None and "json" in written.raw.lower():
            kind = "json"
        if kind == "files" or (kind == "value" and isinstance(inner, ArrayType)):
            continue
        wire = prop.wire_name.raw
        if not (wire.isascii() and wire.isprintable()) or any(
            c in wire for c in '"\\%'
        ):
            return ""  # the runtime escapes it as browsers do; a MIME parser reads it back as is
        media_type = written.raw if written is not None else _PART_MEDIA_TYPES[kind]
        if "," in media_type or "*" in media_type:
            return ""
        essence = media_type.split(";", 1)[0].strip().lower()
        parts[prop.wire_name.raw] = f"({pyrepr(essence)}, {kind == 'file'})"
    if not parts:
        return ""
    return "{" + ", ".join(f"{pyrepr(k)}: {v}" for k, v in parts.items()) + "}"


def _default_content(contents: tuple[api.BodyContent, ...]) -> api.BodyContent:
    for encoding in _DEFAULT_ORDER:
        for content in contents:
            if content.encoding == encoding:
                return content
    return contents[0]


def _sendable(obj: ObjectType) -> tuple[Property, ...]:
    """The properties a request carries: all but the readOnly ones."""
    return tuple(p for p in obj.properties if not p.read_only)


def _is_file(node: TypeNode) -> bool:
    node = node.inner if isinstance(node, Nullable) else node
    return (
        isinstance(node, Primitive)
        and node.kind == "string"
        and (node.format == "binary")
    )


def _part_kind(node: TypeNode) -> str:
    """How a multipart body sends a property: a file, files, a JSON part or text parts."""
    inner = node.inner if isinstance(node, Nullable) else node
    if _is_file(inner):
        return "file"
    if isinstance(inner, ArrayType):
        if _is_file(inner.items):
            return "files"
        items = inner.items.inner if isinstance(inner.items, Nullable) else inner.items
        return "value" if isinstance(items, (Primitive, LiteralType)) else "json"
    return "value" if isinstance(inner, (Primitive, LiteralType)) else "json"


def _sample(value: Any) -> str:
    """A sample argument: scalars as they are, anything else passed through `Any` (its
    annotation may be a model class the test does not build)."""
    if isinstance(value, (str, bool, int, float)):
        return pyrepr(value)
    return f"cast(Any, {pyrepr(value)})"
