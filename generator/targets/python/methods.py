"""Python methods: the neutral operations lowered to the signatures, docstrings and test facts
of the generated resource classes.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ...diagnostics import Diagnostic
from ...naming import NameRegistry, constant, joined
from ...reserved import TEST_MODULE_RESERVED
from ...text import SpecText
from ...ir import api
from .literals import pyrepr
from .view import InvalidValueCase, Operation, Parameter
from .annotations import SchemaTranslator
from .parameters import CredentialPlaces, ParameterLowering
from .results import LoweredResult, lower_result, result_imports
from .bodies import BodyLowering
from .pagination import lower_pager
from .context import Owner, UNKNOWN_VALUE_TYPES
from ...ir.wire import sample_url
from . import wire_forms

TEST_SERVER = "https://api.example.test"

_SUPPORTED_LOCATIONS = ("path", "query", "header", "cookie")
# Names an annotation may use besides models and builtins (Field is pydantic's).
# Headers the runtime sends on every call: a parameter of that name overrides it, so a
# generated test cannot expect the header to be absent when the argument is not given.
_SDK_SET_HEADERS = frozenset({"user-agent"})
# RFC 9110's idempotent methods: repeating one is already safe, so it takes no idempotency key.
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
_ANNOTATION_HELPERS = frozenset({"Annotated", "Any", "Field", "Literal"})
_RAISES = """Raises:
    InvalidParameterError: An argument breaks the spec's constraints; nothing was sent.
    APIStatusError: The server answered with an error status; a subclass names common ones (NotFoundError, RateLimitError, InternalServerError, ...).
    APIConnectionError: The server could not be reached (APITimeoutError on a timeout).
    ResponseValidationError: The response body does not match the declared schema."""

_PAGER_RETURNS = (
    "A pager over every item of every page: `for item in ...` fetches each page when the "
    "iteration reaches it; `.pages()` gives each page with its items, parsed body (`.model`) "
    "and HTTP response (`.raw`). The call's options apply to every page."
)


@dataclass(frozen=True, slots=True)
class BuiltOperation:
    """An operation's IR plus what its resource module must import for it."""

    operation: Operation
    model_names: frozenset[str]
    typing_names: frozenset[str]


class OperationBuilder:
    """Lowers operations to methods; shares the type lowering with the models."""

    def __init__(
        self,
        translator: SchemaTranslator,
        package: str,
        diagnostics: list[Diagnostic],
        credentials_sent_in: CredentialPlaces = lambda op: frozenset(),
    ) -> None:
        """`credentials_sent_in(op)`: where the credentials `op` may send travel, as (location,
        name) (a header's name in lower case); a parameter of `op` there is left to them.
        """
        self._parameters = ParameterLowering(
            translator, diagnostics, credentials_sent_in
        )
        self._bodies = BodyLowering(translator, diagnostics)
        self._translator = translator
        self._package = package
        self._diagnostics = diagnostics
        self._test_modules = NameRegistry(TEST_MODULE_RESERVED)
        # The methods of one operation's body variants (`body_variants`) share its responses,
        # and so their result types: keyed by the responses' identity, kept alive here.
        self._results: dict[int, tuple[object, Owner, LoweredResult]] = {}

    def _result(self, op: api.Operation) -> tuple[Owner, LoweredResult]:
        cached = self._results.get(id(op.responses))
        if cached is not None and cached[0] is op.responses:
            return cached[1], cached[2]
        owner = self._translator.owner_for(op.operation_id.raw)
        result = lower_result(op, owner, self._translator, self._diagnostics)
        self._results[id(op.responses)] = (op.responses, owner, result)
        return owner, result

    def build(
        self,
        op: api.Operation,
        group: tuple[str, ...],
        name: str,
        attribute_path: tuple[str, ...],
    ) -> BuiltOperation | None:
        """The method, or None (with a warning) when it uses what the SDK cannot send yet.

        `attribute_path` leads from the SDK object to the operation's resource (`llm.responses`).
        """
        unsupported = next(
            (p for p in op.parameters if p.location not in _SUPPORTED_LOCATIONS), None
        )
        if unsupported is not None:
            message = f"{unsupported.location} parameters are not supported yet; operation skipped"
            self._diagnostics.append(
                unsupported.where.diagnostic(message, limitation=True)
            )
            return None
        owner = self._translator.owner_for(op.operation_id.raw)
        params = self._parameters.lower(op, owner)
        body = self._bodies.lower(op, owner, (p.name for p in params))
        arguments = tuple(
            sorted((*params, *body.arguments), key=lambda p: not p.required)
        )
        result_owner, result = self._result(op)
        return_annotation = result.annotation
        required = tuple(p for p in params if p.required)
        required_arguments = tuple(p for p in arguments if p.required)
        test_owner = Owner(
            module=result_owner.module,
            deps=result_owner.deps | owner.deps,
            uses=result_owner.uses | owner.uses,
        )
        route = f"{op.method.upper()} {op.path.raw}"
        runtime_names = set(body.runtime_names | result.runtime_names)
        # An annotation written in the resource module may name the runtime's open types.
        runtime_names |= (owner.uses | result_owner.uses) & UNKNOWN_VALUE_TYPES
        # Only a method that is not idempotent takes an idempotency key.
        # A streaming method also takes `max_reconnects`.
        stream_options = "Stream" if result.client_method == "stream" else ""
        options_type = (
            f"{stream_options}RequestOptions"
            if op.method.upper() in _IDEMPOTENT_METHODS
            else f"NonIdempotent{stream_options}RequestOptions"
        )
        runtime_names.add(options_type)
        returns = result.returns
        paged = None
        if op.pagination is not None:
            paged = lower_pager(
                op,
                op.pagination,
                return_annotation,
                bool(result.parsers),
                params,
                self._translator,
                self._diagnostics,
            )
        if paged is not None:
            runtime_names |= paged.runtime_names
            returns = _PAGER_RETURNS
        operation = Operation(
            operation_id=op.operation_id,
            method_name=name,
            constant="_" + constant(name),
            http_method=op.method.upper(),
            path=op.path,
            doc=SpecText(_operation_doc(op, arguments, returns, route)),
            summary=SpecText(op.summary.raw or name.replace("_", " ").capitalize()),
            params=params,
            required_params=required,
            header_params=tuple(
                p
                for p in params
                if p.location == "header"
                and not p.required
                and p.wire_name.raw.lower() not in _SDK_SET_HEADERS
            ),
            return_annotation=return_annotation,
            async_return_annotation=result.async_annotation,
            client_method=result.client_method,
            test_read=result.test_read,
            test_read_async=result.test_read_async,
            test_read_type=result.test_read_type,
            multipart_parts=body.multipart_parts,
            parse=result.parse,
            result_capture=(
                "" if return_annotation == "None" and not paged else "result = "
            ),
            result_name=(
                "result.model"
                if paged
                else "None" if return_annotation == "None" else "result"
            ),
            call_path=".".join((*attribute_path, name)),
            test_module=self._test_modules.claim(joined("test", *group, name)),
            sample_arguments=_arguments(required_arguments),
            result_imports=result_imports(
                self._package, sorted(test_owner.deps), test_owner
            ),
            sample_url=SpecText(_sample_url(op.path.raw, required)),
            example_value=pyrepr(result.example),
            invalid_cases=_invalid_cases(op, params, required_arguments),
            arguments=arguments,
            declaration_keywords=_declaration_keywords(
                body.declarations,
                body.body_choice,
                result.parsers,
                result.errors,
                result.accept,
                result.stream,
            )
            + ((paged.declaration,) if paged else ()),
            type_argument=result.type_argument,
            example_content=result.example_content,
            runtime_names=tuple(sorted(runtime_names)),
            uses_type_adapter=result.uses_type_adapter,
            options_type=options_type,
            pager=paged.pager if paged else None,
            raw_wrapper="raw_page_method" if paged else "raw_response_method",
            result_access=".first_page" if paged else "",
            pager_tests=paged.tests if paged else (),
        )
        return BuiltOperation(
            operation,
            model_names=frozenset(owner.deps | result_owner.deps)
            | (paged.model_names if paged else frozenset()),
            typing_names=frozenset(
                (owner.uses | result_owner.uses) & _ANNOTATION_HELPERS
            )
            | (paged.typing_names if paged else frozenset()),
        )


# -- pure helpers -----------------------------------------------------------------------------


def _invalid_cases(
    op: api.Operation,
    params: tuple[Parameter, ...],
    required_arguments: tuple[Parameter, ...],
) -> tuple[InvalidValueCase, ...]:
    """For each parameter with an invalid example: a call passing it, and what must be said."""
    neutral = {(p.wire_name.raw, p.location): p for p in op.parameters}
    cases = []
    for param in params:
        invalid = neutral[(param.wire_name.raw, param.location)].invalid_example
        if invalid is None:
            continue
        # The test passes the value through a variable typed Any: a value that breaks an enum
        # cannot be written where mypy expects the enum's Literal.
        arguments = _arguments(
            tuple(p for p in required_arguments if p is not param) + (param,),
            {param.name: "invalid_value"},
        )
        cases.append(
            InvalidValueCase(
                param.name, pyrepr(invalid.value), arguments, invalid.reason
            )
        )
    return tuple(cases)


def _declaration_keywords(
    bodies: tuple[str, ...],
    body_choice: str | None,
    parsers: str,
    errors: str,
    accept: str | None,
    stream: str = "",
) -> tuple[str, ...]:
    """The `Operation(...)` keywords beyond the parameters and the main parser."""
    found = [f"accept={pyrepr(accept)}"] if accept is not None else []
    if stream:
        found.append(stream)
    if bodies:
        found.append(f"bodies=({''.join(b + ', ' for b in bodies)})")
    if body_choice is not None:
        found.append(f"body_choice={pyrepr(body_choice)}")
    if parsers:
        found.append(f"parsers={parsers}")
    if errors:
        found.append(f"errors={errors}")
    return tuple(found)


def _operation_doc(
    op: api.Operation, params: tuple[Parameter, ...], returns: str, route: str
) -> str:
    summary = _sentence(op.summary.raw)
    sections = [s for s in (summary, op.description.raw) if s] or [f"Call `{route}`."]
    if params:
        lines = ["Args:"]
        for param in params:
            lines.append(f"    {param.name}: {param.doc.raw}")
        sections.append("\n".join(lines))
    sections.append(f"Returns:\n    {returns}")
    sections.append(_RAISES)
    if op.deprecated:
        sections.insert(1, "Deprecated: the API marks this operation as deprecated.")
    return "\n\n".join(sections)


def _arguments(
    params: tuple[Parameter, ...], overrides: dict[str, str] | None = None
) -> str:
    overrides = overrides or {}
    return ", ".join(f"{p.name}={overrides.get(p.name, p.sample)}" for p in params)


def _sentence(text: str) -> str:
    """A summary as the first line of a docstring: one line, ending with a full stop."""
    text = " ".join(text.split())
    return text + "." if text and text[-1] not in ".!?" else text


def _sample_url(path: str, required: tuple[Parameter, ...]) -> str:
    values = {p.name: ast.literal_eval(p.sample) for p in required}
    path_texts = {
        p.wire_name.raw: wire_forms.path_text(p, values[p.name])
        for p in required
        if p.location == "path"
    }
    query = [
        piece
        for p in required
        if p.location == "query"
        for piece in wire_forms.query_pieces(p, values[p.name])
    ]
    return sample_url(TEST_SERVER, path, path_texts, query)
