"""The generated README lists what the document says and the SDK does not express, each with the
file, line and pointer of the warning that reported it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.pipeline import generate

from .ir_support import openapi

EVENTS = {"description": "events", "content": {"text/event-stream": {}}}
NAME = {"type": "object", "properties": {"name": {"type": "string"}}}
UPLOAD = {
    "type": "object",
    "properties": {"file": {"type": "string", "format": "binary"}},
}
DOCUMENT = openapi(
    schemas={
        "Odd": {"allOf": [{"type": "string"}, {"type": "integer"}]},
        "Mixed": {
            "allOf": [
                {"anyOf": [NAME, UPLOAD]},
                {"type": "object", "properties": {"size": {"type": "integer"}}},
            ]
        },
    },
    paths={
        "/events": {"get": {"operationId": "listEvents", "responses": {"200": EVENTS}}},
        "/names": {
            "post": {
                "operationId": "createName",
                "parameters": [
                    {
                        "name": "word",
                        "in": "query",
                        "schema": {"type": "string", "pattern": "^\\p{L}+$"},
                    }
                ],
                "requestBody": {
                    "content": {
                        "application/json": {"schema": NAME},
                        "multipart/form-data": {"schema": UPLOAD},
                    }
                },
                "responses": {"204": {"description": "done"}},
            }
        },
    },
)


def readme_section(readme: str) -> list[str]:
    start = readme.index("## What this SDK does not cover")
    end = readme.index("\n## ", start + 1)
    return readme[start:end].strip().splitlines()


def test_the_readme_lists_each_limitation_where_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "specs" / "api.json"
    spec.parent.mkdir()
    spec.write_text(json.dumps(DOCUMENT, indent=1), encoding="utf-8")
    lines = spec.read_text().splitlines()

    def line_of(marker: str) -> int:
        return next(n for n, line in enumerate(lines, 1) if marker in line)

    monkeypatch.chdir(tmp_path)
    generated = generate("specs/api.json", package="pkg")
    readme = generated.files["README.md"]
    pattern, odd = line_of('"pattern"'), line_of('"Odd"')
    choice = line_of('"anyOf"') - 1  # the member's opening brace
    rows = [line for line in readme_section(readme) if line.startswith("| `")]
    assert rows == [  # in the order of the file
        f"| `api.json:{pattern}` "
        "| `/paths/~1names/post/parameters/0/schema/pattern` "
        "| the pattern is not a Python regular expression (bad escape \\p at position 1); "
        "arguments are not checked against it before sending |",
        f"| `api.json:{odd}` | `/components/schemas/Odd` "
        "| allOf of non-object schemas is not supported; typed as Any |",
        f"| `api.json:{choice}` | `/components/schemas/Mixed/allOf/0` "
        "| an allOf member that is a choice (anyOf/oneOf) is not expressed: "
        "its properties are not fields of this object |",
    ]
    # each was a warning, and the README reads the same from any working directory
    limitations = [w for w in generated.warnings if w.limitation]
    assert len(limitations) == len(rows)
    monkeypatch.chdir(spec.parent)
    assert generate("api.json", package="pkg").files["README.md"] == readme


def test_a_document_the_sdk_covers_says_so(tmp_path: Path) -> None:
    document = openapi(
        paths={
            "/names": {
                "get": {
                    "operationId": "listNames",
                    "responses": {"204": {"description": "none"}},
                }
            }
        }
    )
    spec = tmp_path / "api.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    readme = generate(spec, package="pkg").files["README.md"]
    assert readme_section(readme)[1:] == [
        "",
        "Nothing: every operation, parameter, request body and response in `api.json`",
        "is generated and typed.",
    ]
