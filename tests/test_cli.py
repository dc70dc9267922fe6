"""The command line: defaults from [tool.sdkgen], any other spec into any folder, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import EXIT_BAD_INPUT, EXIT_OK, main

from .helpers import REPO

PETS = """\
openapi: 3.1.0
info: {title: Pet Store API, version: "2.0.0"}
servers: [{url: "https://pets.example.com/v1"}]
paths:
  /pets/{pet_id}:
    get:
      operationId: getPet
      summary: Get a pet
      parameters:
        - {name: pet_id, in: path, required: true, schema: {type: string, pattern: "^[0-9]+$"}, example: "42"}
      responses:
        "200":
          description: The pet.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
              example: {id: "42", name: Rex}
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: string}
        name: {type: string, description: The pet's name.}
"""


def test_bare_commands_use_the_configured_spec(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    assert main(["validate"]) == EXIT_OK
    assert "spec/mka1.yaml is valid" in capsys.readouterr().out


def test_any_spec_generates_into_any_folder_with_a_package_named_from_its_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pets.yaml").write_text(PETS)
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--spec", "pets.yaml", "--out", "sdk"]) == EXIT_OK
    manifest = json.loads((tmp_path / "sdk/.sdkgen-manifest.json").read_text())
    assert "src/pet_store/resources/pets.py" in manifest["files"]
    resource = (tmp_path / "sdk/src/pet_store/resources/pets.py").read_text()
    assert "def get(" in resource and "pet_id: str" in resource
    assert main(["check", "--spec", "pets.yaml", "--out", "sdk"]) == EXIT_OK


def test_another_spec_never_borrows_the_configured_output_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pets.yaml").write_text(PETS)
    monkeypatch.chdir(REPO)
    assert main(["generate", "--spec", str(tmp_path / "pets.yaml")]) == EXIT_BAD_INPUT
    assert "pass --out DIR" in capsys.readouterr().err


def test_a_missing_spec_is_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--spec", "nope.yaml"]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == "nope.yaml: error: file not found [at /]\n"
