"""generator/reserved.py knows every name the generated code uses where spec-made names live.

If a template starts importing, defining or reading a name that a schema, resource or test module
could also be called, these tests fail until the name is added to the right reserved set.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import yaml

from generator.targets.python.view import Sdk
from generator.pipeline import builtin_templates, generate
from generator.reserved import CLASS_RESERVED, RUNTIME_EXPORTS, TEST_MODULE_RESERVED

from .helpers import MKA1_SPEC
from .ir_support import CAT, DOG, build, openapi, path_param, ref, returning

RICH_SPEC = openapi(
    {
        "Cat": CAT, "Dog": DOG,
        "Animal": {"oneOf": [ref("Cat"), ref("Dog")], "discriminator": {"propertyName": "type"}},
        "Node": {"type": "object", "properties": {"children": {"type": "array", "items": ref("Node")}}},
        "Tree": {"anyOf": [ref("Node"), {"type": "array", "items": ref("Tree")}]},
    },
    {
        "/animals/{id}": {"get": returning(ref("Animal"), operationId="getAnimal", parameters=[
            path_param("id", schema={"type": "string", "pattern": "^a"}),
            {"name": "kind", "in": "query", "schema": {"enum": ["cat", "dog"]}},
            {"name": "X-Trace", "in": "header", "schema": {"type": "string", "maxLength": 9}}])},
        "/trees": {"get": returning(ref("Tree"), operationId="listTrees")},
        "/modes": {"get": returning({"enum": ["a", "b"]}, operationId="getModes")},
        "/empty": {"delete": {"operationId": "deleteAll", "responses": {"204": {"description": "gone"}}}},
    },
)  # fmt: skip


def _generated(tmp_path: Path, document: dict[str, object]) -> dict[str, str]:
    spec = tmp_path / "rich.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    return generate(spec, package="rich").files


def _ir_made_names(sdk: Sdk) -> set[str]:
    """Module-level names the IR made from the document: models, resources, constants."""
    names = {name for module in sdk.models for name in module.exports}
    for resource in (sdk.root, *sdk.resources):
        names |= {resource.class_name, resource.async_class_name}
        names |= {op.constant for op in resource.operations}
    return names


def _shared_modules(files: dict[str, str]) -> dict[str, ast.Module]:
    """The generated modules where names made from the document live beside template names:
    all but the runtime and the runtime's own tests (which never import models)."""
    return {
        path: ast.parse(text)
        for path, text in files.items()
        if path.endswith(".py")
        and "/_runtime/" not in path
        and not path.startswith("tests/test_runtime_")
    }


def _capitalised_names(module: ast.Module) -> set[str]:
    """Every name a module binds or reads that a class made from spec text could also take."""
    found = set()
    for node in ast.walk(module):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, ast.alias):
            found.add((node.asname or node.name).split(".")[0])
    return {name for name in found if name[:1].isupper()}


@pytest.mark.parametrize("source", ["mka1", "rich"])
def test_every_capitalised_name_the_templates_use_is_reserved_for_classes(
    tmp_path: Path, source: str
) -> None:
    if source == "mka1":
        files = generate(MKA1_SPEC, package="mka1").files
        sdk, _ = build(
            tmp_path, json.loads(json.dumps(yaml.safe_load(MKA1_SPEC.read_text())))
        )
    else:
        files = _generated(tmp_path, RICH_SPEC)
        sdk, _ = build(tmp_path, RICH_SPEC)
    made = _ir_made_names(sdk)
    for path, module in _shared_modules(files).items():
        unreserved = _capitalised_names(module) - made - CLASS_RESERVED
        assert (
            not unreserved
        ), f"{path} uses {sorted(unreserved)}: add them to CLASS_RESERVED"


def test_runtime_exports_are_the_runtime_packages_all() -> None:
    files = generate(MKA1_SPEC, package="mka1").files
    module = ast.parse(files["src/mka1/_runtime/__init__.py"])
    (exported,) = [
        ast.literal_eval(node.value)
        for node in module.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    ]
    assert set(exported) == RUNTIME_EXPORTS


def test_every_fixed_test_module_is_reserved() -> None:
    declared = yaml.safe_load((builtin_templates() / "templates.yaml").read_text())
    fixed = {
        Path(entry["path"]).stem
        for entry in declared["outputs"]
        if entry["for"] == "once" and entry["path"].startswith("tests/")
    }
    assert fixed <= TEST_MODULE_RESERVED
