"""The TypeScript view: what templates/typescript reads, every name and type already decided.

Types, shapes and operation declarations are TypeScript text laid out as prettier prints it
(`layout.py`); spec text inside them went through the target's filters (`filters.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ...text import SpecText


@dataclass(frozen=True, slots=True)
class Member:
    """One property of an interface: `name?: type;`."""

    name: str
    type: str
    optional: bool
    doc: SpecText
    line: str  # the member's line(s), laid out


@dataclass(frozen=True, slots=True)
class Declaration:
    """A type (an interface or an alias) and the shape constant beside it."""

    name: str
    doc: SpecText
    kind: Literal["interface", "alias"]
    members: tuple[Member, ...]
    alias: str  # kind "alias": `export type X = ...;`, laid out
    shape: str  # `export const XShape: $.Shape = ...;`, laid out


@dataclass(frozen=True, slots=True)
class ModelFile:
    """One module of src/models/: a schema and the inline types it is built from."""

    module: str
    declarations: tuple[Declaration, ...]


@dataclass(frozen=True, slots=True)
class Argument:
    """One member of a method's request object, for code samples (the docs target's)."""

    name: str  # the member: `responseId`, `body`
    wire_name: SpecText  # the parameter's name in the document (`body` for the body)
    location: str  # path | query | header | cookie | body
    required: bool
    sample: str  # a valid value as JSON, in the SDK's member names ("" if none)


@dataclass(frozen=True, slots=True)
class Method:
    name: str
    operation_id: SpecText
    call_path: str  # from the SDK object: `llm.responses.cancel`
    arguments: tuple[Argument, ...]  # the request object's members, in order
    example: str  # `  const result = await sdk.a.b({...});` with the samples, laid out
    doc: SpecText
    deprecated: bool
    request_type: str
    request_default: bool  # every argument optional: `request = {}`
    returns: str
    signature: str  # from the name to the opening brace, laid out
    call: str  # the method's body line(s), laid out
    spec: str  # `const X: OperationSpec = {...};`, laid out
    declarations: tuple[Declaration, ...]  # the request interface and its inline types


@dataclass(frozen=True, slots=True)
class Child:
    name: str  # the property
    class_name: str
    module: str


@dataclass(frozen=True, slots=True)
class Resource:
    class_name: str
    module: str  # file stem under src/resources/ ("" for the SDK class itself)
    doc: SpecText
    children: tuple[Child, ...]
    methods: tuple[Method, ...]


@dataclass(frozen=True, slots=True)
class Credential:
    key: SpecText  # the scheme's name in components/securitySchemes
    option: str
    placeholder: str  # what a sample passes: `<YOUR_BEARER_TOKEN_HERE>`
    doc: SpecText
    env: str


@dataclass(frozen=True, slots=True)
class OperationTest:
    """A generated test of one operation against a mock fetch (test/<file>.test.js)."""

    file: str
    title: str  # a JavaScript string literal
    target: str  # `sdk.a.b.method`
    call: str  # `const result = await sdk.a.b.method(request);`, laid out
    method: str  # the assertion on the HTTP method, laid out
    path: str  # the assertion on the path the sample arguments make, laid out
    status: int
    fixture: str  # test/fixtures/<file>.json: {"request": ..., "response": ...}
    fixture_url: str  # `const fixtureFile = new URL(...)`, laid out
    setup: str  # lines before the call (the body decoded to the SDK's names), laid out
    mock_body: str  # the mock response's body expression
    check: str  # the assertions on the result, laid out


@dataclass(frozen=True, slots=True)
class Sdk:
    package: str
    package_version: str
    title: SpecText
    version: SpecText
    description: SpecText
    source: SpecText
    header: SpecText
    default_server_url: SpecText
    server_url_env: str  # the environment variable that replaces the default server
    credentials: tuple[Credential, ...]
    example_credentials: tuple[
        Credential, ...
    ]  # those a sample passes (one requirement's)
    security: str  # `const SECURITY: SecurityScheme[] = [...]`, laid out
    retry: str  # `const RETRY_POLICY: RetryPolicy = {...}` (the document's), laid out
    models: tuple[ModelFile, ...]
    resources: tuple[Resource, ...]  # under src/resources/
    root: Resource
    operations: tuple[OperationTest, ...]
    usage: str  # a README example
