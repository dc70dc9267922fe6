"""docs/templates.md: what a template can read, written from the dataclasses themselves.

A template's context is a target's view (`generator/targets/<name>/view.py`), lowered from the
language-neutral IR (`generator/ir/api.py`, `generator/ir/types.py`). This module reads those
files' source (class and field names, annotations, docstrings, and the comments beside or above
each field) and each registered target's filters, and writes the reference. `tests/
test_template_docs.py` fails when the dataclasses change and the reference was not rewritten:

    PYTHONPATH=. .venv/bin/python -m generator.template_docs          # rewrite docs/templates.md
    PYTHONPATH=. .venv/bin/python -m generator.template_docs --check  # exit 1 if it is stale
"""

from __future__ import annotations

import ast
import importlib
import inspect
import io
import sys
import tokenize
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .targets import TARGETS

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "templates.md"
REGENERATE = "PYTHONPATH=. .venv/bin/python -m generator.template_docs"
IR_MODULES = ("generator/ir/api.py", "generator/ir/types.py")


@dataclass(frozen=True, slots=True)
class FieldDoc:
    name: str
    annotation: str
    comment: str


@dataclass(frozen=True, slots=True)
class ClassDoc:
    name: str
    doc: str
    fields: tuple[FieldDoc, ...]
    properties: tuple[
        FieldDoc, ...
    ]  # read-only properties, documented by their docstring


@dataclass(frozen=True, slots=True)
class AliasDoc:
    name: str
    value: str
    comment: str


def read_module(path: str) -> tuple[list[ClassDoc], list[AliasDoc]]:
    """The dataclasses and module-level type aliases of one source file, in file order."""
    source = (ROOT / path).read_text("utf-8")
    tree = ast.parse(source)
    comments = _comments(source)
    classes, aliases = [], []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and any(
            "dataclass" in ast.unparse(d) for d in node.decorator_list
        ):
            classes.append(_class_doc(node, comments))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and _is_alias(node):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            assert isinstance(target, ast.Name) and node.value is not None
            aliases.append(
                AliasDoc(
                    target.id, ast.unparse(node.value), _comment_for(node, comments)
                )
            )
    return classes, aliases


def _is_alias(node: ast.Assign | ast.AnnAssign) -> bool:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return (
        len(targets) == 1
        and isinstance(targets[0], ast.Name)
        and targets[0].id[:1].isupper()
        and not targets[0].id.isupper()
        and isinstance(node.value, (ast.Subscript, ast.BinOp))
    )


def _comments(source: str) -> dict[int, tuple[str, bool]]:
    """Each comment by line: its text, and whether it is alone on its line."""
    found = {}
    lines = source.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, column = token.start
            alone = not lines[row - 1][:column].strip()
            found[row] = (token.string.lstrip("#").strip(), alone)
    return found


def _comment_for(node: ast.stmt, comments: dict[int, tuple[str, bool]]) -> str:
    """The comments on a statement's own lines, after those on the lines just above it."""
    above: list[str] = []
    row = node.lineno - 1
    while row in comments and comments[row][1]:
        above.insert(0, comments[row][0])
        row -= 1
    end = node.end_lineno or node.lineno
    beside = [comments[r][0] for r in range(node.lineno, end + 1) if r in comments]
    return " ".join(part for part in (*above, *beside) if part)


def _class_doc(node: ast.ClassDef, comments: dict[int, tuple[str, bool]]) -> ClassDoc:
    fields, properties = [], []
    for item in node.body:
        if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            annotation = " ".join(ast.unparse(item.annotation).split())
            fields.append(
                FieldDoc(item.target.id, annotation, _comment_for(item, comments))
            )
        elif isinstance(item, ast.FunctionDef) and any(
            ast.unparse(d) == "property" for d in item.decorator_list
        ):
            returns = ast.unparse(item.returns) if item.returns else ""
            doc = " ".join((ast.get_docstring(item) or "").split())
            properties.append(FieldDoc(item.name, returns, doc))
    doc = " ".join((ast.get_docstring(node) or "").split())
    return ClassDoc(node.name, doc, tuple(fields), tuple(properties))


def _cell(text: str) -> str:
    """Our own source text for a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    ticks = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{ticks}{pad}{_cell(text)}{pad}{ticks}"


def _module_section(path: str, level: str) -> list[str]:
    classes, aliases = read_module(path)
    lines = []
    for alias in aliases:
        note = f": {alias.comment}" if alias.comment else ""
        lines.append(f"- {_code(alias.name)} = {_code(alias.value)}{note}")
    if aliases:
        lines.append("")
    for doc in classes:
        lines += [f"{level} `{doc.name}`", ""]
        if doc.doc:
            lines += [doc.doc, ""]
        if not doc.fields and not doc.properties:
            lines += ["(no fields)", ""]
            continue
        lines += ["| Field | Type | Meaning |", "| --- | --- | --- |"]
        for field in doc.fields:
            lines.append(
                f"| {_code(field.name)} | {_code(field.annotation)} | {_cell(field.comment)} |"
            )
        for prop in doc.properties:
            lines.append(
                f"| {_code(prop.name)} (property) | {_code(prop.annotation)} | {_cell(prop.comment)} |"
            )
        lines.append("")
    return lines


def _filter_lines(filters: dict[str, Callable[..., Any]]) -> list[str]:
    lines = ["| Filter | Signature | What it does |", "| --- | --- | --- |"]
    for name, function in sorted(filters.items()):
        try:
            signature = str(inspect.signature(function))
        except (TypeError, ValueError):
            signature = "(...)"
        summary = (inspect.getdoc(function) or "").split("\n\n")[0]
        lines.append(
            f"| `{name}` | {_code(signature)} | {_cell(' '.join(summary.split()))} |"
        )
    return lines + [""]


def _view_module(target_name: str) -> str | None:
    """The target's view module, as a path from the repository root, if it has one."""
    target = TARGETS[target_name]
    package = target.lower.__module__.rsplit(".", 1)[0]
    try:
        module = importlib.import_module(f"{package}.view")
    except ImportError:
        return None
    file = getattr(module, "__file__", None)
    return Path(file).resolve().relative_to(ROOT).as_posix() if file else None


def reference() -> str:
    """The text of docs/templates.md."""
    lines = [
        "<!-- Generated by `python -m generator.template_docs` from the dataclasses it names. "
        "DO NOT EDIT: change the dataclasses (and their comments) and regenerate. -->",
        "# What templates read",
        "",
        "A template set is a folder of Jinja templates and a `templates.yaml` that declares, for "
        "each template, what it renders for (`once`, `model`, `resource`, `operation`) and the "
        "output path (itself a Jinja expression). `sdkgen init-templates DIR --target NAME` copies "
        "a target's set to edit; `sdkgen generate --target NAME --templates DIR` reads DIR first, "
        "so DIR needs only the files you change. The README walks through an example.",
        "",
        "Every template sees `sdk`, the target's view (the root record of its view module below), "
        "and, depending on `for:`, one `model`, `resource` or `operation` of it; the global "
        "`header` is the DO-NOT-EDIT line. Text from the document is `SpecText`: a template can "
        "print it only through one of the target's escaping filters (printing it bare is an "
        "error naming the template and line). The environment is strict: an undefined name is "
        "an error, not an empty string.",
        "",
        "## Filters",
        "",
        "Each target registers its filters in one place, the `FILTERS` dict of "
        "`generator/targets/<name>/filters.py`, which is all its templates get (`Target.filters`); "
        "a new filter is a function added there, with a unit test.",
        "",
    ]
    for name in sorted(TARGETS):
        lines += [f"### `{name}`", ""] + _filter_lines(TARGETS[name].filters)
    lines += ["## The views, target by target", ""]
    for name in sorted(TARGETS):
        module = _view_module(name)
        lines += [f"### Target `{name}`: `{module}`", ""]
        lines += _module_section(module, "####") if module else ["(no view module)", ""]
    lines += [
        "## The IR the views are lowered from",
        "",
        "Language-neutral facts about the API (`generator/ir/`): a target's lowering reads "
        "these, and a new target starts from them.",
        "",
    ]
    for module in IR_MODULES:
        lines += [f"### `{module}`", ""] + _module_section(module, "####")
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    text = reference()
    current = REFERENCE.read_text("utf-8") if REFERENCE.is_file() else None
    if args == ["--check"]:
        if current == text:
            return 0
        print(f"{REFERENCE.relative_to(ROOT)} is out of date: run `{REGENERATE}`")
        return 1
    if current != text:
        REFERENCE.write_text(text, "utf-8")
    print(f"sdkgen: {REFERENCE.relative_to(ROOT)} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
