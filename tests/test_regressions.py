"""Regression tests: bugs found by review, each fixed in the generator and pinned here.

The comment in each test describes the bug as it was found.
"""

from __future__ import annotations

import ast
import json
import keyword
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import SpecError
from generator.targets.python.filters import LINE_LENGTH, docstring, toml_string
from generator.targets.python.lower import build_sdk
from generator.load import SourceFile, SpecSource, load_spec
from generator.locate import LineIndex, json_error_pointer
from generator.naming import class_name
from generator.output import write
from generator.pipeline import generate

REPO = Path(__file__).resolve().parent.parent
HEAD = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n"
OK = {"description": "ok"}


@pytest.mark.parametrize(
    "text", ['"""', 'ends with """', '\\"""', 'q""""""', '"""x"""']
)
def test_docstring_of_text_ending_in_triple_quote_compiles(text: str) -> None:
    # filters.py docstring(): `if body.endswith('"')` re-escapes a quote that the `"""` replacement
    # already escaped (`\"\"\"` -> `\"\"\\"`), so the docstring closes early: SyntaxError.
    module = ast.parse(docstring(text) + "\n")
    assert ast.get_docstring(module, clean=False) == text


def test_toml_string_escapes_delete() -> None:
    # json.dumps(ensure_ascii=False) leaves U+007F raw; TOML forbids it in basic strings.
    text = "a\x7fb"
    assert tomllib.loads("x = " + toml_string(text))["x"] == text


def test_docstring_first_line_fits_the_line_length() -> None:
    # _wrap() wraps to LINE_LENGTH - indent, ignoring the 3 characters of the opening `"""`.
    first = docstring(" ".join(["word"] * 60), 4).split("\n")[0]
    assert 4 + len(first) <= LINE_LENGTH


def test_dangling_ref_in_a_default_response_is_a_diagnostic(tmp_path: Path) -> None:
    # load._iter_refs skips every key named default/example/examples/enum/const/x-*, whatever its
    # context, so `responses: {default: {$ref: ...}}` is never checked (validate_spec then dies with
    # referencing.exceptions.PointerToNowhere instead of a diagnostic).
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        HEAD
        + "paths:\n  /a:\n    get:\n      responses:\n        default:\n          $ref: '#/nope'\n"
    )
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    (d,) = caught.value.diagnostics
    assert (d.line, d.pointer) == (8, "/paths/~1a/get/responses/default/$ref")


def test_ref_in_a_property_named_example_is_loaded(tmp_path: Path) -> None:
    # Same cause: a property called `example` (or `default`, `const`...) hides its $ref; the
    # external file is never loaded and build_sdk crashes with KeyError in SpecSource.resolve.
    (tmp_path / "other.yaml").write_text("Thing: {type: string}\n")
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        HEAD
        + "paths: {}\ncomponents:\n  schemas:\n    Pet:\n      properties:\n        example: {$ref: 'other.yaml#/Thing'}\n"
    )
    assert tmp_path / "other.yaml" in load_spec(spec).files


@pytest.mark.parametrize(
    ("text", "line", "pointer"),
    [("paths:\n  /a:\n    get:\n      description: x\n      description: y\n", 7, "/paths/~1a/get/description"),
     ("paths: {}\npaths: {}\n", 4, "/paths")],
)  # fmt: skip
def test_duplicate_yaml_key_pointer_names_the_key(
    tmp_path: Path, text: str, line: int, pointer: str
) -> None:
    # locate.yaml_error_pointer(stop_line=...) reads every event on the duplicate's line, so a key whose
    # value is on the same line is already closed: the pointer names the parent mapping instead.
    spec = tmp_path / "spec.yaml"
    spec.write_text(HEAD + text)
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    (d,) = caught.value.diagnostics
    assert (d.line, d.pointer) == (line, pointer)


def test_duplicate_json_key_has_a_line_and_pointer(tmp_path: Path) -> None:
    # load._parse_json: the ValueError from reject_duplicates becomes Diagnostic(..., "", line None).
    spec = tmp_path / "spec.json"
    spec.write_text('{"openapi": "3.1.0",\n "paths": {},\n "paths": {}}')
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    (d,) = caught.value.diagnostics
    assert (d.line, d.pointer) == (3, "/paths")


def test_json_error_pointer_names_the_broken_array_item() -> None:
    # The index of an array item is only counted once its first character is passed, but a
    # JSONDecodeError's pos is that first character: `{"k": nul}` gives /k, `[1, nul]` gives "".
    text = '{"tags": [{"name": "a"}, nul]}'
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text)
    assert json_error_pointer(text, caught.value.pos) == "/tags/1"


def document(
    schemas: dict[str, Any], paths: dict[str, Any] | None = None
) -> dict[str, Any]:
    body = {
        "description": "ok",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
        },
    }
    paths = paths or {
        "/pets": {"get": {"operationId": "getPet", "responses": {"200": body}}}
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def run_generated(
    tmp_path: Path, package: str, doc: dict[str, Any], code: str
) -> subprocess.CompletedProcess[str]:
    (tmp_path / "spec.json").write_text(json.dumps(doc))
    write(tmp_path / "out", generate(tmp_path / "spec.json", package=package).files)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path / "out" / "src",
        capture_output=True,
        text=True,
    )


BUILTIN_TYPED = {
    "list": {"type": "array", "items": {"type": "string"}}, "str": {"type": "string"}, "int": {"type": "integer"},
    "float": {"type": "number"}, "bool": {"type": "boolean"},
}  # fmt: skip


@pytest.mark.parametrize("prop", list(BUILTIN_TYPED))
def test_property_named_like_its_builtin_type(tmp_path: Path, prop: str) -> None:
    # schemas._fields reserves only MODEL_RESERVED: `str: str | None = None` rebinds `str` in the class
    # body, so pydantic cannot evaluate the annotation and importing the models package fails.
    pet = {"type": "object", "properties": {prop: BUILTIN_TYPED[prop]}}
    result = run_generated(
        tmp_path,
        f"pkg_builtin_{prop}",
        document({"Pet": pet}),
        f"import pkg_builtin_{prop}.models",
    )
    assert result.returncode == 0, result.stderr[-300:]


def test_properties_that_collide_after_snake_casing_round_trip(tmp_path: Path) -> None:
    # fooBar -> python name foo_bar (alias fooBar); foo_bar -> foo_bar2 (alias foo_bar). The runtime
    # BaseModel has validate_by_name=True, so {"foo_bar": "x"} fills BOTH fields and dumps an extra fooBar.
    pet = {
        "type": "object",
        "properties": {"fooBar": {"type": "string"}, "foo_bar": {"type": "string"}},
    }
    code = "from pkg_snake.models import Pet; print(Pet.model_validate({'foo_bar': 'x'}).model_dump(mode='json', exclude_unset=True))"
    result = run_generated(tmp_path, "pkg_snake", document({"Pet": pet}), code)
    assert result.stdout.strip() == "{'foo_bar': 'x'}", (
        result.stdout + result.stderr[-300:]
    )


def test_schema_named_none_imports(tmp_path: Path) -> None:
    # naming.class_name("None") == "None": the module holds `None: TypeAlias = str` (SyntaxError).
    doc = document(
        {
            "Pet": {"type": "object", "properties": {"a": {"type": "string"}}},
            "None": {"type": "string"},
        }
    )
    result = run_generated(tmp_path, "pkg_none", doc, "import pkg_none")
    assert result.returncode == 0, result.stderr[-300:]


def build(tmp_path: Path, paths: dict[str, Any]) -> Any:
    (tmp_path / "spec.json").write_text(
        json.dumps(
            {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": paths}
        )
    )
    return build_sdk(load_spec(tmp_path / "spec.json"), "pkg")[0]


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "minLength": 3, "maxLength": 5},
        {"type": "string", "pattern": "^resp_[a-z0-9]+$"},
    ],
)
def test_required_parameter_sample_is_valid(
    tmp_path: Path, schema: dict[str, Any]
) -> None:
    # samples.valid_string only tries six fixed candidates and returns None when none fits; the
    # sample is then None, the URL gets an empty segment and 5 of the SDK's generated tests fail.
    param = {"name": "id", "in": "path", "required": True, "schema": schema}
    sdk = build(
        tmp_path,
        {
            "/pets/{id}": {
                "get": {
                    "operationId": "getPet",
                    "parameters": [param],
                    "responses": {"204": OK},
                }
            }
        },
    )
    (op,) = sdk.operations
    assert op.params[0].sample != "None" and "//" not in op.sample_url.raw.removeprefix(
        "https://"
    )


def test_result_class_name_keeps_operation_id_words(tmp_path: Path) -> None:
    # operations._result: hint = owner.module[1:].title() + "Result" -> "cancelResponse".title() == "Cancelresponse".
    body = {
        "description": "ok",
        "content": {
            "application/json": {
                "schema": {"type": "object", "properties": {"a": {"type": "string"}}}
            }
        },
    }
    sdk = build(
        tmp_path,
        {"/r": {"post": {"operationId": "cancelResponse", "responses": {"200": body}}}},
    )
    assert sdk.operations[0].return_annotation == "CancelResponseResult"


@pytest.mark.parametrize("text", ["None", "none", "True", "true", "False", "false"])
def test_class_name_is_never_a_keyword(text: str) -> None:
    name = class_name(text)
    assert name.isidentifier() and not keyword.iskeyword(name), name


def test_a_list_method_spells_the_list_type_builtins_list(tmp_path: Path) -> None:
    """`def list(...)` is what users expect; inside its class, annotations must say `builtins.list`
    (mypy would read a bare `list[...]` as the method)."""
    pets = {"type": "array", "items": {"type": "string"}}
    ok = {"description": "ok", "content": {"application/json": {"schema": pets}}}
    tags = {"name": "tags", "in": "query", "schema": pets}
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "parameters": [tags],
                    "responses": {"200": ok},
                }
            }
        },
    }
    (tmp_path / "spec.json").write_text(json.dumps(doc))
    files = generate(tmp_path / "spec.json", package="pkg_list").files
    module = files["src/pkg_list/resources/pets.py"]
    ast.parse(module)
    assert "def list(" in module
    assert "tags: builtins.list[str] | None = None" in module
    assert ") -> builtins.list[str]:" in module
    assert "import builtins" in module


def test_references_that_loop_do_not_hang_the_generator(tmp_path: Path) -> None:
    """Each `$ref` of a loop resolves, so loading accepts it; following one must still stop."""
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "operationId": "getA",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/A"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "A": {"$ref": "#/components/schemas/B"},
                "B": {"$ref": "#/components/schemas/A"},
            }
        },
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(doc))
    # load_spec now rejects such a loop; SpecSource.follow and the IR must still stop on one.
    with pytest.raises(SpecError, match="reference loop"):
        load_spec(path)
    index = LineIndex(path.read_text(), is_json=True)
    root = SourceFile(path, "spec.json", path.read_text(), doc, index)
    spec = SpecSource(root, {path: root})
    target = spec.follow({"$ref": "#/components/schemas/A"}, spec.root)
    assert target.pointer in ("/components/schemas/A", "/components/schemas/B")
    sdk, _ = build_sdk(spec, "pkg_loop")
    assert sdk.operations[0].example_value == "None"


@pytest.mark.parametrize("pattern", ["[{}]", "^[{}]+$", "^[\"']$", "^[α-ω]{2}$"])
def test_a_pattern_of_unusual_characters_still_gets_a_sample(pattern: str) -> None:
    # Found by the fuzzer: samples._sample_class only tried "aA0_- .x", so a required parameter
    # with pattern `[{}]` got no sample and its generated tests called it with None.
    from generator.ir.samples import valid_string

    sample = valid_string({"type": "string", "pattern": pattern})
    assert sample is not None and __import__("re").search(pattern, sample)


def test_a_method_without_arguments_keeps_its_request_options(tmp_path: Path) -> None:
    # The template once called `self._client.call(op, {})` for a method with no arguments, so its
    # `**request_options` (timeout, extra_headers, ...) were accepted and silently dropped.
    pet = {"type": "object", "properties": {"name": {"type": "string"}}}
    code = """
import httpx
from pkg_noargs import SDK
seen = []
def handler(request):
    seen.append(request)
    return httpx.Response(200, json={"name": "rex"})
sdk = SDK(server_url="https://x.test", http_client=httpx.Client(transport=httpx.MockTransport(handler)))
pet = sdk.pets.get(extra_headers={"X-Trace": "t1"}, extra_query={"q": "1"})
assert pet.name == "rex", pet
assert seen[0].headers["X-Trace"] == "t1", seen[0].headers
assert seen[0].url.params["q"] == "1", seen[0].url
print("ok")
"""
    result = run_generated(tmp_path, "pkg_noargs", document({"Pet": pet}), code)
    assert result.returncode == 0, result.stderr[-600:]
    assert result.stdout.strip() == "ok"
