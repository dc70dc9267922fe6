"""Python results: what a method returns, and how the runtime parses each response into it.

A JSON body becomes its schema's type (a model's `model_validate_json`, else a `TypeAdapter`); a
`text/*` body `str`; any other media type `bytes` (a download); a response without content
`None`. A `text/event-stream` body is returned as its raw text, with a warning (streaming comes
later). When the 2xx responses differ (200 with a body, 204 without), the return type is their
union and the runtime picks the parser by status. Error responses with a JSON schema are parsed
onto the raised error's `parsed_body`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...diagnostics import Diagnostic
from ...ir import api
from ...naming import class_name
from .annotations import Place, SchemaTranslator
from .context import Owner, UNKNOWN_VALUE_TYPES
from .literals import pyrepr

_ANNOTATION_HELPERS = frozenset({"Annotated", "Any", "Field", "Literal"})
_SAMPLE_TEXT = "sample text"


@dataclass(frozen=True, slots=True)
class LoweredResult:
    """A method's return annotation and the runtime's parsers."""

    annotation: str
    parse: str  # the main 2xx parser
    parsers: (
        str  # "" or a dict literal: status -> parser, for 2xx statuses parsed otherwise
    )
    errors: str  # "" or a dict literal: status, range or "default" -> error body parser
    type_argument: (
        str  # "" or ": Operation[<annotation>]" when the parsers differ in type
    )
    returns: str  # the Returns section of the docstring
    example: Any  # the parsed value a test expects (JSON data)
    example_content: str  # "None", or a bytes literal a test server answers with
    accept: str | None  # the Accept header, where the success response is not JSON
    runtime_names: frozenset[str]
    uses_type_adapter: bool


def lower_result(
    op: api.Operation,
    owner: Owner,
    translator: SchemaTranslator,
    diagnostics: list[Diagnostic] | None = None,
) -> LoweredResult:
    """The return annotation, parsers, Returns-doc and examples of `op`."""
    hint = class_name(op.operation_id.raw, frozenset()) + "Result"
    success = op.success
    main = (
        _lowered(success, owner, translator, hint, diagnostics)
        if success is not None
        else ("None", "ignore_body")
    )
    parsers: dict[str, str] = {}
    annotations = [main[0]]
    for response in op.successes:
        if response is success:
            continue
        annotation, parse = _lowered(response, owner, translator, hint, diagnostics)
        if parse != main[1]:
            parsers[response.status] = parse
        if annotation not in annotations:
            annotations.append(annotation)
    annotation = _union(annotations)
    errors = {}
    for response in op.responses:
        if response is success or not response.is_error or response.type is None:
            continue
        error_hint = class_name(op.operation_id.raw, frozenset()) + "Error"
        errors[response.status] = _lowered(
            response, owner, translator, error_hint, diagnostics
        )[1]
    every = [main[1], *parsers.values(), *errors.values()]
    runtime = {p for p in every if p in ("ignore_body", "text_body", "bytes_body")}
    description = success.description.raw if success is not None else ""
    returns = description or (
        "None." if annotation == "None" else f"The parsed `{annotation}`."
    )
    example, content = _example(success)
    return LoweredResult(
        annotation=annotation,
        parse=main[1],
        parsers=_dict_literal(parsers),
        errors=_dict_literal(errors),
        type_argument=f": Operation[{annotation}]" if parsers else "",
        returns=returns,
        example=example,
        example_content=content,
        accept=(
            ", ".join(m.raw for m in success.media_types)
            if success is not None and success.kind not in ("json", "empty")
            else None
        ),
        runtime_names=frozenset(runtime),
        uses_type_adapter=any(p.startswith("TypeAdapter(") for p in every),
    )


def _lowered(
    response: api.Response,
    owner: Owner,
    translator: SchemaTranslator,
    hint: str,
    diagnostics: list[Diagnostic] | None,
) -> tuple[str, str]:
    """The annotation and parse expression for one response."""
    if response.kind == "event_stream":
        if diagnostics is not None:
            message = (
                "text/event-stream responses are not streamed yet (streaming comes later); "
                "the method returns the whole body as text"
            )
            diagnostics.append(response.where.diagnostic(message, limitation=True))
        return "str", "text_body"
    if response.kind == "text":
        return "str", "text_body"
    if response.kind == "bytes":
        return "bytes", "bytes_body"
    if response.type is None:
        return "None", "ignore_body"
    annotation = translator.lower(response.type, Place(owner, hint)).with_none()
    if translator.is_model(annotation):
        return annotation, f"{annotation}.model_validate_json"
    return annotation, f"TypeAdapter({annotation}).validate_json"


def _union(annotations: list[str]) -> str:
    if "Any" in annotations:
        return "Any"
    parts: list[str] = []
    for annotation in annotations:
        for part in annotation.split(" | ") if "[" not in annotation else [annotation]:
            if part not in parts:
                parts.append(part)
    if "None" in parts and len(parts) > 1:
        parts = [p for p in parts if p != "None"] + ["None"]
    return " | ".join(parts)


def _example(success: api.Response | None) -> tuple[Any, str]:
    """What a test server answers (None: the JSON example) and the value a call then returns."""
    if success is None or success.kind == "empty":
        return None, "None"
    if success.kind in ("text", "event_stream", "bytes"):
        return _SAMPLE_TEXT, 'b"' + _SAMPLE_TEXT + '"'
    return success.example, "None"


def _dict_literal(entries: dict[str, str]) -> str:
    if not entries:
        return ""
    return "{" + ", ".join(f"{pyrepr(k)}: {v}" for k, v in entries.items()) + "}"


def result_imports(package: str, models: list[str], owner: Owner) -> tuple[str, ...]:
    """What a generated test imports to write the return annotation (`Literal[...]` included)."""
    typing_names = sorted(owner.uses & _ANNOTATION_HELPERS - {"Field"})
    lines = [f"from typing import {', '.join(typing_names)}"] if typing_names else []
    lines += ["from pydantic import Field"] if "Field" in owner.uses else []
    runtime = sorted(owner.uses & UNKNOWN_VALUE_TYPES)
    lines += [f"from {package}._runtime import {', '.join(runtime)}"] if runtime else []
    lines += [f"from {package}.models import {', '.join(models)}"] if models else []
    return tuple(lines)
