"""Small document pairs for the drift report's tests: a base document, edited per test."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from generator.diff.compare import compare
from generator.diff.report import Report
from generator.diff.sources import Reading, read_version

BASE: dict[str, Any] = yaml.safe_load("""
openapi: 3.1.0
info: {title: Pets, version: "1.0.0"}
servers: [{url: "https://a.example.com"}, {url: "https://b.example.com"}]
security: [{token: []}]
paths:
  /pets/{pet_id}:
    get:
      operationId: getPet
      parameters:
        - {name: pet_id, in: path, required: true, schema: {type: string}}
        - {name: verbose, in: query, schema: {type: boolean}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: The pet.
          content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}
  /pets:
    post:
      operationId: createPet
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/NewPet"}}}
      responses:
        "201":
          description: The pet.
          content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
    key: {type: apiKey, in: header, name: X-Key}
  schemas:
    Pet:
      type: object
      required: [id, status]
      properties:
        id: {type: string}
        status: {$ref: "#/components/schemas/Status"}
        tag: {type: string}
        toy: {anyOf: [{type: string}, {type: integer}]}
    Status: {type: string, enum: [available, sold]}
    NewPet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        kind: {type: string, enum: [cat, dog]}
        age: {type: integer}
        toy: {anyOf: [{type: string}, {type: integer}]}
        owner: {$ref: "#/components/schemas/Owner"}
    Owner:
      type: object
      properties:
        name: {type: string}
        phone: {type: string}
""")


def base() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def diff(tmp_path: Path, old: dict[str, Any], new: dict[str, Any]) -> Report:
    """The report from `old` to `new` for the Python SDK."""
    paths = []
    for name, document in (("old.yaml", old), ("new.yaml", new)):
        path = tmp_path / name
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        paths.append(path)
    reading = Reading()
    return compare(
        read_version(paths[0], "old.yaml", reading),
        read_version(paths[1], "new.yaml", reading),
    )


def summary(report: Report) -> set[tuple[str, str, str]]:
    """(kind, where, classification) of each change."""
    return {(c.kind, c.where, c.classification) for c in report.changes}
