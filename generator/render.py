"""Render: the IR through a template set, into `{path: text}`.

A template set is a folder of Jinja templates plus `templates.yaml`, which declares for each template
what it renders for (`once`, `model`, `resource`, `operation`) and the output path (itself a Jinja
expression over the same variables). Overlay folders are searched first: a file there replaces the
built-in file of the same name, and their `templates.yaml` entries add to (or, for the same template,
replace) the built-in declarations.

A declared file that is not a `.j2` template is hand-written code (the SDK's runtime) and is copied
as it is, after the DO-NOT-EDIT header; so it stays real code in the repository, which black, mypy
and the tests check as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from .progress import Progress, silent
from .diagnostics import Diagnostic, SpecError, join_pointer
from .load import load_spec
from .text import RawSpecText, SpecText

MANIFEST = "templates.yaml"
KINDS = ("once", "model", "resource", "operation")
TEMPLATE_SUFFIX = ".j2"
# The DO-NOT-EDIT line a copied file starts with, by file type (other files are copied unchanged).
_COPY_HEADERS = {".py": "# {}\n", ".ts": "// {}\n", ".js": "// {}\n"}


@dataclass(frozen=True, slots=True)
class OutputDeclaration:
    """One `templates.yaml` entry: render `template` for each `kind` item into `path`."""

    template: str
    kind: str
    path: str


@dataclass(frozen=True)
class TemplateSet:
    """The folders templates are looked up in (first wins) and the merged declarations."""

    folders: tuple[Path, ...]
    declarations: tuple[OutputDeclaration, ...]


def load_template_set(folders: Sequence[Path]) -> TemplateSet:
    """Merge the declarations of `folders`, the first folder taking precedence."""
    missing = [folder for folder in folders if not folder.is_dir()]
    if missing:
        raise SpecError(
            [Diagnostic("template folder not found", str(f), "") for f in missing]
        )
    merged: dict[str, OutputDeclaration] = {}
    for folder in reversed(folders):
        manifest_path = folder / MANIFEST
        if manifest_path.is_file():
            for declaration in _read_manifest(manifest_path, folders):
                merged[declaration.template] = declaration
    if not merged:
        where = ", ".join(str(f) for f in folders)
        raise SpecError([Diagnostic(f"no {MANIFEST} declares any template", where, "")])
    return TemplateSet(tuple(folders), tuple(merged.values()))


def _read_manifest(path: Path, folders: Sequence[Path]) -> list[OutputDeclaration]:
    source = load_spec(path).root
    entries = source.data.get("outputs") if isinstance(source.data, dict) else None
    if not isinstance(entries, list):
        raise SpecError(
            [source.diagnostic("", "expected a mapping with an `outputs` list")]
        )
    found, problems = [], []
    for index, entry in enumerate(entries):
        pointer = join_pointer("/outputs", index)
        problem = _entry_problem(entry, folders)
        if problem is not None:
            problems.append(source.diagnostic(pointer, problem))
        else:
            found.append(
                OutputDeclaration(entry["template"], entry["for"], entry["path"])
            )
    if problems:
        raise SpecError(problems)
    return found


def _entry_problem(entry: Any, folders: Sequence[Path]) -> str | None:
    if not isinstance(entry, dict) or not all(
        isinstance(entry.get(k), str) for k in ("template", "for", "path")
    ):
        return "each output needs string `template`, `for` and `path`"
    if entry["for"] not in KINDS:
        return f"`for` must be one of {', '.join(KINDS)}, not {entry['for']!r}"
    if not any((folder / entry["template"]).is_file() for folder in folders):
        return f"template file not found: {entry['template']}"
    return None


def make_environment(
    folders: Iterable[Path], filters: Mapping[str, Callable[..., Any]] | None = None
) -> jinja2.Environment:
    """The one Jinja environment: strict about undefined names, no autoescape, our filters, and
    no way to print spec text except through one of them."""
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(f)) for f in folders]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=_refuse_spec_text,
    )
    environment.filters.update(_python_filters() if filters is None else filters)
    return environment


def _python_filters() -> Mapping[str, Callable[..., Any]]:
    """The Python target's filters, the default for callers that name no target."""
    from .targets.python.filters import FILTERS

    return FILTERS


def _refuse_spec_text(value: Any) -> Any:
    """Jinja's last step before printing `{{ value }}`: spec text must have been escaped by now."""
    if isinstance(value, SpecText):
        str(value)  # raises RawSpecText, which says which filters escape it
    return value


def render(
    template_set: TemplateSet,
    sdk: Any,
    progress: Progress = silent,
    filters: Mapping[str, Callable[..., Any]] | None = None,
) -> dict[str, str]:
    """Every declared output for `sdk` (a target's view), keyed by POSIX path relative to the
    output folder. `filters` are the target's (its `comment` filter writes a copied file's
    DO-NOT-EDIT line); the Python target's by default."""
    environment = make_environment(template_set.folders, filters)
    environment.globals["header"] = sdk.header
    items: dict[str, Sequence[dict[str, Any]]] = {
        "once": [{}],
        "model": [{"model": m} for m in sdk.models],
        "resource": [{"resource": r} for r in sdk.resources],
        "operation": [{"operation": o} for o in sdk.operations],
    }
    files: dict[str, str] = {}
    origin: dict[str, str] = {}
    total = sum(len(items[d.kind]) for d in template_set.declarations)
    for declaration in template_set.declarations:
        template = _template(environment, declaration.template, template_set)
        path_template = environment.from_string(declaration.path)
        if isinstance(template, _CopiedFile):
            template = _CopiedFile(
                template.text, template.header_format, environment.filters["comment"]
            )
        for extra in items[declaration.kind]:
            context = {"sdk": sdk, **extra}
            path = _render(path_template, context, declaration.template, "path").strip()
            if path in files:
                raise SpecError(
                    [
                        Diagnostic(
                            f"{declaration.template} and {origin[path]} both render {path}",
                            MANIFEST,
                            "",
                        )
                    ]
                )
            progress("rendering", len(files), total)
            files[path] = _render(template, context, declaration.template, "body")
            origin[path] = declaration.template
    return files


@dataclass(frozen=True, slots=True)
class _CopiedFile:
    """A hand-written file, rendered as its text after the DO-NOT-EDIT header."""

    text: str
    header_format: str
    comment: Callable[[Any], str] = str

    def render(self, context: dict[str, Any]) -> str:
        return (
            self.header_format.format(self.comment(context["sdk"].header)) + self.text
        )


def _template(
    environment: jinja2.Environment, name: str, template_set: TemplateSet
) -> jinja2.Template | _CopiedFile:
    if not name.endswith(TEMPLATE_SUFFIX):
        text = Path(_template_path(name, template_set)).read_text("utf-8")
        return _CopiedFile(text, _COPY_HEADERS.get(Path(name).suffix, ""))
    try:
        return environment.get_template(name)
    except jinja2.TemplateSyntaxError as error:
        raise SpecError(
            [
                Diagnostic(
                    f"template syntax error: {error.message}",
                    _template_path(name, template_set),
                    "",
                    error.lineno,
                )
            ]
        ) from None


def _render(
    template: jinja2.Template | _CopiedFile,
    context: dict[str, Any],
    name: str,
    what: str,
) -> str:
    try:
        return template.render(context)
    except (jinja2.TemplateError, RawSpecText) as error:
        line = _template_line(error)
        raise SpecError(
            [Diagnostic(f"cannot render the {what}: {error}", name, "", line)]
        ) from None


def _template_line(error: BaseException) -> int | None:
    traceback = error.__traceback__
    line = None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename.endswith(".j2"):
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def _template_path(name: str, template_set: TemplateSet) -> str:
    for folder in template_set.folders:
        if (folder / name).is_file():
            return str(folder / name)
    return name
