"""Every operation of the document, in document order, with the words that place it in an SDK.

`call_names` decides, in words, which resource an operation belongs to and what its method is
called (`POST /api/v1/llm/responses/{response_id}/cancel` + `cancelResponse` ->
`llm.responses` + `cancel`); each target spells them in its language and makes them unique
(`generator/targets/python/placement.py`). The extensions `x-sdkgen-group` (dotted) and
`x-sdkgen-name` override either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..diagnostics import join_pointer
from ..load import SpecSource
from .call_names import CallName, call_name

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True, slots=True)
class RawOperation:
    """An operation as found in the spec, with the words that name it."""

    path: str
    method: str
    node: dict[str, Any]
    pointer: str
    path_parameters: tuple[Any, ...]
    call_name: CallName
    explicit_name: str | None  # x-sdkgen-name


def collect_operations(spec: SpecSource) -> list[RawOperation]:
    """Every operation in the root document, in document order."""
    found = []
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
            explicit = node.get("x-sdkgen-name")
            found.append(
                RawOperation(
                    path,
                    method,
                    node,
                    join_pointer(pointer, method),
                    tuple(item.get("parameters") or ()),
                    _call_name(path, method, node),
                    explicit if isinstance(explicit, str) and explicit else None,
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
