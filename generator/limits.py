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


class _Frame:
    """A mapping or sequence being walked: where its totals started, and its height so far."""

    __slots__ = (
        "container",
        "items",
        "token",
        "values_before",
        "text_before",
        "height",
    )

    def __init__(
        self, container: Any, token: str | int | None, values: int, text: int
    ) -> None:
        self.container = container
        self.items = iter(
            container.items() if type(container) is dict else enumerate(container)
        )
        self.token = token
        self.values_before = values
        self.text_before = text
        self.height = 1


class _Walk:
    """The state of `find_violation`. The running totals count every value once per place it
    appears, so a container's own totals are what they grew by while it was open; each finished
    container keeps them (values, text, height) for when an alias names it again."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.int_ceiling = 10**limits.max_int_digits
        self.values = 0
        self.text = 0
        self.finished: dict[int, tuple[int, int, int]] = {}
        self.open_ids: set[int] = set()
        self.frames: list[_Frame] = []

    def run(self, root: Any) -> Violation | None:
        if type(root) is not dict and type(root) is not list:
            problem = self.scalar(root)
            return None if problem is None else Violation((), problem)
        self.enter(root, None)
        while self.frames:
            problem, token = self.walk_top()
            if problem is not None:
                return Violation(self.tokens(token), problem)
        return None

    def walk_top(self) -> tuple[str | None, str | int | None]:
        """Walk the innermost open container until it ends (then close it) or holds another
        one (then open that): (None, None); or (the problem, its token) at the first problem.
        """
        limits, frame = self.limits, self.frames[-1]
        for token, value in frame.items:
            if type(token) is str:
                if not token.isascii() and _SURROGATE.search(token):
                    return _surrogate_problem("a key", token), token
                self.text += len(token)
            kind = type(value)
            if kind is str:
                if not value.isascii() and _SURROGATE.search(value):
                    return _surrogate_problem("a string", value), token
                self.text += len(value)
                self.values += 1
            elif kind is dict or kind is list:
                problem = self.container(value, token)
                if problem is not None or self.frames[-1] is not frame:
                    return problem, token
            elif kind is int:
                if not -self.int_ceiling < value < self.int_ceiling:
                    return (
                        f"an integer of more than {limits.max_int_digits} digits (the limit)",
                        token,
                    )
                self.values += 1
            elif kind in _SCALAR_TYPES:
                self.values += 1
            else:
                return self.other(value), token
            if self.values > limits.max_values:
                return self.too_many_values(), token
            if self.text > limits.max_text:
                return self.too_much_text(), token
        self.leave()
        return None, None

    def container(self, value: Any, token: str | int) -> str | None:
        """Open `value`, or count what it expands to if it is finished; a problem, or None."""
        seen = self.finished.get(id(value))
        if seen is None:
            if id(value) in self.open_ids:
                return "this value contains itself (a YAML alias inside the node its anchor names)"
            if len(self.frames) + 1 > self.limits.max_depth:
                return f"nesting deeper than {self.limits.max_depth} levels (the limit)"
            self.enter(value, token)
            return None
        values, text, height = seen
        if len(self.frames) + height > self.limits.max_depth:
            return (
                f"nesting deeper than {self.limits.max_depth} levels (the limit) "
                "once YAML aliases are expanded"
            )
        self.values += values
        self.text += text
        parent = self.frames[-1]
        parent.height = max(parent.height, height + 1)
        return None

    def enter(self, container: Any, token: str | int | None) -> None:
        self.open_ids.add(id(container))
        self.frames.append(_Frame(container, token, self.values, self.text))
        self.values += 1

    def leave(self) -> None:
        frame = self.frames.pop()
        self.open_ids.discard(id(frame.container))
        totals = (
            self.values - frame.values_before,
            self.text - frame.text_before,
            frame.height,
        )
        self.finished[id(frame.container)] = totals
        if self.frames:
            parent = self.frames[-1]
            parent.height = max(parent.height, frame.height + 1)

    def tokens(self, last: str | int | None) -> tuple[str | int, ...]:
        found = [f.token for f in self.frames[1:] if f.token is not None]
        return (*found, last) if last is not None else tuple(found)

    def scalar(self, value: Any) -> str | None:
        """What is wrong with a document that is a single scalar (the loop inlines the same)."""
        if type(value) is str and not value.isascii() and _SURROGATE.search(value):
            return _surrogate_problem("a string", value)
        if type(value) is int and not -self.int_ceiling < value < self.int_ceiling:
            return f"an integer of more than {self.limits.max_int_digits} digits (the limit)"
        return None if type(value) in _SCALAR_TYPES else self.other(value)

    def other(self, value: Any) -> str:
        if isinstance(value, UnreadableNumber):
            return (
                f"a number written with {value.characters} characters: the limit is "
                f"{self.limits.max_int_digits} digits"
            )
        name = type(value).__name__
        return (
            f"a YAML value of type {name!r}: an OpenAPI document holds only JSON values"
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


_SCALAR_TYPES = (str, int, float, bool, type(None))


def _surrogate_problem(what: str, text: str) -> str:
    found = _SURROGATE.search(text)
    code = f"\\u{ord(found.group()):04x}" if found else "?"
    return f"{what} with a lone UTF-16 surrogate ({code}): it could never be written as UTF-8"


def find_violation(data: Any, limits: Limits = DEFAULT_LIMITS) -> Violation | None:
    """The first limit `data` (a parsed document) exceeds, with where; None if it is within all.

    Iterative (no recursion, whatever the depth) and linear in the number of distinct objects:
    a container reached again through an alias adds its memoised totals instead of being walked.
    A container reached again while still being walked is a cycle (`&a [*a]`), reported as such.
    """
    return _Walk(limits).run(data)
