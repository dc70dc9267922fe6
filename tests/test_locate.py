"""generator/locate.py: the line of a JSON pointer, and the JSON pointer of a syntax error."""

from __future__ import annotations

import json

import pytest
import yaml

from generator.diagnostics import join_pointer, split_pointer
from generator.locate import json_error_pointer, line_of, yaml_error_pointer

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
    ("", ""),
    ('{"a": 1} trailing', ""),
]


@pytest.mark.parametrize(("text", "pointer"), JSON_ERRORS)
def test_json_error_pointer(text: str, pointer: str) -> None:
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text)
    assert json_error_pointer(text, caught.value.pos) == pointer
