"""Python methods: the neutral operations lowered to the signatures, docstrings and test facts
of the generated resource classes.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

from ...diagnostics import Diagnostic, join_pointer
from ...naming import NameRegistry, class_name, constant, joined, python_name
from ...reserved import PARAMETER_RESERVED, TEST_MODULE_RESERVED
from ...text import SpecText
from ...ir import api
from .context import Owner
from .literals import pyrepr, regex_literal
from .view import InvalidValueCase, Operation, Parameter
from .annotations import Place, SchemaTranslator
from ...ir.types import Constraints
from ...ir.wire import sample_url

TEST_SERVER = "https://api.example.test"

_SUPPORTED_LOCATIONS = ("path", "query", "header")
# Names an annotation may use besides models and builtins (Field is pydantic's).
_ANNOTATION_HELPERS = frozenset({"Annotated", "Any", "Field", "Literal"})
_RAISES = """Raises:
    InvalidParameterError: An argument breaks the spec's constraints; nothing was sent.
    APIStatusError: The server answered with an error status; a subclass names common ones (NotFoundError, RateLimitError, InternalServerError, ...).
    APIConnectionError: The server could not be reached (APITimeoutError on a timeout).
    ResponseValidationError: The response body does not match the declared schema."""


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
        credential_headers: frozenset[str] = frozenset(),
    ) -> None:
        """`credential_headers`: the (lower-case) headers the SDK's credentials are sent in."""
        self._credential_headers = credential_headers
        self._translator = translator
        self._package = package
        self._diagnostics = diagnostics
        self._test_modules = NameRegistry(TEST_MODULE_RESERVED)

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
        if op.request_body is not None:
            self._diagnostics.append(
                op.request_body.where.diagnostic(
                    "request bodies are not supported yet; operation skipped"
                )
            )
            return None
        unsupported = next(
            (p for p in op.parameters if p.location not in _SUPPORTED_LOCATIONS), None
        )
        if unsupported is not None:
            message = f"{unsupported.location} parameters are not supported yet; operation skipped"
            self._diagnostics.append(unsupported.where.diagnostic(message))
            return None
        owner = self._translator.owner_for(op.operation_id.raw)
        params = self._parameters(op, owner)
        result_owner = self._translator.owner_for(op.operation_id.raw)
        return_annotation, parse, return_doc, example = self._result(op, result_owner)
        required = tuple(p for p in params if p.required)
        result_names = sorted(result_owner.deps)
        route = f"{op.method.upper()} {op.path.raw}"
        operation = Operation(
            operation_id=op.operation_id,
            method_name=name,
            constant="_" + constant(name),
            http_method=op.method.upper(),
            path=op.path,
            doc=SpecText(_operation_doc(op, params, return_doc, route)),
            summary=SpecText(op.summary.raw or name.replace("_", " ").capitalize()),
            params=params,
            required_params=required,
            header_params=tuple(
                p for p in params if p.location == "header" and not p.required
            ),
            return_annotation=return_annotation,
            parse=parse,
            result_capture="" if return_annotation == "None" else "result = ",
            result_name="None" if return_annotation == "None" else "result",
            call_path=".".join((*attribute_path, name)),
            test_module=self._test_modules.claim(joined("test", *group, name)),
            sample_arguments=_arguments(required),
            result_imports=_result_imports(self._package, result_names, result_owner),
            sample_url=SpecText(_sample_url(op.path.raw, required)),
            example_value=pyrepr(example),
            invalid_cases=_invalid_cases(op, params),
        )
        return BuiltOperation(
            operation,
            model_names=frozenset(owner.deps | result_owner.deps),
            typing_names=frozenset(
                (owner.uses | result_owner.uses) & _ANNOTATION_HELPERS
            ),
        )

    # -- parameters ---------------------------------------------------------------------------

    def _parameters(self, op: api.Operation, owner: Owner) -> tuple[Parameter, ...]:
        names = NameRegistry(PARAMETER_RESERVED)
        result = []
        for param in op.parameters:
            wire_name = param.wire_name.raw
            if (
                param.location == "header"
                and wire_name.lower() in self._credential_headers
            ):
                message = f"the credentials are sent in the header {wire_name}; this parameter is ignored"
                where = api.Where(
                    param.where.file, join_pointer(param.where.pointer, "name")
                )
                self._diagnostics.append(where.diagnostic(message))
                continue
            hint = python_name(wire_name).title()
            py_type = self._translator.lower(param.type, Place(owner, hint))
            result.append(
                Parameter(
                    name=names.claim(python_name(wire_name, PARAMETER_RESERVED)),
                    wire_name=param.wire_name,
                    location=param.location,
                    required=param.required,
                    annotation=(
                        py_type.with_none() if param.required else py_type.optional()
                    ),
                    default="" if param.required else " = None",
                    constraints=self._constraints(param),
                    doc=SpecText(_parameter_doc(param)),
                    sample=pyrepr(param.example),
                )
            )
        return tuple(sorted(result, key=lambda p: not p.required))

    def _constraints(self, param: api.Parameter) -> tuple[str, ...]:
        """Runtime constraint constructors for what a parameter's schema demands."""
        constraints = param.constraints
        pattern = constraints.pattern
        problem = _regex_problem(pattern) if pattern is not None else None
        if problem is not None:
            message = (
                f"the pattern is not a Python regular expression ({problem}); "
                "arguments are not checked against it before sending"
            )
            where = api.Where(
                param.where.file, join_pointer(param.where.pointer, "schema", "pattern")
            )
            self._diagnostics.append(where.diagnostic(message))
            pattern = None
        return _constraints(constraints, pattern, param.enum)

    # -- result -------------------------------------------------------------------------------

    def _result(self, op: api.Operation, owner: Owner) -> tuple[str, str, str, Any]:
        """Return annotation, parse expression, Returns-doc and an example body."""
        success = op.success
        if success is None:
            return "None", "ignore_body", "None.", None
        description = success.description.raw
        if success.type is None:
            return "None", "ignore_body", description or "None.", None
        hint = class_name(op.operation_id.raw, frozenset()) + "Result"
        py_type = self._translator.lower(success.type, Place(owner, hint))
        annotation = py_type.with_none()
        if self._translator.is_model(annotation):
            parse = f"{annotation}.model_validate_json"
        else:
            parse = f"TypeAdapter({annotation}).validate_json"
        returns = description or f"The parsed `{annotation}`."
        return annotation, parse, returns, success.example


# -- pure helpers -----------------------------------------------------------------------------


def _regex_problem(pattern: str) -> str | None:
    """Why Python cannot compile `pattern` (the generated SDK compiles it at import), or None."""
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError) as error:
        return str(error)[:80]
    return None


def _result_imports(package: str, models: list[str], owner: Owner) -> tuple[str, ...]:
    """What a generated test imports to write the return annotation (`Literal[...]` included)."""
    typing_names = sorted(owner.uses & _ANNOTATION_HELPERS - {"Field"})
    lines = [f"from typing import {', '.join(typing_names)}"] if typing_names else []
    lines += ["from pydantic import Field"] if "Field" in owner.uses else []
    lines += [f"from {package}.models import {', '.join(models)}"] if models else []
    return tuple(lines)


def _constraints(
    constraints: Constraints, pattern: str | None, enum: tuple[Any, ...]
) -> tuple[str, ...]:
    """Runtime constraint constructors for what a parameter's schema demands."""
    found = []
    if pattern is not None:
        found.append(f"Pattern({regex_literal(pattern)})")
    if constraints.min_length is not None or constraints.max_length is not None:
        found.append(
            f"Length(min_length={pyrepr(constraints.min_length)}, max_length={pyrepr(constraints.max_length)})"
        )
    if any(_is_number(v) for v in constraints.bounds):
        found.append(
            "Range("
            f"minimum={pyrepr(constraints.minimum)}, maximum={pyrepr(constraints.maximum)}, "
            f"exclusive_minimum={pyrepr(_number(constraints.exclusive_minimum))}, "
            f"exclusive_maximum={pyrepr(_number(constraints.exclusive_maximum))})"
        )
    if enum:
        found.append(
            f"OneOf(({''.join(pyrepr(v) + ', ' for v in enum if v is not None)}))"
        )
    return tuple(found)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number(value: Any) -> Any:
    return value if _is_number(value) else None


def _parameter_doc(param: api.Parameter) -> str:
    parts = [param.description.raw]
    if param.constraints.pattern is not None:
        parts.append(f"Must match `{param.constraints.pattern}`.")
    if param.enum:
        parts.append("One of " + ", ".join(pyrepr(v) for v in param.enum) + ".")
    return (
        " ".join(p for p in parts if p)
        or f"The `{param.wire_name.raw}` {param.location} parameter."
    )


def _invalid_cases(
    op: api.Operation, params: tuple[Parameter, ...]
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
            tuple(p for p in params if p.required or p is param),
            {param.name: "invalid_value"},
        )
        cases.append(
            InvalidValueCase(
                param.name, pyrepr(invalid.value), arguments, invalid.reason
            )
        )
    return tuple(cases)


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
    values = {p.wire_name.raw: ast.literal_eval(p.sample) for p in required}
    query = [
        (p.wire_name.raw, values[p.wire_name.raw])
        for p in required
        if p.location == "query"
    ]
    return sample_url(TEST_SERVER, path, values, query)
