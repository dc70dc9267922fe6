"""The wire form of parameter values, computed by the SDK runtime's own `_params` module.

Generated tests assert the exact URL of a sample call; predicting it with the code the SDK runs
(templates/python/package/_runtime/_params.py, which imports only the standard library) keeps the
two from ever disagreeing about a style.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from .view import Parameter


@cache
def _runtime_params() -> ModuleType:
    from . import (
        PYTHON,
    )  # the built-in template set (the checkout's, or the installed one)

    path = Path(PYTHON.templates()) / "package" / "_runtime" / "_params.py"
    spec = importlib.util.spec_from_file_location("sdkgen_runtime_params", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _value(param: Parameter, value: Any) -> Any:
    if param.media_type is None:
        return value
    return _runtime_params().content_text(value, param.media_type.raw)


def path_text(param: Parameter, value: Any) -> str:
    """A path parameter's value as the runtime writes it into the path."""
    text: str = _runtime_params().path_text(
        param.style, param.explode, param.wire_name.raw, _value(param, value)
    )
    return text


def query_pieces(param: Parameter, value: Any) -> list[str]:
    """A query parameter's `name=value` pieces as the runtime writes them."""
    pieces: list[str] = _runtime_params().query_pieces(
        param.style,
        param.explode,
        param.wire_name.raw,
        _value(param, value),
        param.allow_reserved,
    )
    return pieces


def header_text(param: Parameter, value: Any) -> str:
    """A header parameter's value as the runtime sends it."""
    text: str = _runtime_params().header_text(param.explode, _value(param, value))
    return text
