"""generator/locate.py: the line of a JSON pointer, and the JSON pointer of a syntax error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import locate
from generator.diagnostics import SpecError, join_pointer, split_pointer
from generator.load import load_spec
from generator.locate import (
    LineIndex,
    json_error_pointer,
    json_too_deep,
    line_of,
    yaml_error_pointer,
    yaml_too_deep,
)
from generator.validate import validate_spec

from .helpers import MKA1_SPEC

YAML_TEXT = """\
openapi: 3.1.0
paths:
  /pets/{id}:
    get:
      parameters:
        - name: id
          in: path
        - name: q
          in: query
  "a~b":
    x: 1
list:
- 1
- [2, 3]
"200": {description: ok}
empty: {}
"""

JSON_TEXT = """\
{
  "openapi": "3.1.0",
  "paths": {
    "/pets/{id}": {
      "get": {
        "parameters": [
          {"name": "id", "in": "path"},
          {
            "name": "q",
            "in": "query"
          }
        ]
      }
    },
    "a~b": {"x": 1}
  },
  "list": [1, [2,
    3]],
  "tricky": "a\\"}, [b",
  "after": true
}
"""

# pointer -> (line in YAML_TEXT, line in JSON_TEXT); a mapping member's line is its key's.
POINTERS = [
    ("", 1, 1),
    ("/openapi", 1, 2),
    ("/paths", 2, 3),
    ("/paths/~1pets~1{id}", 3, 4),
    ("/paths/~1pets~1{id}/get/parameters", 5, 6),
    ("/paths/~1pets~1{id}/get/parameters/0", 6, 7),
    ("/paths/~1pets~1{id}/get/parameters/1", 8, 8),
    ("/paths/~1pets~1{id}/get/parameters/1/in", 9, 10),
    ("/paths/a~0b", 10, 15),
    ("/paths/a~0b/x", 11, 15),
    ("/list/1", 14, 17),
    ("/list/1/1", 14, 18),
]


@pytest.mark.parametrize(("pointer", "yaml_line", "json_line"), POINTERS)
def test_line_of_a_pointer(pointer: str, yaml_line: int, json_line: int) -> None:
    assert line_of(YAML_TEXT, pointer, is_json=False) == yaml_line
    assert line_of(JSON_TEXT, pointer, is_json=True) == json_line


def test_line_of_handles_numeric_keys_and_strings_that_look_like_json() -> None:
    assert line_of(YAML_TEXT, "/200/description", is_json=False) == 15
    assert line_of(YAML_TEXT, "/empty", is_json=False) == 16
    assert line_of(JSON_TEXT, "/tricky", is_json=True) == 19
    assert line_of(JSON_TEXT, "/after", is_json=True) == 20


@pytest.mark.parametrize(
    "pointer",
    [
        "/nope",
        "/paths/~1pets",
        "/list/2",
        "/list/x",
        "/list/-1",
        "/openapi/x",
        "/empty/x",
    ],
)
def test_line_of_a_missing_pointer_is_none(pointer: str) -> None:
    assert line_of(YAML_TEXT, pointer, is_json=False) is None
    assert line_of(JSON_TEXT, pointer, is_json=True) is None


@pytest.mark.parametrize(
    ("text", "is_json"), [("{broken", True), ("a: [", False), ("", True)]
)
def test_line_of_in_unparsable_text_is_none(text: str, is_json: bool) -> None:
    assert line_of(text, "/a", is_json=is_json) is None


def test_line_of_agrees_with_the_position_of_every_member() -> None:
    document = {"a": {"b/c": [{"d~e": 1}, {"f": [True, None]}]}, "g": "h"}
    text = json.dumps(document, indent=2)
    lines = text.splitlines()
    for pointer, key in [
        ("/a", '"a"'),
        ("/a/b~1c", '"b/c"'),
        ("/a/b~1c/0/d~0e", '"d~e"'),
        ("/g", '"g"'),
    ]:
        line = line_of(text, pointer, is_json=True)
        assert line is not None and key in lines[line - 1], pointer
    assert (
        line_of(text, "/a/b~1c/1/f/1", is_json=True)
        == [line.strip() for line in lines].index("null") + 1
    )


@pytest.mark.parametrize(
    ("tokens", "pointer"),
    [
        (("paths", "/pets/{id}"), "/paths/~1pets~1{id}"),
        (("a~b", 0), "/a~0b/0"),
        (("~1",), "/~01"),
        ((), ""),
    ],
)
def test_pointer_escaping_round_trips(
    tokens: tuple[str | int, ...], pointer: str
) -> None:
    assert join_pointer("", *tokens) == pointer
    assert split_pointer(pointer) == [str(t) for t in tokens]


YAML_ERRORS = [
    ('a:\n  b:\n    c: "oops\n', "/a/b/c"),
    ("a:\n  b: 1\n   c: 2\n", "/a"),
    ("a:\n  - x: 1\n  - y: [1, 2\n", "/a/1/y"),
    ("a:\n\tb: 1\n", "/a"),
    ('paths:\n  /a~b/c:\n    get: {x: "unterminated}\n', "/paths/~1a~0b~1c/get/x"),
    ("[1, 2\n", ""),
]


@pytest.mark.parametrize(("text", "pointer"), YAML_ERRORS)
def test_yaml_error_pointer(text: str, pointer: str) -> None:
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(text)
    assert yaml_error_pointer(text) == pointer


def test_yaml_error_pointer_stops_before_a_position() -> None:
    text = "paths:\n  /things:\n    get:\n      a: 1\n    get:\n      b: 2\n"
    assert (
        yaml_error_pointer(text, stop=(4, 4)) == "/paths/~1things"
    )  # the mapping holding the 2nd get
    assert yaml_error_pointer(text, stop=(0, 0)) == ""
    assert (
        yaml_error_pointer("a: 1\nb: [1, 2]\n", stop=(5, 0)) == ""
    )  # nothing left open


JSON_ERRORS = [
    ('{\n  "a": {\n    "b": [1, 2,]\n  }\n}', "/a/b"),
    ('{\n  "paths": {\n    "/x/y": {"get" 1}\n  }\n}', "/paths/~1x~1y"),
    ('{"a": [{"b": "c', "/a/0/b"),
    ('{"a\\"b": {"c": }}', '/a"b/c'),
    ('{"x": "}]{[", "y": [{"z": [1, }]}', "/y/0/z/1"),
    ('{"a~b": {"c/d": tru}}', "/a~0b/c~1d"),
    ('{"a": ["x", "y", {"b": }]}', "/a/2/b"),  # strings count as array items
    ("", ""),
    ('{"a": 1} trailing', ""),
]


@pytest.mark.parametrize(("text", "pointer"), JSON_ERRORS)
def test_json_error_pointer(text: str, pointer: str) -> None:
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text)
    assert json_error_pointer(text, caught.value.pos) == pointer


def dangling_refs_spec(count: int) -> str:
    refs = "".join(
        f"    S{n}: {{$ref: '#/components/schemas/Missing{n}'}}\n" for n in range(count)
    )
    return (
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        + refs
    )


def test_a_yaml_file_is_composed_once_for_all_its_diagnostics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each diagnostic used to re-parse the whole file to find its line: 1,000 took 66 s."""
    (tmp_path / "spec.yaml").write_text(dangling_refs_spec(200))
    composed = count_calls(monkeypatch, yaml, "compose")
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path / "spec.yaml")
    assert len(caught.value.diagnostics) == 200
    assert [d.line for d in caught.value.diagnostics] == list(range(6, 206))
    assert composed == [1]


def test_a_json_file_is_indexed_once_for_all_its_diagnostics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schemas = {
        f"S{n}": {"$ref": f"#/components/schemas/Missing{n}"} for n in range(200)
    }
    document = {"openapi": "3.1.0", "components": {"schemas": schemas}}
    (tmp_path / "spec.json").write_text(json.dumps(document, indent=1))
    indexed = count_calls(monkeypatch, locate, "_index_json")
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path / "spec.json")
    assert [d.line for d in caught.value.diagnostics] == list(range(6, 606, 3))
    assert indexed == [1]


def test_a_valid_spec_is_never_indexed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines are only for diagnostics: the happy path parses once, for speed."""
    composed = count_calls(monkeypatch, yaml, "compose")
    validate_spec(load_spec(MKA1_SPEC))
    assert composed == [0]


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    """Wrap `owner.name` to count its calls; the one-item list holds the count."""
    calls = [0]
    original = getattr(owner, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


def test_the_json_index_finds_the_first_duplicate_key_in_text_order() -> None:
    text = '{"a": {"x": 1,\n  "x": 2},\n "b": 1,\n "b": 2}'
    assert LineIndex(text, is_json=True).first_duplicate_key() == ("/a/x", 2, 3)
    assert LineIndex('{"a": 1}', is_json=True).first_duplicate_key() is None


def test_the_json_index_reads_what_json_would_reject() -> None:
    text = '{"big": ' + "9" * 5000 + ',\n "deep": ' + "[" * 5000 + "]" * 5000 + "}"
    index = LineIndex(text, is_json=True)
    assert index.line_of("/big") == 1 and index.line_of("/deep/0/0") == 2


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("a:\n  b: [[1]]\n", None),
        ("a:\n  b: [[[1]]]\n", ("/a/b/0/0", 2, 8)),
        ("a:\n  - x:\n      y: {}\n", ("/a/0/x/y", 3, 10)),
    ],
)
def test_yaml_too_deep(text: str, found: tuple[str, int, int] | None) -> None:
    assert yaml_too_deep(text, 4) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('{"a": {"b": [[1]]}}', None),
        ('{"a": {"b": [["[[[", [1]]]}}', ("/a/b/0/1", 1, 22)),
        ('{"a":\n {"b": {"c": {"d": {"e": 1}}}}}', ("/a/b/c/d", 2, 20)),
    ],
)
def test_json_too_deep(text: str, found: tuple[str, int, int] | None) -> None:
    assert json_too_deep(text, 4) == found


def test_yaml_deep_enough_to_crash_libyaml_is_not_composed() -> None:
    """libyaml composes recursively in C: 200,000 levels would overflow the C stack."""
    text = "a: " + "[" * 200_000 + "]" * 200_000 + "\n"
    assert line_of(text, "/a/0", is_json=False) is None
