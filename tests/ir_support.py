"""Helpers for the IR tests: small inline specs, built and inspected."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic
from generator.targets.python.lower import build_sdk
from generator.targets.python.view import ModelClass, ModelField, Sdk, TypeAliasDef
from generator.load import load_spec

OK = {"description": "ok"}


def openapi(
    schemas: dict[str, Any] | None = None,
    paths: dict[str, Any] | None = None,
    version: str = "3.1.0",
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "openapi": version,
        "info": {"title": "T", "version": "1"},
        "paths": paths or {},
    }
    if schemas:
        document["components"] = {"schemas": schemas}
    return document


def returning(schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """An operation whose 200 response has a JSON body of `schema`."""
    body = {"description": "ok", "content": {"application/json": {"schema": schema}}}
    return {"responses": {"200": body}, **extra}


def path_param(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        **extra,
    }


def build(tmp_path: Path, document: dict[str, Any]) -> tuple[Sdk, list[Diagnostic]]:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return build_sdk(load_spec(path), "pkg")


def definitions(sdk: Sdk) -> dict[str, ModelClass | TypeAliasDef]:
    return {d.name: d for module in sdk.models for d in module.definitions}


def fields(sdk: Sdk, name: str) -> dict[str, ModelField]:
    model = definitions(sdk)[name]
    assert isinstance(model, ModelClass), name
    return {f.wire_name.raw: f for f in model.fields}


def norm(text: str) -> str:
    """Python source in canonical spelling (so quoting style and spacing do not matter)."""
    return ast.unparse(ast.parse(text.strip(), mode="eval"))


def shape(field: ModelField) -> tuple[str, str]:
    """A field's annotation and default value (or ""), canonically spelled."""
    default = field.default.removeprefix(" = ")
    return norm(field.annotation), norm(default) if default else ""


def keywords(arguments: str) -> dict[str, Any]:
    """The values of a call's keyword arguments (`a=1, b="x"`), read without running anything."""
    call = ast.parse(f"f({arguments})", mode="eval").body
    assert isinstance(call, ast.Call)
    return {str(k.arg): ast.literal_eval(k.value) for k in call.keywords}


def alias(sdk: Sdk, name: str) -> str:
    found = definitions(sdk)[name]
    assert isinstance(found, TypeAliasDef), name
    return norm(found.annotation)


CAT = {
    "type": "object",
    "required": ["type"],
    "properties": {"type": {"const": "cat"}, "meow": {"type": "boolean"}},
}
DOG = {
    "type": "object",
    "required": ["type", "name"],
    "properties": {"type": {"enum": ["dog"]}, "name": {"type": "string"}},
}
LOOSE = {"type": "object", "properties": {"type": {"type": "string"}}}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}
