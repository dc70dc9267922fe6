"""Where operations live: every operation of the document, its resource group and method name.

The static path segments before the last path parameter (after any `/api` and version prefix) name
the resource, and the operationId, minus the resource's own name, names the method:
`POST /api/v1/llm/responses/{response_id}/cancel` + `cancelResponse` -> `sdk.llm.responses.cancel`.
The extensions `x-sdkgen-group` (dotted) and `x-sdkgen-name` override either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic, join_pointer
from ..load import SourceFile, SpecSource
from ..naming import joined, python_name, words
from ..reserved import METHOD_RESERVED

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Resources nest at most this deep (each level is a folder in the package); deeper paths share
# the last level: /a/b/c/d/e/f/g/h -> sdk.a.b.c.d.e.f_g_h.
MAX_GROUP_DEPTH = 6
_VERSION_SEGMENT = re.compile(r"^(v\d+([._]\d+)*|\d{4}-\d{2}-\d{2}|\d+(\.\d+)*)$")
_DEFAULT_VERBS = {
    "get": "get",
    "put": "update",
    "patch": "update",
    "post": "create",
    "delete": "delete",
}


@dataclass(frozen=True, slots=True)
class RawOperation:
    """An operation as found in the spec, before naming."""

    path: str
    method: str
    node: dict[str, Any]
    pointer: str
    path_parameters: tuple[Any, ...]
    group: tuple[str, ...]


def collect_operations(
    spec: SpecSource, diagnostics: list[Diagnostic]
) -> list[RawOperation]:
    """Every operation in the root document, in document order, with its resource group."""
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
            op_pointer = join_pointer(pointer, method)
            group = _group_for(path, node, spec.root, op_pointer, diagnostics)
            found.append(
                RawOperation(
                    path,
                    method,
                    node,
                    op_pointer,
                    tuple(item.get("parameters") or ()),
                    group,
                )
            )
    return found


def _group_for(
    path: str,
    node: dict[str, Any],
    file: SourceFile,
    pointer: str,
    diagnostics: list[Diagnostic],
) -> tuple[str, ...]:
    explicit = node.get("x-sdkgen-group")
    if isinstance(explicit, str) and explicit.strip("."):
        return _bounded_group([python_name(p) for p in explicit.split(".") if p])
    segments = [s for s in path.split("/") if s]
    while segments and (
        segments[0].lower() == "api" or _VERSION_SEGMENT.match(segments[0])
    ):
        segments.pop(0)
    params = [i for i, s in enumerate(segments) if s.startswith("{")]
    static = [
        s
        for s in (segments[: params[-1]] if params else segments)
        if not s.startswith("{")
    ]
    if not static:
        tags = node.get("tags") or []
        if tags and isinstance(tags[0], str):
            return (python_name(tags[0]),)
        diagnostics.append(
            file.diagnostic(
                pointer, "no resource group could be derived; using `api`", "warning"
            )
        )
        return ("api",)
    return _bounded_group([python_name(s) for s in static])


def _bounded_group(names: list[str]) -> tuple[str, ...]:
    if len(names) <= MAX_GROUP_DEPTH:
        return tuple(names)
    return (*names[: MAX_GROUP_DEPTH - 1], joined(*names[MAX_GROUP_DEPTH - 1 :]))


def method_name(raw: RawOperation) -> str:
    """`cancelResponse` on group llm.responses -> `cancel`; falls back to the HTTP verb."""
    explicit = raw.node.get("x-sdkgen-name")
    if isinstance(explicit, str) and explicit:
        return python_name(explicit, METHOD_RESERVED)
    operation_words = words(str(raw.node.get("operationId") or ""))
    resource_words = words(raw.group[-1]) if raw.group else []
    for candidate in (resource_words, _singular(resource_words)):
        size = len(candidate)
        for start in range(len(operation_words) - size + 1):
            if (
                size
                and operation_words[start : start + size] == candidate
                and len(operation_words) > size
            ):
                operation_words = (
                    operation_words[:start] + operation_words[start + size :]
                )
                break
        else:
            continue
        break
    if operation_words:
        return python_name("_".join(operation_words), METHOD_RESERVED)
    ends_with_parameter = raw.path.rstrip("/").endswith("}")
    if raw.method == "get" and not ends_with_parameter:
        return "list"
    return _DEFAULT_VERBS.get(raw.method, raw.method)


def _singular(resource_words: list[str]) -> list[str]:
    if not resource_words:
        return []
    last = resource_words[-1]
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return resource_words[:-1] + [last]
