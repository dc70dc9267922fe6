"""The mutable drafts and small value types the schema translator works with."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import join_pointer
from ..load import SourceFile
from .model import ModelField


@dataclass
class Owner:
    """Whoever an annotation is written for: its module receives inline classes and imports."""

    module: str
    deps: set[str] = field(
        default_factory=set
    )  # definition names the annotation refers to
    uses: set[str] = field(
        default_factory=set
    )  # special names: Any, Literal, Annotated, Field


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
class Context:
    """Where a schema sits: its file and pointer (for refs and diagnostics), and who needs it."""

    file: SourceFile
    pointer: str
    owner: Owner
    hint: str  # class name to use if this schema is an inline object
    top: bool = False  # the schema is the whole body of a named definition

    def at(self, *tokens: str | int, hint: str | None = None) -> Context:
        return Context(
            self.file,
            join_pointer(self.pointer, *tokens),
            self.owner,
            hint or self.hint,
        )

    def owned_by(self, owner: Owner) -> Context:
        return Context(self.file, self.pointer, owner, self.hint, self.top)


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
