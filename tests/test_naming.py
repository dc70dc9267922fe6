"""generator/naming.py: every generated identifier is valid, readable and never shadows a reserved name."""

from __future__ import annotations

import keyword

import pytest

from generator.reserved import CLASS_RESERVED
from generator.naming import (
    ANNOTATION_BUILTINS,
    MODEL_RESERVED,
    NameRegistry,
    class_name,
    constant,
    package_name,
    pascal,
    python_name,
    snake,
    words,
)

NASTY = [
    "X-On-Behalf-Of", "HTTPServer", "2fa", "class", "schema", "model_dump", "ümlaut", "", "___", "123",
    "日本語", "a b", "x.y", "match", "case", "_private", "__init__", "import", "Any", "Field", "BaseModel",
    "TypeAlias", "Literal", "Annotated", "model_config", "self", "$ref", "a/b~c", "x-sdkgen-name",
    "snake_case", "camelCase", "PascalCase", "UPPER_CASE", "getHTTPResponseCode", "v2Beta", "-",
    "\u2028", "tab\there", "émoji 🎉 name", "1.0.0", "async", "await", "lambda", "from",
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cancelResponse", ["cancel", "response"]),
        ("X-On-Behalf-Of", ["x", "on", "behalf", "of"]),
        ("HTTPServer", ["http", "server"]),
        ("getHTTPResponseCode", ["get", "http", "response", "code"]),
        ("MCPTool", ["mcp", "tool"]),
        ("v2Beta", ["v2", "beta"]),
        ("2fa", ["2fa"]),
        ("ümlaut", ["umlaut"]),
        ("snake_case_name", ["snake", "case", "name"]),
        ("a.b/c d", ["a", "b", "c", "d"]),
        ("", []),
        ("日本語", []),
    ],
)
def test_words_splits_any_spelling(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("X-On-Behalf-Of", "x_on_behalf_of"),
        ("HTTPServer", "http_server"),
        ("cancelResponse", "cancel_response"),
        ("2fa", "n2fa"),
        ("123", "n123"),
        ("ümlaut", "umlaut"),
        ("", "value"),
        ("___", "value"),
        ("日本語", "value"),
        ("__init__", "init"),
    ],
)
def test_snake(text: str, expected: str) -> None:
    assert snake(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("X-On-Behalf-Of", "XOnBehalfOf"),
        ("HTTPServer", "HTTPServer"),  # already PascalCase: kept as written
        ("MCPTool", "MCPTool"),
        ("cancel_response", "CancelResponse"),
        ("getHTTPResponseCode", "GetHttpResponseCode"),
        ("2fa", "N2fa"),
        ("ümlaut", "Umlaut"),
        ("Über", "Uber"),  # not ASCII: rebuilt from its words
        ("", "Model"),
        ("x-sdkgen-name", "XSdkgenName"),
    ],
)
def test_pascal(text: str, expected: str) -> None:
    assert pascal(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("X-On-Behalf-Of", "X_ON_BEHALF_OF"),
        ("mka1", "MKA1"),
        ("2fa", "N2FA"),
        ("", "VALUE"),
    ],
)
def test_constant(text: str, expected: str) -> None:
    assert constant(text) == expected


@pytest.mark.parametrize(
    ("text", "reserved", "expected"),
    [
        ("class", frozenset(), "class_"),
        ("import", frozenset(), "import_"),
        ("async", frozenset(), "async_"),
        ("schema", frozenset(), "schema"),
        ("schema", MODEL_RESERVED, "schema_"),
        ("model_dump", MODEL_RESERVED, "model_dump_"),
        ("modelDump", MODEL_RESERVED, "model_dump_"),
        ("model_config", MODEL_RESERVED, "model_config_"),
        ("list", ANNOTATION_BUILTINS, "list_"),
        ("str", ANNOTATION_BUILTINS, "str_"),
        (
            "type",
            frozenset(),
            "type",
        ),  # a soft keyword on 3.12+, yet the same name everywhere
        ("match", frozenset(), "match"),
        ("X-On-Behalf-Of", MODEL_RESERVED, "x_on_behalf_of"),
        ("camelCase", MODEL_RESERVED, "camel_case"),
        ("2fa", frozenset(), "n2fa"),
        ("", frozenset(), "value"),
    ],
)
def test_python_name_avoids_keywords_and_reserved(
    text: str, reserved: frozenset[str], expected: str
) -> None:
    assert python_name(text, reserved) == expected


def test_python_name_appends_underscores_until_free() -> None:
    assert python_name("schema", MODEL_RESERVED | {"schema_"}) == "schema__"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Any", "AnySchema"),
        ("Field", "FieldSchema"),
        ("BaseModel", "BaseModelSchema"),
        ("base_model", "BaseModelSchema"),
        ("TypeAlias", "TypeAliasSchema"),
        ("Literal", "LiteralSchema"),
        ("Annotated", "AnnotatedSchema"),
        ("pet", "Pet"),
        ("class", "Class"),
        ("2fa", "N2fa"),
        ("", "Model"),
    ],
)
def test_class_name_never_takes_a_name_models_import(text: str, expected: str) -> None:
    assert class_name(text) == expected


def test_class_name_with_custom_reserved_set() -> None:
    assert class_name("Any", frozenset()) == "Any"
    assert class_name("SDK", frozenset({"SDK"})) == "SDKSchema"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("MKA1 API", "mka1"),
        ("Swagger Petstore", "swagger_petstore"),
        ("Swagger Petstore - OpenAPI 3.0", "swagger_petstore"),
        ("Pet Store REST API v2", "pet_store_rest_api_v2"),
        ("Stripe API 2024", "stripe"),
        ("API", "api"),
        ("2fa Service", "api_2fa_service"),
        ("class", "class_"),
        ("", "sdk"),
        ("日本語", "sdk"),
        ("Ümlaut Böse API", "umlaut_bose"),
    ],
)
def test_package_name(title: str, expected: str) -> None:
    assert package_name(title) == expected


@pytest.mark.parametrize("text", NASTY)
def test_every_name_is_a_valid_identifier(text: str) -> None:
    for name in (
        snake(text),
        pascal(text),
        python_name(text),
        python_name(text, MODEL_RESERVED),
        constant(text),
    ):
        assert name.isidentifier() and name.isascii(), (text, name)
    for name in (
        python_name(text),
        python_name(text, MODEL_RESERVED),
        package_name(text),
    ):
        assert not keyword.iskeyword(name), (text, name)
    assert python_name(text, MODEL_RESERVED) not in MODEL_RESERVED
    assert class_name(text).isidentifier() and class_name(text) not in CLASS_RESERVED
    assert not python_name(text).startswith(
        "_"
    )  # pydantic ignores fields with a leading underscore


def test_name_registry_suffixes_on_collision() -> None:
    registry = NameRegistry()
    spellings = ["fooBar", "foo_bar", "FooBar", "foo-bar", "FOO_BAR", "foo bar"]
    assert {snake(s) for s in spellings} == {"foo_bar"}
    claimed = [registry.claim(snake(s)) for s in spellings]
    assert claimed == [
        "foo_bar",
        "foo_bar2",
        "foo_bar3",
        "foo_bar4",
        "foo_bar5",
        "foo_bar6",
    ]
    assert all(name.isidentifier() for name in claimed)
    assert "foo_bar4" in registry and "foo_bar7" not in registry


def test_name_registry_respects_taken_names_and_earlier_suffixes() -> None:
    registry = NameRegistry(frozenset({"self", "Any"}))
    assert "self" in registry
    assert registry.claim("self") == "self2"
    assert registry.claim("Any") == "Any2"
    assert registry.claim("x2") == "x2"
    assert registry.claim("x") == "x"
    assert registry.claim("x") == "x3"  # x2 was already handed out
    assert registry.claim("x2") == "x22"


def test_name_registry_hands_out_unique_names_for_many_collisions() -> None:
    registry = NameRegistry(CLASS_RESERVED)
    names = [registry.claim(class_name(text)) for text in NASTY * 2]
    assert len(set(names)) == len(names)
    assert not set(names) & CLASS_RESERVED
    assert all(name.isidentifier() for name in names)


def test_registries_are_independent() -> None:
    first, second = NameRegistry(), NameRegistry()
    assert first.claim("a") == "a"
    assert second.claim("a") == "a"
    assert 1 not in first
