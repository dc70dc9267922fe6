"""Check the spec's response examples against their schemas, before tests are built on them.

A generated test parses the documented example; an example that its own schema rejects would make
that test fail in the user's CI. Such an example is reported as a warning, and the tests use a
value built from the schema instead. What our models read leniently (a required property that may
be null but is missing, as in the MKA1 seed) is not held against an example.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator, OAS31Validator
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from ..diagnostics import join_pointer
from ..load import SourceFile, SpecSource


def _shortened(message: str, limit: int = 160) -> str:
    """jsonschema quotes the whole offending value; a long one would drown the message."""
    return message if len(message) <= limit else message[: limit - 3] + "..."


class ExampleChecker:
    """Validates instances against schemas of one spec (all its files registered for `$ref`)."""

    def __init__(self, spec: SpecSource) -> None:
        self._spec = spec
        resources = [
            (f.path.as_uri(), Resource(f.data, DRAFT202012))
            for f in spec.files.values()
        ]
        self._registry: Registry[Any] = Registry().with_resources(resources)
        version = str(spec.root.data.get("openapi", ""))
        self._validator_class = (
            OAS30Validator if version.startswith("3.0") else OAS31Validator
        )

    def problem(self, instance: Any, file: SourceFile, pointer: str) -> str | None:
        """Why `instance` does not match the schema at `pointer` in `file`, or None if it does
        (or if the schema is beyond what the checker can follow: then the example is trusted).
        """
        # A pointer in a URI fragment is percent-encoded (RFC 6901 §6): URL parsing would
        # otherwise drop the tabs and line breaks that a key may hold.
        schema = {"$ref": f"{file.path.as_uri()}#{quote(pointer, safe='/~')}"}
        validator = self._validator_class(schema, registry=self._registry)
        try:
            for error in validator.iter_errors(instance):
                if not self._lenient_about(error):
                    where = join_pointer("", *error.absolute_path) or "/"
                    return f"{_shortened(error.message)} (at {where} in the example)"
        except (RecursionError, Unresolvable):
            return None
        return None

    def _lenient_about(self, error: ValidationError) -> bool:
        """A missing required property that may be null: our models read it as None."""
        if error.validator != "required" or not isinstance(error.schema, dict):
            return False
        missing = [
            name for name in error.validator_value if name not in (error.instance or {})
        ]
        properties = error.schema.get("properties") or {}
        return all(self._allows_null(properties.get(name)) for name in missing)

    def _allows_null(self, schema: Any, depth: int = 0) -> bool:
        if not isinstance(schema, dict) or depth > 20:
            return False
        if isinstance(schema.get("$ref"), str):
            return self._allows_null(self._resolve(schema["$ref"]), depth + 1)
        kinds = schema.get("type")
        if (
            schema.get("nullable") is True
            or kinds == "null"
            or (isinstance(kinds, list) and "null" in kinds)
        ):
            return True
        if None in (schema.get("enum") or []):
            return True
        members = (schema.get("anyOf") or []) + (schema.get("oneOf") or [])
        return any(self._allows_null(member, depth + 1) for member in members)

    def _resolve(self, ref: str) -> Any:
        """The target of a `$ref` written in the root document (None if it cannot be found:
        then the property counts as not nullable, and the example is reported)."""
        resolver = self._registry.resolver(self._spec.root.path.as_uri())
        try:
            return resolver.lookup(ref).contents
        except (
            Exception
        ):  # referencing raises several unrelated types for a failed lookup
            return None
