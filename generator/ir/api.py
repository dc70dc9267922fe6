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
from .retries import RetryFacts
from .types import Constraints, Definition, TypeNode

ResponseKind = Literal["json", "text", "bytes", "empty", "event_stream"]


@dataclass(frozen=True, slots=True)
class Where:
    """Where the document wrote something."""

    file: SourceFile
    pointer: str

    def diagnostic(
        self, message: str, severity: str = "warning", *, limitation: bool = False
    ) -> Diagnostic:
        return self.file.diagnostic(
            self.pointer, message, severity, limitation=limitation
        )


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


BodyEncoding = Literal["json", "form", "multipart", "text", "binary"]


@dataclass(frozen=True, slots=True)
class PropertyEncoding:
    """How one property of a form or multipart body is sent (OpenAPI's `encoding` entry)."""

    property: SpecText  # the property's wire name
    content_type: SpecText | None  # multipart: the part's media type, as written
    style: str  # form only: form | spaceDelimited | pipeDelimited | deepObject
    explode: bool


@dataclass(frozen=True, slots=True)
class BodyContent:
    """The body in one media type: what it holds, and how it is encoded on the wire.

    `encoding` is the media type's family: JSON (`application/json`, `*+json`), a form
    (`application/x-www-form-urlencoded`), `multipart/*`, text (`text/*`) or anything else as
    raw bytes. `type` is the schema's type (None when the media type has no schema).
    """

    media_type: SpecText
    encoding: BodyEncoding
    type: TypeNode | None
    encodings: tuple[
        PropertyEncoding, ...
    ]  # form and multipart only, in document order
    example: Any  # a body its schema accepts (built from the schema; None without one)
    where: Where


@dataclass(frozen=True, slots=True)
class RequestBody:
    """The body an operation takes, per media type."""

    required: bool
    contents: tuple[BodyContent, ...]  # in document order
    description: SpecText
    where: Where

    @property
    def media_types(self) -> tuple[SpecText, ...]:
        return tuple(c.media_type for c in self.contents)


@dataclass(frozen=True, slots=True)
class Response:
    """One declared response: a status (`200`), a range (`2XX`) or `default`."""

    status: str
    description: SpecText
    kind: ResponseKind
    media_type: SpecText | None
    # The body's type (json kind); for event_stream, the type of each event's JSON `data`
    # (None: each event's data is text).
    type: TypeNode | None
    example: (
        Any  # a body (event_stream: one event's data) its schema accepts (success only)
    )
    where: Where
    media_types: tuple[SpecText, ...] = ()  # every content type it declares, in order
    # event_stream only: the data of the event that ends the stream (`[DONE]`), as the
    # `x-sdkgen-stream-terminator` extension of the media type says; None: the body's end.
    stream_terminator: SpecText | None = None

    @property
    def is_success(self) -> bool:
        return self.status.startswith("2")

    @property
    def is_error(self) -> bool:
        return self.status[:1] in ("4", "5") or self.status == "default"


PaginationStyle = Literal["cursor", "page", "offset"]


@dataclass(frozen=True, slots=True)
class Pagination:
    """How a list operation's pages follow each other (`pagination.py`: declared by
    `x-sdkgen-pagination` or `x-speakeasy-pagination`, else recognised from names).

    Paths are property wire names from the success body's root; `items == ()` means the body
    is itself the array. The next page sets the query parameter `parameter` to the next cursor
    (`next_cursor` in the body, or the `item_cursor` property of the last item), to the page
    number plus one, or to the offset plus the items received.
    """

    style: PaginationStyle
    parameter: (
        SpecText  # query parameter the next page's cursor, page or offset goes in
    )
    limit: SpecText | None  # query parameter of the page size, if any
    items: tuple[str, ...]
    next_cursor: tuple[str, ...] = ()
    item_cursor: str | None = None
    has_more: tuple[str, ...] = ()
    total: tuple[str, ...] = ()  # the number of items over all pages
    declared: bool = False  # by an extension, not recognised
    item_example: Any = None  # an item its schema accepts, for tests (None: none built)


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
    # Its own `x-sdkgen-retries` over the document's (None: the document's apply).
    retries: RetryFacts | None = None
    pagination: Pagination | None = None  # a list operation's paging, if it pages

    @property
    def success(self) -> Response | None:
        """The response a successful call returns: the first 2xx, else `default` (a document
        that declares only `default` describes its success there)."""
        first = next((r for r in self.responses if r.is_success), None)
        if first is not None:
            return first
        return next((r for r in self.responses if r.status == "default"), None)

    @property
    def successes(self) -> tuple[Response, ...]:
        """Every response a successful call may return: each 2xx (or `default` alone)."""
        found = tuple(r for r in self.responses if r.is_success)
        success = self.success
        return found or ((success,) if success is not None else ())


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
    # `info.x-sdkgen-version`: the SDK's own version, so that a fix to the SDK alone can be
    # released without the API changing (None: the SDK takes the API's version).
    sdk_version: SpecText | None = None
    # The document's `x-sdkgen-retries` (None: it says nothing; the target's defaults apply).
    retries: RetryFacts | None = None
