"""Operations -> the language-neutral records of `api.py`: parameters, body and responses.

Where an operation lives in an SDK is decided in `paths`; this module reads what it sends and what
it returns. OpenAPI's own rules are applied here (a header parameter named Accept, Content-Type or
Authorization is ignored; a path parameter is always required), so that every target agrees.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..diagnostics import Diagnostic, excerpt, join_pointer
from ..load import SourceFile, SpecSource
from ..text import SpecText
from .api import BodyContent, BodyEncoding, InvalidExample, Operation, Parameter
from .api import PropertyEncoding, RequestBody, Response, ResponseKind, Where
from .examples import ExampleChecker
from .pagination import PaginationReader
from .paths import RawOperation
from .reader import SchemaReader, constraints_of
from .samples import invalid_string, sample_value, spec_example
from .wire import is_header_name

_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
# Framing headers the HTTP client writes from the request itself: a value given separately
# could only disagree with the body it describes.
_TRANSPORT_HEADERS = frozenset(
    {"content-length", "transfer-encoding", "host", "connection", "te", "upgrade"}
)
_DEFAULT_STYLES = {
    "path": "simple",
    "header": "simple",
    "query": "form",
    "cookie": "form",
}
# The styles OpenAPI 3.1 defines for each location.
_STYLES = {
    "path": ("simple", "label", "matrix"),
    "header": ("simple",),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "cookie": ("form",),
}


class OperationReader:
    """Reads operations; shares the schema reader with the models."""

    def __init__(
        self,
        spec: SpecSource,
        reader: SchemaReader,
        diagnostics: list[Diagnostic],
    ) -> None:
        self._spec = spec
        self._reader = reader
        self._diagnostics = diagnostics
        self._examples = ExampleChecker(spec)
        self._pagination = PaginationReader(spec, reader.definition_of, diagnostics)

    def read(self, raw: RawOperation) -> Operation:
        node = raw.node
        operation_id = str(node.get("operationId") or f"{raw.method}_{raw.path}")
        body = node.get("requestBody")
        request_body = self._request_body(raw, body) if body is not None else None
        tags = node.get("tags")
        parameters = self._parameters(raw)
        responses = self._responses(raw)
        operation = Operation(
            operation_id=SpecText(operation_id),
            method=raw.method,
            path=SpecText(_without_templated_query(raw.path, parameters)),
            summary=SpecText(str(node.get("summary") or "").strip()),
            description=SpecText(str(node.get("description") or "").strip()),
            deprecated=node.get("deprecated") is True,
            tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (),
            parameters=parameters,
            request_body=request_body,
            responses=responses,
            security=requirements(node.get("security")),
            where=Where(self._spec.root, raw.pointer),
        )
        pagination = self._pagination.read(
            node, raw.pointer, raw.method, parameters, operation.success
        )
        if pagination is None:
            return operation
        return replace(operation, pagination=pagination)

    # -- parameters ---------------------------------------------------------------------------

    def _parameters(self, raw: RawOperation) -> tuple[Parameter, ...]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], SourceFile, str]] = {}
        sources = [
            (p, join_pointer(raw.pointer.rsplit("/", 1)[0], "parameters", i))
            for i, p in enumerate(raw.path_parameters)
        ]
        sources += [
            (p, join_pointer(raw.pointer, "parameters", i))
            for i, p in enumerate(raw.node.get("parameters") or [])
        ]
        for param, pointer in sources:
            target = self._spec.follow(param, self._spec.root, pointer)
            if isinstance(target.value, dict):
                key = (str(target.value.get("name")), str(target.value.get("in")))
                merged[key] = (target.value, target.file, target.pointer)
        result = []
        for (wire_name, location), (param, file, pointer) in merged.items():
            if location == "header" and not self._sendable_header(
                wire_name, file, join_pointer(pointer, "name")
            ):
                continue
            result.append(self._parameter(wire_name, location, param, file, pointer))
        return tuple(result)

    def _parameter(
        self,
        wire_name: str,
        location: str,
        param: dict[str, Any],
        file: SourceFile,
        pointer: str,
    ) -> Parameter:
        schema: dict[str, Any] = (
            param["schema"] if isinstance(param.get("schema"), dict) else {}
        )
        schema_pointer = join_pointer(pointer, "schema")
        media_type = None
        content = param.get("content")
        if "schema" not in param and isinstance(content, dict) and content:
            # A `content`-encoded parameter: one media type, whose schema is the value's.
            media_type = str(next(iter(content)))
            media = content[media_type]
            media_schema = media.get("schema") if isinstance(media, dict) else None
            schema = media_schema if isinstance(media_schema, dict) else {}
            schema_pointer = join_pointer(pointer, "content", media_type, "schema")
        resolved = _resolved(schema, file, self._spec)
        default_style = _DEFAULT_STYLES.get(location, "simple")
        style = param.get("style")
        if style is not None and style not in _STYLES.get(location, (style,)):
            message = (
                f"style {excerpt(str(style))} is not defined for {location} parameters; "
                f"sent as {default_style}"
            )
            self._diagnostics.append(
                file.diagnostic(join_pointer(pointer, "style"), message, "warning")
            )
            style = None
        style = style if isinstance(style, str) else default_style
        explode = param.get("explode")
        enum = resolved.get("enum")
        invalid = None
        if resolved.get("type") == "string" and any(
            k in resolved for k in ("pattern", "minLength", "maxLength", "enum")
        ):
            broken = invalid_string(resolved)
            invalid = InvalidExample(broken[0], SpecText(broken[1])) if broken else None
        description = param.get("description") or resolved.get("description") or ""
        return Parameter(
            wire_name=SpecText(wire_name),
            location=location,
            required=bool(param.get("required")) or location == "path",
            type=self._reader.read(schema, file, schema_pointer),
            style=style,
            explode=explode if isinstance(explode, bool) else style == "form",
            allow_reserved=param.get("allowReserved") is True,
            media_type=SpecText(media_type) if media_type is not None else None,
            description=SpecText(str(description).strip()),
            constraints=constraints_of(resolved),
            enum=tuple(enum) if isinstance(enum, list) else (),
            example=self._sample_argument(param, schema, file, pointer),
            invalid_example=invalid,
            where=Where(file, pointer),
        )

    def _sendable_header(self, name: str, file: SourceFile, pointer: str) -> bool:
        """Whether a header parameter is sent: its name must be an HTTP token, and the ones
        OpenAPI says to ignore (the SDK sets them itself) are left out with a warning.
        """
        if not is_header_name(name):
            message = f"{excerpt(name)} is not a valid HTTP header name"
            self._diagnostics.append(file.diagnostic(pointer, message))
            return False
        if name.lower() in _IGNORED_HEADERS:
            message = f"a header parameter named {name} is ignored (OpenAPI: the client sets it)"
            self._diagnostics.append(file.diagnostic(pointer, message, "warning"))
            return False
        if name.lower() in _TRANSPORT_HEADERS:
            message = f"a header parameter named {name} is ignored (the HTTP client sets it from the request)"
            self._diagnostics.append(file.diagnostic(pointer, message, "warning"))
            return False
        return True

    def _sample_argument(
        self,
        param: dict[str, Any],
        schema: dict[str, Any],
        file: SourceFile,
        pointer: str,
    ) -> Any:
        """The parameter's example if its schema accepts it (else a warning), or a built one."""
        found, example = spec_example(param)
        if found and "schema" in param:
            problem = self._examples.problem(
                example, file, join_pointer(pointer, "schema")
            )
            if problem is None:
                return example
            where = join_pointer(
                pointer, "example" if "example" in param else "examples"
            )
            message = f"the example does not match its schema: {problem}; tests use a built sample"
            self._diagnostics.append(file.diagnostic(where, message, "warning"))
        elif found:
            return example
        return sample_value(schema, file, self._spec)

    # -- request bodies -----------------------------------------------------------------------

    def _request_body(self, raw: RawOperation, body: Any) -> RequestBody:
        target = self._spec.follow(
            body, self._spec.root, join_pointer(raw.pointer, "requestBody")
        )
        value = target.value if isinstance(target.value, dict) else {}
        content = value.get("content")
        contents = []
        for media_type, media in (content if isinstance(content, dict) else {}).items():
            pointer = join_pointer(target.pointer, "content", str(media_type))
            contents.append(
                self._body_content(str(media_type), media, target.file, pointer)
            )
        return RequestBody(
            required=value.get("required") is True,
            contents=tuple(contents),
            description=SpecText(str(value.get("description") or "").strip()),
            where=Where(target.file, target.pointer),
        )

    def _body_content(
        self, media_type: str, media: Any, file: SourceFile, pointer: str
    ) -> BodyContent:
        media = media if isinstance(media, dict) else {}
        schema = media.get("schema")
        node = (
            self._reader.read(schema, file, join_pointer(pointer, "schema"))
            if schema is not None
            else None
        )
        encodings = []
        declared = media.get("encoding")
        for name, entry in (declared if isinstance(declared, dict) else {}).items():
            entry = entry if isinstance(entry, dict) else {}
            style = entry.get("style")
            explode = entry.get("explode")
            content_type = entry.get("contentType")
            encodings.append(
                PropertyEncoding(
                    property=SpecText(str(name)),
                    content_type=(
                        SpecText(content_type)
                        if isinstance(content_type, str)
                        else None
                    ),
                    style=style if isinstance(style, str) else "form",
                    explode=(
                        explode
                        if isinstance(explode, bool)
                        else style in (None, "form")
                    ),
                )
            )
        return BodyContent(
            media_type=SpecText(media_type),
            encoding=body_encoding(media_type),
            type=node,
            encodings=tuple(encodings),
            example=(
                sample_value(schema, file, self._spec) if schema is not None else None
            ),
            where=Where(file, pointer),
        )

    # -- responses ----------------------------------------------------------------------------

    def _responses(self, raw: RawOperation) -> tuple[Response, ...]:
        responses = raw.node.get("responses") or {}
        statuses = sorted((str(s), s) for s in responses)
        success = next((text for text, _ in statuses if text.startswith("2")), None)
        if success is None and "default" in responses:
            success = "default"
        return tuple(
            self._response(raw, text, responses[key], with_example=text == success)
            for text, key in statuses
        )

    def _response(
        self, raw: RawOperation, status: str, value: Any, with_example: bool
    ) -> Response:
        target = self._spec.follow(
            value, self._spec.root, join_pointer(raw.pointer, "responses", status)
        )
        response, file, response_pointer = target.value, target.file, target.pointer
        where = Where(file, response_pointer)
        if not isinstance(response, dict):
            return Response(status, SpecText(""), "empty", None, None, None, where)
        description = SpecText(str(response.get("description") or "").strip())
        content = response.get("content") or {}
        media_type = _preferred_media_type(content)
        if media_type is None:
            return Response(status, description, "empty", None, None, None, where)
        kind = _kind(media_type)
        media_types = tuple(SpecText(str(m)) for m in content)
        if kind == "event_stream":
            return self._event_stream(
                status, description, content, media_type, file, response_pointer, where
            )
        if kind != "json":
            return Response(
                status,
                description,
                kind,
                SpecText(media_type),
                None,
                None,
                where,
                media_types,
            )
        media = content[media_type] or {}
        schema = media.get("schema") or {}
        media_pointer = join_pointer(response_pointer, "content", media_type)
        pointer = join_pointer(media_pointer, "schema")
        node = self._reader.read(schema, file, pointer)
        example = None
        if with_example:
            found, example = spec_example(media)
            problem = self._examples.problem(example, file, pointer) if found else None
            if found and problem is None and not self._reader.fits(example, node):
                problem = "it is not of the type the schema describes"
            if problem is not None:
                at = join_pointer(
                    media_pointer, "example" if "example" in media else "examples"
                )
                message = f"the example does not match its schema: {problem}; tests use a built sample"
                self._diagnostics.append(file.diagnostic(at, message, "warning"))
            if not found or problem is not None:
                example = sample_value(schema, file, self._spec)
        return Response(
            status,
            description,
            "json",
            SpecText(media_type),
            node,
            example,
            where,
            media_types,
        )

    def _event_stream(
        self,
        status: str,
        description: SpecText,
        content: dict[str, Any],
        media_type: str,
        file: SourceFile,
        response_pointer: str,
        where: Where,
    ) -> Response:
        """A `text/event-stream` response: the type of each event's data, where the document
        gives one (OAS 3.2 `itemSchema`, else the media type's `schema` read as the type of each
        event's JSON `data`), and the `x-sdkgen-stream-terminator` data that ends the stream.
        """
        media = content[media_type] if isinstance(content[media_type], dict) else {}
        media_pointer = join_pointer(response_pointer, "content", media_type)
        found = _event_data_schema(media, media_pointer, file, self._spec)
        node = example = None
        if found is not None:
            schema, schema_file, pointer = found
            node = self._reader.read(schema, schema_file, pointer)
            example = sample_value(schema, schema_file, self._spec)
        terminator = media.get("x-sdkgen-stream-terminator")
        if terminator is not None and not _one_line(terminator):
            at = join_pointer(media_pointer, "x-sdkgen-stream-terminator")
            message = "x-sdkgen-stream-terminator must be a one-line string; ignored"
            self._diagnostics.append(file.diagnostic(at, message, "warning"))
            terminator = None
        return Response(
            status,
            description,
            "event_stream",
            SpecText(media_type),
            node,
            example,
            where,
            tuple(SpecText(str(m)) for m in content),
            stream_terminator=SpecText(terminator) if terminator is not None else None,
        )


def _one_line(value: Any) -> bool:
    """A terminator an event's data can equal: text without line breaks (SSE splits at them)."""
    return (
        isinstance(value, str) and bool(value) and not any(c in value for c in "\r\n")
    )


def _event_data_schema(
    media: dict[str, Any], pointer: str, file: SourceFile, spec: SpecSource
) -> tuple[Any, SourceFile, str] | None:
    """The schema of each event's JSON `data`, or None when events carry plain text.

    OAS 3.2's `itemSchema` describes one event: its `data` property's `contentSchema` (or
    its schema), else the item itself when it has no `data` property. A media type's `schema`
    is read as the data's type. A string schema (or none) means the data is text, not JSON.
    """
    if "itemSchema" in media:
        target = spec.follow(
            media["itemSchema"], file, join_pointer(pointer, "itemSchema")
        )
        item = target.value if isinstance(target.value, dict) else {}
        properties = item.get("properties")
        data = properties.get("data") if isinstance(properties, dict) else None
        if isinstance(data, dict):
            at = join_pointer(target.pointer, "properties", "data")
            inner = spec.follow(data, target.file, at)
            data_schema = inner.value if isinstance(inner.value, dict) else {}
            if "contentSchema" in data_schema:
                return (
                    data_schema["contentSchema"],
                    inner.file,
                    join_pointer(inner.pointer, "contentSchema"),
                )
            chosen = (data, target.file, at)
        else:
            chosen = (media["itemSchema"], file, join_pointer(pointer, "itemSchema"))
    elif "schema" in media:
        chosen = (media["schema"], file, join_pointer(pointer, "schema"))
    else:
        return None
    resolved = _resolved(chosen[0], chosen[1], spec)
    if not resolved or resolved.get("type") == "string":
        return None
    return chosen


def _without_templated_query(path: str, parameters: tuple[Parameter, ...]) -> str:
    """`/search?query={query}` with a query parameter `query`: the parameter is sent as any
    query parameter is, so the path keeps only the query pairs it spells out literally.
    """
    route, mark, query = path.partition("?")
    if not mark:
        return path
    declared = {p.wire_name.raw for p in parameters if p.location == "query"}
    kept = [
        pair
        for pair in query.split("&")
        if pair and not _is_template_of(pair.partition("=")[2], declared)
    ]
    return route + ("?" + "&".join(kept) if kept else "")


def _is_template_of(value: str, names: set[str]) -> bool:
    return value.startswith("{") and value.endswith("}") and value[1:-1] in names


def requirements(value: Any) -> tuple[tuple[str, ...], ...] | None:
    """A `security` list as alternatives of scheme names; None if the document says nothing."""
    if not isinstance(value, list):
        return None
    return tuple(
        tuple(str(name) for name in requirement)
        for requirement in value
        if isinstance(requirement, dict)
    )


def _preferred_media_type(content: Any) -> str | None:
    """The media type a client asks for first: JSON, then any other."""
    if not isinstance(content, dict) or not content:
        return None
    media_types = [str(m) for m in content]
    json_types = [m for m in media_types if _kind(m) == "json"]
    return (json_types or media_types)[0]


def body_encoding(media_type: str) -> BodyEncoding:
    """How a request body of `media_type` is encoded."""
    essence = media_type.split(";", 1)[0].strip().lower()
    if essence == "application/json" or essence.endswith("+json"):
        return "json"
    if essence == "application/x-www-form-urlencoded":
        return "form"
    if essence.startswith("multipart/"):
        return "multipart"
    if essence.startswith("text/"):
        return "text"
    return "binary"


def _kind(media_type: str) -> ResponseKind:
    essence = media_type.split(";", 1)[0].strip().lower()
    if essence == "application/json" or essence.endswith("+json"):
        return "json"
    if essence == "text/event-stream":
        return "event_stream"
    if essence.startswith("text/"):
        return "text"
    return "bytes"


def _resolved(schema: Any, file: SourceFile, spec: SpecSource) -> dict[str, Any]:
    target = spec.follow(schema, file)
    return target.value if isinstance(target.value, dict) else {}
