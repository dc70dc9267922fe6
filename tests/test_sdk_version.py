"""The SDK's version is its own (`info.x-sdkgen-version`), apart from the API's (`info.version`)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import mka1
from generator.pipeline import generate

from .test_hostile_specs import titled


def test_mka1_exposes_both_versions() -> None:
    assert (mka1.__version__, mka1.__api_version__) == ("1.2.0", "1.1.0")


def versions(tmp_path: Path, info: dict[str, str]) -> tuple[str, str, list[str]]:
    document = titled("Pets")
    document["info"].update(info)
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    result = generate(spec, package="pkg")
    project = tomllib.loads(result.files["pyproject.toml"])
    init = result.files["src/pkg/__init__.py"]
    api = next(line for line in init.splitlines() if line.startswith("__api_version__"))
    return project["project"]["version"], api, [w.pointer for w in result.warnings]


def test_without_the_extension_the_sdk_takes_the_apis_version(tmp_path: Path) -> None:
    assert versions(tmp_path, {"version": "2.3"}) == (
        "2.3",
        '__api_version__ = "2.3"',
        [],
    )


def test_the_extension_versions_the_sdk_alone(tmp_path: Path) -> None:
    found = versions(tmp_path, {"version": "2.3", "x-sdkgen-version": "2.3.1"})
    assert found == ("2.3.1", '__api_version__ = "2.3"', [])


def test_a_bad_sdk_version_is_a_warning_at_the_extension(tmp_path: Path) -> None:
    found = versions(tmp_path, {"version": "2.3", "x-sdkgen-version": "next"})
    assert found == ("0.0.0", '__api_version__ = "2.3"', ["/info/x-sdkgen-version"])
