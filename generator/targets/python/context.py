"""The mutable drafts and small value types the type lowering works with."""

from __future__ import annotations

from dataclasses import dataclass, field

from .view import ModelField


@dataclass
class Owner:
    """Whoever an annotation is written for: its module receives inline classes and imports."""

    module: str
    deps: set[str] = field(
        default_factory=set
    )  # definition names the annotation refers to
    uses: set[str] = field(
        default_factory=set
    )  # special names: Any, Literal, Annotated, Field, UnknownStr, UnknownVariant


# The runtime's types for values a newer server may send (`_runtime/_lenient.py`).
UNKNOWN_VALUE_TYPES = frozenset({"UnknownStr", "UnknownVariant"})


@dataclass
class DraftDefinition(Owner):
    """A definition being built (mutable until `modules()` freezes it)."""

    name: str = ""
    order: int = 0
    is_class: bool = False
    doc: str = ""
    fields: list[ModelField] = field(default_factory=list)
    annotation: str = ""


@dataclass(frozen=True, slots=True)
class PyType:
    """An annotation, and whether None is one of its values."""

    text: str
    nullable: bool = False

    def with_none(self) -> str:
        if self.text in ("None", "Any"):
            return self.text
        return f"{self.text} | None" if self.nullable else self.text

    def optional(self) -> str:
        return self.text if self.text in ("None", "Any") else f"{self.text} | None"
