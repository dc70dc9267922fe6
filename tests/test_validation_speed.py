"""The compiled check (jsonschema-rs) only lets valid documents skip the Python validator: where it
says valid, the Python backend finds nothing either, so every verdict is the Python backend's.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.diagnostics import SpecError
from generator.load import load_spec
from generator.meta_schema import (
    DRAFT4_SCHEMA_CHECKER,
    OAS31_SCHEMA_CHECKER,
    meets_meta_schema as _meets_meta_schema,
    schema_object_is_valid,
)
from openapi_schema_validator._format import oas31_format_checker
from openapi_schema_validator._specifications import REGISTRY
from generator.validate import _VALIDATORS
from openapi_spec_validator.schemas import schema_v2, schema_v30, schema_v31
from openapi_spec_validator.schemas.backend.jsonschema_rs import (
    has_jsonschema_rs_validators,
)

from .corpus import configured_folders
from .helpers import MKA1_SPEC, REPO

META = {"2.0": schema_v2, "3.0": schema_v30, "3.1": schema_v31}


def _version(document: Any) -> str:
    version = str(document.get("openapi") or document.get("swagger") or "")
    return ".".join(version.split(".")[:2])


def _validated_cases() -> list[tuple[str, Any]]:
    """The bad-spec cases (and MKA1) that reach validation: loaded by the bounded loader (an
    alias bomb never does), a mapping, of a known version."""
    found = []
    for path in sorted((REPO / "tests" / "cases").glob("*/spec.*")) + [MKA1_SPEC]:
        try:
            document = load_spec(path).root.data
        except SpecError:
            continue
        if isinstance(document, dict) and _version(document) in META:
            found.append((path.parent.name, document))
    return found


CASES = _validated_cases()


def test_jsonschema_rs_is_installed() -> None:
    assert has_jsonschema_rs_validators()


def test_the_cases_cover_valid_and_invalid_documents() -> None:
    verdicts = {_meets_meta_schema(META[_version(d)], d) for _, d in CASES}
    assert len(CASES) >= 8 and verdicts == {True, False}


@pytest.mark.parametrize(("name", "document"), CASES, ids=[n for n, _ in CASES])
def test_the_compiled_check_never_passes_what_the_python_backend_rejects(
    name: str, document: Any
) -> None:
    key = _version(document)
    python_errors = list(_VALIDATORS[key].schema_validator.iter_errors(document))
    if _meets_meta_schema(META[key], document):
        assert python_errors == []


def test_an_invalid_document_is_still_explained_by_the_python_backend() -> None:
    document = {"openapi": "3.1.0", "info": {"title": "T"}, "paths": {"/a": 3}}
    assert not _meets_meta_schema(schema_v31, document)
    errors = list(_VALIDATORS["3.1"].schema_validator.iter_errors(document))
    assert errors and all(
        e.validator for e in errors
    )  # the keyword the collector reads


# Schema Objects the compiled and the Python checks could read differently.
TRICKY_SCHEMAS: list[Any] = [
    {"type": "string", "pattern": "(?<name>x)"},  # ECMAScript named group, not Python
    {"type": "string", "pattern": "\\p{L}+"},  # a Unicode class Python's re lacks
    {"properties": {"a": {"pattern": "[a-"}}},  # nested, unreadable to both
    {"type": "strng"},
    {"required": []},
    {"enum": []},
    {"enum": [1, 1]},
    {"enum": [1, True]},
    {"enum": [1, 1.0]},
    {"multipleOf": 0},
    {"minLength": -1},
    {"minLength": 1.5},
    {"properties": {"pattern": {"type": "string"}}},  # a property named pattern
    {"example": {"pattern": "("}},  # data, but vouched for only if it compiles
    {"items": [{"type": "string"}, {"type": 3}]},
    {"allOf": []},
    {"additionalProperties": "no"},
    {"$ref": 3},
    {"id": "not a uri", "type": "object"},
    {"type": ["string", "null"]},
    {"format": "int32", "default": "abc"},
]


def _schema_objects(document: Any, limit: int = 400) -> list[Any]:
    """Up to `limit` mappings found under a document's schema collections."""
    found: list[Any] = []
    roots = [
        document.get("definitions"),
        (document.get("components") or {}).get("schemas"),
    ]
    pending = [r for r in roots if isinstance(r, dict)]
    while pending and len(found) < limit:
        node = pending.pop()
        if isinstance(node, dict):
            found.append(node)
            pending.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            pending.extend(v for v in node if isinstance(v, (dict, list)))
    return found


# What the library runs on each Schema Object, by document version: the checker class and format
# checker its schema keyword validators use.
CHECKERS = {
    "2.0": (DRAFT4_SCHEMA_CHECKER, DRAFT4_SCHEMA_CHECKER.FORMAT_CHECKER),
    "3.0": (DRAFT4_SCHEMA_CHECKER, DRAFT4_SCHEMA_CHECKER.FORMAT_CHECKER),
    "3.1": (OAS31_SCHEMA_CHECKER, oas31_format_checker),
}


def _python_check_errors(schema: Any, version: str) -> list[Any]:
    checker, formats = CHECKERS[version]
    validator = checker(checker.META_SCHEMA, format_checker=formats, registry=REGISTRY)
    return list(validator.iter_errors(schema))


def _real_schema_objects() -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    documents = [d for _, d in CASES]
    for path in sorted(p for f in configured_folders() for p in f.glob("*.[jy]*")):
        try:
            documents.append(load_spec(path).root.data)
        except SpecError:
            continue
    for document in documents:
        if isinstance(document, dict) and _version(document) in CHECKERS:
            found += [(_version(document), s) for s in _schema_objects(document)]
    return found


@pytest.mark.parametrize("version", sorted(CHECKERS))
def test_a_schema_object_is_vouched_for_only_where_the_python_check_agrees(
    version: str,
) -> None:
    meta = CHECKERS[version][0].META_SCHEMA
    schemas = TRICKY_SCHEMAS + [s for v, s in REAL_SCHEMAS if v == version]
    vouched = 0
    for schema in schemas:
        if schema_object_is_valid(schema, meta):
            vouched += 1
            assert _python_check_errors(schema, version) == [], schema
    assert vouched > 50  # the fast path is taken, not just safe


REAL_SCHEMAS = _real_schema_objects()


@pytest.mark.parametrize("schema", TRICKY_SCHEMAS[:2])
def test_a_pattern_only_python_rejects_goes_to_the_python_check(schema: Any) -> None:
    for version, (checker, _) in CHECKERS.items():
        assert not schema_object_is_valid(schema, checker.META_SCHEMA)
        assert _python_check_errors(schema, version)
