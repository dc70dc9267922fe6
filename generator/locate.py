"""Where things are in a source file: the line of a JSON pointer, and the pointer of a syntax error.

Only diagnostics need positions, so nothing here runs on the happy path: the loaders parse for speed
and these functions re-read the text when a message needs a line number.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from .diagnostics import join_pointer, split_pointer

_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def line_of(text: str, pointer: str, *, is_json: bool) -> int | None:
    """The 1-based line where the node at `pointer` starts, or None when it cannot be found."""
    try:
        return _json_line_of(text, pointer) if is_json else _yaml_line_of(text, pointer)
    except (ValueError, yaml.YAMLError):
        return None


def _yaml_line_of(text: str, pointer: str) -> int | None:
    node = yaml.compose(text, Loader=_YAML_LOADER)
    mark = node.start_mark if node is not None else None
    for token in split_pointer(pointer):
        if isinstance(node, yaml.MappingNode):
            match = next((kv for kv in node.value if kv[0].value == token), None)
            if match is None:
                return None
            mark, node = match[0].start_mark, match[1]
        elif isinstance(node, yaml.SequenceNode) and token.isdigit():
            index = int(token)
            if index >= len(node.value):
                return None
            node = node.value[index]
            mark = node.start_mark
        else:
            return None
    return None if mark is None else mark.line + 1


_WHITESPACE = " \t\r\n"


def _json_line_of(text: str, pointer: str) -> int | None:
    decoder = json.JSONDecoder()
    position = marker = _skip_whitespace(text, 0)
    for token in split_pointer(pointer):
        found = _json_child_position(text, position, token, decoder)
        if found is None:
            return None
        marker, position = found
    return text.count("\n", 0, marker) + 1


def _skip_whitespace(text: str, position: int) -> int:
    while position < len(text) and text[position] in _WHITESPACE:
        position += 1
    return position


def _json_child_position(
    text: str, position: int, token: str, decoder: json.JSONDecoder
) -> tuple[int, int] | None:
    """Where the member `token` of the object or array at `position` starts: (key, value)."""
    opener = text[position : position + 1]
    if opener not in ("{", "["):
        return None
    index = 0
    position = _skip_whitespace(text, position + 1)
    while position < len(text) and text[position] not in "}]":
        if opener == "{":
            key_position = position
            key, position = json.decoder.scanstring(text, position + 1)  # type: ignore[attr-defined]
            position = _skip_whitespace(text, position)
            position = _skip_whitespace(text, position + 1)  # past the colon
            if key == token:
                return key_position, position
        elif str(index) == token:
            return position, position
        _, position = decoder.raw_decode(text, position)
        position = _skip_whitespace(text, position)
        if text[position : position + 1] == ",":
            position = _skip_whitespace(text, position + 1)
        index += 1
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
            is_end = isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent))
            # A block ends where the next key starts, so its end event shares the key's position.
            if (
                stop is not None
                and not is_end
                and (event.start_mark.line, event.start_mark.column) >= stop
            ):
                break
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                _begin_value(frames)
                kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
                frames.append([kind, None if kind == "map" else -1, False])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frames.pop()
                _end_value(frames)
            elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                if frames and frames[-1][0] == "map" and not frames[-1][2]:
                    frames[-1][1], frames[-1][2] = getattr(event, "value", None), True
                else:
                    _begin_value(frames)
                    _end_value(frames)
    except yaml.YAMLError:
        pass
    return _frames_pointer(frames)


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
