"""The language-neutral operations: what each call sends and what it gets back.

Together with the type tree (`types.py`) these records are what every target reads; none holds
source text of any language. `Where` keeps the file and pointer a record was written at, so that a
target can still report a located problem about it (a pattern its regex engine cannot compile).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..diagnostics import Diagnostic
from ..load import SourceFile
from ..text import SpecText
from .call_names import CallName
from .types import Constraints, Definition, TypeNode

ResponseKind = Literal["json", "text", "bytes", "empty", "event_stream"]


@dataclass(frozen=True, slots=True)
class Where:
    """Where the document wrote something."""

    file: SourceFile
    pointer: str

    def diagnostic(self, message: str, severity: str = "warning") -> Diagnostic:
        return self.file.diagnostic(self.pointer, message, severity)


@dataclass(frozen=True, slots=True)
class InvalidExample:
    """A string argument the parameter's constraints refuse, and which constraint says so."""

    value: str
    reason: SpecText


@dataclass(frozen=True, slots=True)
class Parameter:
    """One parameter of an operation (path-level and operation-level ones merged)."""

    wire_name: SpecText
    location: str  # "path" | "query" | "header" | "cookie" (or what the document says)
    required: bool
    type: TypeNode
    style: str  # as written, else OpenAPI's default for the location
    explode: bool
    allow_reserved: bool
    media_type: (
        SpecText | None
    )  # a `content`-encoded parameter's media type (its schema is `type`)
    description: SpecText  # the parameter's own, else its schema's
    constraints: Constraints  # of its schema, `$ref` followed
    enum: tuple[Any, ...]  # of its schema, `$ref` followed
    example: Any  # a value its schema accepts: the document's example when it fits
    invalid_example: InvalidExample | None
    where: Where


@dataclass(frozen=True, slots=True)
class RequestBody:
    """The body an operation takes, per media type."""

    required: bool
    media_types: tuple[SpecText, ...]
    where: Where


@dataclass(frozen=True, slots=True)
class Response:
    """One declared response: a status (`200`), a range (`2XX`) or `default`."""

    status: str
    description: SpecText
    kind: ResponseKind
    media_type: SpecText | None
    type: TypeNode | None  # the body's type (json kind only)
    example: Any  # a body its schema accepts (json kind of the success response only)
    where: Where


@dataclass(frozen=True, slots=True)
class Operation:
    """One API operation, in document order."""

    operation_id: SpecText  # as written, else `<method>_<path>`
    method: str  # lower case
    path: SpecText  # the path template sent (a `#fragment` of the path key dropped)
    summary: SpecText
    description: SpecText
    deprecated: bool
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]  # in document order, path-level ones first
    request_body: RequestBody | None
    responses: tuple[Response, ...]  # in status order
    security: tuple[tuple[str, ...], ...] | None  # None: the global requirements apply
    where: Where

    @property
    def success(self) -> Response | None:
        """The response a successful call returns: the first 2xx."""
        return next((r for r in self.responses if r.status.startswith("2")), None)


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    """A way to send credentials, as `components/securitySchemes` declares it."""

    key: str  # its name in components/securitySchemes
    type: str  # http | apiKey | oauth2 | openIdConnect | mutualTLS (or what the document says)
    scheme: str  # http only: bearer, basic, ... (lower case)
    location: str  # apiKey only: header | query | cookie
    parameter_name: SpecText  # apiKey only: the header, query or cookie name
    description: SpecText
    where: Where


Requirement = tuple[
    str, ...
]  # scheme keys that must all be sent; () means "none needed"


@dataclass(frozen=True, slots=True)
class Server:
    url: SpecText  # variables filled with their defaults
    description: SpecText


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    description: SpecText


@dataclass(frozen=True, slots=True)
class PlacedOperation:
    """An operation with what decides its place in an SDK: the resource and method name words
    (`call_names.py`) and the overrides the document gives."""

    operation: Operation
    call_name: CallName
    explicit_name: str | None  # `x-sdkgen-name`
    path_item_pointer: str


@dataclass(frozen=True, slots=True)
class Api:
    """Everything a target needs to know about the API, in no target's terms."""

    source: SpecText  # the document's file name
    document: Where  # the root document (pointer ""), for diagnostics about it
    title: SpecText
    version: SpecText
    description: SpecText
    servers: tuple[Server, ...]
    security_schemes: tuple[SecurityScheme, ...]
    security: tuple[Requirement, ...]  # the global requirements, alternatives in order
    tags: tuple[Tag, ...]
    definitions: Mapping[
        str, Definition
    ]  # by id, in the order they were first referred to
    components: tuple[str, ...]  # ids of the schemas under components/schemas, in order
    operations: tuple[PlacedOperation, ...]  # in document order
