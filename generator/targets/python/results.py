"""Python results: what a method returns, and how the runtime parses each response into it.

A JSON body becomes its schema's type (a model's `model_validate_json`, else a `TypeAdapter`); a
`text/*` body `str`; any other media type `bytes` (a download); a response without content
`None`. A `text/event-stream` body is a `Stream[T]` (`AsyncStream[T]` on the asyncio client) of
each event's data parsed as the declared type (`str` where events carry text), and a binary body a
`BinaryResponse` (`AsyncBinaryResponse`) streamed on demand: both are sent through the client's
`stream` / `download` rather than `call`. When the 2xx responses differ (200 with a body, 204 without), the return type is their
union and the runtime picks the parser by status. Error responses with a JSON schema are parsed
onto the raised error's `parsed_body`.
"""

from __future__ import annotations

import json
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
    # The async method's return annotation (a stream's or download's differs from the sync one).
    async_annotation: str = ""
    client_method: str = "call"  # the client method a generated method calls
    stream: str = ""  # "" or the `Operation(...)` keywords of a streamed response
    # How a generated test reads the returned value (sync and async) and the type that reads it.
    test_read: str = "result"
    test_read_async: str = "await call_async(sdk)"
    test_read_type: str = ""


def lower_result(
    op: api.Operation,
    owner: Owner,
    translator: SchemaTranslator,
    diagnostics: list[Diagnostic] | None = None,
) -> LoweredResult:
    """The return annotation, parsers, Returns-doc and examples of `op`."""
    hint = class_name(op.operation_id.raw, frozenset()) + "Result"
    success = op.success
    if success is not None and success.kind in ("event_stream", "bytes"):
        return _streamed(op, success, owner, translator, hint, diagnostics)
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
        async_annotation=annotation,
        test_read_type=annotation,
    )


def _streamed(
    op: api.Operation,
    success: api.Response,
    owner: Owner,
    translator: SchemaTranslator,
    hint: str,
    diagnostics: list[Diagnostic] | None,
) -> LoweredResult:
    """An event stream or a download: returned unread, whatever other 2xx status comes."""
    errors = {}
    for response in op.responses:
        if response.is_error and response.type is not None:
            error_hint = class_name(op.operation_id.raw, frozenset()) + "Error"
            errors[response.status] = _lowered(
                response, owner, translator, error_hint, diagnostics
            )[1]
    accept = ", ".join(m.raw for m in success.media_types)
    description = success.description.raw
    if success.kind == "bytes":
        return LoweredResult(
            annotation="BinaryResponse",
            async_annotation="AsyncBinaryResponse",
            parse="bytes_body",
            parsers="",
            errors=_dict_literal(errors),
            type_argument="",
            returns=description
            or "The body, unread: `.read()`, `.iter_bytes()` or `.write_to_file(path)`.",
            example=_SAMPLE_TEXT,
            example_content='b"' + _SAMPLE_TEXT + '"',
            accept=accept,
            runtime_names=frozenset(
                {"BinaryResponse", "AsyncBinaryResponse", "bytes_body"}
            ),
            uses_type_adapter=any(
                p.startswith("TypeAdapter(") for p in errors.values()
            ),
            client_method="download",
            stream='stream="bytes"',
            test_read="result.read()",
            test_read_async="await (await call_async(sdk)).read()",
            test_read_type="bytes",
        )
    if success.type is None:
        item, parse = "str", "text_body"
        example: Any = _SAMPLE_TEXT
        data = _SAMPLE_TEXT
    else:
        item = translator.lower(success.type, Place(owner, hint + "Event")).with_none()
        parse = (
            f"{item}.model_validate_json"
            if translator.is_model(item)
            else _adapter_parse(item)
        )
        example = success.example
        data = json.dumps(example, ensure_ascii=False, separators=(",", ":"))
    terminator = success.stream_terminator
    content = f"data: {data}\n\n" + (
        f"data: {terminator.raw}\n\n" if terminator is not None else ""
    )
    keywords = 'stream="events"' + (
        f", terminator={pyrepr(terminator)}" if terminator is not None else ""
    )
    every = [parse, *errors.values()]
    return LoweredResult(
        annotation=f"Stream[{item}]",
        async_annotation=f"AsyncStream[{item}]",
        parse=parse,
        parsers="",
        errors=_dict_literal(errors),
        type_argument="",
        returns=description
        or f"The events, each one's data a `{item}` (iterate; close or use `with`).",
        example=[example],
        example_content=_bytes_literal(content.encode()),
        accept=accept,
        runtime_names=frozenset(
            {"Stream", "AsyncStream"}
            | ({"text_body"} if parse == "text_body" else set())
        ),
        uses_type_adapter=any(p.startswith("TypeAdapter(") for p in every),
        client_method="stream",
        stream=keywords,
        test_read="list(result)",
        test_read_async="[item async for item in await call_async(sdk)]",
        test_read_type=f"list[{item}]",
    )


def _bytes_literal(content: bytes) -> str:
    """A bytes literal of `content` (spec text escaped: Python's repr of bytes is inert)."""
    return repr(content)


def _lowered(
    response: api.Response,
    owner: Owner,
    translator: SchemaTranslator,
    hint: str,
    diagnostics: list[Diagnostic] | None,
) -> tuple[str, str]:
    """The annotation and parse expression for one response."""
    if response.kind in ("text", "event_stream"):
        return "str", "text_body"
    if response.kind == "bytes":
        return "bytes", "bytes_body"
    if response.type is None:
        return "None", "ignore_body"
    annotation = translator.lower(response.type, Place(owner, hint)).with_none()
    if translator.is_model(annotation):
        return annotation, f"{annotation}.model_validate_json"
    return annotation, _adapter_parse(annotation)


def _adapter_parse(annotation: str) -> str:
    """The JSON parser of a type that is not a model: a `TypeAdapter` whose validator is built on
    its first call (as the models' are, `defer_build`), so importing a resource module builds none.
    """
    return f"TypeAdapter({annotation}, config=DEFER_BUILD).validate_json"


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
