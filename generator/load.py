"""Load: read the spec and every file its `$ref`s reach, and prove that each reference resolves.

The result is a `SpecSource`: the parsed documents keyed by absolute path, plus `resolve()` to follow a
`$ref` from the file it appears in. Problems (unreadable or unparsable files, dangling references)
become diagnostics with the file, line and JSON pointer; `load_spec` raises them all as one SpecError.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from .diagnostics import Diagnostic, SpecError, join_pointer, split_pointer
from .locate import json_error_pointer, line_of, yaml_error_pointer

_YAML_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Keys whose values are instance data, not schema: a "$ref" inside them is just a string.
_DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const", "value"})
# Keys whose values map names (which may be any word, `default` included) to objects.
_NAME_MAPS = dict.fromkeys(
    (
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "schemas",
        "responses",
        "parameters",
        "headers",
        "content",
        "callbacks",
        "links",
        "securitySchemes",
        "requestBodies",
        "pathItems",
        "paths",
        "encoding",
        "variables",
        "mapping",
        "webhooks",
    ),
    True,
)


class _DuplicateKey(yaml.MarkedYAMLError):
    def __init__(self, key: str, problem: str, problem_mark: Any) -> None:
        super().__init__(problem=problem, problem_mark=problem_mark)
        self.key = key


class _SpecYamlLoader(_YAML_BASE):  # type: ignore[misc, valid-type]
    """Safe YAML with OpenAPI-friendly scalars: keys keep their text, timestamps stay strings."""


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> dict[str, Any]:
    loader.flatten_mapping(node)
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.MarkedYAMLError(
                problem="a mapping key must be a plain scalar",
                problem_mark=key_node.start_mark,
            )
        key = key_node.value
        if key in mapping:
            raise _DuplicateKey(key, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_SpecYamlLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)
_SpecYamlLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One parsed file of the spec."""

    path: Path
    display: str
    text: str
    data: Any

    @property
    def is_json(self) -> bool:
        return self.path.suffix.lower() == ".json"

    def diagnostic(
        self, pointer: str, message: str, severity: str = "error"
    ) -> Diagnostic:
        """A diagnostic at `pointer` in this file, with its line looked up."""
        line = line_of(self.text, pointer, is_json=self.is_json)
        return Diagnostic(message, self.display, pointer, line, severity)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class RefTarget:
    """Where a `$ref` lands: the file, the pointer inside it, and the value found there."""

    file: SourceFile
    pointer: str
    value: Any


@dataclass(frozen=True)
class SpecSource:
    """The root document and every file reachable from it through `$ref`."""

    root: SourceFile
    files: Mapping[Path, SourceFile] = field(default_factory=dict)

    def follow(self, node: Any, file: SourceFile, pointer: str = "") -> RefTarget:
        """What `node` (written at `pointer` in `file`) stands for once `$ref`s are followed:
        itself if it is not a reference; the first node seen twice if the references loop.
        """
        seen: set[tuple[Path, str]] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            target = self.resolve(node["$ref"], file)
            if (target.file.path, target.pointer) in seen:
                break
            seen.add((target.file.path, target.pointer))
            node, file, pointer = target.value, target.file, target.pointer
        return RefTarget(file, pointer, node)

    def resolve(self, ref: str, base: SourceFile) -> RefTarget:
        """Follow `ref` written in `base`; load_spec has already proved that it resolves."""
        path, pointer = _split_ref(ref, base.path)
        target = self.files[path]
        return RefTarget(target, pointer, _walk_pointer(target.data, pointer))


def load_spec(spec_path: Path | str) -> SpecSource:
    """Read the spec at `spec_path` and all files it references; raise SpecError on any problem."""
    display = str(spec_path)
    root_path = Path(os.path.abspath(spec_path))
    root = _read_source(root_path, display, referrer=None)
    files: dict[Path, SourceFile] = {root_path: root}
    diagnostics: list[Diagnostic] = []
    pending = [root]
    while pending:
        source = pending.pop()
        for pointer, ref in _iter_refs(source.data, ""):
            problem = _check_ref(ref, source, files, pending, diagnostics, pointer)
            if problem is not None:
                diagnostics.append(source.diagnostic(pointer, problem))
    if diagnostics:
        raise SpecError(
            sorted(diagnostics, key=lambda d: (d.file, d.line or 0, d.pointer))
        )
    return SpecSource(root, files)


def _check_ref(
    ref: str,
    source: SourceFile,
    files: dict[Path, SourceFile],
    pending: list[SourceFile],
    diagnostics: list[Diagnostic],
    pointer: str,
) -> str | None:
    """Why `ref` does not resolve, or None; loads (and queues) newly referenced files."""
    if "://" in ref.split("#", 1)[0]:
        return (
            f"$ref {ref!r} points to a remote document; only local files are supported"
        )
    path, target_pointer = _split_ref(ref, source.path)
    if target_pointer and not target_pointer.startswith("/"):
        return f"$ref {ref!r} has a fragment that is not a JSON pointer"
    if path not in files:
        if not path.is_file():
            return f"$ref {ref!r} points to a file that does not exist: {_display_for(path, source)}"
        try:
            files[path] = _read_source(
                path, _display_for(path, source), referrer=source
            )
        except SpecError as error:
            diagnostics.extend(error.diagnostics)
            return None
        pending.append(files[path])
    try:
        _walk_pointer(files[path].data, target_pointer)
    except LookupError:
        where = "" if path == source.path else f" in {files[path].display}"
        hint = _suggestion(files[path].data, target_pointer)
        return f"$ref {ref!r} does not resolve: nothing at {target_pointer or '/'}{where}{hint}"
    return None


def _suggestion(data: Any, pointer: str) -> str:
    """`; did you mean 'X'?` when the last existing mapping on the way has a close key."""
    tokens = split_pointer(pointer)
    for depth in range(len(tokens) - 1, -1, -1):
        try:
            parent = _walk_pointer(data, join_pointer("", *tokens[:depth]))
        except LookupError:
            continue
        if isinstance(parent, dict):
            close = difflib.get_close_matches(
                tokens[depth], [str(k) for k in parent], n=1
            )
            return f"; did you mean {close[0]!r}?" if close else ""
        return ""
    return ""


def _display_for(path: Path, referrer: SourceFile) -> str:
    relative = os.path.relpath(path, referrer.path.parent)
    return os.path.normpath(os.path.join(os.path.dirname(referrer.display), relative))


def _split_ref(ref: str, base: Path) -> tuple[Path, str]:
    file_part, _, fragment = ref.partition("#")
    path = (
        Path(os.path.normpath(base.parent / unquote(file_part))) if file_part else base
    )
    return path, unquote(fragment)


def _walk_pointer(data: Any, pointer: str) -> Any:
    for token in split_pointer(pointer):
        if isinstance(data, dict):
            data = data[token]
        elif isinstance(data, list) and token.isdigit():
            data = data[int(token)]
        else:
            raise KeyError(token)
    return data


def _iter_refs(
    data: Any, pointer: str, names: bool = False
) -> Iterator[tuple[str, str]]:
    """Every `$ref` string in the document, with the pointer of the `$ref` member itself.

    Values of `example`, `default`, `enum`, `const` and `x-` extensions are instance data, where a
    `$ref` key is just data, except where such a word is a name: a property called `default`, the
    `default` response, a named example under `examples`.
    """
    if isinstance(data, dict):
        ref = data.get("$ref")
        if not names and isinstance(ref, str):
            yield join_pointer(pointer, "$ref"), ref
        for key, value in data.items():
            if names or not (key in _DATA_KEYS or key.startswith("x-")):
                yield from _iter_refs(
                    value,
                    join_pointer(pointer, key),
                    _NAME_MAPS.get(key, False) and not names,
                )
            elif key == "examples" and isinstance(value, dict):
                yield from _iter_refs(value, join_pointer(pointer, key), True)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _iter_refs(item, join_pointer(pointer, index))


def _read_source(path: Path, display: str, referrer: SourceFile | None) -> SourceFile:
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise SpecError([Diagnostic("file not found", display, "")]) from None
    except OSError as error:
        raise SpecError(
            [Diagnostic(f"cannot read file: {error.strerror}", display, "")]
        ) from None
    except UnicodeDecodeError as error:
        raise SpecError(
            [Diagnostic(f"not UTF-8 text: {error.reason}", display, "")]
        ) from None
    is_json = path.suffix.lower() == ".json"
    data = _parse_json(text, display) if is_json else _parse_yaml(text, display)
    return SourceFile(path, display, text, data)


def _parse_json(text: str, display: str) -> Any:
    def reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            duplicate = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
            raise ValueError(f"duplicate key {duplicate!r}")
        return result

    try:
        return json.loads(text, object_pairs_hook=reject_duplicates)
    except json.JSONDecodeError as error:
        pointer = json_error_pointer(text, error.pos)
        message = f"invalid JSON: {error.msg}"
        raise SpecError(
            [Diagnostic(message, display, pointer, error.lineno, column=error.colno)]
        ) from None
    except ValueError as error:
        where = Diagnostic("", display, "")
        try:
            _parse_yaml(
                text, display
            )  # JSON is YAML, and the YAML reader locates duplicates
        except SpecError as located:
            where = located.diagnostics[0]
        raise SpecError([replace(where, message=f"invalid JSON: {error}")]) from None


def _parse_yaml(text: str, display: str) -> Any:
    try:
        return yaml.load(
            text, Loader=_SpecYamlLoader
        )  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = (error.problem or "malformed YAML").strip()
        if isinstance(error, _DuplicateKey) and mark is not None:
            pointer = join_pointer(
                yaml_error_pointer(text, stop=(mark.line, mark.column)), error.key
            )
        else:
            if error.context:
                problem += f" {error.context.strip()}"
                if (
                    error.context_mark is not None
                    and mark is not None
                    and error.context_mark.line != mark.line
                ):
                    problem += f" that starts on line {error.context_mark.line + 1}"
            pointer = yaml_error_pointer(text)
        line, column = (
            (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        )
        raise SpecError(
            [
                Diagnostic(
                    f"invalid YAML: {problem}", display, pointer, line, column=column
                )
            ]
        ) from None
    except yaml.YAMLError as error:
        raise SpecError([Diagnostic(f"invalid YAML: {error}", display, "")]) from None
