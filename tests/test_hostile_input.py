"""Hostile input through the command line: validator errors with real locations, safe and short
messages, a bounded number of them, and the flags and config keys that relax the input rules.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import EXIT_BAD_INPUT, EXIT_OK, main
from generator.diagnostics import Diagnostic, excerpt
from generator.pipeline import generate

from .helpers import REPO

HEAD = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def write(name: str, text: str) -> None:
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    Path(name).write_text(text, encoding="utf-8")


NO_OPERATIONS = "the spec has no operations the SDK can call [at /paths]"


def validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """The exit status and stderr lines of `validate`, but for the warning that HEAD declares no
    operations (validate builds the SDK's IR too; these tests are about the validator).
    """
    status = main(["validate", "--spec", "spec.yaml", *args])
    lines = capsys.readouterr().err.splitlines()
    return status, [line for line in lines if not line.endswith(NO_OPERATIONS)]


def schemas(text: str) -> str:
    return HEAD + "components:\n  schemas:\n" + text


# Validator errors: the absolute pointer of the node they are about, and its line.


def test_a_default_that_does_not_match_its_schema_is_located(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write("spec.yaml", schemas("    S:\n      type: string\n      default: 5\n"))
    assert validate(capsys) == (
        EXIT_OK,
        [
            "spec.yaml:8: warning: 5 is not of type 'string' [at /components/schemas/S/default]"
        ],
    )
    assert validate(capsys, "--strict") == (
        EXIT_BAD_INPUT,
        [
            "spec.yaml:8: error: 5 is not of type 'string' [at /components/schemas/S/default]"
        ],
    )


def test_an_invalid_pattern_is_located(capsys: pytest.CaptureFixture[str]) -> None:
    write("spec.yaml", schemas("    P: {type: string, pattern: '[a-'}\n"))
    assert validate(capsys) == (
        EXIT_OK,
        [
            "spec.yaml:6: warning: '[a-' is not a 'regex' [at /components/schemas/P/pattern]"
        ],
    )


def test_paths_that_are_not_a_mapping_say_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write("spec.yaml", HEAD.replace("paths: {}", "paths: [1, 2]"))
    assert validate(capsys) == (
        EXIT_BAD_INPUT,
        ["spec.yaml:3: error: [1, 2] is not of type 'object' [at /paths]"],
    )


def test_an_error_behind_a_ref_is_reported_where_the_ref_lands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write("spec.yaml", schemas("    A: {$ref: 'models/thing.yaml#/Thing'}\n"))
    write("models/thing.yaml", "Thing:\n  type: integer\n  default: nope\n")
    assert validate(capsys) == (
        EXIT_OK,
        [
            "models/thing.yaml:3: warning: 'nope' is not of type 'integer' [at /Thing/default]"
        ],
    )


def test_the_validator_reads_no_file_the_loader_did_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It follows `$ref`s even inside a `default` (data to us), and used to open any file or URL."""
    write("secret.yaml", "hunter2\n")
    ref = (tmp_path / "secret.yaml").as_uri()
    write(
        "api/spec.yaml",
        schemas(f"    S:\n      type: string\n      default: {{$ref: '{ref}'}}\n"),
    )
    status = main(["validate", "--spec", "api/spec.yaml"])
    lines = capsys.readouterr().err.splitlines()
    (line,) = [line for line in lines if not line.endswith(NO_OPERATIONS)]
    assert status == EXIT_OK  # what it could not check, the generator still does
    assert line.startswith(
        "api/spec.yaml:8: warning: the OpenAPI validator could not check"
    )
    assert "which sdkgen did not read" in line and "hunter2" not in line
    assert line.endswith("[at /components/schemas/S/default/$ref]")


def test_a_tree_of_arrays_inside_allof_validates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The validator collected allOf members' property names recursively, without stopping."""
    write(
        "spec.yaml",
        schemas(
            "    Tree: {type: array, items: {$ref: '#/components/schemas/Tree'}}\n"
            "    Forest: {allOf: [{$ref: '#/components/schemas/Tree'}]}\n"
        ),
    )
    assert validate(capsys) == (EXIT_OK, [])


def test_a_validator_message_quotes_only_an_excerpt_of_a_value(
    capsys: pytest.CaptureFixture[str],
) -> None:
    huge = "{" + ", ".join(f"k{n}: {'v' * 50}" for n in range(200)) + "}"
    write("spec.yaml", schemas(f"    S:\n      type: string\n      default: {huge}\n"))
    status, (line,) = validate(capsys)
    assert status == EXIT_OK
    assert ": warning: " in line
    assert line.endswith("is not of type 'string' [at /components/schemas/S/default]")
    assert len(line) < 250 and "k199" not in line


# Messages: escaped, short, bounded in number.


def test_render_escapes_what_a_terminal_would_act_on() -> None:
    d = Diagnostic("bad \x1b[2J\rvalue\x00 \u202e", "sp\x1bec.yaml", "/a\x07/b", 3)
    assert d.render() == (
        "sp\\x1bec.yaml:3: error: bad \\x1b[2J\\rvalue\\x00 \\u202e [at /a\\x07/b]"
    )


def test_a_ref_with_terminal_escapes_is_printed_inert(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write("spec.yaml", schemas('    A: {$ref: "#/components/schemas/\\e[31mB\\r"}\n'))
    status, (line,) = validate(capsys)
    assert status == EXIT_BAD_INPUT
    assert "\x1b" not in line and "\r" not in line
    assert "$ref '#/components/schemas/\\x1b[31mB\\r' does not resolve" in line


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("short", "'short'"),
        ("x" * 100, "'" + "x" * 60 + "...'"),
        ({"a": [1, 2, 3, 4, 5, 6]}, "{'a': [1, 2, 3, 4, ...]}"),
    ],
)
def test_excerpt(value: object, shown: str) -> None:
    assert excerpt(value) == shown


@pytest.mark.parametrize(
    "text",
    [
        schemas("    A: {$ref: '#/" + "x" * 10_000 + "'}\n"),
        # YAML keys without `?` are at most 1,024 characters long
        schemas("    " + "K" * 1000 + ": {}\n    " + "K" * 1000 + ": {}\n"),
        schemas(
            "    "
            + "Q" * 1000
            + ": {}\n    A: {$ref: '#/components/schemas/"
            + "Q" * 999
            + "'}\n"
        ),
    ],
    ids=["dangling-ref", "duplicate-key", "did-you-mean"],
)
def test_no_message_quotes_a_whole_long_value(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    write("spec.yaml", text)
    status, lines = validate(capsys)
    assert status == EXIT_BAD_INPUT and len(lines) == 1
    message = lines[0].split(": error: ", 1)[1].rsplit(" [at ", 1)[0]
    longest_quote = max(len(run) for run in re.findall("[xKQ]+", message))
    assert longest_quote <= 60, message


def test_at_most_fifty_errors_are_printed_then_a_count(
    capsys: pytest.CaptureFixture[str],
) -> None:
    refs = "".join(
        f"    S{n}: {{$ref: '#/components/schemas/T{n}'}}\n" for n in range(60)
    )
    write("spec.yaml", schemas(refs))
    status, lines = validate(capsys)
    assert status == EXIT_BAD_INPUT and len(lines) == 51
    assert lines[0].startswith("spec.yaml:6: error: $ref '#/components/schemas/T0'")
    assert lines[49].startswith("spec.yaml:55: error: $ref '#/components/schemas/T49'")
    assert lines[50] == "... and 10 more errors"


def test_did_you_mean_is_computed_only_for_printed_errors(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = [0]
    original = difflib.get_close_matches

    def counting(*args: object, **kwargs: object) -> list[str]:
        calls[0] += 1
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    refs = "".join(
        f"    S{n}: {{$ref: '#/components/schemas/S{n}x'}}\n" for n in range(300)
    )
    write("spec.yaml", schemas(refs))
    status, lines = validate(capsys)
    assert status == EXIT_BAD_INPUT and lines[-1] == "... and 250 more errors"
    assert lines[0].endswith("did you mean 'S0'? [at /components/schemas/S0/$ref]")
    assert calls[0] == 50


# The flags and config keys that relax the rules, and what they accept.


def test_allow_external_refs_flag(capsys: pytest.CaptureFixture[str]) -> None:
    write("shared/thing.yaml", "Thing: {type: string}\n")
    write("api/spec.yaml", schemas("    A: {$ref: '../shared/thing.yaml#/Thing'}\n"))
    assert main(["validate", "--spec", "api/spec.yaml"]) == EXIT_BAD_INPUT
    assert "--allow-external-refs" in capsys.readouterr().err
    status = main(["validate", "--spec", "api/spec.yaml", "--allow-external-refs"])
    assert status == EXIT_OK


def test_allow_external_refs_config_key_applies_to_the_configured_spec(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write("shared/thing.yaml", "Thing: {type: string}\n")
    write("api/spec.yaml", schemas("    A: {$ref: '../shared/thing.yaml#/Thing'}\n"))
    write("other/spec.yaml", schemas("    A: {$ref: '../shared/thing.yaml#/Thing'}\n"))
    write(
        "pyproject.toml",
        '[tool.sdkgen]\nspec = "api/spec.yaml"\nallow_external_refs = true\n',
    )
    assert main(["validate"]) == EXIT_OK
    assert main(["validate", "--spec", "other/spec.yaml"]) == EXIT_BAD_INPUT
    assert "points outside the folder" in capsys.readouterr().err


def test_max_spec_mb_flag_and_config_key(capsys: pytest.CaptureFixture[str]) -> None:
    write("spec.yaml", HEAD + "x-padding: " + "a" * (3 << 20) + "\n")
    assert validate(capsys, "--max-spec-mb", "2") == (
        EXIT_BAD_INPUT,
        [
            "spec.yaml: error: file larger than 2 MiB (the limit): pass --max-spec-mb N "
            "(or set max_spec_mb in [tool.sdkgen]) to raise it [at /]"
        ],
    )
    assert validate(capsys, "--max-spec-mb", "4")[0] == EXIT_OK
    write("pyproject.toml", "[tool.sdkgen]\nmax_spec_mb = 2\n")
    assert "larger than 2 MiB" in validate(capsys)[1][0]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("max_spec_mb = 0", "max_spec_mb must be a whole number from 1 to 4096"),
        ('max_spec_mb = "64"', "max_spec_mb must be a whole number from 1 to 4096"),
        (
            'allow_external_refs = "yes"',
            "[tool.sdkgen] allow_external_refs must be true or false",
        ),
    ],
)
def test_bad_input_settings_are_bad_input(
    table: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    write("spec.yaml", HEAD)
    write("pyproject.toml", f'[tool.sdkgen]\nspec = "spec.yaml"\n{table}\n')
    assert validate(capsys) == (
        EXIT_BAD_INPUT,
        [f"pyproject.toml: error: {message} [at /]"],
    )


def test_yaml_deep_enough_to_crash_libyaml_is_a_located_error(tmp_path: Path) -> None:
    """libyaml composes recursively in C: this nesting used to kill the process (SIGSEGV)."""
    write("spec.yaml", HEAD + "x-deep: " + "[" * 200_000 + "]" * 200_000 + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--spec", "spec.yaml"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert result.returncode == EXIT_BAD_INPUT
    assert result.stderr == (
        "spec.yaml:4:136: error: nesting deeper than 128 levels (the limit) "
        f"[at /x-deep{'/0' * 127}]\n"
    )


def test_documents_nested_just_within_the_limit_generate(tmp_path: Path) -> None:
    """The depth limit must sit well below where later stages (the IR builder recursing per
    schema level, black formatting an example as a nested literal) reach Python's recursion limit.
    """
    schema: dict[str, object] = {"type": "string"}
    for _ in range(58):  # 116 levels of properties, under /paths/.../schema
        schema = {"type": "object", "properties": {"x": schema}}
    example: object = 1
    for _ in range(110):
        example = [example]
    paths = {
        "/tree": {"get": operation("getTree", {"schema": schema})},
        "/list": {"get": operation("getList", {"schema": {}, "example": example})},
    }
    document = {
        "openapi": "3.1.0",
        "info": {"title": "D", "version": "1"},
        "paths": paths,
    }
    Path("spec.json").write_text(json.dumps(document))
    result = generate("spec.json", package="deep")
    module = result.files["tests/test_list_get.py"]  # the example, formatted by black
    assert module.split("EXAMPLE: Any = ", 1)[1].count("[") >= 110


def operation(name: str, media: dict[str, object]) -> dict[str, object]:
    response = {"description": "ok", "content": {"application/json": media}}
    return {"operationId": name, "responses": {"200": response}}
