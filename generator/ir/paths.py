"""Where operations live: every operation of the document, its resource group and method name.

`call_names` decides, in words, which resource an operation belongs to and what its method is
called (`POST /api/v1/llm/responses/{response_id}/cancel` + `cancelResponse` ->
`llm.responses` + `cancel`); this module spells them as Python names and makes each method name
unique in its resource: the first candidate not yet taken, in document order, else the first
candidate numbered. The extensions `x-sdkgen-group` (dotted) and `x-sdkgen-name` override either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic, join_pointer
from ..load import SourceFile, SpecSource
from ..naming import NameRegistry, joined, python_name
from ..reserved import METHOD_RESERVED
from .call_names import CallName, call_name

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Resources nest at most this deep (each level is a folder in the package); deeper paths share
# the last level: /a/b/c/d/e/f/g/h -> sdk.a.b.c.d.e.f_g_h.
MAX_GROUP_DEPTH = 6


@dataclass(frozen=True, slots=True)
class RawOperation:
    """An operation as found in the spec, with its resource group and method name."""

    path: str
    method: str
    node: dict[str, Any]
    pointer: str
    path_parameters: tuple[Any, ...]
    group: tuple[str, ...]
    name: str = ""


def collect_operations(
    spec: SpecSource, diagnostics: list[Diagnostic]
) -> list[RawOperation]:
    """Every operation in the root document, in document order, with its resource group and a
    method name no earlier operation of that group has."""
    found = []
    registries: dict[tuple[str, ...], NameRegistry] = {}
    for key, item in (spec.root.data.get("paths") or {}).items():
        pointer = join_pointer("/paths", key)
        # Some specs tell operations on one path apart with a fragment (`/files/{id}#share`);
        # a fragment is never sent, so the request path stops before it.
        path = key.split("#", 1)[0]
        item = spec.follow(item, spec.root).value
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            node = item.get(method)
            if not isinstance(node, dict):
                continue
            op_pointer = join_pointer(pointer, method)
            named = _call_name(path, method, node)
            group = _group_for(named, node, spec.root, op_pointer, diagnostics)
            names = registries.setdefault(group, NameRegistry(METHOD_RESERVED))
            found.append(
                RawOperation(
                    path,
                    method,
                    node,
                    op_pointer,
                    tuple(item.get("parameters") or ()),
                    group,
                    _claim(names, _candidates(named, node)),
                )
            )
    return found


def _call_name(path: str, method: str, node: dict[str, Any]) -> CallName:
    explicit = node.get("x-sdkgen-group")
    override = (
        tuple(p for p in explicit.split(".") if p)
        if isinstance(explicit, str) and explicit.strip(".")
        else None
    )
    tags = tuple(t for t in node.get("tags") or () if isinstance(t, str) and t)
    operation_id = node.get("operationId")
    return call_name(
        path,
        method,
        operation_id if isinstance(operation_id, str) else "",
        tags[:1],
        override,
    )


def _group_for(
    named: CallName,
    node: dict[str, Any],
    file: SourceFile,
    pointer: str,
    diagnostics: list[Diagnostic],
) -> tuple[str, ...]:
    if named.resource:
        return _bounded_group([python_name(level) for level in named.resource])
    diagnostics.append(
        file.diagnostic(
            pointer, "no resource group could be derived; using `api`", "warning"
        )
    )
    return ("api",)


def _bounded_group(names: list[str]) -> tuple[str, ...]:
    if len(names) <= MAX_GROUP_DEPTH:
        return tuple(names)
    return (*names[: MAX_GROUP_DEPTH - 1], joined(*names[MAX_GROUP_DEPTH - 1 :]))


def _candidates(named: CallName, node: dict[str, Any]) -> list[str]:
    """The method's Python names, best first; `x-sdkgen-name` is the only one when present."""
    explicit = node.get("x-sdkgen-name")
    if isinstance(explicit, str) and explicit:
        return [python_name(explicit, METHOD_RESERVED)]
    names = [python_name("_".join(words), METHOD_RESERVED) for words in named.methods]
    return list(dict.fromkeys(names))


def _claim(names: NameRegistry, candidates: list[str]) -> str:
    """The first candidate still free, else the first one numbered (`list2`)."""
    free = next((c for c in candidates if c not in names), None)
    return names.claim(free if free is not None else candidates[0])


def method_name(raw: RawOperation) -> str:
    """The method name chosen for `raw` in `collect_operations`."""
    return raw.name
