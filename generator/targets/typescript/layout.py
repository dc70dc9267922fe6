"""TypeScript laid out as prettier prints it (80 columns, two spaces, trailing commas), so the
generated code passes `prettier --check` without node at generation time.

A tiny document model: `Raw` text that never breaks, `Arr` and `Call` that print on one line when
they fit and break one item per line when not (a call's only array or object argument is hugged),
and `Obj`, always broken (prettier keeps an object broken when its source was).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Union

WIDTH = 80


@dataclass(frozen=True, slots=True)
class Raw:
    text: str


@dataclass(frozen=True, slots=True)
class Arr:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Obj:
    entries: tuple[tuple[str, Node], ...]


@dataclass(frozen=True, slots=True)
class Call:
    callee: str
    args: tuple[Node, ...]


Node = Union[Raw, Arr, Obj, Call]


def _forced(node: Arr) -> bool:
    """Prettier breaks an array of two or more arrays (or objects) of two or more items each."""
    items = node.items
    return len(items) > 1 and all(
        (isinstance(i, Arr) and len(i.items) > 1) or isinstance(i, Obj) for i in items
    )


def flat(node: Node) -> str | None:
    """The node on one line, or None when it must break."""
    if isinstance(node, Raw):
        return node.text
    if isinstance(node, Obj):
        return None
    if isinstance(node, Arr):
        if _forced(node):
            return None
        parts = [flat(i) for i in node.items]
        return None if None in parts else "[" + ", ".join(parts) + "]"  # type: ignore[arg-type]
    parts = [flat(a) for a in node.args]
    if None in parts:
        return None
    return node.callee + "(" + ", ".join(parts) + ")"  # type: ignore[arg-type]


def layout(node: Node, indent: int, column: int, trail: int) -> str:
    """`node` starting at `column` on a line indented by `indent`, followed by `trail` characters."""
    one = flat(node)
    if one is not None and column + len(one) + trail <= WIDTH:
        return one
    pad, inner = " " * indent, " " * (indent + 2)
    if isinstance(node, Raw):
        return node.text
    if isinstance(node, Arr):
        if not node.items:
            return "[]"
        lines = [inner + layout(i, indent + 2, indent + 2, 1) + "," for i in node.items]
        return "[\n" + "\n".join(lines) + "\n" + pad + "]"
    if isinstance(node, Obj):
        if not node.entries:
            return "{}"
        lines = []
        for key, value in node.entries:
            start = f"{inner}{key}: "
            lines.append(start + layout(value, indent + 2, len(start), 1) + ",")
        return "{\n" + "\n".join(lines) + "\n" + pad + "}"
    start = column + len(node.callee) + 1
    if _hugs(node) and start + 1 <= WIDTH:
        # the only argument, an array or object, opens on the call's line
        return node.callee + "(" + layout(node.args[0], indent, start, trail + 1) + ")"
    lines = [inner + layout(a, indent + 2, indent + 2, 1) + "," for a in node.args]
    return node.callee + "(\n" + "\n".join(lines) + "\n" + pad + ")"


def statement(head: str, node: Node, indent: int = 0) -> str:
    """`head` (e.g. `export const X: T = `) then `node` and a semicolon, on a line indented by
    `indent` spaces."""
    pad = " " * indent
    one = flat(node)
    if one is not None and indent + len(head) + len(one) + 1 <= WIDTH:
        return pad + head + one + ";"
    if head.endswith("= ") and indent + len(head) + len(_opening(node)) > WIDTH:
        # prettier breaks after `=` when the value's first line cannot start on this one
        inner = indent + 2
        value = layout(node, inner, inner, 1)
        return pad + head.rstrip() + "\n" + " " * inner + value + ";"
    return pad + head + layout(node, indent, indent + len(head), 1) + ";"


def _opening(node: Node) -> str:
    """What the node prints before its first possible line break."""
    if isinstance(node, Raw):
        return node.text
    if isinstance(node, Arr):
        return "["
    if isinstance(node, Obj):
        return "{"
    return node.callee + "("


def _hugs(node: Call) -> bool:
    return len(node.args) == 1 and isinstance(node.args[0], (Arr, Obj))


def union_alias(head: str, variants: Sequence[str]) -> str:
    """`export type X = A | B;`, or one variant a line with a leading `|` when it does not fit."""
    one = f"{head} = {' | '.join(variants)};"
    if len(one) <= WIDTH and "\n" not in one:
        return one
    joined = " | ".join(variants)
    if len(variants) == 1 or len(joined) + 3 <= WIDTH:
        return f"{head} =\n  {joined};"
    return f"{head} =\n" + "\n".join(f"  | {v}" for v in variants) + ";"


def member(name: str, optional: bool, type_text: str, indent: int = 2) -> str:
    """An interface member line (a union too long for the line is broken like an alias)."""
    head = f"{' ' * indent}{name}{'?' if optional else ''}:"
    one = f"{head} {type_text};"
    if len(one) <= WIDTH:
        return one
    variants = split_union(type_text)
    if len(variants) < 2:
        return one
    pad = " " * (indent + 2)
    return head + "\n" + "\n".join(f"{pad}| {v}" for v in variants) + ";"


def split_union(type_text: str) -> list[str]:
    """The top-level variants of a union type's text."""
    parts, depth, start, quote = [], 0, 0, ""
    index = 0
    while index < len(type_text):
        ch = type_text[index]
        if quote:
            if ch == "\\":
                index += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "(<[{":
            depth += 1
        elif ch in ")>]}":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(type_text[start:index].strip())
            start = index + 1
        index += 1
    parts.append(type_text[start:].strip())
    return parts


def call_line(indent: int, head: str, callee: str, args: Sequence[str]) -> str:
    """`head callee(a, b, c);` on one line, or the arguments one a line."""
    pad = " " * indent
    one = f"{pad}{head}{callee}({', '.join(args)});"
    if len(one) <= WIDTH:
        return one
    inner = " " * (indent + 2)
    body = "\n".join(f"{inner}{a}," for a in args)
    return f"{pad}{head}{callee}(\n{body}\n{pad});"
