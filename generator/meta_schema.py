"""Meta-schema checks at compiled speed, with the verdicts of the pure-Python validator.

openapi-spec-validator checks a document against its version's schema, and each Schema Object in it
against a JSON Schema meta-schema, with the pure-Python jsonschema backend: seconds on a large
document. jsonschema-rs (compiled, the library's other backend) answers "is this valid?" in
milliseconds. Here it is asked first, and the Python backend runs, as before, only when the answer
is not a plain yes: the findings stay the Python backend's, and cost time only where there are any.

A yes counts only where the two agree. For Schema Objects they differ in one known place: the
`regex` format, which jsonschema-rs reads as ECMAScript (`\\p{L}`, `(?<name>...)`) and Python as
Python. So formats are left out of the compiled check, and a Schema Object is vouched for only when
every `pattern` in it (and every key of a `patternProperties`, which 3.1's meta-schema also reads
as a regex) compiles in Python: the one format those meta-schemas ask the Python checker to assert.
`tests/test_validation_speed.py` checks the two agree on real documents.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import jsonschema_rs
from openapi_schema_validator._dialects import OAS31_BASE_DIALECT_ID
from openapi_schema_validator._specifications import (
    REGISTRY as OPENAPI_SPECIFICATIONS,
)
from openapi_schema_validator.validators import OAS30Validator, OAS31Validator
from openapi_spec_validator.schemas.backend.jsonschema_rs import (
    create_validator as create_jsonschema_rs_validator,
    has_jsonschema_rs_validators,
)

# Schema Objects of Swagger 2.0 and OpenAPI 3.0 are checked against draft-04's meta-schema, those
# of OpenAPI 3.1 (unless they name another dialect) against the OAS 3.1 base dialect.
DRAFT4_SCHEMA_CHECKER = OAS30Validator
OAS31_SCHEMA_CHECKER = OAS31Validator
OAS31_DIALECT = OAS31_BASE_DIALECT_ID

_DOCUMENT_CHECKS: dict[int, Any] = {}
_SCHEMA_CHECKS: dict[int, Any] = {}


def meets_meta_schema(meta_schema: Any, document: Any) -> bool:
    """Whether the compiled validator finds a whole document valid against its version's
    `meta_schema`; False (so the Python backend decides) when jsonschema-rs cannot judge it.
    """
    if not has_jsonschema_rs_validators():
        return False
    compiled = _DOCUMENT_CHECKS.get(id(meta_schema))
    if compiled is None:
        compiled = create_jsonschema_rs_validator(dict(meta_schema))
        _DOCUMENT_CHECKS[id(meta_schema)] = compiled
    return _is_valid(compiled, document)


def schema_object_is_valid(schema: Any, meta_schema: Any) -> bool:
    """Whether a Schema Object certainly meets `meta_schema` (as `check_schema` of the checker
    whose META_SCHEMA it is would find); False when only the Python backend can say."""
    if not _patterns_compile(schema):
        return False
    compiled = _SCHEMA_CHECKS.get(id(meta_schema))
    if compiled is None:
        compiled = jsonschema_rs.validator_for(
            meta_schema, validate_formats=False, retriever=_bundled_meta_schema
        )
        _SCHEMA_CHECKS[id(meta_schema)] = compiled
    return _is_valid(compiled, schema)


def _is_valid(compiled: Any, value: Any) -> bool:
    try:
        return bool(compiled.is_valid(value))
    except Exception:  # noqa: BLE001 - what it cannot judge, the Python backend does
        return False


def _bundled_meta_schema(uri: str) -> Any:
    """The meta-schemas openapi-schema-validator ships (the OAS 3.1 vocabularies); never the
    network."""
    return OPENAPI_SPECIFICATIONS.contents(uri)


def _patterns_compile(schema: Any) -> bool:
    pending = [schema]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            pattern = node.get("pattern")
            if isinstance(pattern, str) and not _compiles(pattern):
                return False
            keyed = node.get("patternProperties")
            if isinstance(keyed, dict) and not all(map(_compiles, keyed)):
                return False
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return True


@lru_cache(maxsize=4096)
def _compiles(pattern: Any) -> bool:
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError, TypeError):
        return False
    return True
