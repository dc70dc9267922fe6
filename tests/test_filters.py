"""The escaping filters (generator/filters.py, generator/ir/literals.py): hostile spec text stays inert."""

from __future__ import annotations

import ast
import math
import tomllib
from typing import Any

import pytest

from generator.targets.python.filters import (
    FILTERS,
    LINE_LENGTH,
    comment,
    docstring,
    markdown,
    markdown_cell,
    toml_string,
)
from generator.targets.python.literals import pyrepr, regex_literal

LONG_PROSE = " ".join(f"word{i}" for i in range(80))
FENCED = "Example:\n\n```python\nprint('" + "x" * 120 + "')\n```\n\nDone."

# (spec text, the docstring's value): line breaks become "\n", other unprintable characters become
# visible `\xNN` text, and surrounding whitespace is stripped. Nothing else changes.
DOCSTRING_CASES = [
    ("plain", "plain"),
    ('a """ b', 'a """ b'),
    ('ends with a quote "', 'ends with a quote "'),
    ('""', '""'),
    ('""""', '""""'),
    ('"starts with a quote', '"starts with a quote'),
    ("'''single'''", "'''single'''"),
    ("back\\slash", "back\\slash"),
    ("ends with a backslash\\", "ends with a backslash\\"),
    ("\\", "\\"),
    ("\\N{BULLET} \\u0041 \\x41 \\n", "\\N{BULLET} \\u0041 \\x41 \\n"),
    (
        "{{ x }} {% if y %}z{% endif %} {# c #}",
        "{{ x }} {% if y %}z{% endif %} {# c #}",
    ),
    ("line one\nline two", "line one\nline two"),
    ("windows\r\nline\rends", "windows\nline\nends"),
    ("sep\u2028para\u2029nel\x85vt\x0bff\x0c.", "sep\npara\nnel\nvt\nff\n."),
    ("nul\x00bell\x07esc\x1bdel\x7f", "nul\\x00bell\\x07esc\\x1bdel\\x7f"),
    ("tab\there", "tab\there"),
    ("  padded  \n\n", "padded"),
    ("unicode é ✓ 𝄞 日本", "unicode é ✓ 𝄞 日本"),
    ("", ""),
    ('```\ncode """ block\n```', '```\ncode """ block\n```'),
]


def _module_docstring(text: str) -> str | None:
    return ast.get_docstring(ast.parse(docstring(text) + "\n"), clean=False)


@pytest.mark.parametrize(("text", "expected"), DOCSTRING_CASES)
def test_docstring_round_trips_exactly(text: str, expected: str) -> None:
    value = _module_docstring(text)
    assert value is not None
    assert (
        value.removesuffix("\n") == expected
    )  # multi-line docstrings close on their own line


@pytest.mark.parametrize(
    "text", [t for t, _ in DOCSTRING_CASES] + [LONG_PROSE, "x" * 300, FENCED]
)
@pytest.mark.parametrize("indent", [4, 8])
def test_docstring_is_inert_inside_a_function(text: str, indent: int) -> None:
    body = docstring(text, indent)
    source = "def f():\n" + " " * indent + body + "\n" + " " * indent + "return 1\n"
    tree = ast.parse(source)
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef) and len(function.body) == 2
    value = ast.get_docstring(function, clean=False)
    assert value is not None
    # Wrapping and indentation only ever change whitespace.
    assert value.split() == _normalised(text).split()


def _normalised(text: str) -> str:
    expected = dict(DOCSTRING_CASES).get(text)
    return text if expected is None else expected


def test_docstring_wraps_long_prose_to_the_line_length() -> None:
    body = docstring(LONG_PROSE, 4)
    lines = body.split("\n")
    assert len(lines) > 2
    assert all(len("    " + line.lstrip()) <= LINE_LENGTH for line in lines[1:])
    assert lines[-1] == '    """'


def test_docstring_leaves_code_blocks_alone() -> None:
    body = docstring(FENCED, 4)
    long_code_line = "    print('" + "x" * 120 + "')"
    assert long_code_line in body.split("\n")
    assert ast.parse(body)


def test_short_docstring_stays_on_one_line() -> None:
    assert docstring("Short.", 4) == '"""Short."""'
    assert docstring('say "hi"') == '"""say "hi\\""""'


@pytest.mark.parametrize(
    "text",
    [
        "a\nb",
        "a\r\nb",
        "a\u2028b\u2029c",
        "a\x85b",
        "x\x1c\x1d\x1ey",
        "nul\x00",
        "  many   spaces  ",
        "# hash",
    ],
)
def test_comment_is_one_line(text: str) -> None:
    line = comment(text)
    assert len(line.splitlines()) <= 1
    assert line == line.strip()
    tree = ast.parse(f"x = 1  # {line}\n")
    assert len(tree.body) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\nb", "a b"),
        ("a\r\n\r\nb\u2028c", "a b c"),
        ("nul\x00x", "nul\\x00x"),
        ("  many   spaces ", "many spaces"),
    ],
)
def test_comment_text(text: str, expected: str) -> None:
    assert comment(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'a "quoted" b',
        "back\\slash",
        '"""',
        "'''",
        "line\nbreak",
        "\r\n",
        "nul\x00",
        "\x1f",
        "é ✓ 𝄞",
        "{{ x }}",
        "x" * 500,
    ],
)
def test_toml_string_parses_back(text: str) -> None:
    value = tomllib.loads(f"description = {toml_string(text)}\n")["description"]
    assert value == text


def test_markdown_keeps_prose_and_normalises_lines() -> None:
    assert (
        markdown(" **bold** `code`\r\nok\x00\u2028end ")
        == "**bold** `code`\nok\\x00\nend"
    )
    assert markdown("```\ncode\n```") == "```\ncode\n```"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a | b\nc", "a \\| b c"), ("x\r\n|y|", "x \\|y\\|"), ("", "")],
)
def test_markdown_cell_is_one_line_with_pipes_escaped(text: str, expected: str) -> None:
    assert markdown_cell(text) == expected


JSON_VALUES: list[Any] = [
    None, True, False, 0, -7, 10**30, 1.5, -0.0, 1e300, 1e-300, 0.1,
    "", "plain", "quote ' and \" both", "back\\slash", "\x00\x07\x1b\x7f", "line\nbreak\r\n",
    "\u2028\u2029\x85\x1c\x1d\x1e", "é ✓ 𝄞 日本", "{{ x }} {% if %}", '"""', "x" * 1000,
    [], {}, [1, [2, [3, []]]], {"a": {"b": {"c": [None, True, 1.25, "s"]}}},
    {"$ref": "#/x", "key with\nnewline": "v", "": ""}, [{"k": [{}]}, "mixed", 2],
]  # fmt: skip


@pytest.mark.parametrize("value", JSON_VALUES)
def test_pyrepr_round_trips_json_data(value: Any) -> None:
    literal = pyrepr(value)
    back = ast.literal_eval(literal)
    assert back == value
    assert type(back) is type(value)
    assert (
        len(literal.splitlines()) == 1
    )  # formatters never split a literal across lines


def test_pyrepr_keeps_float_details_and_key_order() -> None:
    assert math.copysign(1.0, ast.literal_eval(pyrepr(-0.0))) == -1.0
    assert list(ast.literal_eval(pyrepr({"b": 1, "a": 2}))) == ["b", "a"]
    assert ast.literal_eval(pyrepr({1: "x"})) == {
        "1": "x"
    }  # keys are always strings, as in JSON


@pytest.mark.parametrize("value", [(1, 2), {1, 2}, b"bytes", object()])
def test_pyrepr_rejects_non_json_data(value: Any) -> None:
    with pytest.raises(TypeError, match="not JSON data"):
        pyrepr(value)


@pytest.mark.parametrize(
    "pattern",
    [
        "^a+$", r"^resp[-_][a-zA-Z0-9]+$", r"\d+", "a\\", r"\"", r"\n", r"\\", "\\d\x00", "a'b", r"\d'",
        r"\d'''", "\\", "", r"\d\"", r"\u2028", "\\d\u2028", "\\d\t", r"\déf", '\\d"""', r"^\w+'$",
    ],
)  # fmt: skip
def test_regex_literal_evaluates_back_to_the_pattern(pattern: str) -> None:
    literal = regex_literal(pattern)
    assert ast.literal_eval(literal) == pattern
    assert len(literal.splitlines()) == 1


def test_regex_literal_is_raw_only_when_that_is_safe() -> None:
    assert regex_literal(r"^\d+$") == 'r"^\\d+$"'
    for pattern in ("^abc$", '\\d"', "a\\", "\\d\x00"):
        assert not regex_literal(pattern).startswith("r"), pattern


def test_filters_are_registered_under_their_template_names() -> None:
    assert {"docstring", "comment", "toml_string", "markdown", "pyrepr"} <= set(FILTERS)
    assert ast.literal_eval(FILTERS["pyrepr"]("a\nb")) == "a\nb"
    assert FILTERS["docstring"]("x") == '"""x"""'
