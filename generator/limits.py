"""Bounds on what the loader accepts, and the one walk over a parsed document that enforces them.

Hostile input must fail with one located error long before time or memory runs out. Each default is
far above what real OpenAPI documents need (the largest specs we test with, Jira, Box and Twilio, are
under 2 MB, hold under 50,000 values and nest at most 23 levels) and far below where the machine, or
Python's recursion limit (1000 frames) in the stages after loading, would give out.

PyYAML builds an alias as a second reference to the anchored object, so a 1 KB document can stand for
billions of values ("billion laughs") while loading stays cheap: the cost comes later, in every stage
that walks the data. `find_violation` walks it once, visiting each distinct object once and adding up
what aliases expand to, so it stays linear in the size of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from .diagnostics import join_pointer

MIB = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    """What one run of the loader accepts. `--max-spec-mb` / `max_spec_mb` scale the size limits."""

    max_file_bytes: int = 32 * MIB
    """Per file: checked before reading, and the read itself stops there."""

    max_total_bytes: int = 128 * MIB
    """All files the spec reaches through `$ref`, together."""

    max_depth: int = 128
    """Levels of nested mappings and sequences, counted from the document root with aliases
    expanded. Real specs use under 25. The IR builder recurses a few frames per schema level (a
    schema level is two document levels: `properties`, then the name) and black recurses on nested
    literals it formats (an `example` becomes a literal in the generated tests); 128 keeps both well
    inside Python's default recursion limit."""

    max_values: int = 2_000_000
    """Values (each mapping, sequence and scalar counts one) once aliases are expanded: 40 times the
    largest real spec we test with, about what 32 MiB of JSON holds at real specs' density
    (~55 bytes a value), and a few seconds for any later stage to walk."""

    max_text: int = 128 * MIB
    """Characters in strings and keys once aliases are expanded: an alias repeating a long string
    is cheap to load but not to print (examples become literals in the generated tests). Without
    aliases, text can never exceed the files' size, so this only stops expansion."""

    max_int_digits: int = 1000
    """Decimal digits of an integer. int64 needs 19; Python refuses to convert integers of more
    than 4300 digits to and from text (and the generated code writes them as text)."""

    def with_spec_mb(self, megabytes: int) -> Limits:
        """These limits with a file size limit of `megabytes` MiB (the total and the expanded text
        keep their ratio to it)."""
        per_file = megabytes * MIB
        return replace(
            self,
            max_file_bytes=per_file,
            max_total_bytes=4 * per_file,
            max_text=4 * per_file,
        )


DEFAULT_LIMITS = Limits()


class UnreadableNumber:
    """Stands in for a number too long to convert (the parsers call these hooks); the walk then
    reports it with its location, where the parser could only have raised."""

    __slots__ = ("characters",)

    def __init__(self, characters: int) -> None:
        self.characters = characters


_MAX_NUMBER_TEXT = (
    4000  # below Python's 4300-digit conversion limit; the walk's own limit is lower
)


def parse_json_int(text: str) -> int | UnreadableNumber:
    """`json.loads(parse_int=...)`: an int, or a stand-in when there are too many digits."""
    return int(text) if len(text) <= _MAX_NUMBER_TEXT else UnreadableNumber(len(text))


def number_text_is_too_long(text: str) -> bool:
    """For the YAML int and float constructors: PyYAML converts sexagesimal (`1:30`) numbers digit
    group by digit group, so even a long number that Python would convert is slow; refuse early.
    """
    return len(text) > _MAX_NUMBER_TEXT


@dataclass(frozen=True, slots=True)
class Violation:
    """The first limit a document exceeds: where (tokens from the root), and what went wrong."""

    tokens: tuple[str | int, ...]
    message: str

    @property
    def pointer(self) -> str:
        return join_pointer("", *self.tokens)


_SURROGATE = re.compile("[\ud800-\udfff]")
_SCALARS = (str, int, float, bool, type(None))


class _Frame:
    """A mapping or sequence being walked, and what its contents add up to so far."""

    __slots__ = ("container", "items", "token", "values", "text", "height")

    def __init__(self, container: Any, token: str | int | None) -> None:
        self.container = container
        self.items = iter(
            container.items() if isinstance(container, dict) else enumerate(container)
        )
        self.token = token
        self.values = 1
        self.text = 0
        self.height = 1


class _Walk:
    """The state of `find_violation`: running totals, and what each finished container holds."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.int_ceiling = 10**limits.max_int_digits
        self.values = 0
        self.text = 0
        self.finished: dict[int, tuple[int, int, int]] = (
            {}
        )  # id -> (values, text, height)
        self.open_ids: set[int] = set()
        self.frames: list[_Frame] = []

    def tokens(self, last: str | int | None = None) -> tuple[str | int, ...]:
        found = [f.token for f in self.frames[1:] if f.token is not None]
        return (*found, last) if last is not None else tuple(found)

    def run(self, root: Any) -> Violation | None:
        problem = (
            self.scalar(root) if not _is_container(root) else self.enter(root, None)
        )
        if problem is not None:
            return Violation((), problem)
        while self.frames:
            frame = self.frames[-1]
            item = next(frame.items, None)
            if item is None:
                self.leave()
                continue
            token, value = item
            problem = self.key(token) or self.member(value, token)
            if problem is not None:
                return Violation(self.tokens(token), problem)
        return None

    def enter(self, container: Any, token: str | int | None) -> str | None:
        if len(self.frames) + 1 > self.limits.max_depth:
            return f"nesting deeper than {self.limits.max_depth} levels (the limit)"
        self.values += 1
        if self.values > self.limits.max_values:
            return self.too_many_values()
        self.open_ids.add(id(container))
        self.frames.append(_Frame(container, token))
        return None

    def leave(self) -> None:
        frame = self.frames.pop()
        self.open_ids.discard(id(frame.container))
        self.finished[id(frame.container)] = (frame.values, frame.text, frame.height)
        if self.frames:
            self.add_to_parent(frame.values, frame.text, frame.height)

    def add_to_parent(self, values: int, text: int, height: int) -> None:
        parent = self.frames[-1]
        parent.values += values
        parent.text += text
        parent.height = max(parent.height, height + 1)

    def key(self, token: str | int) -> str | None:
        if not isinstance(token, str):
            return None
        self.frames[-1].text += len(token)
        return self.string(token, "a key")

    def member(self, value: Any, token: str | int) -> str | None:
        if not _is_container(value):
            problem = self.scalar(value)
            if problem is None:
                self.add_to_parent(1, len(value) if isinstance(value, str) else 0, 0)
            return problem
        seen = self.finished.get(id(value))
        if seen is not None:
            return self.repeat(seen)
        if id(value) in self.open_ids:
            return "this value contains itself (a YAML alias inside the node its anchor names)"
        return self.enter(value, token)

    def repeat(self, seen: tuple[int, int, int]) -> str | None:
        """A container met again through an alias: count what it expands to, without walking it."""
        values, text, height = seen
        self.values += values
        self.text += text
        if len(self.frames) + height > self.limits.max_depth:
            return (
                f"nesting deeper than {self.limits.max_depth} levels (the limit) "
                "once YAML aliases are expanded"
            )
        if self.values > self.limits.max_values:
            return self.too_many_values()
        if self.text > self.limits.max_text:
            return self.too_much_text()
        self.add_to_parent(values, text, height)
        return None

    def scalar(self, value: Any) -> str | None:
        if isinstance(value, str):
            return self.string(value, "a string")
        if isinstance(value, int) and not isinstance(value, bool):
            return self.integer(value)
        if isinstance(value, UnreadableNumber):
            return (
                f"a number written with {value.characters} characters: the limit is "
                f"{self.limits.max_int_digits} digits"
            )
        if not isinstance(value, _SCALARS):
            name = type(value).__name__
            return f"a YAML value of type {name!r}: an OpenAPI document holds only JSON values"
        self.values += 1
        if self.values > self.limits.max_values:
            return self.too_many_values()
        return None

    def string(self, text: str, what: str) -> str | None:
        if not text.isascii() and _SURROGATE.search(text):
            return (
                f"{what} with a lone UTF-16 surrogate ({_surrogate_in(text)}): it could never "
                "be written as UTF-8"
            )
        self.text += len(text)
        if self.text > self.limits.max_text:
            return self.too_much_text()
        if what == "a string":
            self.values += 1
            if self.values > self.limits.max_values:
                return self.too_many_values()
        return None

    def integer(self, value: int) -> str | None:
        if -self.int_ceiling < value < self.int_ceiling:
            self.values += 1
            if self.values > self.limits.max_values:
                return self.too_many_values()
            return None
        return (
            f"an integer of more than {self.limits.max_int_digits} digits (the limit)"
        )

    def too_many_values(self) -> str:
        return (
            f"the document holds more than {self.limits.max_values:,} values once YAML "
            "aliases are expanded (the limit)"
        )

    def too_much_text(self) -> str:
        return (
            f"the document's strings add up to more than {self.limits.max_text:,} characters "
            "once YAML aliases are expanded (the limit)"
        )


def _is_container(value: Any) -> bool:
    return isinstance(value, (dict, list))


def _surrogate_in(text: str) -> str:
    found = _SURROGATE.search(text)
    return f"\\u{ord(found.group()):04x}" if found else "?"


def find_violation(data: Any, limits: Limits = DEFAULT_LIMITS) -> Violation | None:
    """The first limit `data` (a parsed document) exceeds, with where; None if it is within all.

    Iterative (no recursion, whatever the depth) and linear in the number of distinct objects:
    a container reached again through an alias adds its memoised totals instead of being walked.
    A container reached again while still being walked is a cycle (`&a [*a]`), reported as such.
    """
    return _Walk(limits).run(data)
