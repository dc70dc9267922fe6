"""Validate: the loaded spec against the OpenAPI schema (openapi-spec-validator), as diagnostics."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jsonschema.exceptions import ValidationError, best_match
from openapi_spec_validator.validation import (
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
)

from .diagnostics import SpecError, join_pointer
from .load import SpecSource

_VALIDATORS: dict[str, Any] = {
    "3.0": OpenAPIV30SpecValidator,
    "3.1": OpenAPIV31SpecValidator,
}
_MAX_REPORTED = 20


def validate_spec(spec: SpecSource) -> None:
    """Raise SpecError listing what makes the root document invalid OpenAPI 3.0/3.1."""
    root = spec.root
    document = root.data
    if not isinstance(document, dict):
        raise SpecError(
            [root.diagnostic("", "the document must be a mapping (an OpenAPI object)")]
        )
    version = document.get("openapi")
    if not isinstance(version, str):
        swagger = "swagger" in document
        message = (
            "Swagger/OpenAPI 2.0 is not supported: convert the document to OpenAPI 3.x"
            if swagger
            else "missing `openapi` version string (expected 3.0.x or 3.1.x)"
        )
        raise SpecError([root.diagnostic("/swagger" if swagger else "", message)])
    validator_cls = _VALIDATORS.get(".".join(version.split(".")[:2]))
    if validator_cls is None:
        message = f"unsupported OpenAPI version {version!r} (expected 3.0.x or 3.1.x)"
        raise SpecError([root.diagnostic("/openapi", message)])
    errors = validator_cls(document, base_uri=root.path.as_uri()).iter_errors()
    try:
        found = _most_specific(errors)
    except (
        Exception
    ) as error:  # a crash inside the validator is still bad input, not a traceback
        message = f"the OpenAPI validator could not check this document: {error}"
        raise SpecError([root.diagnostic("", message)]) from None
    diagnostics = [root.diagnostic(pointer, message) for pointer, message in found]
    if diagnostics:
        raise SpecError(diagnostics)


def _most_specific(errors: Iterable[ValidationError]) -> list[tuple[str, str]]:
    """One (pointer, message) per problem: the deepest explanation, without parent cascades."""
    found: list[tuple[str, str]] = []
    for error in errors:
        if error.context:
            error = best_match(error.context)
        pointer = join_pointer("", *error.absolute_path)
        covered = any(
            other == pointer or other.startswith(pointer + "/") for other, _ in found
        )
        if not covered:
            found.append((pointer, error.message))
        if len(found) >= _MAX_REPORTED:
            break
    return found
