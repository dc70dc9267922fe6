"""Draft definitions -> importable model modules.

Each named schema has a module of its own. Where modules would import each other in a circle, they
are merged into one (a recursive structure is one concept). Inside a module, type aliases come after
the names they use, since Python evaluates them at import; classes whose annotations mention names
defined later are rebuilt at the end of the module.
"""

from __future__ import annotations

from ...text import SpecText
from .context import DraftDefinition, UNKNOWN_VALUE_TYPES
from .view import ModelClass, ModelModule, TypeAliasDef


def assemble_modules(
    drafts: list[DraftDefinition], package: str
) -> tuple[ModelModule, ...]:
    """Group drafts into modules, in the order their first definitions were created."""
    module_of = {d.name: d.module for d in drafts}
    merged = _merge_cycles(drafts, module_of)
    members: dict[str, list[DraftDefinition]] = {}
    for draft in sorted(drafts, key=lambda d: d.order):
        members.setdefault(merged[draft.module], []).append(draft)
    home = {d.name: merged[d.module] for d in drafts}
    return tuple(_module(name, group, home, package) for name, group in members.items())


def _merge_cycles(
    drafts: list[DraftDefinition], module_of: dict[str, str]
) -> dict[str, str]:
    """Map each module to the module it is merged into (itself unless it is in an import cycle)."""
    first_order: dict[str, int] = {}
    edges: dict[str, set[str]] = {}
    for draft in sorted(drafts, key=lambda d: d.order):
        first_order.setdefault(draft.module, draft.order)
        targets = edges.setdefault(draft.module, set())
        targets.update(
            module_of[dep] for dep in draft.deps if module_of[dep] != draft.module
        )
    merged: dict[str, str] = {}
    for component in _strongly_connected(
        sorted(edges, key=first_order.__getitem__), edges
    ):
        target = min(component, key=first_order.__getitem__)
        merged.update({module: target for module in component})
    return merged


def _strongly_connected(
    nodes: list[str], edges: dict[str, set[str]]
) -> list[list[str]]:
    """Tarjan's algorithm, iterative, visiting nodes and edges in a deterministic order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for start in nodes:
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    return components


def _module(
    name: str, group: list[DraftDefinition], home: dict[str, str], package: str
) -> ModelModule:
    recursive = _recursive_aliases(group)
    ordered = _execution_order(group, recursive)
    position = {d.name: i for i, d in enumerate(ordered)}
    rebuilds = tuple(
        d.name
        for d in ordered
        if d.is_class
        and any(position.get(dep, -1) > position[d.name] for dep in d.deps)
    )
    definitions = tuple(
        (
            ModelClass(d.name, SpecText(d.doc), tuple(d.fields))
            if d.is_class
            else TypeAliasDef(
                d.name,
                SpecText(d.doc),
                d.annotation,
                "recursive_alias" if d.name in recursive else "type_alias",
            )
        )
        for d in ordered
    )
    main = ordered[0] if len(group) == 1 else min(group, key=lambda d: d.order)
    kind = "model" if main.is_class else "type"
    extra = " and the types it is built from" if len(group) > 1 else ""
    doc = f"The `{main.name}` {kind}{extra}."
    return ModelModule(
        module=name,
        doc=SpecText(doc),
        imports=_imports(group, home, name, package, recursive),
        definitions=definitions,
        rebuilds=rebuilds,
        exports=tuple(sorted(d.name for d in group)),
    )


def _recursive_aliases(group: list[DraftDefinition]) -> set[str]:
    """Aliases that refer to themselves through aliases: Python evaluates an alias when the module
    runs, so these become `TypeAliasType`s whose value is read later, by name."""
    aliases = {d.name: d for d in group if not d.is_class}
    edges = {
        name: {dep for dep in d.deps if dep in aliases} for name, d in aliases.items()
    }
    found: set[str] = set()
    for component in _strongly_connected(sorted(aliases), edges):
        if len(component) > 1 or component[0] in edges[component[0]]:
            found.update(component)
    return found


def _execution_order(
    group: list[DraftDefinition], recursive: set[str]
) -> list[DraftDefinition]:
    """An order Python can execute, as close as possible to a readable one.

    Readable: each definition after the same-module names it uses (depth first, in creation
    order). Executable: a plain alias after everything it names. Classes read their annotations
    later, and recursive aliases name their value in a string, so neither has to wait.
    """
    by_name = {d.name: d for d in group}
    preferred: list[DraftDefinition] = []
    state: set[str] = set()
    for root in group:
        if root.name in state:
            continue
        state.add(root.name)
        work = [(root, iter(sorted(dep for dep in root.deps if dep in by_name)))]
        while work:
            draft, deps = work[-1]
            dep = next(deps, None)
            if dep is None:
                work.pop()
                preferred.append(draft)
            elif dep not in state:
                state.add(dep)
                child = by_name[dep]
                work.append(
                    (child, iter(sorted(d for d in child.deps if d in by_name)))
                )
    ordered: list[DraftDefinition] = []
    done: set[str] = set()
    while preferred:
        ready = next(
            d
            for d in preferred
            if d.is_class
            or d.name in recursive
            or all(dep in done or dep not in by_name or dep == d.name for dep in d.deps)
        )
        preferred.remove(ready)
        done.add(ready.name)
        ordered.append(ready)
    return ordered


def _imports(
    group: list[DraftDefinition],
    home: dict[str, str],
    module: str,
    package: str,
    recursive: set[str],
) -> tuple[str, ...]:
    uses: set[str] = set()
    external: dict[str, set[str]] = {}
    for draft in group:
        uses |= draft.uses
        for dep in draft.deps:
            if home[dep] != module:
                external.setdefault(home[dep], set()).add(dep)
    typing_names = sorted(
        uses & {"Annotated", "Any", "Literal"}
        | (
            {"TypeAlias"}
            if any(not d.is_class and d.name not in recursive for d in group)
            else set()
        )
    )
    standard = [f"from typing import {', '.join(typing_names)}"] if typing_names else []
    third_party = ["from pydantic import Field"] if "Field" in uses else []
    # typing.TypeAliasType is 3.12+; pydantic itself depends on typing_extensions.
    third_party += ["from typing_extensions import TypeAliasType"] if recursive else []
    runtime = sorted(
        ({"BaseModel"} if any(d.is_class for d in group) else set())
        | (uses & UNKNOWN_VALUE_TYPES)
    )
    own = [f"from {package}._runtime import {', '.join(runtime)}"] if runtime else []
    own += [
        f"from {package}.models.{other} import {', '.join(sorted(external[other]))}"
        for other in sorted(external)
    ]
    return import_block(standard, third_party, own)


def import_block(*groups: list[str]) -> tuple[str, ...]:
    """Import lines in groups (standard library, third party, this package), a blank line between."""
    lines: list[str] = []
    for group in groups:
        if group:
            lines.extend([""] if lines else [])
            lines.extend(group)
    return tuple(lines)
