"""Hypothesis strategies for hostile OpenAPI documents.

A document is drawn as a skeleton (names, paths, parameters, enums, defaults, examples, patterns)
plus free text (titles, versions, descriptions, summaries, servers). `FuzzCase.document(texts)`
builds it with any texts: the hostile ones drawn here, or neutral ones for the twin that proves free
text only ever becomes string constants.

Every string slot draws from `hostile_text`: known injection payloads (closing quotes, docstring and
comment breakers, template syntax, encoding declarations, line and paragraph separators, NUL, ANSI
escapes, Markdown and HTML breakers) combined with arbitrary Unicode. Payloads that would run code
call `__sdkgen_pwned__`, a name nothing legitimate ever generates.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

MARKER = "__sdkgen_pwned__"

PAYLOADS = [
    '"""', "'''", '"', "'", "\\", "\\\\", "\\N{", "\\x", "\\u", "\\U0001", "\\", '\\"""',
    f'"""; {MARKER}(); """', f"'''; {MARKER}(); '''", f'"); {MARKER}(); ("',
    f"'; {MARKER}() #", f"\n{MARKER}()\n", f"\\\n{MARKER}()", f"\r\n{MARKER}()",
    f"\u2028{MARKER}()", f'{{{{ {MARKER}() }}}}', "{% raw %}", "{# c #}", "{{ sdk }}",
    "# -*- coding: utf-7 -*-", "coding=latin-1", "+ACIAIgAi-", "\x00", "\r", "\r\n", "\x0b",
    "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\x1b[2J\x1b[31m", "\x7f", "\ufeff",
    "\u202e", "\t", "*/", "-->", "<!--", "<script>", "```", "~~~", "`", "|", "]]", "$(x)",
    "%s%n", "${x}", "é ✓ 𝄞 日本", "", " ", "type: ignore", "# fmt: skip", "# noqa",
]  # fmt: skip

_CHARACTERS = st.characters(exclude_categories=("Cs",))
_ARBITRARY = st.text(_CHARACTERS, max_size=24)


@st.composite
def hostile_text(draw: st.DrawFn, max_parts: int = 3) -> str:
    """Text mixing payloads and arbitrary Unicode (never a lone surrogate: no UTF-8 file holds one)."""
    parts = draw(
        st.lists(st.one_of(st.sampled_from(PAYLOADS), _ARBITRARY), max_size=max_parts)
    )
    return "".join(parts)


# Component names are restricted by the OpenAPI schema to [A-Za-z0-9.-_]; these are the
# troublesome ones: what the SDK itself uses, keywords, builtins, leading digits, long names.
SCHEMA_NAMES = [
    "Operation", "Param", "Pattern", "Range", "SDK", "AsyncSDK", "SyncClient", "AsyncClient",
    "NotFoundError", "SDKError", "TypeAdapter", "TypeAliasType", "TypeAlias", "BaseModel", "Field",
    "Any", "Literal", "Annotated", "Recorder", "EXAMPLE", "SERVER_URL", "USER_AGENT", "list",
    "dict", "str", "None", "True", "class", "self", "close", "models", "errors", "__init__", "_",
    "-", ".", "a.b-c", "123", "2fa", "Model", "Model2", "model", "BaseException", "httpx",
    "pydantic", "typing", "x" * 300,
]  # fmt: skip
_NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"
schema_names = st.one_of(
    st.sampled_from(SCHEMA_NAMES), st.text(_NAME_CHARACTERS, min_size=1, max_size=20)
)
# Property, parameter and path-segment names may be anything in the document.
any_names = st.one_of(
    st.sampled_from([*SCHEMA_NAMES, *keyword.kwlist, "model_config", "schema", "json"]),
    hostile_text(max_parts=2).filter(bool),
)
header_names = st.one_of(
    st.sampled_from(["X-Trace", "x-on-behalf-of", "X_Under", "Authorization", "Accept"]),
    st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!#$%&'*+^`|~", min_size=1, max_size=20),
    any_names,  # mostly not HTTP tokens: a located error is the expected outcome
)  # fmt: skip
# Patterns that compile in Python and in ECMA-262, full of quotes and backslashes.
PATTERNS = [
    r"^[a-z]+$", r"^resp[-_][a-zA-Z0-9]+$", r'^"quoted"$', r"^it's$", r"\d{3}", r"^\\path$",
    r"^[^\"']*$", '^a"""b$', r"^\w+\s?$", "^(a|b)+$", r"^x\u00e9$", r"^.{0,5}$", r"[{}]",
]  # fmt: skip

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**63), hostile_text(max_parts=2),
    st.floats(allow_nan=False, allow_infinity=False),
)  # fmt: skip
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(hostile_text(max_parts=1), inner, max_size=3)
    ),
    max_leaves=8,
)  # fmt: skip


@st.composite
def property_schemas(draw: st.DrawFn, refs: list[str]) -> dict[str, Any]:
    kind = draw(
        st.sampled_from(["string", "enum", "integer", "array", "ref", "nullable"])
    )
    if kind == "enum":
        values = draw(
            st.lists(hostile_text(max_parts=2), min_size=1, max_size=4, unique=True)
        )
        schema: dict[str, Any] = {"type": "string", "enum": values}
        if draw(st.booleans()):
            schema["default"] = draw(st.sampled_from(values))
        return schema
    if kind == "integer":
        return {"type": "integer", "minimum": draw(st.integers(-5, 5)), "maximum": 100}
    if kind == "array":
        return {"type": "array", "items": {"type": "string"}}
    if kind == "ref" and refs:
        return {"$ref": f"#/components/schemas/{draw(st.sampled_from(refs))}"}
    if kind == "nullable":
        return {"type": ["string", "null"]}
    schema = {"type": "string"}
    constraint = draw(st.sampled_from(["none", "pattern", "default"]))
    if constraint == "pattern":
        schema["pattern"] = draw(st.sampled_from(PATTERNS))
    elif constraint == "default":
        schema["default"] = draw(hostile_text(max_parts=2))
    return schema


@dataclass
class FuzzCase:
    """A drawn document: its skeleton, and the free-text slots it leaves open."""

    schemas: dict[str, Any]
    paths: dict[str, Any]
    security: dict[str, Any] | None
    texts: dict[str, str]
    version: str = "3.1.0"
    slots: list[str] = field(default_factory=list)

    def document(self, texts: dict[str, str]) -> dict[str, Any]:
        """The document with the free-text slots filled from `texts`."""

        def fill(value: Any) -> Any:
            if isinstance(value, dict):
                return {key: fill(item) for key, item in value.items()}
            if isinstance(value, list):
                return [fill(item) for item in value]
            if isinstance(value, TextSlot):
                return texts[value.key]
            return value

        document: dict[str, Any] = {
            "openapi": self.version,
            "info": {
                "title": TextSlot("title"),
                "version": TextSlot("version"),
                "description": TextSlot("description"),
            },
            "servers": [
                {"url": TextSlot("server"), "description": TextSlot("server_doc")}
            ],
            "tags": [{"name": "things", "description": TextSlot("tag_doc")}],
            "paths": self.paths,
            "components": {"schemas": self.schemas},
        }
        if self.security is not None:
            document["components"]["securitySchemes"] = {"auth": self.security}
            document["security"] = [{"auth": []}]
        return fill(document)

    def neutral_texts(self) -> dict[str, str]:
        return {key: "text" for key in self.texts} | {"version": "1.0"}


@dataclass(frozen=True)
class TextSlot:
    key: str


@st.composite
def fuzz_cases(draw: st.DrawFn) -> FuzzCase:
    texts: dict[str, str] = {}

    def slot(key: str) -> TextSlot:
        texts[key] = draw(hostile_text())
        return TextSlot(key)

    for key in ("title", "version", "description", "server", "server_doc", "tag_doc"):
        slot(key)
    names = draw(st.lists(schema_names, min_size=1, max_size=3, unique=True))
    schemas: dict[str, Any] = {}
    for index, name in enumerate(names):
        properties = draw(
            st.dictionaries(any_names, property_schemas(names[:index]), max_size=3)
        )
        schema: dict[str, Any] = {
            "type": "object",
            "description": slot(f"schema_doc_{index}"),
            "properties": properties,
        }
        for prop_index, prop in enumerate(properties.values()):
            if "$ref" not in prop:
                prop["description"] = slot(f"property_doc_{index}_{prop_index}")
        if properties and draw(st.booleans()):
            schema["required"] = [draw(st.sampled_from(sorted(properties)))]
        schemas[name] = schema
    paths = draw(path_items(names, slot))
    security = draw(
        st.one_of(
            st.none(),
            st.just({"type": "http", "scheme": "bearer"}),
            st.builds(
                lambda n: {"type": "apiKey", "in": "header", "name": n}, header_names
            ),
        )
    )
    if security is not None:
        security["description"] = slot("security_doc")
    version = draw(st.sampled_from(["3.1.0", "3.0.3"]))
    if version.startswith("3.0"):
        _to_openapi_30(schemas)
        _to_openapi_30(paths)
    return FuzzCase(schemas, paths, security, texts, version)


def _to_openapi_30(value: Any) -> None:
    """OpenAPI 3.0 spells `type: [string, null]` as `type: string, nullable: true`."""
    if isinstance(value, dict):
        if value.get("type") == ["string", "null"]:
            value["type"], value["nullable"] = "string", True
        for item in value.values():
            _to_openapi_30(item)
    elif isinstance(value, list):
        for item in value:
            _to_openapi_30(item)


_SEGMENT_CHARACTERS = st.characters(
    exclude_categories=("Cs",), exclude_characters="/{}?#"
)
path_segments = st.one_of(
    st.sampled_from(["close", "list", "models", "pets", "operation", ".", "..", "a b", '"q"', "%41", "ü", "_", "v1", "api"]),
    st.text(_SEGMENT_CHARACTERS, min_size=1, max_size=12),
)  # fmt: skip
placeholder_names = st.one_of(
    st.sampled_from(["id", "self", "timeout", "class", "X-Id", "a b"]),
    st.text(_SEGMENT_CHARACTERS, min_size=1, max_size=10),
)


@st.composite
def path_items(draw: st.DrawFn, names: list[str], slot: Any) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    operation_ids: set[str] = set()
    for index in range(draw(st.integers(1, 3))):
        segments = draw(st.lists(path_segments, min_size=1, max_size=3))
        placeholders = draw(st.lists(placeholder_names, max_size=2, unique=True))
        key = "/" + "/".join([*segments, *(f"{{{p}}}" for p in placeholders)])
        if draw(st.booleans()):
            key += draw(st.sampled_from(["?view=full", "?a b=c&d", "#frag", "/"]))
        if key.split("#")[0].split("?")[0] in {
            k.split("#")[0].split("?")[0] for k in paths
        }:
            continue
        parameters: list[dict[str, Any]] = [
            {"name": p, "in": "path", "required": True, "schema": {"type": "string"},
             "description": slot(f"path_param_doc_{index}_{i}")}
            for i, p in enumerate(placeholders)
        ]  # fmt: skip
        for query_index, query in enumerate(
            draw(st.lists(any_names, max_size=2, unique=True))
        ):
            schema = draw(property_schemas([]))
            parameters.append(
                {"name": query, "in": "query", "required": draw(st.booleans()), "schema": schema,
                 "description": slot(f"query_doc_{index}_{query_index}")}
            )  # fmt: skip
        if draw(st.booleans()):
            parameters.append(
                {
                    "name": draw(header_names),
                    "in": "header",
                    "schema": {"type": "string"},
                }
            )
        operation_id = draw(hostile_text(max_parts=2).filter(bool))
        if operation_id in operation_ids:
            continue
        operation_ids.add(operation_id)
        result = draw(
            st.one_of(
                st.sampled_from([{"$ref": f"#/components/schemas/{n}"} for n in names]),
                property_schemas(names),
            )
        )
        media: dict[str, Any] = {"schema": result}
        if draw(st.booleans()):
            media["example"] = draw(json_values)
        paths[key] = {
            draw(st.sampled_from(["get", "delete", "put"])): {
                "operationId": operation_id,
                "summary": slot(f"summary_{index}"),
                "description": slot(f"operation_doc_{index}"),
                "tags": ["things"],
                "parameters": parameters,
                "responses": {"200": {"description": slot(f"response_doc_{index}"),
                                      "content": {"application/json": media}}},
            }
        }  # fmt: skip
    return paths
