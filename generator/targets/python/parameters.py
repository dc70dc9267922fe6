"""Python parameters: each neutral parameter as a keyword argument (name, annotation, default),
the runtime constraints checked before sending, and its docstring line."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ...diagnostics import Diagnostic, join_pointer
from ...ir import api
from ...ir.types import Constraints
from ...naming import NameRegistry, python_name
from ...reserved import PARAMETER_RESERVED
from ...text import SpecText
from .annotations import Place, SchemaTranslator
from .context import Owner
from .literals import pyrepr, regex_literal, tuple_literal
from . import wire_forms
from .view import Parameter

# where the credentials an operation may send travel: (location, name; lower case for a header)
CredentialPlaces = Callable[[api.Operation], frozenset[tuple[str, str]]]


class ParameterLowering:
    """Lowers an operation's parameters; one instance per SDK."""

    def __init__(
        self,
        translator: SchemaTranslator,
        diagnostics: list[Diagnostic],
        credentials_sent_in: CredentialPlaces,
    ) -> None:
        self._translator = translator
        self._diagnostics = diagnostics
        self._credentials_sent_in = credentials_sent_in

    def lower(self, op: api.Operation, owner: Owner) -> tuple[Parameter, ...]:
        names = NameRegistry(PARAMETER_RESERVED)
        credential_places = self._credentials_sent_in(op)
        result = []
        for param in op.parameters:
            wire_name = param.wire_name.raw
            key = wire_name.lower() if param.location == "header" else wire_name
            if (param.location, key) in credential_places:
                message = f"the credentials are sent in the {param.location} {wire_name}; this parameter is ignored"
                where = api.Where(
                    param.where.file, join_pointer(param.where.pointer, "name")
                )
                self._diagnostics.append(where.diagnostic(message))
                continue
            hint = python_name(wire_name).title()
            py_type = self._translator.lower(
                param.type, Place(owner, hint, closed=True)
            )
            lowered = Parameter(
                name=names.claim(python_name(wire_name, PARAMETER_RESERVED)),
                wire_name=param.wire_name,
                location=param.location,
                style=param.style,
                explode=param.explode,
                allow_reserved=param.allow_reserved,
                media_type=param.media_type,
                required=param.required,
                annotation=(
                    py_type.with_none() if param.required else py_type.optional()
                ),
                default="" if param.required else " = None",
                constraints=self._constraints(param),
                doc=SpecText(_parameter_doc(param)),
                sample=pyrepr(param.example),
            )
            if param.location == "header":
                text = wire_forms.header_text(lowered, param.example)
                lowered = replace(lowered, header_sample=pyrepr(text))
            result.append(lowered)
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
            self._diagnostics.append(where.diagnostic(message, limitation=True))
            pattern = None
        return _constraints(constraints, pattern, param.enum)


def _regex_problem(pattern: str) -> str | None:
    """Why Python cannot compile `pattern` (the generated SDK compiles it at import), or None."""
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError) as error:
        return str(error)[:80]
    return None


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
            f"OneOf({tuple_literal(pyrepr(v) for v in enum if v is not None)})"
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
