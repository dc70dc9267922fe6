"""The docs target's view: what the templates in templates/docs read, one page per operation.

Text from the document is `SpecText` (the templates print it through the `md` filter only);
`str` fields are made by the target (labels, code samples whose spec values are already escaped
for their language) and still go through `md` for the Markdown context they land in.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...text import SpecText


@dataclass(frozen=True, slots=True)
class Fact:
    """A labelled fact about a value: `Allowed values: a, b`, `Pattern: ^x$`, `Range: 0 <= x <= 2`."""

    label: str  # `Allowed values`, `Pattern`, `Range`, `Length`, `Items`, `Format`, `Default`
    values: tuple[SpecText, ...]  # each shown as code


@dataclass(frozen=True, slots=True)
class Variant:
    """One shape a union value may take, with its own child attributes."""

    title: SpecText  # the schema's name, a label, or its type
    description: (
        SpecText  # the schema's (with a note when its attributes are listed elsewhere)
    )
    # its properties (those of a union inside it, flattened)
    attributes: tuple[Attribute, ...]


@dataclass(frozen=True, slots=True)
class Attribute:
    """One property of an object, for the attribute lists (nested as deep as the page allows)."""

    name: SpecText  # the wire name
    type: str  # `string`, `integer | null`, `array<object>`, `enum<string>`, ...
    requirement: str  # "required" | "optional"
    description: SpecText  # the property's own, else its schema's
    facts: tuple[Fact, ...]  # allowed values, pattern, bounds, format, default
    # child attributes (an object, an array's items, ...)
    attributes: tuple[Attribute, ...]
    variants: tuple[Variant, ...]  # the shapes of a union, each with its attributes
    # why children are not shown (listed above, recursion, depth, the page's budget)
    notes: tuple[SpecText, ...]


@dataclass(frozen=True, slots=True)
class Parameter:
    """A path, query, header or cookie parameter."""

    name: SpecText  # the wire name
    location: str  # path | query | header | cookie
    type: str  # as for `Attribute.type`
    requirement: str  # "required" | "optional"
    description: SpecText
    facts: tuple[Fact, ...]  # allowed values, pattern, bounds, format


@dataclass(frozen=True, slots=True)
class Credential:
    """One security scheme an operation may be called with."""

    key: SpecText  # its name in components/securitySchemes
    kind: SpecText  # `HTTP bearer`, `API key in header X-Key`, ...
    sent_as: SpecText  # what travels: `Authorization: Bearer <token>`, `X-Key: <api key>`, ...
    sdk_arguments: tuple[
        str, ...
    ]  # the Python SDK's constructor arguments for it (`bearer_auth`, ...)
    typescript_options: tuple[
        str, ...
    ]  # the TypeScript SDK's option for it (`bearerAuth`)
    description: SpecText


@dataclass(frozen=True, slots=True)
class Usage:
    """A code sample: the operation called through one SDK."""

    language: str  # the fence's info string: `typescript`, `python`
    title: str
    code: str


@dataclass(frozen=True, slots=True)
class Body:
    """The request body in one media type."""

    media_type: SpecText
    requirement: str  # "required" | "optional"
    description: SpecText
    type: str  # as for `Attribute.type`
    attributes: tuple[Attribute, ...]
    variants: tuple[Variant, ...]
    notes: tuple[SpecText, ...]  # why its attributes are not listed here (listed above)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One declared response."""

    status: str  # `200`, `2XX`, `default`, as the document writes it
    media_type: SpecText  # "" when it has no content
    description: SpecText
    type: str  # as for `Attribute.type`; "" without content
    example: SpecText  # indented JSON of the example (success only), else ""
    attributes: tuple[Attribute, ...]
    variants: tuple[Variant, ...]
    notes: tuple[SpecText, ...]  # why its attributes are not shown (too deep, too many)


@dataclass(frozen=True, slots=True)
class Page:
    """One operation's reference page."""

    file: str  # its path under the output folder (`llm.responses.cancel.md`)
    title: SpecText  # the summary, else the operationId
    operation_id: SpecText
    method: str  # upper case
    path: SpecText
    description: SpecText
    deprecated: tuple[str, ...]  # one notice when the operation is deprecated, else ()
    usages: tuple[Usage, ...]
    credentials: tuple[Credential, ...]
    auth_summary: SpecText  # how the alternatives combine ("" when there is no choice)
    parameters: tuple[Parameter, ...]
    bodies: tuple[Body, ...]
    success: tuple[Outcome, ...]  # the 2xx responses (or `default` alone)
    errors: tuple[Outcome, ...]  # every other declared response


@dataclass(frozen=True, slots=True)
class Docs:
    """Everything the docs templates read: the index and one page per operation."""

    title: SpecText
    version: SpecText
    description: SpecText
    source: SpecText  # the spec's file name
    header: (
        SpecText  # the DO-NOT-EDIT line, for an HTML comment at the top of each page
    )
    servers: tuple[tuple[SpecText, SpecText], ...]  # (url, description)
    operations: tuple[Page, ...]  # the render loop's `operation` items
    # what render.py also walks for every target: a docs set has no models or resources
    models: tuple[()] = ()
    resources: tuple[()] = ()
