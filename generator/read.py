"""Read one file of the spec: a bounded read of a regular file, parsed into JSON values, checked
against the limits. Every problem is a located diagnostic; nothing here raises anything else.

Both parsers are fed hooks so that what would make them raise (a 5,000-digit integer) becomes a
value the limits walk then reports with its location, and what would make them recurse without
bound (deep nesting; YAML merge keys) is measured before it can.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .diagnostics import Diagnostic, SpecError, excerpt, join_pointer, shorten_quotes
from .limits import (
    MIB,
    Limits,
    UnreadableNumber,
    find_violation,
    number_text_is_too_long,
    parse_json_int,
)
from .locate import (
    LineIndex,
    json_error_pointer,
    json_too_deep,
    yaml_error_pointer,
    yaml_too_deep,
)

_YAML_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"
_CHUNK = MIB


class Document(NamedTuple):
    """One file, read and parsed: its text, data, line index, and size in bytes."""

    text: str
    data: Any
    lines: LineIndex
    size: int


class _TooLarge(Exception):
    pass


class _NotRegular(Exception):
    pass


def read_document(path: Path, display: str, limits: Limits, budget: int) -> Document:
    """The file at `path`, read and parsed, with the (lazy) index of its lines.

    `budget` is how many bytes the spec's files may still use together. Raises SpecError naming
    `display`, with the line and JSON pointer where the problem is when it has one.
    """
    limit = min(limits.max_file_bytes, budget)
    try:
        raw = _read_regular_file(path, limit)
    except FileNotFoundError:
        raise _error(display, "file not found") from None
    except _NotRegular:
        raise _error(
            display, "not a regular file: only regular files are read"
        ) from None
    except _TooLarge:
        raise _error(display, _too_large(limits, limit)) from None
    except OSError as error:
        raise _error(display, f"cannot read file: {error.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _error(display, f"not UTF-8 text: {error.reason}") from None
    index = LineIndex(text, is_json=path.suffix.lower() == ".json")
    if path.suffix.lower() == ".json":
        data = _parse_json(text, display, index, limits)
    else:
        data = _parse_yaml(text, display, limits)
    violation = find_violation(data, limits)
    if violation is not None:
        line = index.line_of(violation.pointer)
        raise SpecError(
            [Diagnostic(violation.message, display, violation.pointer, line)]
        )
    return Document(text, data, index, len(raw))


def _error(display: str, message: str) -> SpecError:
    return SpecError([Diagnostic(message, display, "")])


def _too_large(limits: Limits, limit: int) -> str:
    if limit < limits.max_file_bytes:
        total = limits.max_total_bytes // MIB
        return (
            f"the spec's files together exceed {total} MiB (the limit): pass --max-spec-mb N "
            "(or set max_spec_mb in [tool.sdkgen]) to raise it"
        )
    return (
        f"file larger than {limits.max_file_bytes // MIB} MiB (the limit): pass --max-spec-mb N "
        "(or set max_spec_mb in [tool.sdkgen]) to raise it"
    )


def _read_regular_file(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file; raises _TooLarge beyond, _NotRegular for anything
    else (a FIFO would block, /dev/zero never ends). The type is checked on the opened descriptor,
    so the file cannot be swapped between the check and the read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular
        if info.st_size > limit:
            raise _TooLarge
        chunks, size = [], 0
        while chunk := os.read(descriptor, min(_CHUNK, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # the file grew after fstat
                raise _TooLarge
        return b"".join(chunks)
    finally:
        os.close(descriptor)


class _DuplicateJsonKey(Exception):
    pass


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateJsonKey
    return result


def _parse_json(text: str, display: str, index: LineIndex, limits: Limits) -> Any:
    try:
        return json.loads(
            text, object_pairs_hook=_reject_duplicates, parse_int=parse_json_int
        )
    except json.JSONDecodeError as error:
        pointer = json_error_pointer(text, error.pos)
        message = f"invalid JSON: {error.msg}"
        raise SpecError(
            [Diagnostic(message, display, pointer, error.lineno, column=error.colno)]
        ) from None
    except _DuplicateJsonKey:
        pointer, line, column = index.first_duplicate_key() or ("", None, None)
        key = pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        message = f"invalid JSON: duplicate key {excerpt(key)}"
        raise SpecError(
            [Diagnostic(message, display, pointer, line, column=column)]
        ) from None
    except RecursionError:
        raise _too_deep(
            display, json_too_deep(text, limits.max_depth), limits
        ) from None


def _too_deep(
    display: str, where: tuple[str, int, int] | None, limits: Limits
) -> SpecError:
    pointer, line, column = where or ("", None, None)
    message = f"nesting deeper than {limits.max_depth} levels (the limit)"
    return SpecError([Diagnostic(message, display, pointer, line, column=column)])


class _DuplicateKey(yaml.MarkedYAMLError):  # type: ignore[misc]
    def __init__(self, key: str, problem: str, problem_mark: Any) -> None:
        super().__init__(problem=problem, problem_mark=problem_mark)
        self.key = key


class _SpecYamlLoader(_YAML_BASE):  # type: ignore[misc, valid-type]
    """Safe YAML with OpenAPI-friendly scalars: keys keep their text, timestamps stay strings.

    Containers are built the way PyYAML builds its own (create, then fill later: no recursion per
    level); merge keys (`<<`) are expanded with each key kept once.
    """

    max_merge_depth = 128


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> Any:
    mapping: dict[str, Any] = {}
    yield mapping
    for key_node, value_node in _merged_pairs(loader, node, 0):
        mapping.setdefault(key_node.value, loader.construct_object(value_node))


def _merged_pairs(loader: Any, node: yaml.MappingNode, depth: int) -> list[Any]:
    """The (key, value) node pairs of `node` with `<<` merges expanded, each key once: explicit
    keys first and winning, then the merged mappings' keys in order (earlier ones win).

    Memoised per node, so a mapping merged many times is expanded once, and never longer than the
    number of distinct keys (merging `*a` twice cannot double anything)."""
    cache = loader.__dict__.setdefault("_merged", {})
    if id(node) in cache:
        return cache[id(node)]  # type: ignore[no-any-return]
    if depth > loader.max_merge_depth:
        raise yaml.MarkedYAMLError(
            problem=f"merge keys (<<) nest deeper than {loader.max_merge_depth} levels",
            problem_mark=node.start_mark,
        )
    explicit: dict[str, Any] = {}
    sources: list[Any] = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.MarkedYAMLError(
                problem="a mapping key must be a plain scalar",
                problem_mark=key_node.start_mark,
            )
        if key_node.tag == _MERGE_TAG:
            sources.extend(_merge_sources(value_node))
        elif key_node.value in explicit:
            key = key_node.value
            raise _DuplicateKey(
                key, f"duplicate key {excerpt(key)}", key_node.start_mark
            )
        else:
            explicit[key_node.value] = (key_node, value_node)
    pairs = dict(explicit)
    for source in sources:
        for key_node, value_node in _merged_pairs(loader, source, depth + 1):
            pairs.setdefault(key_node.value, (key_node, value_node))
    cache[id(node)] = list(pairs.values())
    return cache[id(node)]  # type: ignore[no-any-return]


def _merge_sources(value_node: Any) -> list[Any]:
    nodes = (
        value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
    )
    for source in nodes:
        if not isinstance(source, yaml.MappingNode):
            raise yaml.MarkedYAMLError(
                problem="a merge key (<<) takes a mapping or a list of mappings",
                problem_mark=source.start_mark,
            )
    return list(nodes)


def _construct_number(loader: Any, node: yaml.ScalarNode) -> Any:
    if number_text_is_too_long(node.value):
        return UnreadableNumber(len(node.value))
    if node.tag.endswith(":int"):
        return loader.construct_yaml_int(node)
    return loader.construct_yaml_float(node)


_SpecYamlLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)
_SpecYamlLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)
_SpecYamlLoader.add_constructor("tag:yaml.org,2002:int", _construct_number)
_SpecYamlLoader.add_constructor("tag:yaml.org,2002:float", _construct_number)


def _parse_yaml(text: str, display: str, limits: Limits) -> Any:
    # libyaml composes recursively in C, so depth is measured on the event stream first: a
    # document nested deep enough would otherwise crash the process, not raise.
    deepest = yaml_too_deep(text, limits.max_depth)
    if deepest is not None:
        raise _too_deep(display, deepest, limits)
    loader = _SpecYamlLoader(text)
    loader.max_merge_depth = limits.max_depth
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        raise SpecError([_located_yaml_error(error, text, display)]) from None
    except yaml.YAMLError as error:
        message = f"invalid YAML: {shorten_quotes(str(error))}"
        raise SpecError([Diagnostic(message, display, "")]) from None
    finally:
        loader.dispose()


def _located_yaml_error(
    error: yaml.MarkedYAMLError, text: str, display: str
) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    where = None if mark is None else (mark.line, mark.column)
    if isinstance(error, _DuplicateKey) and where is not None:
        pointer = join_pointer(yaml_error_pointer(text, stop=where), error.key)
    elif _is_construction_error(error):
        pointer = yaml_error_pointer(text, stop=where)
    else:
        pointer = yaml_error_pointer(text)
    line, column = (None, None) if mark is None else (mark.line + 1, mark.column + 1)
    message = f"invalid YAML: {shorten_quotes(_problem(error, mark))}"
    return Diagnostic(message, display, pointer, line, column=column)


def _problem(error: yaml.MarkedYAMLError, mark: Any) -> str:
    problem = (error.problem or "malformed YAML").strip()
    if error.context:
        problem += f" {error.context.strip()}"
        context = error.context_mark
        if context is not None and mark is not None and context.line != mark.line:
            problem += f" that starts on line {context.line + 1}"
    return problem


def _is_construction_error(error: yaml.MarkedYAMLError) -> bool:
    """Raised after parsing (a bad merge, an unknown tag): the text parses to the end, so the
    pointer is that of the node at the error's mark, not of where parsing stopped."""
    return (
        isinstance(error, yaml.constructor.ConstructorError)
        or type(error) is yaml.MarkedYAMLError
    )
