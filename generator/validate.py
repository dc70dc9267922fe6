"""Validate: the loaded spec against the OpenAPI schema (openapi-spec-validator), as diagnostics.

The library checks a document in two passes: jsonschema against the OpenAPI meta-schema, whose errors
carry paths from the document root, then its keyword validators (paths, operations, schemas,
defaults...), which walk the document through `$ref`s and raise errors relative to the node each
was called for. Here every keyword validator is subclassed to tag its errors (and its crashes) with
that node's path; the path is then followed through the spec's `$ref`s to the file and JSON pointer
the node really is at.
"""

from __future__ import annotations

import os
from contextlib import suppress
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from jsonschema.exceptions import ValidationError, best_match
from jsonschema_path.paths import SchemaPath
from openapi_spec_validator.validation import (
    OpenAPIV2SpecValidator,
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
    keywords,
)
from openapi_spec_validator.validation.validators import SpecValidator

from .diagnostics import (
    Diagnostic,
    SpecError,
    excerpt,
    join_pointer,
    shorten_quotes,
    split_pointer,
)
from .load import SourceFile, SpecSource

_TAG = "_sdkgen_parts"  # attribute set on errors and crashes: the path of the node they are about


def validate_spec(spec: SpecSource) -> None:
    """Raise SpecError listing what makes the root document invalid Swagger 2.0 or OpenAPI
    3.0/3.1, each checked against its own version's schema (normalize upgrades it afterwards).
    """
    root = spec.root
    document = root.data
    if not isinstance(document, dict):
        raise SpecError(
            [root.diagnostic("", "the document must be a mapping (an OpenAPI object)")]
        )
    key = "openapi" if "openapi" in document or "swagger" not in document else "swagger"
    version = document.get(key)
    if not isinstance(version, str):
        message = "missing `openapi` version string (expected 3.0.x or 3.1.x)"
        if key == "swagger":
            message = 'the `swagger` version must be the string "2.0"'
        raise SpecError(
            [root.diagnostic(join_pointer("", key) if key in document else "", message)]
        )
    validator_cls = _VALIDATORS.get(".".join(version.split(".")[:2]))
    if validator_cls is None or (key == "swagger") != (version == "2.0"):
        expected = "2.0" if key == "swagger" else "3.0.x or 3.1.x"
        message = f"unsupported {'Swagger' if key == 'swagger' else 'OpenAPI'} version {excerpt(version)} (expected {expected})"
        raise SpecError([root.diagnostic(join_pointer("", key), message)])
    diagnostics = _Collector(spec).collect(validator_cls(spec))
    if diagnostics:
        raise SpecError(diagnostics)


class _Collector:
    """Turns the validator's errors into diagnostics: one per problem, the deepest explanation,
    without the cascade of parent errors it causes."""

    def __init__(self, spec: SpecSource) -> None:
        self.spec = spec
        self.found: list[Diagnostic] = []
        self.covered: set[tuple[str, str]] = (
            set()
        )  # each reported location and its ancestors

    def collect(self, validator: SpecValidator) -> list[Diagnostic]:
        try:
            for error in validator.iter_errors():
                parts = getattr(error, _TAG, None)
                self.add(best_match(error.context) if error.context else error, parts)
        except Exception as crash:  # a crash inside the validator is still bad input
            if not self.found:  # otherwise it choked on what the errors already explain
                self.found.append(self.crash_diagnostic(crash))
        return self.found

    def add(self, error: ValidationError, parts: tuple[Any, ...] | None) -> None:
        if (
            parts is None
        ):  # from the meta-schema pass: a literal path in the root document
            file, pointer = self.spec.root, join_pointer("", *error.absolute_path)
        else:
            file, pointer = _real_location(self.spec, [*parts, *error.absolute_path])
        if (file.display, pointer) in self.covered:
            return
        self.found.append(file.diagnostic(pointer, _message(error)))
        self.covered.update((file.display, p) for p in _ancestors(pointer))

    def crash_diagnostic(self, crash: Exception) -> Diagnostic:
        parts = getattr(crash, _TAG, ())
        file, pointer = _real_location(self.spec, list(parts))
        unread = _unread_uri(crash)
        if unread is not None:
            pointer = _ref_to(file, pointer, unread) or pointer
        return file.diagnostic(
            pointer,
            f"the OpenAPI validator could not check this document: {_why(crash)}",
        )


def _ancestors(pointer: str) -> Iterator[str]:
    yield pointer
    while pointer:
        pointer = pointer.rsplit("/", 1)[0]
        yield pointer


def _message(error: ValidationError) -> str:
    """The error's message, quoting document values only as excerpts: jsonschema writes the whole
    offending value into it (`{...} is not valid under any of the given schemas`)."""
    message = error.message
    if len(message) > 100:
        for value in (error.instance, error.validator_value):
            quoted = repr(value)
            if len(quoted) > 60 and quoted in message:
                message = message.replace(quoted, excerpt(value))
    return shorten_quotes(message)


def _unread_uri(crash: BaseException) -> str | None:
    """The URI the validator tried to fetch beyond the files load_spec read, if that is the crash."""
    cause: BaseException | None = crash
    while cause is not None:
        if isinstance(cause, _NotLoaded):
            return cause.uri
        cause = cause.__cause__ or cause.__context__
    return None


def _ref_to(file: SourceFile, pointer: str, uri: str) -> str | None:
    """The pointer of the first `$ref` under `pointer` in `file` that names `uri`."""
    wanted = uri.partition("#")[0]
    base = file.path.as_uri()
    start = _child_at(file.data, pointer)
    pending: list[tuple[Any, str]] = [(start, pointer)]
    seen: set[int] = set()
    while pending:
        node, at = pending.pop()
        if not isinstance(node, (dict, list)) or id(node) in seen:
            continue
        seen.add(id(node))
        ref = node.get("$ref") if isinstance(node, dict) else None
        if isinstance(ref, str) and urljoin(base, ref).partition("#")[0] == wanted:
            return join_pointer(at, "$ref")
        items = node.items() if isinstance(node, dict) else enumerate(node)
        pending.extend(
            (value, join_pointer(at, key)) for key, value in reversed(list(items))
        )
    return None


def _child_at(data: Any, pointer: str) -> Any:
    for token in split_pointer(pointer):
        data = _child(data, token)
    return data


def _why(crash: BaseException) -> str:
    unread = _unread_uri(crash)
    if unread is not None:
        return (
            f"it follows a $ref to {excerpt(unread)}, which sdkgen did not read "
            "(a $ref inside a default or an example is data, not a reference)"
        )
    if isinstance(crash, RecursionError):
        return (
            "it recursed too deeply checking the value here (schemas nested through $refs "
            "deeper than it can follow)"
        )
    detail = shorten_quotes(str(crash))
    name = type(crash).__name__
    return (
        f"it failed on the value here ({name}: {detail})"
        if detail
        else f"it failed on the value here ({name})"
    )


_MISSING = object()


def _real_location(spec: SpecSource, parts: list[Any]) -> tuple[SourceFile, str]:
    """Where the node at `parts` (a path from the root that passes through `$ref`s as the
    validator walks it) really is: the file and pointer of the deepest node found on the way.
    """
    file, pointer, node = spec.root, "", spec.root.data
    for token in [*parts, None]:
        try:
            target = spec.follow(node, file, pointer)
        except LookupError:  # a `$ref` load_spec did not check (inside data)
            target = None
        if token is None:
            if target is not None:
                file, pointer = target.file, target.pointer
            break
        child = _MISSING if target is None else _child(target.value, token)
        if child is not _MISSING and target is not None:
            file, pointer = target.file, target.pointer
        else:
            child = _child(node, token)
            if child is _MISSING:
                break
        pointer, node = join_pointer(pointer, token), child
    return file, pointer


def _child(node: Any, token: Any) -> Any:
    if isinstance(node, dict):
        return node.get(str(token), _MISSING)
    if isinstance(node, list):
        index = (
            token
            if isinstance(token, int)
            else int(token) if str(token).isdigit() else -1
        )
        return node[index] if 0 <= index < len(node) else _MISSING
    return _MISSING


def _tagging(cls: type[keywords.KeywordValidator]) -> type[keywords.KeywordValidator]:
    """`cls`, with each error it yields (and any exception it raises) tagged with the path of the
    node it was called for, unless a nested call tagged it first."""
    is_value = issubclass(cls, keywords.ValueValidator)

    def call(self: Any, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
        node = next((a for a in args if isinstance(a, SchemaPath)), None)
        parts = () if node is None else tuple(node.parts)
        if is_value:  # called with the schema; the errors are about its `default`
            parts += ("default",)
        try:
            for error in cls.__call__(self, *args, **kwargs):
                if getattr(error, _TAG, None) is None:
                    setattr(error, _TAG, parts)
                yield error
        except Exception as crash:
            if getattr(crash, _TAG, None) is None:
                with suppress(AttributeError):  # an exception type without a __dict__
                    setattr(crash, _TAG, parts)
            raise

    namespace: dict[str, Any] = {"__call__": call}
    if issubclass(cls, keywords.SchemaValidator):
        namespace["_collect_properties"] = _collect_properties
    return type(cls.__name__, (cls,), namespace)


def _collect_properties(self: Any, schema: SchemaPath) -> set[str]:
    """The library's `SchemaValidator._collect_properties` (every property name an `allOf` member
    declares, through its own allOf/anyOf/oneOf, items and not), without recursing forever on a
    member that contains itself through `items` (a tree of arrays is a valid schema)."""
    props: set[str] = set()
    seen: set[int] = set()
    pending = [schema]
    while pending:
        current = pending.pop()
        identity = id(current.read_value())
        if identity in seen:
            continue
        seen.add(identity)
        if "properties" in current:
            props.update(str(key) for key in (current / "properties").keys())
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in current:
                pending.extend(current / keyword)
        for keyword in ("items", "not"):
            if keyword in current:
                pending.append(current / keyword)
    return props


class _NotLoaded(Exception):
    def __init__(self, uri: str) -> None:
        super().__init__(uri)
        self.uri = uri


class _LoadedFilesOnly(Mapping[str, Any]):
    """Resolver handlers for every URI scheme that serve only the files load_spec read.

    The validator follows `$ref`s by itself, including some load_spec treats as data (inside a
    `default`), and by default would open any file or URL they name."""

    def __init__(self, spec: SpecSource) -> None:
        self._documents = {str(f.path): f.data for f in spec.files.values()}

    def __getitem__(self, scheme: str) -> Any:
        return self._fetch

    def __iter__(self) -> Iterator[str]:
        return iter(("file",))

    def __len__(self) -> int:
        return 1

    def _fetch(self, uri: str) -> Any:
        parts = urlsplit(uri)
        path = os.path.normpath(unquote(parts.path)) if parts.scheme == "file" else None
        if path is None or path not in self._documents:
            raise _NotLoaded(uri)
        return self._documents[path]


def _validator_class(base: type[SpecValidator]) -> Any:
    """`base`, with tagging keyword validators, confined `$ref` resolution, and a plain
    `iter_errors` (the library's re-wraps each error in a new object, losing the tags).
    """

    class Validator(base):  # type: ignore[valid-type, misc]
        keyword_validators = {
            name: _tagging(cls) for name, cls in base.keyword_validators.items()
        }

        def __init__(self, spec: SpecSource) -> None:
            self.resolver_handlers = _LoadedFilesOnly(spec)
            super().__init__(spec.root.data, base_uri=spec.root.path.as_uri())

        def iter_errors(self) -> Iterator[ValidationError]:  # type: ignore[override]
            yield from self.schema_validator.iter_errors(self.schema)
            yield from self.root_validator(self.schema_path)

    return Validator


_VALIDATORS: dict[str, Any] = {
    "2.0": _validator_class(OpenAPIV2SpecValidator),
    "3.0": _validator_class(OpenAPIV30SpecValidator),
    "3.1": _validator_class(OpenAPIV31SpecValidator),
}
