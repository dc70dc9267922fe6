"""The language-neutral operations: what each call sends and what it gets back.

Together with the type tree (`types.py`) these records are what every target reads; none holds
source text of any language. `Where` keeps the file and pointer a record was written at, so that a
target can still report a located problem about it (a pattern its regex engine cannot compile).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..diagnostics import Diagnostic
from ..load import SourceFile
from ..text import SpecText
from .types import Constraints, TypeNode

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
    where: Where

    @property
    def success(self) -> Response | None:
        """The response a successful call returns: the first 2xx."""
        return next((r for r in self.responses if r.status.startswith("2")), None)
