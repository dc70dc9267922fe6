"""Where each operation lives in the Python SDK: its resource attribute path and method name.

The words come from `ir/call_names.py`; here they are spelled as Python names, resources are
bounded in depth, and each method name is made unique in its resource: the first candidate not
yet taken, in document order, else the first candidate numbered (`list2`).
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from ...ir.api import PlacedOperation
from ...naming import NameRegistry, joined, python_name
from ...reserved import METHOD_RESERVED

# Resources nest at most this deep (each level is a folder in the package); deeper paths share
# the last level: /a/b/c/d/e/f/g/h -> sdk.a.b.c.d.e.f_g_h.
MAX_GROUP_DEPTH = 6


class Placement:
    """Places operations one by one, remembering the method names each resource has given out."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self._diagnostics = diagnostics
        self._registries: dict[tuple[str, ...], NameRegistry] = {}

    def place(self, placed: PlacedOperation) -> tuple[tuple[str, ...], str]:
        """The operation's resource group (Python names) and its method name."""
        group = self._group_for(placed)
        names = self._registries.setdefault(group, NameRegistry(METHOD_RESERVED))
        return group, _claim(names, _candidates(placed))

    def _group_for(self, placed: PlacedOperation) -> tuple[str, ...]:
        if placed.call_name.resource:
            levels = [python_name(level) for level in placed.call_name.resource]
            return _bounded_group(levels)
        message = "no resource group could be derived; using `api`"
        self._diagnostics.append(placed.operation.where.diagnostic(message))
        return ("api",)


def _bounded_group(names: list[str]) -> tuple[str, ...]:
    if len(names) <= MAX_GROUP_DEPTH:
        return tuple(names)
    return (*names[: MAX_GROUP_DEPTH - 1], joined(*names[MAX_GROUP_DEPTH - 1 :]))


def _candidates(placed: PlacedOperation) -> list[str]:
    """The method's Python names, best first; `x-sdkgen-name` is the only one when present."""
    if placed.explicit_name is not None:
        return [python_name(placed.explicit_name, METHOD_RESERVED)]
    names = [
        python_name("_".join(words), METHOD_RESERVED)
        for words in placed.call_name.methods
    ]
    return list(dict.fromkeys(names))


def _claim(names: NameRegistry, candidates: list[str]) -> str:
    """The first candidate still free, else the first one numbered (`list2`)."""
    free = next((c for c in candidates if c not in names), None)
    return names.claim(free if free is not None else candidates[0])
