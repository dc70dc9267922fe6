"""The compiled check (jsonschema-rs) only lets valid documents skip the Python validator: where it
says valid, the Python backend finds nothing either, so every verdict is the Python backend's.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.diagnostics import SpecError
from generator.load import load_spec
from generator.validate import _VALIDATORS, _meets_meta_schema
from openapi_spec_validator.schemas import schema_v2, schema_v30, schema_v31
from openapi_spec_validator.schemas.backend.jsonschema_rs import (
    has_jsonschema_rs_validators,
)

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
