"""Request bodies encoded for the wire, and response bodies decoded from it.

An operation declares each media type it accepts as a `Body`: how it is
encoded (JSON, form, multipart, text or raw bytes) and which keyword
arguments make it. An object body is made of `BodyField`s (one keyword
argument per top-level property); any other body is one argument, ``body``.
`encode_body` turns the arguments into bytes once, before the first attempt,
so every retry sends exactly the same bytes (file objects are read once).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum
from typing import IO, Any, Literal, Union
from urllib.parse import urlencode

import pydantic

from ._errors import InvalidParameterError
from ._model import DEFER_BUILD

__all__ = [
    "Body",
    "BodyField",
    "FileContent",
    "FileTypes",
    "bytes_body",
    "encode_body",
    "text_body",
]

Encoding = Literal["json", "form", "multipart", "text", "binary"]
FieldKind = Literal["value", "json", "file", "files"]

FileContent = Union[bytes, IO[bytes]]
"""A file's content: bytes, or a binary file object (read once, before sending)."""
FileTypes = Union[
    FileContent,
    tuple[str | None, FileContent],
    tuple[str | None, FileContent, str | None],
]
"""A file to upload: its content, or (filename, content) or (filename, content, media type)."""

_JSON = "application/json"
_ANY_VALUE: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(Any, config=DEFER_BUILD)


@dataclass(frozen=True, slots=True)
class BodyField:
    """One top-level property of an object body, passed as its own keyword argument.

    ``kind`` says how a multipart body sends it: ``value`` as a text part (each
    item of a list its own part), ``json`` as a JSON part, ``file`` as a file,
    ``files`` as one file part per item. A form body sends ``json`` values as
    JSON text and the others per ``style`` and ``explode`` (OpenAPI's
    `encoding`). ``content_type`` overrides a multipart part's media type.
    """

    name: str
    wire_name: str
    required: bool = False
    kind: FieldKind = "value"
    style: str = "form"
    explode: bool = True
    content_type: str | None = None


@dataclass(frozen=True, slots=True)
class Body:
    """The request body in one media type.

    An object body is built from ``fields``; any other body is the value of
    the keyword argument ``argument``.
    """

    media_type: str
    encoding: Encoding
    required: bool = False
    fields: tuple[BodyField, ...] = ()
    argument: str | None = None


def encode_body(body: Body, args: Mapping[str, object]) -> tuple[bytes, str] | None:
    """The body's bytes and its Content-Type, or None when no body is sent.

    Raises `InvalidParameterError` (before anything is sent) for a missing
    required argument or a value the media type cannot carry.
    """
    if body.argument is not None:
        value = args.get(body.argument)
        if value is None:
            if body.required:
                raise _invalid(body.argument, "is required", value)
            return None
        return _encode_value(body, value)
    present = [(f, args.get(f.name)) for f in body.fields]
    given = [(f, v) for f, v in present if v is not None]
    if not given and not body.required:
        return None  # an optional body left out: its required properties with it
    for field, value in present:
        if value is None and field.required:
            raise _invalid(field.name, "is required", value)
    if body.encoding == "multipart":
        return _multipart(given)
    if body.encoding == "form":
        return _form(given), body.media_type
    data = {f.wire_name: jsonable(v) for f, v in given}
    return _json_bytes(data), body.media_type


def jsonable(value: object) -> Any:
    """``value`` as request data: models dumped by alias, with only the fields that were set,
    less their read-only ones (set by the server, never sent: at any depth)."""
    if isinstance(value, pydantic.BaseModel):
        data = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
        _drop_read_only(value, data)
        return data
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return _ANY_VALUE.dump_python(value, mode="json")


def _drop_read_only(value: object, data: object) -> None:
    """Remove from ``data`` (``value`` dumped) the keys of read-only model fields."""
    if isinstance(value, pydantic.BaseModel) and isinstance(data, dict):
        fields = type(value).model_fields
        for name in value.model_fields_set:
            field = fields.get(name)
            if field is None:
                continue  # an extra key: kept as given
            key = field.alias or name
            if key not in data:
                continue
            if _is_read_only(field):
                del data[key]
            else:
                _drop_read_only(getattr(value, name), data[key])
    elif isinstance(value, (list, tuple)) and isinstance(data, list):
        for item, dumped in zip(value, data):
            _drop_read_only(item, dumped)
    elif isinstance(value, Mapping) and isinstance(data, dict):
        for key, item in value.items():
            if str(key) in data:
                _drop_read_only(item, data[str(key)])


def _is_read_only(field: Any) -> bool:
    extra = field.json_schema_extra
    return isinstance(extra, dict) and extra.get("readOnly") is True


def text_body(content: bytes) -> str:
    """The ``parse`` of a text response: its bytes as UTF-8 text."""
    return content.decode("utf-8", errors="replace")


def bytes_body(content: bytes) -> bytes:
    """The ``parse`` of a binary response (a download): its bytes as they are."""
    return content


# -- encoders ---------------------------------------------------------------------------------


def _json_bytes(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _encode_value(body: Body, value: object) -> tuple[bytes, str]:
    name = body.argument or "body"
    if body.encoding == "json":
        return _json_bytes(jsonable(value)), body.media_type
    if body.encoding == "text":
        if not isinstance(value, str):
            raise _invalid(name, "must be text (str)", value)
        return value.encode(), body.media_type
    if body.encoding == "binary":
        return _read(name, value), body.media_type
    # A form or multipart body whose schema is not an object: a mapping of fields.
    data = jsonable(value)
    if not isinstance(data, dict):
        raise _invalid(name, "must be a mapping of field names to values", value)
    fields = [(BodyField(name=str(k), wire_name=str(k)), v) for k, v in data.items()]
    if body.encoding == "form":
        return _form(fields), body.media_type
    return _multipart(fields)


def _read(name: str, content: object) -> bytes:
    """A file's bytes: bytes as they are, a file object read once (text encoded as UTF-8)."""
    if isinstance(content, (bytes, bytearray, memoryview)):
        return bytes(content)
    if isinstance(content, str):
        return content.encode()
    read = getattr(content, "read", None)
    if callable(read):
        data = read()
        return data.encode() if isinstance(data, str) else bytes(data)
    raise _invalid(name, "must be bytes or a binary file object", content)


def _text(value: object) -> str:
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(jsonable(value), ensure_ascii=False, separators=(",", ":"))


_DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|"}


def _form(fields: Sequence[tuple[BodyField, object]]) -> bytes:
    """``application/x-www-form-urlencoded``, each field per its style and explode."""
    pairs: list[tuple[str, str]] = []
    for field, value in fields:
        name = field.wire_name
        if field.kind == "json":
            pairs.append((name, _json_bytes(jsonable(value)).decode()))
            continue
        data = jsonable(value) if not isinstance(value, Enum) else value.value
        if isinstance(data, dict):
            if field.style == "deepObject":
                pairs += [(f"{name}[{k}]", _text(v)) for k, v in data.items()]
            elif field.explode:
                pairs += [(str(k), _text(v)) for k, v in data.items()]
            else:
                flat = [x for k, v in data.items() for x in (str(k), _text(v))]
                pairs.append((name, ",".join(flat)))
        elif isinstance(data, list):
            if field.explode and field.style == "form":
                pairs += [(name, _text(item)) for item in data]
            else:
                delimiter = _DELIMITERS.get(field.style, ",")
                pairs.append((name, delimiter.join(_text(item) for item in data)))
        else:
            pairs.append((name, _text(data)))
    return urlencode(pairs).encode()


def _quoted(text: str) -> str:
    """A name or filename inside a quoted Content-Disposition parameter (as browsers send it)."""
    return (
        text.replace("\\", "\\\\")
        .replace('"', "%22")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
    )


def _file_part(name: str, file: object) -> tuple[str | None, bytes, str]:
    """(filename, content, media type) of one file argument."""
    filename: str | None = None
    media_type: str | None = None
    content: object = file
    if isinstance(file, tuple) and len(file) in (2, 3):
        filename, content = file[0], file[1]
        if len(file) == 3:
            media_type = file[2]
    elif not isinstance(file, (bytes, bytearray, memoryview)):
        path = getattr(file, "name", None)
        filename = os.path.basename(path) if isinstance(path, str) else None
    return (
        filename or name,
        _read(name, content),
        media_type or "application/octet-stream",
    )


def _multipart(fields: Sequence[tuple[BodyField, object]]) -> tuple[bytes, str]:
    """``multipart/form-data``: text parts, JSON parts and file parts."""
    parts: list[tuple[str, str | None, str | None, bytes]] = []
    for field, value in fields:
        name = field.wire_name
        if field.kind in ("file", "files"):
            files = (
                value if field.kind == "files" and isinstance(value, list) else [value]
            )
            for file in files:
                filename, content, media_type = _file_part(field.name, file)
                parts.append(
                    (name, filename, field.content_type or media_type, content)
                )
        elif field.kind == "json" or (
            field.content_type is not None and "json" in field.content_type
        ):
            data = _json_bytes(jsonable(value))
            parts.append((name, None, field.content_type or _JSON, data))
        elif isinstance(value, (list, tuple)):
            parts += [
                (name, None, field.content_type, _text(item).encode()) for item in value
            ]
        else:
            parts.append((name, None, field.content_type, _text(value).encode()))
    boundary = os.urandom(16).hex()
    chunks: list[bytes] = []
    for part_name, part_filename, part_type, payload in parts:
        disposition = f'form-data; name="{_quoted(part_name)}"'
        if part_filename is not None:
            disposition += f'; filename="{_quoted(part_filename)}"'
        head = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
        if part_type is not None:
            head += f"Content-Type: {part_type}\r\n"
        chunks += [head.encode(), b"\r\n", payload, b"\r\n"]
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def _invalid(name: str, rule: str, value: object) -> InvalidParameterError:
    shown = repr(value)
    shown = shown if len(shown) <= 100 else shown[:97] + "..."
    return InvalidParameterError(
        f"Invalid argument {name!r}: {rule}, got {shown}", parameter=name, value=value
    )
