"""Naming: every identifier the generated code uses is made here, once, from spec text.

Spec names can be anything (`X-On-Behalf-Of`, `2fa`, `class`, `schema`, `ümlaut`); generated names are
valid, readable Python that never shadows what generated modules import or what pydantic reserves.
"""

from __future__ import annotations

import keyword
import re
import unicodedata

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+[a-z]*")
_TITLE_NOISE = frozenset(
    {"api", "apis", "rest", "http", "openapi", "open", "swagger", "spec"}
)

# Attributes of pydantic.BaseModel (and its deprecated v1 API) that a field must not shadow.
# Fixed here, not read from the installed pydantic, so output is the same on every machine.
MODEL_RESERVED = frozenset(
    {
        "construct", "copy", "dict", "fields", "from_orm", "json", "model_computed_fields",
        "model_config", "model_construct", "model_copy", "model_dump", "model_dump_json",
        "model_extra", "model_fields", "model_fields_set", "model_json_schema",
        "model_parametrized_name", "model_post_init", "model_rebuild", "model_validate",
        "model_validate_json", "model_validate_strings", "parse_file", "parse_obj", "parse_raw",
        "schema", "schema_json", "update_forward_refs", "validate",
    }
)  # fmt: skip

# Names generated model modules import; a schema must not take one of them as its class name.
MODULE_RESERVED = frozenset(
    {"Annotated", "Any", "BaseModel", "Field", "Literal", "TypeAlias"}
)

# Builtins that generated annotations use: a model field must not shadow them (`str: str` breaks
# the class), and a resource method that does (`def list`) makes its module spell them `builtins.list`.
ANNOTATION_BUILTINS = frozenset(
    {"bool", "bytes", "dict", "float", "int", "list", "str"}
)


def words(text: str) -> list[str]:
    """Split any spelling into lower-case words: `cancelResponse`, `X-On-Behalf-Of`, `HTTPServer`."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    return [word.lower() for word in _WORD.findall(ascii_text)]


def snake(text: str) -> str:
    """snake_case identifier (may still be a keyword; see `python_name`)."""
    name = "_".join(words(text))
    if not name:
        return "value"
    return f"n{name}" if name[0].isdigit() else name


def pascal(text: str) -> str:
    """PascalCase identifier; a name that already is PascalCase is kept as written (`MCPTool`)."""
    if text.isidentifier() and text.isascii() and text[:1].isupper():
        return text
    name = "".join(word[:1].upper() + word[1:] for word in words(text))
    if not name:
        return "Model"
    return f"N{name}" if name[0].isdigit() else name


def constant(text: str) -> str:
    """UPPER_SNAKE_CASE, for module-level constants and environment variables."""
    return snake(text).upper()


def python_name(text: str, reserved: frozenset[str] = frozenset()) -> str:
    """A snake_case identifier that is not a keyword and not in `reserved` (a `_` is appended)."""
    name = snake(text)
    # Hard keywords only: soft keywords (`type`, `match`) are valid names, and which words are soft
    # keywords depends on the Python version, which must not change the output.
    while keyword.iskeyword(name) or name in reserved:
        name += "_"
    return name


def class_name(text: str, reserved: frozenset[str] = MODULE_RESERVED) -> str:
    """A PascalCase class name that is neither reserved nor a keyword (`Schema` is appended)."""
    name = pascal(text)
    return f"{name}Schema" if name in reserved or keyword.iskeyword(name) else name


def package_name(title: str) -> str:
    """The import name for an API's title: `MKA1 API` -> `mka1`, `Swagger Petstore` -> `swagger_petstore`."""
    title_words = words(title)
    while len(title_words) > 1 and (
        title_words[-1] in _TITLE_NOISE or title_words[-1].isdigit()
    ):
        title_words.pop()
    name = "_".join(title_words) or "sdk"
    name = f"api_{name}" if name[0].isdigit() else name
    return name + "_" if keyword.iskeyword(name) else name


class NameRegistry:
    """Hands out names unique within one namespace, suffixing 2, 3, ... on collision."""

    def __init__(self, taken: frozenset[str] = frozenset()) -> None:
        self._taken = set(taken)

    def claim(self, name: str) -> str:
        """Reserve and return `name`, or the first free `name2`, `name3`, ..."""
        candidate, counter = name, 2
        while candidate in self._taken:
            candidate, counter = f"{name}{counter}", counter + 1
        self._taken.add(candidate)
        return candidate

    def __contains__(self, name: object) -> bool:
        return name in self._taken
