"""Python results: what a method returns, and how the runtime parses the response into it."""

from __future__ import annotations

from typing import Any

from ...ir import api
from ...naming import class_name
from .annotations import Place, SchemaTranslator
from .context import Owner

_ANNOTATION_HELPERS = frozenset({"Annotated", "Any", "Field", "Literal"})


def lower_result(
    op: api.Operation, owner: Owner, translator: SchemaTranslator
) -> tuple[str, str, str, Any]:
    """Return annotation, parse expression, Returns-doc and an example body."""
    success = op.success
    if success is None:
        return "None", "ignore_body", "None.", None
    description = success.description.raw
    if success.type is None:
        return "None", "ignore_body", description or "None.", None
    hint = class_name(op.operation_id.raw, frozenset()) + "Result"
    py_type = translator.lower(success.type, Place(owner, hint))
    annotation = py_type.with_none()
    if translator.is_model(annotation):
        parse = f"{annotation}.model_validate_json"
    else:
        parse = f"TypeAdapter({annotation}).validate_json"
    returns = description or f"The parsed `{annotation}`."
    return annotation, parse, returns, success.example


def result_imports(package: str, models: list[str], owner: Owner) -> tuple[str, ...]:
    """What a generated test imports to write the return annotation (`Literal[...]` included)."""
    typing_names = sorted(owner.uses & _ANNOTATION_HELPERS - {"Field"})
    lines = [f"from typing import {', '.join(typing_names)}"] if typing_names else []
    lines += ["from pydantic import Field"] if "Field" in owner.uses else []
    lines += [f"from {package}.models import {', '.join(models)}"] if models else []
    return tuple(lines)
