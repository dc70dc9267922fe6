"""The base class of every generated model."""

from __future__ import annotations

import ast
import inspect
import sys
from types import ModuleType
from typing import Any

import pydantic


class BaseModel(pydantic.BaseModel):
    """A pydantic model that reads API responses leniently and writes them back faithfully.

    - Fields the API adds after this SDK was generated are kept (`extra="allow"`), not rejected.
    - A field the spec marks required-but-nullable defaults to None, so a response that leaves it
      out still parses (the generated field says so in its docstring).
    - Python names that differ from the wire (`schema_` for `schema`) read and write the wire name.
    - `model_dump(exclude_unset=True)` returns exactly the keys the server sent.
    - The docstring under each field is its `description` (as pydantic's
      `use_attribute_docstrings`, read once per module instead of once per class).
    - Validators are built on first use (`defer_build`), so importing a model module is cheap:
      a class that is never validated never costs its schema.
    """

    model_config = pydantic.ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        protected_namespaces=(),
        defer_build=True,
    )

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        # The validator is not built yet (defer_build), so it will see these descriptions.
        docs = _field_docstrings(cls)
        for name, field in cls.__pydantic_fields__.items():
            if field.description is None and name in docs:
                field.description = docs[name]


DEFER_BUILD = pydantic.ConfigDict(defer_build=True)
"""The config of the generated `TypeAdapter`s of non-model types: their validators too are built on
first use, so importing a resource module builds none."""


_MODULE_DOCSTRINGS: dict[str, dict[str, dict[str, str]]] = {}
"""Per module: the field docstrings of its top-level classes not yet created, by class name."""


def _field_docstrings(cls: type) -> dict[str, str]:
    """The docstring under each annotated field in `cls`'s body, by field name.

    The module's source is parsed once, for all its top-level classes; each class's entry is
    dropped once taken.
    """
    by_class = _MODULE_DOCSTRINGS.get(cls.__module__)
    if by_class is None:
        by_class = _MODULE_DOCSTRINGS[cls.__module__] = _module_docstrings(
            cls.__module__
        )
    return by_class.pop(cls.__qualname__, {})


def _module_docstrings(module_name: str) -> dict[str, dict[str, str]]:
    try:
        tree = ast.parse(_source(sys.modules[module_name]))
    except (ImportError, OSError, KeyError, SyntaxError, ValueError):
        return {}  # no source to read (e.g. shipped as .pyc only): no descriptions
    return {
        node.name: _class_docstrings(node)
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }


def _source(module: ModuleType) -> str:
    """The module's source, from its loader (files, zip imports), else from its `.py` file."""
    get_source = getattr(module.__spec__ and module.__spec__.loader, "get_source", None)
    source = get_source(module.__name__) if get_source is not None else None
    if source is None:
        with open(module.__file__ or "", encoding="utf-8") as file:
            source = file.read()
    return str(source)


def _class_docstrings(node: ast.ClassDef) -> dict[str, str]:
    docs = {}
    for statement, following in zip(node.body, node.body[1:]):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.target.id] = inspect.cleandoc(following.value.value)
    return docs
