"""The IR stays language-neutral: generator/ir/ imports nothing of a target, and its records hold
no Python source text (only facts, type nodes and spec text)."""

from __future__ import annotations

import ast
import dataclasses
import typing
from pathlib import Path

from generator.ir import api, types

IR = Path(__file__).resolve().parent.parent / "generator" / "ir"
# Modules that make or hold Python spellings: the Python target's business.
_TARGET_MODULES = {"targets", "naming", "reserved", "filters", "render", "format"}


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            found.add((node.module or "").split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if parts[0] == "generator" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_the_ir_imports_no_target_module() -> None:
    offenders = {
        path.name: sorted(_imported_modules(path) & _TARGET_MODULES)
        for path in sorted(IR.glob("*.py"))
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_ir_records_have_no_field_for_source_text() -> None:
    """Fields are typed as facts: SpecText, type nodes, other records, numbers, booleans, plain
    names (`str`) whose meaning the docstrings give; none is an annotation or an expression.
    """
    suspicious = ("annotation", "expression", "parse", "import", "literal", "code")
    records = [
        value
        for module in (api, types)
        for value in vars(module).values()
        if dataclasses.is_dataclass(value) and value.__module__ == module.__name__
    ]
    assert len(records) >= 15
    for record in records:
        hints = typing.get_type_hints(record)
        for field in dataclasses.fields(record):
            assert not any(word in field.name for word in suspicious), (
                record.__name__,
                field.name,
            )
            assert field.name in hints
