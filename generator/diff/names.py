"""What a target supplies to the drift report: its names for the API's parts.

The comparison (`compare.py`, `types.py`) works on the language-neutral IR and never spells a name;
it asks a `Names` of the target whose users it speaks for: the call path of an operation, the
argument a parameter became, the class a schema became, and how a type or a value is written in
that language. A target plugs in by providing one (`generator/targets/<name>/diff_names.py`) as
its `Target.names`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ..ir.types import TypeNode


@dataclass(frozen=True, slots=True)
class Spelled:
    """A name in the target language, and the type written beside it there."""

    name: str
    type: str


class Names(Protocol):
    """One target's names for one version of an API (each version gets its own)."""

    target: str
    sdk_version: (
        str  # the version the SDK is generated at from this version of the document
    )

    def method(self, operation_id: str) -> str | None:
        """The call path (`llm.responses.cancel`); None when the target makes no method of it."""

    def argument(
        self, operation_id: str, location: str, wire_name: str
    ) -> Spelled | None:
        """The argument a parameter (or, at location `body`, a body field) became; None when the
        target takes it some other way (a credential argument, say)."""

    def model(self, definition_id: str) -> str:
        """The name a named schema has in the SDK."""

    def field(
        self, owner: str | None, wire_names: tuple[str, ...], wire_name: str
    ) -> Spelled | None:
        """The attribute a property became in the model `owner` (a definition id; None for an
        inline object), among the object's `wire_names`; None when the target cannot say.
        """

    def type(self, node: TypeNode) -> str:
        """`node` written in the target language."""

    def literal(self, value: Any) -> str:
        """An enum value written in the target language."""


# A target's names for one version of the API, from the view the target lowered it to.
NamesFactory = Callable[[Any], Names]


def names_for(target: str) -> NamesFactory:
    """The names of `target`; a KeyError when it has none (it cannot explain drift yet)."""
    from ..targets import TARGETS

    factory = TARGETS[target].names
    if factory is None:
        raise KeyError(target)
    return factory
