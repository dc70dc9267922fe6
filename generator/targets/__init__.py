"""Targets: each turns the language-neutral IR into one kind of output.

A target is its templates (templates/<name>/), its lowering of the IR to the view its templates
read (naming policy, type lowering), its filters, its formatter and, for an SDK, its runtime (a
template folder's real source files, copied). `TARGETS` names each; a target's module is imported
only when it is looked up, so running one target never loads another (tests/test_typescript_target.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module

from .base import Target


class _Registry(Mapping[str, Target]):
    """The targets by name, each module imported on first use."""

    def __init__(self, modules: dict[str, tuple[str, str]]) -> None:
        self._modules = modules  # name -> (module, attribute)
        self._loaded: dict[str, Target] = {}

    def __getitem__(self, name: str) -> Target:
        if name not in self._loaded:
            module, attribute = self._modules[name]
            self._loaded[name] = getattr(import_module(module, __name__), attribute)
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


TARGETS: Mapping[str, Target] = _Registry(
    {
        "python": (".python", "PYTHON"),
        "typescript": (".typescript", "TYPESCRIPT"),
        "docs": (".docs", "DOCS"),
    }
)

__all__ = ["TARGETS", "Target"]
