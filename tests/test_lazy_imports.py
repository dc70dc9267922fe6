"""`import <package>` stays cheap: models and resources are imported when first used.

Each check runs in a fresh interpreter (a subprocess), so what is in `sys.modules` is what the
generated package imported, not what other tests left behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from generator.output import write
from generator.pipeline import generate

from .ir_support import openapi, ref, returning

REPOSITORY = Path(__file__).resolve().parent.parent
MKA1_SRC = REPOSITORY / "generated" / "python" / "src"

# Prints, after each step, the package's modules (and asyncio) that are loaded.
_PROBE = """
import json, sys

def loaded():
    return sorted(
        name for name in sys.modules
        if name.split(".")[0] in ({package!r}, "asyncio") and "._runtime" not in name
    )

steps = {{}}
import {package}
steps["import"] = loaded()
sdk = {package}.SDK({arguments})
steps["SDK()"] = loaded()
{extra}
print(json.dumps(steps))
"""


def probe(
    src: Path, package: str, arguments: str, extra: str = ""
) -> dict[str, list[str]]:
    program = _PROBE.format(package=package, arguments=arguments, extra=extra)
    completed = subprocess.run(
        [sys.executable, "-c", program],
        env=dict(os.environ, PYTHONPATH=str(src)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    steps: dict[str, list[str]] = json.loads(completed.stdout)
    return steps


def test_importing_mka1_imports_no_model_no_resource_and_no_asyncio() -> None:
    extra = """
sdk.llm
steps["sdk.llm"] = loaded()
sdk.llm.responses
steps["sdk.llm.responses"] = loaded()
"""
    steps = probe(MKA1_SRC, "mka1", 'bearer_auth="sk-test"', extra)
    eager = ["mka1", "mka1._sdk", "mka1.errors"]  # and mka1._runtime.*
    assert steps["import"] == eager
    assert steps["SDK()"] == eager
    # The resource's module, not the modules below it.
    assert steps["sdk.llm"] == sorted([*eager, "mka1.resources", "mka1.resources.llm"])
    after_responses = steps["sdk.llm.responses"]
    assert "mka1.resources.llm.responses" in after_responses
    assert "mka1.models.response" in after_responses  # what cancel() returns
    assert "asyncio" not in after_responses


def test_models_resolve_on_first_use_and_stay_listed() -> None:
    extra = """
from mka1 import Response, models
steps["models.Response"] = [models.Response.__module__, Response.__module__]
steps["dir"] = sorted(set(models.__all__) - set(dir(models)))
steps["unknown"] = [hasattr(models, "NoSuchModel"), hasattr(mka1, "NoSuchName")]
"""
    steps = probe(MKA1_SRC, "mka1", 'bearer_auth="sk-test"', extra)
    assert steps["models.Response"] == ["mka1.models.response"] * 2
    assert steps["dir"] == []
    assert steps["unknown"] == [False, False]


# Two resources, each returning its own model; one of the models refers to a third.
TWO_RESOURCES_SPEC = openapi(
    {
        "Pet": {"type": "object", "properties": {"owner": ref("Owner")}},
        "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
        "Store": {"type": "object", "properties": {"open": {"type": "boolean"}}},
    },
    {
        "/pets": {"get": returning(ref("Pet"), operationId="getPet", tags=["pets"])},
        "/store": {
            "get": returning(ref("Store"), operationId="getStore", tags=["store"])
        },
    },
)


def test_a_resource_imports_only_its_own_models(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(TWO_RESOURCES_SPEC), encoding="utf-8")
    write(tmp_path / "out", generate(spec, package="lazy_pkg").files)
    extra = """
sdk.pets
steps["sdk.pets"] = loaded()
"""
    steps = probe(tmp_path / "out" / "src", "lazy_pkg", "", extra)
    assert not [m for m in steps["SDK()"] if ".models." in m or ".resources" in m]
    assert [m for m in steps["sdk.pets"] if ".models." in m or ".resources" in m] == [
        "lazy_pkg.models.owner",
        "lazy_pkg.models.pet",
        "lazy_pkg.resources",
        "lazy_pkg.resources.pets",
    ]


def test_importing_a_resource_builds_no_validator(tmp_path: Path) -> None:
    """Parsers are declared at import but built on their first call: a model's (`defer_build`)
    and a `TypeAdapter`'s of a non-model result (`config=DEFER_BUILD`), which pydantic would
    otherwise build at once, costing large SDKs tens of ms per resource."""
    spec = openapi(
        {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}},
        {
            "/pets": {
                "get": returning(
                    {"type": "array", "items": ref("Pet")},
                    operationId="listPets",
                    tags=["pets"],
                ),
                "post": returning(ref("Pet"), operationId="createPet", tags=["pets"]),
            }
        },
    )
    (tmp_path / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    write(tmp_path / "out", generate(tmp_path / "spec.json", package="lazy_pkg").files)
    extra = """
import pydantic
from lazy_pkg.resources import pets as module
parsers = {
    type(value.parse.__self__).__name__: value.parse.__self__
    for value in vars(module).values()
    if type(value).__name__ == "Operation"
}
def built(parser):
    if isinstance(parser, pydantic.TypeAdapter):
        return type(parser.validator).__name__ != "MockValSer"
    return parser.__pydantic_complete__
steps["built on import"] = sorted(name for name, p in parsers.items() if built(p))
steps["parsers"] = sorted(parsers)
adapter = parsers["TypeAdapter"]
adapter.validate_json(b'[{"name": "Rex"}]')
steps["built after a call"] = [type(adapter.validator).__name__]
"""
    steps = probe(tmp_path / "out" / "src", "lazy_pkg", "", extra)
    assert steps["parsers"] == ["ModelMetaclass", "TypeAdapter"]
    assert steps["built on import"] == []
    assert steps["built after a call"] == ["SchemaValidator"]
