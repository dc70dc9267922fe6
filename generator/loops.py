"""Reference loops that pass through no structure: `A: {$ref: B}`, `B: {$ref: A}`; `A: {$ref: A}`;
`C: {allOf: [{$ref: C}]}`.

A schema may refer to itself inside `properties`, `items` and the like (a tree of nodes), but one
that only stands for itself, through `$ref`s and `allOf`/`anyOf`/`oneOf` members, never gets to say
what a value looks like: whoever expands it (openapi-spec-validator, our IR builder) recurses
forever. Each such loop is reported at the step that closes it, naming the chain.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, join_pointer, short_pointer

if TYPE_CHECKING:
    from .load import SourceFile, SpecSource

_COMPOSITIONS = ("allOf", "anyOf", "oneOf")
_MAX_CHAIN_SHOWN = 8

# A node of the loop graph: the file it is in, its pointer there, and its value.
_Node = tuple["SourceFile", str, Any]
_Key = tuple[str, str]


def reference_loops(
    spec: SpecSource, holders: Sequence[tuple[SourceFile, str, Any]]
) -> list[Diagnostic]:
    """A diagnostic for each loop of `$ref` and composition steps. `holders` are the objects
    holding a `$ref` (file, pointer, value): every such loop passes through one of them.
    """
    finder = _LoopFinder(spec)
    for holder in holders:
        finder.search(holder)
    return finder.found


class _LoopFinder:
    """Depth-first search over the steps; a step back onto the current path closes a loop."""

    def __init__(self, spec: SpecSource) -> None:
        self.spec = spec
        self.done: set[_Key] = set()
        self.found: list[Diagnostic] = []

    def search(self, start: _Node) -> None:
        if _key(start) in self.done:
            return
        path: list[_Node] = [start]
        labels: list[str] = [""]  # labels[i]: the kind of step that led to path[i]
        on_path = {_key(start): 0}
        steps: list[Iterator[tuple[str, _Node]]] = [self.steps(start)]
        while steps:
            step = next(steps[-1], None)
            if step is None:
                finished = path.pop()
                labels.pop()
                steps.pop()
                del on_path[_key(finished)]
                self.done.add(_key(finished))
                continue
            label, target = step
            key = _key(target)
            if key in on_path:
                first = on_path[key]
                self.found.append(
                    self.loop(path[first:], [*labels[first + 1 :], label])
                )
            elif key not in self.done:
                on_path[key] = len(path)
                path.append(target)
                labels.append(label)
                steps.append(self.steps(target))

    def steps(self, node: _Node) -> Iterator[tuple[str, _Node]]:
        """Where `node` leads without passing through structure: its `$ref`, its composition members."""
        file, pointer, value = node
        if not isinstance(value, dict):
            return
        ref = value.get("$ref")
        if isinstance(ref, str):
            try:
                target = self.spec.resolve(ref, file)
            except LookupError:  # not a checked reference (a `$ref` key inside data)
                pass
            else:
                yield "$ref", (target.file, target.pointer, target.value)
        for keyword in _COMPOSITIONS:
            members = value.get(keyword)
            if isinstance(members, list):
                for index, member in enumerate(members):
                    yield keyword, (file, join_pointer(pointer, keyword, index), member)

    def loop(self, cycle: list[_Node], labels: list[str]) -> Diagnostic:
        """The diagnostic for `cycle`, where `labels[i]` is the step from `cycle[i]` to the next
        (the last one back to `cycle[0]`). Every such loop has a `$ref` step: the loop is shown
        from the last one's target round to that `$ref`, and reported at it."""
        last_ref = max(i for i, label in enumerate(labels) if label == "$ref")
        turn = (last_ref + 1) % len(cycle)
        ordered = [*cycle[turn:], *cycle[:turn]]
        file, pointer, _ = ordered[-1]
        chain = _chain([*ordered, ordered[0]], file)
        message = (
            f"reference loop with no structure in between: {chain}; a schema may refer to "
            "itself only inside properties, items or the like"
        )
        return file.diagnostic(join_pointer(pointer, "$ref"), message)


def _key(node: _Node) -> _Key:
    return str(node[0].path), node[1]


def _chain(nodes: list[_Node], reported_in: SourceFile) -> str:
    names = [
        short_pointer(pointer) if file is reported_in else f"{file.display}#{pointer}"
        for file, pointer, _ in nodes
    ]
    if len(names) > _MAX_CHAIN_SHOWN:
        names = [*names[:4], "...", *names[-3:]]
    return " -> ".join(names)
