"""Load: read the spec and every file its `$ref`s reach, and prove that each reference resolves.

The result is a `SpecSource`: the parsed documents keyed by absolute path, plus `resolve()` to follow a
`$ref` from the file it appears in. Problems (unreadable or unparsable files, dangling references,
references that leave the spec's folder or loop without reaching a schema) become diagnostics with the
file, line and JSON pointer; `load_spec` raises them all as one SpecError.

Every file is untrusted: only regular files inside the root spec's folder tree are read (real paths
are compared, so a symlink pointing out counts as out) unless the caller allows external refs, and
each is read and parsed within `Limits` (generator/read.py).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .diagnostics import (
    MAX_PRINTED,
    Diagnostic,
    SpecError,
    excerpt,
    join_pointer,
    printing_order,
    short_pointer,
    split_pointer,
)
from .limits import DEFAULT_LIMITS, Limits
from .locate import LineIndex
from .loops import reference_loops
from .read import read_document

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


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One parsed file of the spec."""

    path: Path
    display: str
    text: str
    data: Any
    index: LineIndex = field(compare=False, repr=False)
    # Set by normalize (generator/normalize/): where each moved node was written, as a map from
    # pointer prefixes in `data` to pointers in `text` (longest prefix wins; unmapped means unmoved).
    origins: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_json(self) -> bool:
        return self.path.suffix.lower() == ".json"

    def diagnostic(
        self,
        pointer: str,
        message: str,
        severity: str = "error",
        *,
        limitation: bool = False,
    ) -> Diagnostic:
        """A diagnostic at `pointer` in this file, with its line looked up.

        `pointer` is a place in `data`; the diagnostic names the place the user wrote it.
        """
        pointer = self.written_at(pointer)
        line = self.index.line_of(pointer)
        return Diagnostic(
            message,
            self.display,
            pointer,
            line,
            severity,  # type: ignore[arg-type]
            limitation=limitation,
        )

    def written_at(self, pointer: str) -> str:
        """The pointer in the user's text of the node at `pointer` in `data`."""
        if not self.origins:
            return pointer
        probe = pointer
        while True:
            found = self.origins.get(probe)
            if found is not None:
                return found + pointer[len(probe) :]
            if not probe:
                return pointer
            probe = probe[: probe.rfind("/")]


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


def load_spec(
    spec_path: Path | str,
    *,
    allow_external_refs: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> SpecSource:
    """Read the spec at `spec_path` and all files it references; raise SpecError on any problem.

    File `$ref`s must stay inside the folder tree of the spec unless `allow_external_refs`.
    """
    display = str(spec_path)
    root_path = Path(os.path.abspath(spec_path))
    loader = _Loader(root_path, allow_external_refs, limits)
    root = loader.read(root_path, display)
    problems: list[_Problem] = []
    holders: list[tuple[SourceFile, str, Any]] = []
    pending = [root]
    while pending:
        source = pending.pop()
        for pointer, holder in _iter_refs(source.data, ""):
            holders.append((source, pointer, holder))
            ref_pointer = join_pointer(pointer, "$ref")
            problems.extend(
                loader.check_ref(holder["$ref"], source, ref_pointer, pending)
            )
    if problems:
        raise SpecError(_with_hints(problems))
    spec = SpecSource(root, loader.files)
    loops = reference_loops(spec, holders)
    if loops:
        raise SpecError(loops)
    return spec


# A problem found while loading, and (for a dangling ref) how to compute its "did you mean" hint:
# that costs a search among the keys near the target, so only the printed problems pay for it.
_Problem = tuple[Diagnostic, Callable[[], str] | None]


def _with_hints(problems: list[_Problem]) -> list[Diagnostic]:
    ordered = sorted(problems, key=lambda problem: printing_order(problem[0]))
    return [
        replace(d, message=d.message + hint()) if hint and n < MAX_PRINTED else d
        for n, (d, hint) in enumerate(ordered)
    ]


class _Loader:
    """The files read so far, and the rules for reading more: where, how many bytes, which limits."""

    def __init__(self, root_path: Path, allow_external: bool, limits: Limits) -> None:
        self.files: dict[Path, SourceFile] = {}
        self.unreadable: set[Path] = set()
        self.limits = limits
        self.used = 0
        self.allow_external = allow_external
        self.folder = os.path.realpath(root_path.parent)

    def read(self, path: Path, display: str) -> SourceFile:
        budget = self.limits.max_total_bytes - self.used
        document = read_document(path, display, self.limits, budget)
        self.used += document.size
        self.files[path] = SourceFile(
            path, display, document.text, document.data, document.lines
        )
        return self.files[path]

    def check_ref(
        self, ref: str, source: SourceFile, pointer: str, pending: list[SourceFile]
    ) -> list[_Problem]:
        """What is wrong with `ref` (at `pointer` in `source`); loads and queues new files."""
        try:
            problem = self._problem(ref, source, pending)
        except (
            SpecError
        ) as error:  # the referenced file itself is unreadable or invalid
            return [(d, None) for d in error.diagnostics]
        if problem is None:
            return []
        message, hint = problem
        return [(source.diagnostic(pointer, message), hint)]

    def _problem(
        self, ref: str, source: SourceFile, pending: list[SourceFile]
    ) -> tuple[str, Callable[[], str] | None] | None:
        shown = excerpt(ref)
        if "://" in ref.split("#", 1)[0]:
            remote = "points to a remote document; only local files are supported"
            return f"$ref {shown} {remote}", None
        path, target_pointer = _split_ref(ref, source.path)
        if target_pointer and not target_pointer.startswith("/"):
            return f"$ref {shown} has a fragment that is not a JSON pointer", None
        if path in self.unreadable:  # its own diagnostic is already out
            return None
        if path not in self.files:
            problem = self._new_file_problem(path, source)
            if problem is not None:
                return f"$ref {shown} {problem}", None
            pending.append(self.files[path])
        return self._target_problem(shown, self.files[path], target_pointer, source)

    def _new_file_problem(self, path: Path, source: SourceFile) -> str | None:
        """Why the file at `path` may not be read, or None once it is read."""
        if not self.allow_external and self._outside(path):
            return (
                "points outside the folder of the spec; files there are read only with "
                "--allow-external-refs (or allow_external_refs = true in [tool.sdkgen])"
            )
        display = _display_for(path, source)
        if not os.path.lexists(path):
            # the name comes from the ref itself: shown cut short like any document text
            return f"points to a file that does not exist: {short_pointer(display)}"
        try:
            self.read(path, display)
        except SpecError:
            self.unreadable.add(path)
            raise
        return None

    def _target_problem(
        self, shown: str, target: SourceFile, pointer: str, source: SourceFile
    ) -> tuple[str, Callable[[], str] | None] | None:
        if not isinstance(target.data, (dict, list)):  # e.g. a `.env`: never quote it
            return (
                f"$ref {shown} points to {target.display}, which holds a single value, not "
                "a mapping or list: it is not a JSON or YAML document"
            ), None
        try:
            _walk_pointer(target.data, pointer)
        except LookupError:
            where = "" if target is source else f" in {target.display}"
            message = f"$ref {shown} does not resolve: nothing at {short_pointer(pointer)}{where}"
            return message, lambda: _suggestion(target.data, pointer)
        return None

    def _outside(self, path: Path) -> bool:
        real = os.path.realpath(path)
        return os.path.commonpath([self.folder, real]) != self.folder


_MAX_SUGGESTION_CANDIDATES = 2000


def _could_match(candidate: str, wanted: str) -> bool:
    """Whether difflib's ratio (2 * matches / total length) could reach its 0.6 cutoff at all."""
    return 0.6 * (len(candidate) + len(wanted)) <= 2 * min(len(candidate), len(wanted))


def _suggestion(data: Any, pointer: str) -> str:
    """`; did you mean 'X'?` when the last existing mapping on the way has a close key.

    difflib compares the missing key with each candidate; only keys of a length that could match
    are tried, and at most a few thousand of them, so one hint never costs more than a few milliseconds.
    """
    tokens = split_pointer(pointer)
    for depth in range(len(tokens) - 1, -1, -1):
        try:
            parent = _walk_pointer(data, join_pointer("", *tokens[:depth]))
        except LookupError:
            continue
        if isinstance(parent, dict):
            wanted = tokens[depth]
            candidates = [
                k for k in parent if isinstance(k, str) and _could_match(k, wanted)
            ][:_MAX_SUGGESTION_CANDIDATES]
            close = difflib.get_close_matches(wanted, candidates, n=1)
            return f"; did you mean {excerpt(close[0])}?" if close else ""
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
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object holding a `$ref` string in the document, with its pointer.

    Values of `example`, `default`, `enum`, `const` and `x-` extensions are instance data, where a
    `$ref` key is just data, except where such a word is a name: a property called `default`, the
    `default` response, a named example under `examples`.
    """
    if isinstance(data, dict):
        ref = data.get("$ref")
        if not names and isinstance(ref, str):
            yield pointer, data
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
