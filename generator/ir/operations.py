"""Operations: parameters, result types, docstrings and test facts for each method.

Where an operation lives in the SDK is decided in `paths`; this module builds what it says.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic, excerpt, join_pointer
from ..load import SourceFile, SpecSource
from ..naming import NameRegistry, class_name, constant, joined, python_name
from ..reserved import PARAMETER_RESERVED, TEST_MODULE_RESERVED
from ..text import SpecText
from .context import Context, Owner
from .examples import ExampleChecker
from .literals import pyrepr, regex_literal
from .model import InvalidValueCase, Operation, Parameter
from .paths import RawOperation
from .samples import invalid_string, sample_value, spec_example
from .schemas import SchemaTranslator
from .wire import is_header_name, sample_url

TEST_SERVER = "https://api.example.test"

_SUPPORTED_LOCATIONS = ("path", "query", "header")
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
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
    """Builds the IR of one operation; shares the schema translator with the models."""

    def __init__(
        self,
        spec: SpecSource,
        translator: SchemaTranslator,
        package: str,
        diagnostics: list[Diagnostic],
        credential_headers: frozenset[str] = frozenset(),
    ) -> None:
        """`credential_headers`: the (lower-case) headers the SDK's credentials are sent in."""
        self._spec = spec
        self._translator = translator
        self._package = package
        self._diagnostics = diagnostics
        self._credential_headers = credential_headers
        self._examples = ExampleChecker(spec)
        self._test_modules = NameRegistry(TEST_MODULE_RESERVED)

    def build(
        self, raw: RawOperation, name: str, attribute_path: tuple[str, ...]
    ) -> BuiltOperation | None:
        """The operation, or None (with a warning) when it uses what the SDK cannot send yet.

        `attribute_path` leads from the SDK object to the operation's resource (`llm.responses`).
        """
        node = raw.node
        if "requestBody" in node:
            self._warn(
                join_pointer(raw.pointer, "requestBody"),
                "request bodies are not supported yet; operation skipped",
            )
            return None
        operation_id = str(node.get("operationId") or f"{raw.method}_{raw.path}")
        owner = self._translator.owner_for(operation_id)
        params = self._parameters(raw, owner)
        if params is None:
            return None
        result_owner = self._translator.owner_for(operation_id)
        return_annotation, parse, return_doc, example = self._result(raw, result_owner)
        required = tuple(p for p in params if p.required)
        summary = str(node.get("summary") or "").strip()
        result_names = sorted(result_owner.deps)
        operation = Operation(
            operation_id=SpecText(operation_id),
            method_name=name,
            constant="_" + constant(name),
            http_method=raw.method.upper(),
            path=SpecText(raw.path),
            doc=SpecText(
                _operation_doc(
                    node, params, return_doc, f"{raw.method.upper()} {raw.path}"
                )
            ),
            summary=SpecText(summary or name.replace("_", " ").capitalize()),
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
            test_module=self._test_modules.claim(joined("test", *raw.group, name)),
            sample_arguments=_arguments(required),
            result_imports=_result_imports(self._package, result_names, result_owner),
            sample_url=SpecText(_sample_url(raw.path, required)),
            example_value=pyrepr(example),
            invalid_cases=self._invalid_cases(raw, params),
        )
        return BuiltOperation(
            operation,
            model_names=frozenset(owner.deps | result_owner.deps),
            typing_names=frozenset(
                (owner.uses | result_owner.uses) & _ANNOTATION_HELPERS
            ),
        )

    # -- parameters ---------------------------------------------------------------------------

    def _parameters(
        self, raw: RawOperation, owner: Owner
    ) -> tuple[Parameter, ...] | None:
        merged: dict[tuple[str, str], tuple[dict[str, Any], SourceFile, str]] = {}
        sources = [
            (p, join_pointer(raw.pointer.rsplit("/", 1)[0], "parameters", i))
            for i, p in enumerate(raw.path_parameters)
        ]
        sources += [
            (p, join_pointer(raw.pointer, "parameters", i))
            for i, p in enumerate(raw.node.get("parameters") or [])
        ]
        for param, pointer in sources:
            target = self._spec.follow(param, self._spec.root, pointer)
            param, file, pointer = target.value, target.file, target.pointer
            if isinstance(param, dict):
                merged[(str(param.get("name")), str(param.get("in")))] = (
                    param,
                    file,
                    pointer,
                )
        names = NameRegistry(PARAMETER_RESERVED)
        result = []
        for (wire_name, location), (param, file, pointer) in merged.items():
            if location not in _SUPPORTED_LOCATIONS:
                message = (
                    f"{location} parameters are not supported yet; operation skipped"
                )
                self._diagnostics.append(file.diagnostic(pointer, message, "warning"))
                return None
            if location == "header" and not self._sendable_header(
                wire_name, file, join_pointer(pointer, "name")
            ):
                continue
            schema: dict[str, Any] = (
                param["schema"] if isinstance(param.get("schema"), dict) else {}
            )
            context = Context(
                file,
                join_pointer(pointer, "schema"),
                owner,
                python_name(wire_name).title(),
            )
            py_type = self._translator.annotation(schema, context)
            required = bool(param.get("required")) or location == "path"
            result.append(
                Parameter(
                    name=names.claim(python_name(wire_name, PARAMETER_RESERVED)),
                    wire_name=SpecText(wire_name),
                    location=location,
                    required=required,
                    annotation=py_type.with_none() if required else py_type.optional(),
                    default="" if required else " = None",
                    constraints=self._constraints(
                        _resolved(schema, file, self._spec),
                        file,
                        join_pointer(pointer, "schema"),
                    ),
                    doc=SpecText(
                        _parameter_doc(
                            param, _resolved(schema, file, self._spec), location
                        )
                    ),
                    sample=pyrepr(self._sample_argument(param, schema, file, pointer)),
                )
            )
        return tuple(sorted(result, key=lambda p: not p.required))

    def _sendable_header(self, name: str, file: SourceFile, pointer: str) -> bool:
        """Whether a header parameter is sent: its name must be an HTTP token, and the ones
        OpenAPI says to ignore (the SDK sets them itself) are left out with a warning.
        """
        if not is_header_name(name):
            message = f"{excerpt(name)} is not a valid HTTP header name"
            self._diagnostics.append(file.diagnostic(pointer, message))
            return False
        if name.lower() in _IGNORED_HEADERS:
            message = f"a header parameter named {name} is ignored (OpenAPI: the client sets it)"
            self._diagnostics.append(file.diagnostic(pointer, message, "warning"))
            return False
        if name.lower() in self._credential_headers:
            message = f"the credentials are sent in the header {name}; this parameter is ignored"
            self._diagnostics.append(file.diagnostic(pointer, message, "warning"))
            return False
        return True

    def _constraints(
        self, schema: dict[str, Any], file: SourceFile, pointer: str
    ) -> tuple[str, ...]:
        """Runtime constraint constructors for what a parameter's schema demands."""
        pattern = schema.get("pattern")
        problem = _regex_problem(pattern) if isinstance(pattern, str) else None
        if problem is not None:
            message = (
                f"the pattern is not a Python regular expression ({problem}); "
                "arguments are not checked against it before sending"
            )
            self._diagnostics.append(
                file.diagnostic(join_pointer(pointer, "pattern"), message, "warning")
            )
            schema = {k: v for k, v in schema.items() if k != "pattern"}
        return _constraints(schema)

    def _sample_argument(
        self,
        param: dict[str, Any],
        schema: dict[str, Any],
        file: SourceFile,
        pointer: str,
    ) -> Any:
        """The parameter's example if its schema accepts it (else a warning), or a built one."""
        found, example = spec_example(param)
        if found and "schema" in param:
            problem = self._examples.problem(
                example, file, join_pointer(pointer, "schema")
            )
            if problem is None:
                return example
            where = join_pointer(
                pointer, "example" if "example" in param else "examples"
            )
            message = f"the example does not match its schema: {problem}; tests use a built sample"
            self._diagnostics.append(file.diagnostic(where, message, "warning"))
        elif found:
            return example
        return sample_value(schema, file, self._spec)

    def _invalid_cases(
        self, raw: RawOperation, params: tuple[Parameter, ...]
    ) -> tuple[InvalidValueCase, ...]:
        cases = []
        for param in params:
            schema = self._parameter_schema(raw, param.wire_name.raw, param.location)
            if schema.get("type") != "string" or not any(
                k in schema for k in ("pattern", "minLength", "maxLength", "enum")
            ):
                continue
            broken = invalid_string(schema)
            if broken is not None:
                # The test passes the value through a variable typed Any: a value that breaks
                # an enum cannot be written where mypy expects the enum's Literal.
                arguments = _arguments(
                    tuple(p for p in params if p.required or p is param),
                    {param.name: "invalid_value"},
                )
                cases.append(
                    InvalidValueCase(
                        param.name, pyrepr(broken[0]), arguments, SpecText(broken[1])
                    )
                )
        return tuple(cases)

    def _parameter_schema(
        self, raw: RawOperation, wire_name: str, location: str
    ) -> dict[str, Any]:
        for param in (*raw.path_parameters, *(raw.node.get("parameters") or [])):
            target = self._spec.follow(param, self._spec.root)
            param, file = target.value, target.file
            if (
                isinstance(param, dict)
                and param.get("name") == wire_name
                and param.get("in") == location
            ):
                return _resolved(param.get("schema") or {}, file, self._spec)
        return {}

    # -- result -------------------------------------------------------------------------------

    def _result(self, raw: RawOperation, owner: Owner) -> tuple[str, str, str, Any]:
        """Return annotation, parse expression, Returns-doc and an example body."""
        responses = raw.node.get("responses") or {}
        status = next((s for s in sorted(responses) if str(s).startswith("2")), None)
        if status is None:
            return "None", "ignore_body", "None.", None
        target = self._spec.follow(
            responses[status],
            self._spec.root,
            join_pointer(raw.pointer, "responses", str(status)),
        )
        response, file, response_pointer = target.value, target.file, target.pointer
        description = str(response.get("description") or "").strip()
        content = response.get("content") or {}
        media_type = next(
            (m for m in content if m == "application/json" or m.endswith("+json")), None
        )
        if media_type is None:
            return "None", "ignore_body", description or "None.", None
        media = content[media_type] or {}
        schema = media.get("schema") or {}
        media_pointer = join_pointer(response_pointer, "content", media_type)
        pointer = join_pointer(media_pointer, "schema")
        py_type = self._translator.annotation(
            schema,
            Context(
                file,
                pointer,
                owner,
                class_name(owner.module[1:], frozenset()) + "Result",
            ),
        )
        annotation = py_type.with_none()
        if self._translator.is_model(annotation):
            parse = f"{annotation}.model_validate_json"
        else:
            parse = f"TypeAdapter({annotation}).validate_json"
        found, example = spec_example(media)
        problem = self._examples.problem(example, file, pointer) if found else None
        if problem is not None:
            where = join_pointer(
                media_pointer, "example" if "example" in media else "examples"
            )
            message = f"the example does not match its schema: {problem}; tests use a built sample"
            self._diagnostics.append(file.diagnostic(where, message, "warning"))
        if not found or problem is not None:
            example = sample_value(schema, file, self._spec)
        return annotation, parse, description or f"The parsed `{annotation}`.", example

    def _warn(self, pointer: str, message: str) -> None:
        self._diagnostics.append(
            self._spec.root.diagnostic(pointer, message, "warning")
        )


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


def _resolved(schema: Any, file: SourceFile, spec: SpecSource) -> dict[str, Any]:
    target = spec.follow(schema, file)
    return target.value if isinstance(target.value, dict) else {}


def _constraints(schema: dict[str, Any]) -> tuple[str, ...]:
    """Runtime constraint constructors for what a parameter's schema demands."""
    found = []
    if isinstance(schema.get("pattern"), str):
        found.append(f"Pattern({regex_literal(schema['pattern'])})")
    if "minLength" in schema or "maxLength" in schema:
        found.append(
            f"Length(min_length={pyrepr(schema.get('minLength'))}, max_length={pyrepr(schema.get('maxLength'))})"
        )
    bounds = {
        k: schema.get(k)
        for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
    }
    if any(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in bounds.values()
    ):
        found.append(
            "Range("
            f"minimum={pyrepr(bounds['minimum'])}, maximum={pyrepr(bounds['maximum'])}, "
            f"exclusive_minimum={pyrepr(_number(bounds['exclusiveMinimum']))}, "
            f"exclusive_maximum={pyrepr(_number(bounds['exclusiveMaximum']))})"
        )
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        found.append(
            f"OneOf(({''.join(pyrepr(v) + ', ' for v in schema['enum'] if v is not None)}))"
        )
    return tuple(found)


def _number(value: Any) -> Any:
    """OpenAPI 3.0 spells exclusive bounds as booleans; only 3.1's numbers are bounds."""
    return (
        value
        if isinstance(value, (int, float)) and not isinstance(value, bool)
        else None
    )


def _parameter_doc(param: dict[str, Any], schema: dict[str, Any], location: str) -> str:
    parts = [str(param.get("description") or schema.get("description") or "").strip()]
    if isinstance(schema.get("pattern"), str):
        parts.append(f"Must match `{schema['pattern']}`.")
    if isinstance(schema.get("enum"), list):
        parts.append("One of " + ", ".join(pyrepr(v) for v in schema["enum"]) + ".")
    return (
        " ".join(p for p in parts if p)
        or f"The `{param.get('name')}` {location} parameter."
    )


def _operation_doc(
    node: dict[str, Any], params: tuple[Parameter, ...], returns: str, route: str
) -> str:
    summary = _sentence(str(node.get("summary") or "").strip())
    description = str(node.get("description") or "").strip()
    sections = [s for s in (summary, description) if s] or [f"Call `{route}`."]
    if params:
        lines = ["Args:"]
        for param in params:
            lines.append(f"    {param.name}: {param.doc.raw}")
        sections.append("\n".join(lines))
    sections.append(f"Returns:\n    {returns}")
    sections.append(_RAISES)
    if node.get("deprecated") is True:
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
