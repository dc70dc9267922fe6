"""Validate: the loaded spec against the OpenAPI schema (openapi-spec-validator), as diagnostics.

Each finding is an error or a warning. The rule: a finding is an **error** when the generator could
not build a faithful SDK past it, that is when

- the document is not a mapping, or has no `openapi` version, or one other than 3.0.x / 3.1.x;
- a value has the wrong container type where the OpenAPI schema expects a mapping or a list (a
  `type` finding whose expected types include `object` or `array`): `paths`, a path item, an
  operation, a `parameters` list, a parameter, a request body, `responses`, a response, `content`,
  a media type, `components` and its sections, a schema and its `properties`, `items`, `allOf`,
  `required`, `enum`..., `tags`, `servers`, `security`. The generator walks into these, so guessing
  past them would crash it or make up an API. The exceptions are values it never reads:
  `contact`, `license`, `externalDocs`, `xml`, `example`, `examples` and `links`;
- a parameter has no `name` or `in`, or an `in` that is not query, header, path or cookie (or, in
  Swagger 2.0, body or formData): where and under which name to send it is unknown;
- a path's template and its path parameters differ (a variable no parameter declares, or a path
  parameter the template does not use): the SDK's runtime refuses to build such an operation. A
  variable in a query string written in the path key (`/search?q={q}`) is only a warning.

Every other finding is a **warning**, and the document still generates: an unknown or misplaced
key (`title` under a path item), a missing key the generator does not need (a response
`description`), a scalar of the wrong type (`exclusiveMinimum: true` in 3.1), a regular expression
the validator cannot read (`\\p{L}`), a `default` its schema rejects, a path key with a query
string (sent as a fixed query), a duplicate operationId, and the validator failing on the document (what it did not check, the generator still does). `$ref`s that
do not resolve are the loader's errors, before validation. `--strict` makes every warning an
error (see pipeline.py).

The library checks a document in two passes: jsonschema against the OpenAPI meta-schema, whose errors
carry paths from the document root, then its keyword validators (paths, operations, schemas,
defaults...), which walk the document through `$ref`s and raise errors relative to the node each
was called for. Here every keyword validator is subclassed to tag its errors (and its crashes) with
that node's path; the path is then followed through the spec's `$ref`s to the file and JSON pointer
the node really is at.
"""

from __future__ import annotations

import os
import re
from contextlib import suppress
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from jsonschema.exceptions import ValidationError, best_match
from jsonschema_path.paths import SchemaPath
from openapi_spec_validator.validation.exceptions import (
    DuplicateOperationIDError,
    UnresolvableParameterError,
)
from openapi_spec_validator.validation import (
    OpenAPIV2SpecValidator,
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
    keywords,
)
from openapi_spec_validator.schemas import schema_v2, schema_v30, schema_v31
from openapi_spec_validator.schemas.backend.jsonschema import (
    create_validator as create_jsonschema_validator,
)
from openapi_spec_validator.validation.validators import SpecValidator

from .diagnostics import (
    Diagnostic,
    Severity,
    SpecError,
    excerpt,
    join_pointer,
    shorten_quotes,
    split_pointer,
)
from .load import RefTarget, SourceFile, SpecSource
from .meta_schema import (
    DRAFT4_SCHEMA_CHECKER,
    OAS31_DIALECT,
    OAS31_SCHEMA_CHECKER,
    meets_meta_schema,
    schema_object_is_valid,
)

_TAG = "_sdkgen_parts"  # attribute set on errors and crashes: the path of the node they are about
_DATA = "_sdkgen_data"  # set on errors about a value (a `default`) checked against its schema
_NOT_A_SCHEMA = (
    "_sdkgen_not_a_schema"  # set on errors about a schema that is not a mapping
)


def validate_spec(spec: SpecSource) -> tuple[Diagnostic, ...]:
    """The warnings about what makes the root document invalid Swagger 2.0 or OpenAPI 3.0/3.1,
    each checked against its own version's schema (normalize upgrades it afterwards); raises
    SpecError (with the warnings too) if any finding is an error (see the rule above).
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
    collector = _Collector(spec)
    for diagnostic in _Skeleton(spec).errors():
        collector.record(diagnostic)
    diagnostics = collector.collect(validator_cls(spec))
    if any(d.severity == "error" for d in diagnostics):
        raise SpecError(diagnostics)
    return tuple(diagnostics)


class _Collector:
    """Turns the validator's errors into diagnostics: one per problem, the deepest explanation,
    without the cascade of parent errors it causes, each an error or a warning."""

    def __init__(self, spec: SpecSource) -> None:
        self.spec = spec
        self.found: list[Diagnostic] = []
        swagger = isinstance(spec.root.data, dict) and "swagger" in spec.root.data
        self.locations = _LOCATIONS | _SWAGGER_LOCATIONS if swagger else _LOCATIONS
        # each reported location and its ancestors; an error is dropped only under an error
        self.covered: dict[str, set[tuple[str, str]]] = {
            "error": set(),
            "warning": set(),
        }

    def collect(self, validator: SpecValidator) -> list[Diagnostic]:
        try:
            for error in validator.iter_errors():
                parts = getattr(error, _TAG, None)
                best = _best_match(error) if error.context else error
                path = [*(parts or ()), *best.absolute_path]
                severity = _severity(error, best, path, self.locations)
                self.add(best, parts, severity)
        except Exception as crash:  # a crash inside the validator is still bad input
            if not self.found:  # otherwise it choked on what the errors already explain
                self.found.append(self.crash_diagnostic(crash))
        return self.found

    def add(
        self, error: ValidationError, parts: tuple[Any, ...] | None, severity: Severity
    ) -> None:
        if (
            parts is None
        ):  # from the meta-schema pass: a literal path in the root document
            file, pointer = self.spec.root, join_pointer("", *error.absolute_path)
        else:
            file, pointer = _real_location(self.spec, [*parts, *error.absolute_path])
        # a fact about an operation is a cascade of an error inside it, not of a warning
        level = "error" if isinstance(error, _OPERATION_FACTS) else severity
        if (file.display, pointer) in self.covered[level]:
            return
        self.record(file.diagnostic(pointer, _message(error), severity))

    def record(self, diagnostic: Diagnostic) -> None:
        self.found.append(diagnostic)
        for level in ("warning", diagnostic.severity):
            self.covered[level].update(
                (diagnostic.file, p) for p in _ancestors(diagnostic.pointer)
            )

    def crash_diagnostic(self, crash: Exception) -> Diagnostic:
        parts = getattr(crash, _TAG, ())
        file, pointer = _real_location(self.spec, list(parts))
        unread = _unread_uri(crash)
        if unread is not None:
            pointer = _ref_to(file, pointer, unread) or pointer
        return file.diagnostic(
            pointer,
            f"the OpenAPI validator could not check this document: {_why(crash)}",
            "warning",
        )


# The sections of `components` the generator reads from (an unknown key there is a warning).
_SECTIONS = frozenset(
    {
        "schemas",
        "responses",
        "parameters",
        "requestBodies",
        "headers",
        "securitySchemes",
        "callbacks",
        "pathItems",
    }
)
_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class _Skeleton:
    """The containers the generator walks from the root to each operation's parameters, body and
    responses (and `components`), checked directly: the validator explains only one problem per
    top-level keyword, which may be a trifle beside a wrong container. Each wrong one is an error.
    """

    def __init__(self, spec: SpecSource) -> None:
        self.spec = spec
        self.found: list[Diagnostic] = []

    def errors(self) -> list[Diagnostic]:
        root = self.spec.root
        document = root.data
        for key, kind in (("info", dict), ("components", dict), ("paths", dict)):
            self.expect(document, root, "", key, kind)
        for key in ("servers", "security", "tags"):
            self.expect(document, root, "", key, list)
        components = self.expect(document, root, "", "components", dict)
        if components is not None:
            for section, node in components.value.items():
                if section in _SECTIONS:
                    pointer = join_pointer(components.pointer, section)
                    self.expect({section: node}, components.file, pointer, None, dict)
        paths = self.expect(document, root, "", "paths", dict)
        for key in paths.value if paths is not None else ():
            item = self.child(paths, key, dict)
            if item is not None:
                self.parameters(item)
                for method in _OPERATIONS:
                    self.operation(self.child(item, method, dict))
        return self.found

    def operation(self, operation: RefTarget | None) -> None:
        if operation is None:
            return
        self.parameters(operation)
        self.content(self.child(operation, "requestBody", dict))
        responses = self.child(operation, "responses", dict)
        for code in responses.value if responses is not None else ():
            self.content(self.child(responses, code, dict))

    def parameters(self, owner: RefTarget) -> None:
        parameters = self.child(owner, "parameters", list)
        for index in range(len(parameters.value) if parameters is not None else 0):
            self.child(parameters, index, dict)

    def content(self, owner: RefTarget | None) -> None:
        content = self.child(owner, "content", dict)
        for media_type in content.value if content is not None else ():
            self.child(content, media_type, dict)

    def child(
        self, owner: RefTarget | None, key: str | int, kind: type
    ) -> RefTarget | None:
        if owner is None:
            return None
        return self.expect(owner.value, owner.file, owner.pointer, key, kind)

    def expect(
        self,
        parent: Any,
        file: SourceFile,
        pointer: str,
        key: str | int | None,
        kind: type,
    ) -> RefTarget | None:
        """The value at `key` in `parent` (`$ref`s followed) if it is present and of `kind`."""
        if isinstance(parent, dict) and key is not None:
            if key not in parent:
                return None
            node, at = parent[key], join_pointer(pointer, key)
        elif isinstance(parent, list) and isinstance(key, int):
            node, at = parent[key], join_pointer(pointer, key)
        elif key is None:  # `parent` holds the one value, already at `pointer`
            node, at = next(iter(parent.values())), pointer
        else:
            return None
        target = self.spec.follow(node, file, at)
        if isinstance(target.value, kind):
            return target
        name = "object" if kind is dict else "array"
        message = f"{excerpt(target.value)} is not of type '{name}'"
        if not any(
            d.pointer == target.pointer and d.file == target.file.display
            for d in self.found
        ):
            self.found.append(target.file.diagnostic(target.pointer, message))
        return None


# Findings about an operation as a whole, not a cascade of the trifles found inside it.
_OPERATION_FACTS = (UnresolvableParameterError, DuplicateOperationIDError)
# Values the generator never reads: a container of the wrong type there is only a warning.
_UNREAD = frozenset(
    {"contact", "license", "externalDocs", "xml", "example", "examples", "links"}
)
# Mappings whose keys are names chosen by the document (a property may be called `example`).
_NAMED = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "schemas",
        "parameters",
        "responses",
        "requestBodies",
        "headers",
        "securitySchemes",
        "callbacks",
        "pathItems",
        "content",
        "encoding",
        "variables",
        "mapping",
        "scopes",
        "paths",
        "webhooks",
    }
)
_UNRESOLVED = re.compile(
    r"Path parameter '(.*)' for '.*' operation in '.*' was not resolved", re.S
)
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")  # as the SDK's runtime reads a path
_CONTAINERS = frozenset({"object", "array"})
_LOCATIONS = frozenset({"query", "header", "path", "cookie"})
_SWAGGER_LOCATIONS = frozenset(
    {"body", "formData"}
)  # Swagger 2.0's, which normalize upgrades


def _severity(
    found: ValidationError,
    best: ValidationError,
    path: list[Any],
    locations: frozenset[str],
) -> Severity:
    """Whether the finding `best` (chosen among `found`'s explanations) at `path` (the path from
    the root as the validator walked it, through `$ref`s) is an error or a warning: the rule is
    in the module docstring."""
    if getattr(found, _DATA, False):
        return "warning"
    if path and path[-1] == "items" and getattr(found, _NOT_A_SCHEMA, False):
        return "warning"  # draft 4's tuple `items: [A, B]`: normalize reads it (with a warning)
    if getattr(found, _NOT_A_SCHEMA, False):
        return "error"
    if _under_unread(path):
        return "warning"
    if best.validator == "type":
        expected = best.validator_value
        kinds = {expected} if isinstance(expected, str) else set(expected or ())
        if kinds & _CONTAINERS:
            return "error"
    if _is_parameter(path[:-1]) and path[-1] in ("name", "in"):
        return "error"
    if (
        _is_parameter(path)
        and isinstance(best.instance, dict)
        and "$ref" not in best.instance
        and (
            not isinstance(best.instance.get("name"), str)
            or best.instance.get("in") not in locations
        )
    ):
        return "error"
    if isinstance(best, UnresolvableParameterError):
        return _unresolved_severity(str(best.message), path)
    return "warning"


def _unresolved_severity(message: str, path: list[Any]) -> Severity:
    """A path parameter and the path template disagree: an error, unless the variable is in a
    query string written in the path key (`/search?q={q}`), which the SDK sends as a fixed query:
    the runtime matches path parameters against the path's own placeholders only."""
    found = _UNRESOLVED.fullmatch(message)
    if found is None or len(path) < 2 or path[0] != "paths":
        return "error"
    key = str(path[1]).split("#", 1)[0]
    in_path = _PLACEHOLDER.findall(key.partition("?")[0])
    in_query = _PLACEHOLDER.findall(key.partition("?")[2])
    name = found.group(1)
    return "warning" if name in in_query and name not in in_path else "error"


def _under_unread(path: list[Any]) -> bool:
    return any(
        token in _UNREAD and (index == 0 or path[index - 1] not in _NAMED)
        for index, token in enumerate(path)
        if isinstance(token, str)
    )


def _is_parameter(path: list[Any]) -> bool:
    """Whether `path` is a parameter: in a path item's or operation's `parameters`, or in
    `components/parameters`."""
    if len(path) == 3 and path[:2] == ["components", "parameters"]:
        return True
    return (
        len(path) in (4, 5)
        and path[0] == "paths"
        and path[-2] == "parameters"
        and isinstance(path[-1], int)
    )


def _best_match(error: ValidationError) -> ValidationError:
    """The deepest explanation of `error` (jsonschema's `best_match`), not looking into the
    Reference alternative of a `oneOf` for a mapping that has no `$ref` (OpenAPI 3.0's schema offers
    one beside nearly everything: its `'$ref' is a required property` is never the explanation).
    """
    _drop_reference_branches(error)
    return best_match(error.context)


def _drop_reference_branches(error: ValidationError, depth: int = 0) -> None:
    if depth > 50 or not error.context:
        return
    instance = error.instance
    if isinstance(instance, dict) and "$ref" not in instance:
        branches = {
            e.relative_schema_path[0]
            for e in error.context
            if e.validator == "required"
            and not e.relative_path
            and "$ref" in (e.validator_value or ())
            and e.relative_schema_path
        }
        kept = [
            e
            for e in error.context
            if not e.relative_schema_path or e.relative_schema_path[0] not in branches
        ]
        if kept:
            error.context[:] = kept
    for child in error.context:
        _drop_reference_branches(child, depth + 1)


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
    is_schema = issubclass(cls, keywords.SchemaValidator)

    def call(self: Any, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
        node = next((a for a in args if isinstance(a, SchemaPath)), None)
        parts = () if node is None else tuple(node.parts)
        if is_value:  # called with the schema; the errors are about its `default`
            parts += ("default",)
        not_a_schema = (
            is_schema
            and node is not None
            and not isinstance(node.read_value(), (Mapping, bool))
        )
        try:
            for error in cls.__call__(self, *args, **kwargs):
                if getattr(error, _TAG, None) is None:
                    setattr(error, _TAG, parts)
                    setattr(error, _DATA, is_value)
                    setattr(error, _NOT_A_SCHEMA, not_a_schema)
                yield error
        except Exception as crash:
            if getattr(crash, _TAG, None) is None:
                with suppress(AttributeError):  # an exception type without a __dict__
                    setattr(crash, _TAG, parts)
            raise

    namespace: dict[str, Any] = {"__call__": call}
    if issubclass(cls, keywords.SchemaValidator):
        namespace["_collect_properties"] = _collect_properties
    if issubclass(cls, keywords.OpenAPIV30SchemaValidator):
        namespace["_validate_schema_meta"] = _validate_schema_meta_30
    elif cls is keywords.OpenAPIV31SchemaValidator:
        namespace["_validate_schema_meta"] = _validate_schema_meta_31
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


def _validate_schema_meta_30(self: Any, schema: SchemaPath, schema_value: Any) -> Any:
    """The library's check of one Schema Object against draft-04's meta-schema, run only when
    the compiled validator cannot vouch for it (see meta_schema.py)."""
    if schema_object_is_valid(schema_value, DRAFT4_SCHEMA_CHECKER.META_SCHEMA):
        return None
    return keywords.OpenAPIV30SchemaValidator._validate_schema_meta(
        self, schema, schema_value
    )


def _validate_schema_meta_31(self: Any, schema: SchemaPath, schema_value: Any) -> Any:
    """The same for OpenAPI 3.1, where the Schema Object is in the OAS 3.1 base dialect (the
    library decides the dialect; another one is left to it)."""
    try:
        dialect = self._get_schema_dialect_id(schema, schema_value)
    except ValueError:
        dialect = None
    if dialect == OAS31_DIALECT and schema_object_is_valid(
        schema_value, OAS31_SCHEMA_CHECKER.META_SCHEMA
    ):
        return None
    return keywords.OpenAPIV31SchemaValidator._validate_schema_meta(
        self, schema, schema_value
    )


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


def _validator_class(base: type[SpecValidator], meta_schema: Any) -> Any:
    """`base`, with tagging keyword validators, confined `$ref` resolution, and a plain
    `iter_errors` (the library's re-wraps each error in a new object, losing the tags).

    The document is checked against its version's schema by the library's pure-Python
    jsonschema backend, whose errors carry what the collector reads (context, keyword, paths),
    but only when jsonschema-rs (the library's other backend, compiled) finds any: on valid
    documents that costs milliseconds instead of seconds. The verdicts stay the Python
    backend's; `tests/test_validation_speed.py` checks the two agree.
    """

    class Validator(base):  # type: ignore[valid-type, misc]
        keyword_validators = {
            name: _tagging(cls) for name, cls in base.keyword_validators.items()
        }
        schema_validator = create_jsonschema_validator(meta_schema)

        def __init__(self, spec: SpecSource) -> None:
            self.resolver_handlers = _LoadedFilesOnly(spec)
            super().__init__(spec.root.data, base_uri=spec.root.path.as_uri())

        def iter_errors(self) -> Iterator[ValidationError]:  # type: ignore[override]
            if not meets_meta_schema(meta_schema, self.schema):
                yield from self.schema_validator.iter_errors(self.schema)
            yield from self.root_validator(self.schema_path)

    return Validator


_VALIDATORS: dict[str, Any] = {
    "2.0": _validator_class(OpenAPIV2SpecValidator, schema_v2),
    "3.0": _validator_class(OpenAPIV30SpecValidator, schema_v30),
    "3.1": _validator_class(OpenAPIV31SpecValidator, schema_v31),
}
