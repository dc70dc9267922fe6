"""generator/load.py: reading the spec and every file its `$ref`s reach, with exact diagnostics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, SpecError
from generator.load import SpecSource, load_spec

HEAD = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in tmp_path, so diagnostics name files as the user typed them (relative)."""
    monkeypatch.chdir(tmp_path)


def write(name: str, text: str | bytes) -> Path:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def diagnostics_of(spec: str) -> list[Diagnostic]:
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    return list(caught.value.diagnostics)


def only_diagnostic(spec: str) -> Diagnostic:
    found = diagnostics_of(spec)
    assert len(found) == 1, found
    return found[0]


def where(d: Diagnostic) -> tuple[str, int | None, str]:
    return d.file, d.line, d.pointer


def test_local_refs_resolve(tmp_path: Path) -> None:
    write(
        "spec.yaml",
        HEAD
        + "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {type: string}\n",
    )
    spec = load_spec("spec.yaml")
    assert isinstance(spec, SpecSource)
    assert spec.root.display == "spec.yaml" and spec.root.path == tmp_path / "spec.yaml"
    assert list(spec.files) == [tmp_path / "spec.yaml"]
    target = spec.resolve("#/components/schemas/B", spec.root)
    assert (
        target.value == {"type": "string"} and target.pointer == "/components/schemas/B"
    )
    assert spec.resolve("#", spec.root).value is spec.root.data


def test_relative_file_refs_resolve_from_the_file_they_are_written_in(
    tmp_path: Path,
) -> None:
    write(
        "api/spec.yaml",
        HEAD + "components:\n  schemas:\n    Pet: {$ref: 'schemas/pet.yaml#/Pet'}\n",
    )
    write(
        "api/schemas/pet.yaml",
        "Pet:\n  properties:\n    owner: {$ref: '../common/owner.json'}\n",
    )
    write(
        "api/common/owner.json",
        '{"type": "object", "properties": {"back": {"$ref": "../spec.yaml#/info"}}}',
    )
    spec = load_spec("api/spec.yaml")
    assert set(spec.files) == {
        tmp_path / p
        for p in ("api/spec.yaml", "api/schemas/pet.yaml", "api/common/owner.json")
    }
    pet = spec.resolve("schemas/pet.yaml#/Pet", spec.root)
    assert pet.file.display == "api/schemas/pet.yaml"
    owner = spec.resolve(pet.value["properties"]["owner"]["$ref"], pet.file)
    assert (
        owner.file.display == "api/common/owner.json"
        and owner.file.is_json
        and owner.pointer == ""
    )
    assert spec.resolve("../spec.yaml#/info", owner.file).value == {
        "title": "T",
        "version": "1",
    }


def test_escaped_and_percent_encoded_pointers_resolve() -> None:
    schemas = "components:\n  schemas:\n    'a/b~c': {type: string}\n    'sp ace': {type: integer}\n"
    refs = "    R1: {$ref: '#/components/schemas/a~1b~0c'}\n    R2: {$ref: '#/components/schemas/sp%20ace'}\n"
    write("spec.yaml", HEAD + schemas + refs)
    spec = load_spec("spec.yaml")
    assert spec.resolve("#/components/schemas/a~1b~0c", spec.root).value == {
        "type": "string"
    }
    assert spec.resolve("#/components/schemas/sp%20ace", spec.root).value == {
        "type": "integer"
    }


@pytest.mark.parametrize(
    "key",
    ["example", "examples", "default", "enum", "const", "x-extension", "x-sdkgen-doc"],
)
def test_refs_inside_data_and_extensions_are_not_followed(
    tmp_path: Path, key: str
) -> None:
    value = "{$ref: 'missing.yaml#/nope'}" if key != "enum" else "[{$ref: '#/nope'}]"
    write(
        "spec.yaml",
        HEAD
        + f"components:\n  schemas:\n    A:\n      type: object\n      {key}: {value}\n",
    )
    spec = load_spec("spec.yaml")
    assert list(spec.files) == [tmp_path / "spec.yaml"]


def test_missing_file() -> None:
    d = only_diagnostic("nope.yaml")
    assert (d.message, d.file, d.pointer, d.line, d.severity) == (
        "file not found",
        "nope.yaml",
        "",
        None,
        "error",
    )
    assert d.render() == "nope.yaml: error: file not found [at /]"


def test_dangling_local_ref() -> None:
    write(
        "spec.yaml",
        HEAD
        + "components:\n  schemas:\n    A:\n      $ref: '#/components/schemas/Zzz'\n",
    )
    d = only_diagnostic("spec.yaml")
    assert where(d) == ("spec.yaml", 7, "/components/schemas/A/$ref")
    assert d.message.startswith(
        "$ref '#/components/schemas/Zzz' does not resolve: nothing at /components/schemas/Zzz"
    )
    assert d.render().startswith(
        "spec.yaml:7: error: $ref '#/components/schemas/Zzz' does not resolve"
    )


def test_dangling_ref_in_a_json_spec() -> None:
    document = {
        "openapi": "3.1.0",
        "paths": {"/a/{b}": {"get": {"responses": {"200": {"$ref": "#/nowhere"}}}}},
    }
    write("spec.json", json.dumps(document, indent=2))
    d = only_diagnostic("spec.json")
    assert where(d) == ("spec.json", 8, "/paths/~1a~1{b}/get/responses/200/$ref")
    assert "$ref '#/nowhere' does not resolve: nothing at /nowhere" in d.message


def test_ref_into_a_missing_external_file() -> None:
    write(
        "api/spec.yaml",
        HEAD + "components:\n  schemas:\n    A: {$ref: 'schemas/thing.yaml'}\n",
    )
    d = only_diagnostic("api/spec.yaml")
    assert where(d) == ("api/spec.yaml", 6, "/components/schemas/A/$ref")
    assert (
        d.message
        == "$ref 'schemas/thing.yaml' points to a file that does not exist: api/schemas/thing.yaml"
    )


def test_ref_to_a_pointer_missing_in_an_external_file() -> None:
    write(
        "spec.yaml",
        HEAD + "components:\n  schemas:\n    A:\n      $ref: 'other.yaml#/Thing/Zzz'\n",
    )
    write("other.yaml", "Thing:\n  type: string\n")
    d = only_diagnostic("spec.yaml")
    assert where(d) == ("spec.yaml", 7, "/components/schemas/A/$ref")
    assert d.message.startswith(
        "$ref 'other.yaml#/Thing/Zzz' does not resolve: nothing at /Thing/Zzz in other.yaml"
    )


def test_dangling_ref_inside_an_external_file_is_reported_there() -> None:
    write(
        "spec.yaml",
        HEAD + "components:\n  schemas:\n    A: {$ref: 'sub/other.yaml#/Thing'}\n",
    )
    write(
        "sub/other.yaml",
        "Thing:\n  items:\n    $ref: '../spec.yaml#/components/schemas/Zzz'\n",
    )
    d = only_diagnostic("spec.yaml")
    assert where(d) == ("sub/other.yaml", 3, "/Thing/items/$ref")
    assert "nothing at /components/schemas/Zzz in spec.yaml" in d.message


@pytest.mark.parametrize(
    "ref",
    [
        "http://example.com/s.yaml#/A",
        "https://example.com/s.yaml",
        "file:///etc/x.yaml#/A",
    ],
)
def test_remote_ref(ref: str) -> None:
    write("spec.yaml", HEAD + f"components:\n  schemas:\n    A:\n      $ref: '{ref}'\n")
    d = only_diagnostic("spec.yaml")
    assert where(d) == ("spec.yaml", 7, "/components/schemas/A/$ref")
    assert (
        d.message
        == f"$ref {ref!r} points to a remote document; only local files are supported"
    )


def test_fragment_that_is_not_a_pointer() -> None:
    write(
        "spec.yaml",
        HEAD + "components:\n  schemas:\n    A: {$ref: '#components/schemas/A'}\n",
    )
    d = only_diagnostic("spec.yaml")
    assert where(d) == ("spec.yaml", 6, "/components/schemas/A/$ref")
    assert (
        d.message
        == "$ref '#components/schemas/A' has a fragment that is not a JSON pointer"
    )


def test_every_problem_is_reported_in_file_and_line_order() -> None:
    write(
        "spec.yaml",
        HEAD
        + "components:\n  schemas:\n    B: {$ref: '#/b'}\n    A: {$ref: 'gone.yaml'}\n    C: {$ref: 'x.yaml#/c'}\n",
    )
    write("x.yaml", "a: 1\nb: {$ref: '#/zz'}\n")
    found = diagnostics_of("spec.yaml")
    assert [where(d) for d in found] == [
        ("spec.yaml", 6, "/components/schemas/B/$ref"),
        ("spec.yaml", 7, "/components/schemas/A/$ref"),
        ("spec.yaml", 8, "/components/schemas/C/$ref"),
        (
            "x.yaml",
            2,
            "/b/$ref",
        ),  # every $ref in a loaded file is checked, not only the referenced part
    ]
    assert "nothing at /c in x.yaml" in found[2].message


def test_duplicate_key_in_yaml() -> None:
    text = HEAD.replace("paths: {}\n", "") + (
        "paths:\n  /things:\n    get:\n      responses: {}\n    get:\n      operationId: again\n"
    )
    write("spec.yaml", text)
    d = only_diagnostic("spec.yaml")
    assert (d.file, d.line, d.column, d.pointer) == (
        "spec.yaml",
        7,
        5,
        "/paths/~1things/get",
    )
    assert d.message == "invalid YAML: duplicate key 'get'"
    assert (
        d.render()
        == "spec.yaml:7:5: error: invalid YAML: duplicate key 'get' [at /paths/~1things/get]"
    )


def test_duplicate_key_in_json() -> None:
    write("spec.json", '{"openapi": "3.1.0",\n "paths": {},\n "paths": {}}')
    d = only_diagnostic("spec.json")
    assert (d.file, d.line, d.pointer) == ("spec.json", 3, "/paths")
    assert (d.message, d.severity) == ("invalid JSON: duplicate key 'paths'", "error")


def test_yaml_syntax_error() -> None:
    write(
        "spec.yaml",
        HEAD + 'components:\n  schemas:\n    A:\n      description: "unterminated\n',
    )
    d = only_diagnostic("spec.yaml")
    assert (d.file, d.line, d.column, d.pointer) == (
        "spec.yaml",
        8,
        1,
        "/components/schemas/A/description",
    )
    assert d.message == (
        "invalid YAML: found unexpected end of stream while scanning a quoted scalar that starts on line 7"
    )


def test_json_syntax_error() -> None:
    write(
        "spec.json",
        '{\n  "openapi": "3.1.0",\n  "paths": {\n    "/a": {"get": {"x": [1, 2,]}}\n  }\n}\n',
    )
    d = only_diagnostic("spec.json")
    assert (d.file, d.line, d.column, d.pointer) == (
        "spec.json",
        4,
        31,
        "/paths/~1a/get/x",
    )
    assert d.message == "invalid JSON: Expecting value"


def test_syntax_error_in_a_referenced_file_names_that_file() -> None:
    write(
        "spec.yaml",
        HEAD + "components:\n  schemas:\n    A: {$ref: 'sub/bad.yaml#/A'}\n",
    )
    write("sub/bad.yaml", "A:\n  type: [string\n")
    d = only_diagnostic("spec.yaml")
    assert (d.file, d.line, d.pointer) == ("sub/bad.yaml", 3, "/A/type")
    assert d.message.startswith("invalid YAML: ")


@pytest.mark.parametrize("name", ["spec.yaml", "spec.json"])
def test_non_utf8_input(name: str) -> None:
    write(name, b"openapi: 3.1.0\ninfo: {title: \xff\xfe}\n")
    d = only_diagnostic(name)
    assert (d.file, d.line, d.pointer) == (name, None, "")
    assert d.message == "not UTF-8 text: invalid start byte"


def test_non_utf8_referenced_file() -> None:
    write("spec.yaml", HEAD + "components:\n  schemas:\n    A: {$ref: 'latin1.yaml'}\n")
    write("latin1.yaml", "description: caf\xe9\n".encode("latin-1"))
    d = only_diagnostic("spec.yaml")
    assert (d.file, d.line, d.pointer) == ("latin1.yaml", None, "")
    assert d.message.startswith("not UTF-8 text")


def test_yaml_scalars_keep_their_text() -> None:
    write("spec.yaml", HEAD + "x-date: 2024-01-01\nx-codes: {200: ok, 404: missing}\n")
    data = load_spec("spec.yaml").root.data
    assert data["x-date"] == "2024-01-01"
    assert data["x-codes"] == {"200": "ok", "404": "missing"}
