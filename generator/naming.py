"""Naming: every identifier the generated code uses is made here, once, from spec text.

Spec names can be anything (`X-On-Behalf-Of`, `2fa`, `class`, `schema`, `ümlaut`, ten thousand
characters); generated names are valid, readable Python of bounded length that never shadows what
generated modules import or what pydantic reserves (the scopes are listed in `reserved`).
"""

from __future__ import annotations

import hashlib
import keyword
import re

from .ir.words import words
from .reserved import CLASS_RESERVED, PACKAGE_RESERVED

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

# Longer names are cut and given a digest of the whole, so they stay distinct: a module's file name
# must fit in 255 bytes with room for its folder, and nobody types a longer identifier.
MAX_NAME_LENGTH = 64
_DIGEST_LENGTH = 8

# Builtins that generated annotations use: a model field must not shadow them (`str: str` breaks
# the class), and a resource method that does (`def list`) makes its module spell them `builtins.list`.
ANNOTATION_BUILTINS = frozenset(
    {"bool", "bytes", "dict", "float", "int", "list", "str"}
)


def snake(text: str) -> str:
    """snake_case identifier (may still be a keyword; see `python_name`)."""
    name = "_".join(words(text))
    if not name:
        return "value"
    return _bounded(f"n{name}" if name[0].isdigit() else name, text, "_")


def pascal(text: str) -> str:
    """PascalCase identifier; a name that already is PascalCase is kept as written (`MCPTool`)."""
    if text.isidentifier() and text.isascii() and text[:1].isupper():
        return _bounded(text, text, "")
    name = "".join(word[:1].upper() + word[1:] for word in words(text))
    if not name:
        return "Model"
    return _bounded(f"N{name}" if name[0].isdigit() else name, text, "")


def joined(*identifiers: str) -> str:
    """Identifiers joined with `_` (`test`, `pets`, `get` -> `test_pets_get`), length bounded."""
    name = "_".join(identifiers)
    return _bounded(name, name, "_")


def _bounded(name: str, source: str, separator: str) -> str:
    """`name`, or its start plus a digest of the text it was made from when it is too long."""
    if len(name) <= MAX_NAME_LENGTH:
        return name
    digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
    keep = MAX_NAME_LENGTH - _DIGEST_LENGTH - len(separator)
    return f"{name[:keep].rstrip('_')}{separator}{digest[:_DIGEST_LENGTH]}"


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


def class_name(text: str, reserved: frozenset[str] = CLASS_RESERVED) -> str:
    """A PascalCase class name that is neither reserved nor a keyword (`Schema` is appended)."""
    name = pascal(text)
    return f"{name}Schema" if name in reserved or keyword.iskeyword(name) else name


def package_name(title: str) -> str:
    """The import name for an API's title: `MKA1 API` -> `mka1`, `Swagger Petstore` -> `swagger_petstore`.

    Never the name of a standard library module or of a dependency (`JSON API` -> `json_sdk`).
    """
    title_words = words(title)
    while len(title_words) > 1 and (
        title_words[-1] in _TITLE_NOISE or title_words[-1].isdigit()
    ):
        title_words.pop()
    name = _bounded("_".join(title_words) or "sdk", title, "_")
    name = f"api_{name}" if name[0].isdigit() else name
    if name in PACKAGE_RESERVED:
        return name + "_sdk"
    return name + "_" if keyword.iskeyword(name) else name


_PACKAGE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def package_problem(name: str) -> str | None:
    """Why `name` cannot be the generated package's import name, or None if it can."""
    if not _PACKAGE_NAME.fullmatch(name) or keyword.iskeyword(name):
        return "must be an ASCII Python identifier that is not a keyword, e.g. my_api"
    if name in PACKAGE_RESERVED:
        return f"would shadow the module {name!r} (standard library or a dependency) for everyone who installs it"
    if len(name) > MAX_NAME_LENGTH:
        return f"must be at most {MAX_NAME_LENGTH} characters"
    return None


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

    def taken(self) -> frozenset[str]:
        """Every name handed out or reserved so far."""
        return frozenset(self._taken)

    def __contains__(self, name: object) -> bool:
        return name in self._taken
