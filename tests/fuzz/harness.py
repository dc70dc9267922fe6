"""What must hold for every hostile document (tests/test_fuzz.py draws them).

Either the generator refuses the document with located diagnostics (file, line, JSON pointer, no
raw control characters), or:
- every output file parses (`ast`, `tomllib`) and holds no NUL;
- no code came from spec text: no identifier `__sdkgen_pwned__` anywhere, no import outside the
  SDK's own dependencies, and the same document with every free-text slot replaced by neutral text
  gives the same ASTs once string constants are blanked (free text only ever becomes a string);
- the package imports and its own generated tests pass, with `__sdkgen_pwned__` a tripwire;
- wire names round-trip: a sample call of every operation sends the method, path, query and
  header names exactly as the document writes them.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

from generator.diagnostics import SpecError
from generator.targets.python.lower import build_sdk
from generator.load import load_spec
from generator.output import write
from generator.pipeline import generate

from .strategies import MARKER, FuzzCase

PACKAGE = "fz"
# What generated modules may import: the package itself and what the SDK and its tests use.
ALLOWED_IMPORTS = frozenset(
    {
        PACKAGE, "_support", "__future__", "asyncio", "base64", "builtins", "collections", "dataclasses",
        "datetime", "email", "enum", "functools", "httpx", "json", "logging", "os", "pickle", "pydantic",
        "pydantic_core", "pytest",
        "random", "re", "time", "types", "typing", "typing_extensions", "urllib",
        # the runtime's streams, logging and hooks, and the tests of downloads
        "codecs", "inspect", "math", "pathlib", "sys", "threading",
        # the lazy imports of models and resources, and the attribute docstrings read from source
        "ast", "importlib",
    }
)  # fmt: skip


def check_case(case: FuzzCase, workdir: Path) -> str:
    """Check every property for `case`; returns "generated" or "refused" (both fine)."""
    spec = _write_spec(workdir / "spec.json", case.document(case.texts))
    try:
        result = generate(spec, package=PACKAGE)
    except SpecError as error:
        _assert_located(error)
        return "refused"
    trees = _parse_all(result.files)
    _assert_no_injection(trees)
    twin_spec = _write_spec(workdir / "twin.json", case.document(case.neutral_texts()))
    twin = generate(twin_spec, package=PACKAGE)
    _assert_same_shape(trees, _parse_all(twin.files))
    out = workdir / "out"
    write(out, result.files)
    calls = _sample_calls(spec, case.document(case.texts))
    _run_package(out, calls)
    return "generated"


def _write_spec(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _assert_located(error: SpecError) -> None:
    for diagnostic in error.diagnostics:
        rendered = diagnostic.render()
        assert diagnostic.file, rendered
        if diagnostic.file.endswith(".json"):
            assert diagnostic.line is not None, rendered
        assert rendered.isprintable(), rendered


def _parse_all(files: dict[str, str]) -> dict[str, ast.Module]:
    trees = {}
    for path, text in files.items():
        assert "\x00" not in text, path
        if path.endswith(".py"):
            trees[path] = ast.parse(text, filename=path)
            compile(trees[path], path, "exec")
        elif path.endswith(".toml"):
            tomllib.loads(text)
    return trees


def _assert_no_injection(trees: dict[str, ast.Module]) -> None:
    for path, tree in trees.items():
        for node in ast.walk(tree):
            for name in _identifiers(node):
                assert MARKER not in name, f"{path}: spec text became code: {name}"
            if isinstance(node, ast.Import):
                modules = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules = {(node.module or "").split(".")[0]}
            else:
                continue
            assert modules <= ALLOWED_IMPORTS, f"{path} imports {modules}"


def _identifiers(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [node.attr]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, ast.keyword):
        return [node.arg or ""]
    if isinstance(node, ast.alias):
        return [node.name, node.asname or ""]
    return []


class _BlankStrings(ast.NodeTransformer):
    def visit_Constant(self, node: ast.Constant) -> ast.Constant:
        return ast.Constant("") if isinstance(node.value, str) else node


def _shape(tree: ast.Module) -> str:
    return ast.dump(_BlankStrings().visit(tree), include_attributes=False)


def _assert_same_shape(
    trees: dict[str, ast.Module], twins: dict[str, ast.Module]
) -> None:
    assert sorted(trees) == sorted(twins)
    for path, tree in trees.items():
        assert _shape(tree) == _shape(
            twins[path]
        ), f"{path}: free text changed the code"


def _sample_calls(spec: Path, document: dict[str, Any]) -> dict[str, Any]:
    """For each operation: how to call it, and what the document says it sends."""
    sdk, _ = build_sdk(load_spec(spec), PACKAGE)
    calls = []
    for operation in sdk.operations:
        raw_path = operation.path.raw
        calls.append(
            {
                "call": operation.call_path,
                "method": operation.http_method,
                "path": raw_path,
                "arguments": {p.name: p.sample for p in operation.required_params},
                "body": operation.example_value,
                "params": [
                    {"wire": p.wire_name.raw, "in": p.location, "name": p.name}
                    for p in operation.required_params
                ],
            }
        )
    assert len(calls) == sum(len(item) for item in document["paths"].values())
    return {"credentials": [auth.param for auth in sdk.auth], "calls": calls}


_RUNNER = r"""
import ast, builtins, importlib, json, pkgutil, sys
from urllib.parse import parse_qsl, unquote

marker_file, calls_file = sys.argv[1], sys.argv[2]

def tripwire(*args, **kwargs):
    open(marker_file, "w").close()
    raise SystemExit("spec text ran as code")

setattr(builtins, "__sdkgen_pwned__", tripwire)
import httpx
import fz

for module in pkgutil.walk_packages(fz.__path__, "fz."):
    importlib.import_module(module.name)

import pytest
status = pytest.main(["-q", "-x", "-p", "no:cacheprovider", "tests"])
if status != 0:
    raise SystemExit(f"the generated tests failed ({status})")

def text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

plan = json.load(open(calls_file))
for call in plan["calls"]:
    seen = []
    body = ast.literal_eval(call["body"])
    def answer(request):
        seen.append(request)
        return httpx.Response(200, json=body)
    sdk = fz.SDK(
        **{name: "t" for name in plan["credentials"]},
        server_url="https://x.test", max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(answer)),
    )
    target = sdk
    for attribute in call["call"].split("."):
        target = getattr(target, attribute)
    arguments = {name: ast.literal_eval(value) for name, value in call["arguments"].items()}
    target(**arguments)
    (request,) = seen
    assert request.method == call["method"], (request.method, call)
    path, _, fixed = call["path"].split("#")[0].partition("?")
    query = parse_qsl(fixed, keep_blank_values=True)
    for param in call["params"]:
        value = arguments[param["name"]]
        if param["in"] == "path":
            path = path.replace("{" + param["wire"] + "}", text(value))
        elif param["in"] == "query":
            items = value if isinstance(value, list) else [value]
            query += [(param["wire"], text(item)) for item in items]
        else:
            shown = ",".join(map(text, value)) if isinstance(value, list) else text(value)
            assert request.headers[param["wire"]] == shown, (param, request.headers)
    sent_path = unquote(request.url.raw_path.decode("ascii").split("?")[0])
    assert sent_path == unquote(path), (sent_path, path)
    sent_query = parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True)
    assert sent_query == query, (sent_query, query)
print("ok")
"""


def _run_package(out: Path, calls: dict[str, Any]) -> None:
    marker = out / "PWNED"
    calls_file = out / "calls.json"
    calls_file.write_text(json.dumps(calls), encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(out / "src"), "PYTHONHASHSEED": "0"}
    ran = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(marker), str(calls_file)],
        cwd=out,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert not marker.exists(), "spec text ran as code"
    assert ran.returncode == 0 and ran.stdout.strip().endswith("ok"), (
        ran.stdout[-4000:] + ran.stderr[-4000:]
    )
