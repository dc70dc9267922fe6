"""The IR: frozen facts about the SDK to generate.

Templates read these records and lay them out; they never decide anything about the spec. Names are
already valid identifiers, annotations already valid Python, literals already `repr`-ed. Text from
the document (descriptions, summaries, titles, paths, wire names) is `SpecText`: templates can print
it only through an escaping filter chosen for its context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ...ir.api import Server
from ...text import SpecText


@dataclass(frozen=True, slots=True)
class ModelField:
    """One attribute of a generated pydantic model: `name: annotation = default`."""

    name: str
    wire_name: SpecText
    annotation: str
    default: str  # "" for a required field, else " = <literal or Field(...)>"
    doc: SpecText


@dataclass(frozen=True, slots=True)
class ModelClass:
    """A pydantic model class."""

    name: str
    doc: SpecText
    fields: tuple[ModelField, ...]
    kind: Literal["model_class"] = "model_class"


@dataclass(frozen=True, slots=True)
class TypeAliasDef:
    """A named type that is not a class: an enum (Literal), a union, a list, a primitive."""

    name: str
    doc: SpecText
    annotation: str
    # "recursive_alias": the value names the alias itself, so it is a TypeAliasType read lazily
    kind: Literal["type_alias", "recursive_alias"] = "type_alias"


Definition = ModelClass | TypeAliasDef


@dataclass(frozen=True, slots=True)
class ModelModule:
    """One module of `<package>.models`: a schema and the inline types it is built from."""

    module: str  # module name inside `<package>.models`
    doc: SpecText
    imports: tuple[str, ...]  # complete `from x import a, b` lines
    definitions: tuple[Definition, ...]  # in an order that Python can execute
    rebuilds: tuple[str, ...]  # classes that reference names defined after them
    exports: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Parameter:
    """One keyword-only argument of an operation method, and how it travels."""

    name: str
    wire_name: SpecText
    location: str  # "path" | "query" | "header" | "cookie", or "body" for an argument the body is made of
    required: bool
    annotation: str
    default: str  # "" or " = None"
    constraints: tuple[
        str, ...
    ]  # runtime constraint constructors, e.g. `Pattern("^a+$")`
    doc: SpecText
    sample: str  # a valid value, as a literal, for examples and generated tests
    header_sample: str = ""  # a header's sample as the header's value, as a literal
    # How it travels: OpenAPI's style (defaults applied) and explode, allowReserved, and the
    # media type of a `content` parameter.
    style: str = "simple"
    explode: bool = False
    allow_reserved: bool = False
    media_type: SpecText | None = None


@dataclass(frozen=True, slots=True)
class InvalidValueCase:
    """A value that breaks one parameter's constraint, for a generated test."""

    parameter: str
    value: str  # the breaking value, as a literal
    arguments: (
        str  # the call's keyword arguments, passing `invalid_value` to this parameter
    )
    constraint: SpecText  # what the error message must mention


@dataclass(frozen=True, slots=True)
class PagerTest:
    """A generated test walking a list method's pages over a scripted transport."""

    bodies: str  # list literal: the JSON body of each page, in order
    parameter: SpecText  # the query parameter each next page sets (wire name)
    sent: str  # list literal: its value in each request (None: not sent)
    page_sizes: str  # list literal: the number of items of each page
    item_count: int


@dataclass(frozen=True, slots=True)
class Pager:
    """What a paginated method returns: `SyncPager[Page, Item]` and its async twin."""

    annotation: str
    async_annotation: str
    item_annotation: str


@dataclass(frozen=True, slots=True)
class Operation:
    """One API operation, as a method on a resource class."""

    operation_id: SpecText
    method_name: str
    constant: str  # module-level name of its runtime `Operation` declaration
    http_method: str
    path: SpecText
    doc: SpecText
    summary: SpecText
    params: tuple[Parameter, ...]  # required first
    required_params: tuple[Parameter, ...]
    header_params: tuple[Parameter, ...]
    return_annotation: str
    async_return_annotation: str  # the asyncio resource's (a stream's differs)
    client_method: str  # "call", or "stream" / "download" for a body handed over unread
    # How a generated test reads the returned `result` (sync), the value `call_async(sdk)`
    # returns (async), and the type it reads as.
    test_read: str
    test_read_async: str
    test_read_type: str
    multipart_parts: (
        str  # "" or a dict literal: wire name -> (media type, has a filename)
    )
    parse: str  # expression turning the body bytes into the return value
    result_capture: str  # "result = " where a call returns a value ("" for None: mypy forbids using it)
    result_name: str  # "result", or "None"
    call_path: str  # e.g. "llm.responses.cancel", from the SDK object
    test_module: str
    sample_arguments: (
        str  # keyword arguments for a valid call with the required parameters
    )
    result_imports: tuple[str, ...]  # import lines a test needs to name the return type
    sample_url: (
        SpecText  # the URL a call with the sample arguments reaches on the test server
    )
    example_value: str  # a response body that parses, as a Python literal (the spec's example if any)
    invalid_cases: tuple[InvalidValueCase, ...]
    arguments: tuple[
        Parameter, ...
    ]  # every keyword argument: params and body, required first
    # More keyword arguments of the runtime `Operation(...)`: `bodies=(Body(...), ...)`,
    # `body_choice=...`, `parsers={...}` (other 2xx statuses), `errors={...}` (error bodies)
    declaration_keywords: tuple[str, ...]
    type_argument: (
        str  # "" or ": Operation[<return annotation>]", annotating the declaration
    )
    example_content: (
        str  # literal: bytes a test server answers with, or None to answer JSON
    )
    runtime_names: tuple[
        str, ...
    ]  # runtime names the declaration uses besides Operation/Param
    uses_type_adapter: bool
    # The security alternatives of the declaration (`None`: the SDK's default ones), and
    # assertions over `request` that a call with every credential given sends the right ones.
    security: str = "None"
    credential_checks: tuple[str, ...] = ()
    # The runtime's TypedDict of the per-call options the method takes (`**request_options`).
    options_type: str = "RequestOptions"
    # A list operation that pages: the method returns a pager (`_runtime/_pagination.py`);
    # `return_annotation` stays the page's type, which the tests reach through `result_access`
    # on the sync result and `result_name` (`result.model`).
    pager: Pager | None = None
    raw_wrapper: str = (
        "raw_response_method"  # its `with_raw_response` wrapper (sync name)
    )
    result_access: str = ""
    pager_tests: tuple[PagerTest, ...] = ()


@dataclass(frozen=True, slots=True)
class ChildResource:
    """A sub-resource attribute of a resource (or of the SDK), e.g. `sdk.llm`."""

    attr: str
    class_name: str
    async_class_name: str
    module: str  # absolute import path, imported on the attribute's first use
    doc: SpecText


@dataclass(frozen=True, slots=True)
class Resource:
    """A group of operations and sub-resources, e.g. `sdk.llm.responses`."""

    dotted: str
    file: str  # path of its module inside the package folder
    module: str  # absolute import path
    class_name: str
    async_class_name: str
    doc: SpecText
    imports: tuple[
        str, ...
    ]  # complete import lines (children's under `if TYPE_CHECKING:`)
    children: tuple[ChildResource, ...]
    operations: tuple[Operation, ...]


@dataclass(frozen=True, slots=True)
class Limitation:
    """Something the document says that the SDK does not express, for the README's list."""

    place: SpecText  # file:line
    pointer: SpecText
    what: SpecText  # the warning's message


@dataclass(frozen=True, slots=True)
class AuthOption:
    """How the SDK constructor takes credentials."""

    param: str  # constructor keyword
    env_var: str
    runtime_class: str  # BearerAuth | BasicAuth | ApiKeyAuth
    doc: SpecText
    placeholder: str  # what the README's example passes


@dataclass(frozen=True, slots=True)
class Sdk:
    """Everything the templates need, for the whole SDK."""

    dependencies: tuple[
        str, ...
    ]  # requirement strings for the generated pyproject.toml
    package: str
    distribution: str
    package_version: str  # PEP 440, derived from the API's version
    title: SpecText
    version: SpecText  # the API's version, as the document gives it
    description: SpecText
    client_doc: SpecText  # the `SDK` class docstring
    source: SpecText  # the spec's file name, for the DO NOT EDIT header
    header: SpecText
    user_agent: SpecText
    default_server_url: SpecText
    servers: tuple[Server, ...]
    auth: tuple[AuthOption, ...]  # the constructor's credential arguments
    required_auth: tuple[
        AuthOption, ...
    ]  # the same when SDK() without any fails, else ()
    auth_expression: str  # the ClientConfig(auth=...) expression
    auth_example: str  # credential arguments of the README's example
    auth_note: (
        SpecText  # how operations choose among credentials ("" when there is no choice)
    )
    models: tuple[ModelModule, ...]
    model_exports: tuple[tuple[str, str], ...]  # (module, name), sorted by name
    result_models: tuple[
        str, ...
    ]  # models operations return, exported from the package root
    root: Resource  # the SDK's own attributes
    resources: tuple[Resource, ...]
    operations: tuple[Operation, ...]
    limitations: tuple[Limitation, ...]  # what the README lists as not covered
    example_call: str  # a call for docs, e.g. `llm.responses.cancel(response_id='resp_cancel123')`
    # (IR definition id, class or alias name) of every named schema: how `sdkgen diff` names them
    definition_names: tuple[tuple[str, str], ...] = ()
    # The document's retry defaults as a `RetryPolicy(...)` expression, and in a README sentence.
    default_retry: str = "RetryPolicy()"
    retry_summary: str = ""
    log_env: str = ""  # the environment variable that turns logging on, e.g. MKA1_LOG
