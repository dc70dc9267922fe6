"""Where things are in a source file: the line of a JSON pointer, and the pointer of a syntax error.

Only diagnostics need positions, so nothing here runs on the happy path: the loaders parse for speed,
and a `LineIndex` reads a file's text once, the first time a diagnostic in that file needs a line;
every later lookup is a walk down the index (a spec with a thousand problems is read once, not a
thousand times).
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from .diagnostics import join_pointer, split_pointer

_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_WHITESPACE = " \t\r\n"

# One JSON token: a string (escapes included), punctuation, or the text of a number or literal.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.DOTALL)
_JSON_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"?|[{}\[\]]', re.DOTALL)
_YAML_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_YAML_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)

# An index entry: the line a member starts on, and its own index if it is a container.
_Entry = tuple[int, Any]


def line_of(text: str, pointer: str, *, is_json: bool) -> int | None:
    """The 1-based line where the node at `pointer` starts, or None when it cannot be found."""
    return LineIndex(text, is_json=is_json).line_of(pointer)


class LineIndex:
    """The lines of one source text's nodes, read on first use and kept.

    YAML is composed once (by the C loader when available) into its node tree, and each mapping's
    keys are put in a dict the first time a pointer passes through it. JSON is tokenized once into
    a tree of `{key: (line, child)}` and `[(line, child)]`. A mapping member's line is its key's.
    """

    def __init__(self, text: str, *, is_json: bool) -> None:
        self._text = text
        self._is_json = is_json
        self._built = False
        self._root: _Entry | None = None
        self._duplicate: tuple[str, int, int] | None = None
        self._members: dict[int, dict[str, tuple[Any, Any]]] = {}

    def line_of(self, pointer: str) -> int | None:
        """The 1-based line where the node at `pointer` starts, or None when it cannot be found."""
        self._build()
        if self._root is None:
            return None
        if self._is_json:
            return _json_index_line(self._root, split_pointer(pointer))
        return self._yaml_line(self._root[1], split_pointer(pointer))

    def first_duplicate_key(self) -> tuple[str, int, int] | None:
        """JSON only: (pointer, line, column) of the first key repeated in its object, if any."""
        self._build()
        return self._duplicate

    def _build(self) -> None:
        if self._built:
            return
        self._built = True
        if self._is_json:
            self._root, self._duplicate = _index_json(self._text)
        else:
            self._root = _compose_yaml(self._text)

    def _yaml_line(self, node: Any, tokens: list[str]) -> int | None:
        mark = node.start_mark
        for token in tokens:
            if isinstance(node, yaml.MappingNode):
                pair = self._mapping_members(node).get(token)
                if pair is None:
                    return None
                mark, node = pair[0].start_mark, pair[1]
            elif isinstance(node, yaml.SequenceNode) and token.isdigit():
                index = int(token)
                if index >= len(node.value):
                    return None
                node = node.value[index]
                mark = node.start_mark
            else:
                return None
        return int(mark.line) + 1

    def _mapping_members(self, node: yaml.MappingNode) -> dict[str, tuple[Any, Any]]:
        members = self._members.get(id(node))
        if members is None:
            members = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    members.setdefault(key_node.value, (key_node, value_node))
            self._members[id(node)] = members
        return members


def _compose_yaml(text: str) -> _Entry | None:
    # libyaml composes recursively in C: a document nested deep enough would overflow the C stack
    # (a crash, not an exception), so anything deeper than any loadable document is not composed.
    if yaml_too_deep(text, _MAX_COMPOSE_DEPTH) is not None:
        return None
    try:
        node = yaml.compose(text, Loader=_YAML_LOADER)
    except (yaml.YAMLError, RecursionError):
        return None
    return None if node is None else (node.start_mark.line + 1, node)


_MAX_COMPOSE_DEPTH = 1000


def _json_index_line(root: _Entry, tokens: list[str]) -> int | None:
    line, node = root
    for token in tokens:
        if isinstance(node, dict):
            entry = node.get(token)
        elif isinstance(node, list) and token.isdigit():
            index = int(token)
            entry = node[index] if index < len(node) else None
        else:
            return None
        if entry is None:
            return None
        line, node = entry
    return line


class _JsonFrame:
    __slots__ = ("node", "token", "key", "key_line", "key_start")

    def __init__(
        self, node: dict[str, _Entry] | list[_Entry], token: str | int
    ) -> None:
        self.node = node
        self.token = token
        self.key: str | None = None
        self.key_line = 0
        self.key_start = 0


def _index_json(text: str) -> tuple[_Entry | None, tuple[str, int, int] | None]:
    """One pass over JSON text: the index tree, and the first duplicate key (pointer, line, column).

    It reads tokens, not values (so it never fails on what json.loads would reject, such as a
    duplicate key or a huge number) and keeps its own stack (so depth costs no recursion).
    """
    root: _Entry | None = None
    duplicate: tuple[str, int, int] | None = None
    frames: list[_JsonFrame] = []
    line, last = 1, 0
    for match in _JSON_TOKEN.finditer(text):
        start = match.start()
        line += text.count("\n", last, start)
        last = start
        token = match.group()
        first = token[0]
        if first in ":,":
            continue
        if first in "}]":
            if frames:
                frames.pop()
            continue
        top = frames[-1] if frames else None
        if (
            first == '"'
            and top is not None
            and isinstance(top.node, dict)
            and top.key is None
        ):
            top.key = _json_key(token)
            top.key_line = line
            top.key_start = start
            continue
        child: dict[str, _Entry] | list[_Entry] | None = None
        if first in "{[":
            child = {} if first == "{" else []
        if top is None:
            if root is None:
                root = (line, child)
        elif isinstance(top.node, list):
            member: str | int = len(top.node)
            top.node.append((line, child))
        else:
            member = top.key if top.key is not None else ""
            if member in top.node and duplicate is None:
                pointer = join_pointer("", *[f.token for f in frames[1:]], member)
                # the column only here: on a one-line (minified) document, looking back for
                # the line's start at every key would read the whole text again each time
                column = top.key_start - text.rfind("\n", 0, top.key_start)
                duplicate = (pointer, top.key_line, column)
            top.node[member] = (top.key_line, child)
            top.key = None
        if child is not None:
            frames.append(_JsonFrame(child, member if top is not None else ""))
    return root, duplicate


def _json_key(token: str) -> str:
    if "\\" not in token and len(token) > 1 and token[-1] == '"':
        return token[1:-1]
    try:
        key = json.loads(token)
    except ValueError:
        return token[1:-1]
    return key if isinstance(key, str) else token[1:-1]


def yaml_too_deep(text: str, max_depth: int) -> tuple[str, int, int] | None:
    """(pointer, line, column) of the first mapping or sequence nested deeper than `max_depth`
    levels in YAML text, or None. Reads the event stream (no node tree, no recursion); stops at a
    syntax error, which the loader reports."""
    depth = 0
    try:
        for index, event in enumerate(yaml.parse(text, Loader=_YAML_LOADER)):
            if isinstance(event, _YAML_STARTS):
                depth += 1
                if depth > max_depth:
                    mark = event.start_mark
                    return (
                        _yaml_event_pointer(text, index),
                        mark.line + 1,
                        mark.column + 1,
                    )
            elif isinstance(event, _YAML_ENDS):
                depth -= 1
    except yaml.YAMLError:
        pass
    return None


def _yaml_event_pointer(text: str, target: int) -> str:
    """The JSON pointer of the node that event number `target` starts."""
    frames: list[list[Any]] = []
    for index, event in enumerate(yaml.parse(text, Loader=_YAML_LOADER)):
        if index == target:
            _begin_value(frames)
            break
        _track(frames, event)
    return _frames_pointer(frames)


def json_too_deep(text: str, max_depth: int) -> tuple[str, int, int] | None:
    """(pointer, line, column) of the first object or array nested deeper than `max_depth` levels
    in JSON text, or None: where to report a document too deep for the parser itself."""
    depth = 0
    for match in _JSON_BRACKET.finditer(text):
        first = match.group()[0]
        if first in "[{":
            depth += 1
            if depth > max_depth:
                position = match.start()
                line = text.count("\n", 0, position) + 1
                column = position - text.rfind("\n", 0, position)
                return json_error_pointer(text, position), line, column
        elif first in "]}":
            depth -= 1
    return None


def yaml_error_pointer(text: str, stop: tuple[int, int] | None = None) -> str:
    """The JSON pointer of the innermost node being read when reading failed.

    Reading stops at the parser's error, or before the first event at the 0-based (line, column)
    `stop` (for problems found after parsing: there, the pointer of the mapping holding a
    duplicate key).
    """
    frames: list[list[Any]] = []  # [kind, key or index, value-in-progress]
    try:
        for event in yaml.parse(text, Loader=_YAML_LOADER):
            is_end = isinstance(event, _YAML_ENDS)
            # A block ends where the next key starts, so its end event shares the key's position.
            if (
                stop is not None
                and not is_end
                and (event.start_mark.line, event.start_mark.column) >= stop
            ):
                break
            _track(frames, event)
    except yaml.YAMLError:
        pass
    return _frames_pointer(frames)


def _track(frames: list[list[Any]], event: Any) -> None:
    """Follow one parser event: which containers are open, and which key or index each is on."""
    if isinstance(event, _YAML_STARTS):
        _begin_value(frames)
        kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
        frames.append([kind, None if kind == "map" else -1, False])
    elif isinstance(event, _YAML_ENDS):
        frames.pop()
        _end_value(frames)
    elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
        if frames and frames[-1][0] == "map" and not frames[-1][2]:
            frames[-1][1], frames[-1][2] = getattr(event, "value", None), True
        else:
            _begin_value(frames)
            _end_value(frames)


def _begin_value(frames: list[list[Any]]) -> None:
    if frames and frames[-1][0] == "seq":
        frames[-1][1] += 1
        frames[-1][2] = True


def _end_value(frames: list[list[Any]]) -> None:
    if frames:
        frames[-1][2] = False


def _frames_pointer(frames: list[list[Any]]) -> str:
    tokens = [frame[1] for frame in frames if frame[2] and frame[1] is not None]
    return join_pointer("", *tokens)


def json_error_pointer(text: str, error_position: int) -> str:
    """The JSON pointer of the innermost value being read at `error_position` of broken JSON."""
    frames: list[list[Any]] = []  # [kind, key or index, value-in-progress]
    position = 0
    while position < min(error_position, len(text)):
        char = text[position]
        if char == '"':
            end = _string_end(text, position)
            top = frames[-1] if frames else None
            if top is not None and top[0] == "map" and not top[2]:
                top[1] = json.loads(text[position:end]) if end <= len(text) else None
            elif top is not None and top[0] == "seq" and not top[2]:
                _begin_value(frames)  # a string item of an array
            position = end
            continue
        if char in "{[":
            _begin_value(frames)
            frames.append(["map", None, False] if char == "{" else ["seq", -1, False])
        elif char in "}]" and frames:
            frames.pop()
            _end_value(frames)
        elif char == ":" and frames and frames[-1][0] == "map":
            frames[-1][2] = True
        elif char == "," and frames:
            _end_value(frames)
        elif (
            char not in _WHITESPACE
            and frames
            and frames[-1][0] == "seq"
            and not frames[-1][2]
        ):
            _begin_value(frames)
        position += 1
    at_error = text[error_position : error_position + 1]
    if (
        frames
        and frames[-1][0] == "seq"
        and not frames[-1][2]
        and at_error not in ("]", "")
    ):
        _begin_value(frames)  # the broken value is the next item of the array
    return _frames_pointer(frames)


def _string_end(text: str, start: int) -> int:
    position = start + 1
    while position < len(text):
        if text[position] == "\\":
            position += 2
            continue
        if text[position] == '"':
            return position + 1
        position += 1
    return position
