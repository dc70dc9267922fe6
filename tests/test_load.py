"""generator/load.py: reading the spec and every file its `$ref`s reach, with exact diagnostics."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, SpecError
from generator.limits import Limits
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


# Hostile input: every problem is a located diagnostic, no file outside the spec's folder is read,
# and no message quotes a file's content.

SECRET = "SECRET=hunter2\nTOKEN=abc\n"


def schema_ref(ref: str) -> str:
    return HEAD + f"components:\n  schemas:\n    A:\n      $ref: '{ref}'\n"


def test_a_ref_outside_the_spec_folder_is_refused_and_not_read(tmp_path: Path) -> None:
    write(".env", SECRET)
    write("api/spec.yaml", schema_ref("../.env"))
    d = only_diagnostic("api/spec.yaml")
    assert where(d) == ("api/spec.yaml", 7, "/components/schemas/A/$ref")
    assert d.message == (
        "$ref '../.env' points outside the folder of the spec; files there are read only with "
        "--allow-external-refs (or allow_external_refs = true in [tool.sdkgen])"
    )


@pytest.mark.parametrize("ref", ["/etc/passwd", "sub/../../outside.yaml"])
def test_absolute_and_climbing_refs_are_outside(ref: str) -> None:
    write("outside.yaml", "A: {type: string}\n")
    write("api/spec.yaml", schema_ref(ref))
    assert "points outside the folder" in only_diagnostic("api/spec.yaml").message


def test_a_symlink_inside_the_folder_that_points_outside_is_outside(
    tmp_path: Path,
) -> None:
    write("private/secret.yaml", "Secret: {description: hunter2}\n")
    write("api/spec.yaml", schema_ref("link/secret.yaml#/Secret"))
    (tmp_path / "api/link").symlink_to(tmp_path / "private")
    d = only_diagnostic("api/spec.yaml")
    assert "points outside the folder" in d.message and "hunter2" not in d.message


def test_a_symlink_that_stays_inside_the_folder_is_followed(tmp_path: Path) -> None:
    write("api/real/thing.yaml", "Thing: {type: string}\n")
    write("api/spec.yaml", schema_ref("link/thing.yaml#/Thing"))
    (tmp_path / "api/link").symlink_to(tmp_path / "api/real")
    spec = load_spec("api/spec.yaml")
    assert spec.resolve("link/thing.yaml#/Thing", spec.root).value == {"type": "string"}


def test_external_refs_are_read_when_allowed(tmp_path: Path) -> None:
    write("shared/thing.yaml", "Thing: {type: string}\n")
    write("api/spec.yaml", schema_ref("../shared/thing.yaml#/Thing"))
    spec = load_spec("api/spec.yaml", allow_external_refs=True)
    target = spec.resolve("../shared/thing.yaml#/Thing", spec.root)
    assert target.value == {"type": "string"}
    assert target.file.display == "shared/thing.yaml"


def test_a_referenced_file_holding_a_single_value_is_never_quoted() -> None:
    """A `.env` parses as one YAML string; the validator used to print it whole."""
    write(".env", SECRET)
    write("spec.yaml", schema_ref(".env"))
    d = only_diagnostic("spec.yaml")
    assert where(d) == ("spec.yaml", 7, "/components/schemas/A/$ref")
    assert d.message == (
        "$ref '.env' points to .env, which holds a single value, not a mapping or list: "
        "it is not a JSON or YAML document"
    )


def test_a_device_is_not_read() -> None:
    d = only_diagnostic("/dev/null")
    assert (d.file, d.message) == (
        "/dev/null",
        "not a regular file: only regular files are read",
    )


def test_a_fifo_is_not_read_and_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)
    stop = threading.Event()
    writer = threading.Thread(target=feed_fifo, args=(fifo, HEAD.encode(), stop))
    writer.start()  # without it, a reader that opens the FIFO would block forever
    try:
        d = only_diagnostic("spec.yaml")
    finally:
        stop.set()
        writer.join()
    assert d.message == "not a regular file: only regular files are read"


def feed_fifo(path: Path, data: bytes, stop: threading.Event) -> None:
    """Write `data` into the FIFO once some reader opens it, unless told to stop first."""
    while not stop.is_set():
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # no reader yet
            stop.wait(0.01)
            continue
        os.write(descriptor, data)
        os.close(descriptor)
        return


def test_a_file_over_the_size_limit_is_refused_before_it_is_read() -> None:
    write("spec.json", '{"openapi": "3.1.0", "x-padding": "' + "a" * (32 << 20) + '"}')
    d = only_diagnostic("spec.json")
    assert (d.file, d.line, d.pointer) == ("spec.json", None, "")
    assert d.message == (
        "file larger than 32 MiB (the limit): pass --max-spec-mb N (or set max_spec_mb in "
        "[tool.sdkgen]) to raise it"
    )


def test_the_files_of_a_spec_share_one_size_budget() -> None:
    limits = Limits(max_file_bytes=1000, max_total_bytes=1500)
    write("spec.yaml", schema_ref("big.yaml#/A").ljust(900))
    write("big.yaml", "A: {type: string}\n".ljust(900))
    with pytest.raises(SpecError) as caught:
        load_spec("spec.yaml", limits=limits)
    (d,) = caught.value.diagnostics
    assert d.file == "big.yaml"
    assert d.message.startswith("the spec's files together exceed")


@pytest.mark.parametrize(
    ("name", "text", "pointer", "line"),
    [
        ("spec.json", '{"openapi": "3.1.0",\n "x-n": ' + "9" * 5000 + "}", "/x-n", 2),
        ("spec.yaml", HEAD + "x-n: " + "9" * 5000 + "\n", "/x-n", 4),
        ("spec.yaml", HEAD + "x-n: 0x" + "f" * 3000 + "\n", "/x-n", 4),
    ],
)
def test_a_huge_integer_is_a_located_error(
    name: str, text: str, pointer: str, line: int
) -> None:
    write(name, text)
    d = only_diagnostic(name)
    assert (d.file, d.line, d.pointer) == (name, line, pointer)
    assert (
        "the limit is 1000 digits" in d.message or "more than 1000 digits" in d.message
    )


def test_a_lone_surrogate_in_json_is_a_located_error() -> None:
    write("spec.json", '{"openapi": "3.1.0",\n "info": {"title": "\\ud800"}}')
    d = only_diagnostic("spec.json")
    assert (d.file, d.line, d.pointer) == ("spec.json", 2, "/info/title")
    assert d.message == (
        "a string with a lone UTF-16 surrogate (\\ud800): it could never be written as UTF-8"
    )


def test_a_surrogate_pair_in_json_is_one_character() -> None:
    write("spec.json", '{"openapi": "3.1.0", "info": {"title": "\\ud83d\\ude00"}}')
    assert load_spec("spec.json").root.data["info"]["title"] == "\U0001f600"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("spec.json", '{"openapi": "3.1.0", "x-deep": ' + "[" * 600 + "]" * 600 + "}"),
        ("spec.yaml", HEAD + "x-deep: " + "[" * 400 + "]" * 400 + "\n"),
        (
            "spec.json",
            '{"openapi": "3.1.0", "x-deep": ' + "[" * 100_000 + "]" * 100_000 + "}",
        ),
    ],
    ids=["json", "yaml", "json-deeper-than-the-parser-goes"],
)
def test_nesting_deeper_than_the_limit_is_a_located_error(name: str, text: str) -> None:
    write(name, text)
    d = only_diagnostic(name)
    assert d.message == "nesting deeper than 128 levels (the limit)"
    assert d.pointer == "/x-deep" + "/0" * 127
    assert d.line == (1 if name == "spec.json" else 4)


def test_nesting_within_the_limit_loads() -> None:
    write("spec.yaml", HEAD + "x-deep: " + "[" * 127 + "]" * 127 + "\n")
    node = load_spec("spec.yaml").root.data["x-deep"]
    for _ in range(126):
        node = node[0]
    assert node == []


def test_an_alias_bomb_is_stopped_with_a_located_error() -> None:
    """Nine levels of ten aliases stand for a billion values; loading them is cheap, walking not."""
    levels = ["    a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, 10):
        aliases = ", ".join([f"*a{n - 1}"] * 10)
        levels.append(f"    a{n}: &a{n} [{aliases}]")
    write(
        "spec.yaml",
        HEAD
        + "components:\n  schemas:\n    S:\n      type: array\n      example:\n"
        + "\n".join("    " + level for level in levels)
        + "\n",
    )
    d = only_diagnostic("spec.yaml")
    assert d.message == (
        "the document holds more than 2,000,000 values once YAML aliases are expanded (the limit)"
    )
    assert d.pointer.startswith("/components/schemas/S/example/a")
    assert d.line is not None


def test_an_alias_repeating_a_long_string_counts_its_characters() -> None:
    limits = Limits(max_text=10_000)
    aliases = ", ".join(["*s"] * 20)
    write("spec.yaml", HEAD + f"x-s: &s {'a' * 1000}\nx-list: [{aliases}]\n")
    with pytest.raises(SpecError) as caught:
        load_spec("spec.yaml", limits=limits)
    (d,) = caught.value.diagnostics
    assert d.pointer.startswith("/x-list/")
    assert "more than 10,000 characters" in d.message


@pytest.mark.parametrize(
    ("value", "pointer"),
    [("&a [*a]", "/x-cycle/0"), ("&a {self: *a}", "/x-cycle/self")],
)
def test_an_alias_inside_its_own_anchor_is_a_located_error(
    value: str, pointer: str
) -> None:
    write("spec.yaml", HEAD + f"x-cycle: {value}\n")
    d = only_diagnostic("spec.yaml")
    assert (d.line, d.pointer) == (4, pointer)
    assert d.message == (
        "this value contains itself (a YAML alias inside the node its anchor names)"
    )


def test_merge_keys_keep_each_key_once_and_explicit_keys_win() -> None:
    write(
        "spec.yaml",
        HEAD
        + "x-base: &base {type: object, description: base}\n"
        + "x-twice: {<<: [*base, *base], description: own}\n",
    )
    data = load_spec("spec.yaml").root.data
    assert data["x-twice"] == {"type": "object", "description": "own"}


REF_LOOPS = [
    (
        "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
        "/components/schemas/B/$ref",
        "/components/schemas/A -> /components/schemas/B -> /components/schemas/A",
    ),
    (
        "    A: {$ref: '#/components/schemas/A'}\n",
        "/components/schemas/A/$ref",
        "/components/schemas/A -> /components/schemas/A",
    ),
    (
        "    C: {allOf: [{$ref: '#/components/schemas/C'}]}\n",
        "/components/schemas/C/allOf/0/$ref",
        "/components/schemas/C -> /components/schemas/C/allOf/0 -> /components/schemas/C",
    ),
]


@pytest.mark.parametrize(("schemas", "pointer", "chain"), REF_LOOPS)
def test_a_reference_loop_without_structure_is_a_located_error(
    schemas: str, pointer: str, chain: str
) -> None:
    write("spec.yaml", HEAD + "components:\n  schemas:\n" + schemas)
    d = only_diagnostic("spec.yaml")
    assert d.pointer == pointer and d.line is not None
    assert d.message == (
        f"reference loop with no structure in between: {chain}; a schema may refer to "
        "itself only inside properties, items or the like"
    )


def test_a_reference_loop_across_files_names_each_file() -> None:
    write("spec.yaml", schema_ref("other.yaml#/B"))
    write("other.yaml", "B: {$ref: 'spec.yaml#/components/schemas/A'}\n")
    d = only_diagnostic("spec.yaml")
    assert (d.file, d.line, d.pointer) == ("other.yaml", 1, "/B/$ref")
    chain = "spec.yaml#/components/schemas/A -> /B -> spec.yaml#/components/schemas/A"
    assert chain in d.message


def test_recursion_through_structure_is_not_a_loop() -> None:
    schemas = (
        "    Tree: {type: object, properties: {children: {type: array, items: {$ref: '#/components/schemas/Tree'}}}}\n"
        "    Nested: {type: array, items: {$ref: '#/components/schemas/Nested'}}\n"
        "    Both: {allOf: [{$ref: '#/components/schemas/Nested'}]}\n"
    )
    write("spec.yaml", HEAD + "components:\n  schemas:\n" + schemas)
    assert set(load_spec("spec.yaml").root.data["components"]["schemas"]) == {
        "Tree",
        "Nested",
        "Both",
    }


def test_a_broken_file_referenced_many_times_is_read_and_reported_once() -> None:
    refs = "".join(f"    A{n}: {{$ref: 'bad.yaml#/A{n}'}}\n" for n in range(20))
    write("spec.yaml", HEAD + "components:\n  schemas:\n" + refs)
    write("bad.yaml", "A0: [unclosed\n")
    d = only_diagnostic("spec.yaml")
    assert (d.file, d.line) == ("bad.yaml", 2)
