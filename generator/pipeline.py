"""The pure core: spec in, `{path: text}` out. Nothing here writes to disk.

load -> validate -> normalize (to the OpenAPI 3.1 shape) -> build IR -> per target: lower
(`analyze`), render, format (+ the output manifest)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, SpecError, join_pointer, shorten_quotes
from .ir import build_api
from .limits import DEFAULT_LIMITS, Limits
from .load import load_spec
from .naming import package_problem
from .normalize import normalize_spec
from .output_paths import OUTPUT_MANIFEST, require_safe_output_paths
from .render import load_template_set, render
from .formatted import NOTHING, FormattedOutput, PreviousOutput
from .progress import Progress, silent
from .targets import TARGETS
from .targets.python import PYTHON
from .validate import validate_spec


def builtin_templates() -> Path:
    """The built-in Python template set: this checkout's templates/python, or the installed copy."""
    return PYTHON.templates()


@dataclass(frozen=True, slots=True)
class Generated:
    """What the generator produces for a spec: the files, and any warnings on the way."""

    files: dict[str, str]
    warnings: tuple[Diagnostic, ...]


def generate(
    spec_path: Path | str,
    *,
    package: str | None = None,
    overlays: Sequence[Path] = (),
    allow_external_refs: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    strict: bool = False,
    target_name: str = "python",
    previous: PreviousOutput = NOTHING,
    progress: Progress = silent,
) -> Generated:
    """Run the pipeline; raises SpecError (with diagnostics) on bad input.

    `previous` is what an earlier run's output folder holds (read by the caller): files it
    formatted from exactly what this run renders are taken from it instead of formatted again.
    """
    target = TARGETS[target_name]
    sdk, warnings = analyze(
        spec_path,
        package=package,
        allow_external_refs=allow_external_refs,
        limits=limits,
        strict=strict,
        target_name=target_name,
        progress=progress,
    )
    folders = tuple(
        dict.fromkeys((*(Path(o).resolve() for o in overlays), target.templates()))
    )
    template_set = load_template_set(folders)
    rendered = render(template_set, sdk, progress)
    require_safe_output_paths(rendered, template_set, sdk)  # before anything is written
    formatted = target.format(rendered, previous, progress)
    files = formatted.files
    files[OUTPUT_MANIFEST] = manifest_text(sdk.source.raw, files, formatted)
    return Generated(files, warnings)


def analyze(
    spec_path: Path | str,
    *,
    package: str | None = None,
    allow_external_refs: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    strict: bool = False,
    target_name: str = "python",
    progress: Progress = silent,
) -> tuple[Any, tuple[Diagnostic, ...]]:
    """Load, validate, normalize, build the IR and lower it for the target: the target's view
    and every warning about the document, each once. Raises SpecError on errors, and under
    `strict` on any warning (made an error).

    Validation findings that leave the document usable are warnings (see validate.py); if the IR
    still cannot be built past them, they are the errors.
    """
    problem = package_problem(package) if package is not None else None
    if problem is not None:
        message = f"the package name {package!r} {problem}"
        raise SpecError([Diagnostic(message, "--package", "")])
    progress("reading the spec", 0, 0)
    spec = load_spec(spec_path, allow_external_refs=allow_external_refs, limits=limits)
    progress("validating", 0, 0)
    findings = validate_spec(spec)
    try:
        progress("reading operations and schemas", 0, 0)
        spec, upgrade_warnings = normalize_spec(spec)
        api, reading = build_api(spec)
        progress("naming and typing", 0, 0)
        sdk, lowering = TARGETS[target_name].lower(
            api, package, (*upgrade_warnings, *reading)
        )
        built = [*upgrade_warnings, *reading, *lowering]
        if any(d.severity == "error" for d in built):
            raise SpecError(sorted(built, key=lambda d: (d.file, d.line or 0)))
    except SpecError as error:
        raise SpecError(_unique((*findings, *error.diagnostics))) from None
    except (
        Exception
    ) as crash:  # noqa: BLE001 - on a valid document it is a bug: re-raised
        if not findings:
            raise
        why = f"{type(crash).__name__}: {shorten_quotes(str(crash))}"
        message = (
            f"sdkgen cannot build an SDK past the problems in this document ({why})"
        )
        stopped = spec.root.diagnostic("", message)
        raise SpecError([*_as_errors(findings), stopped]) from crash
    warnings = _unique((*findings, *built))
    if strict and warnings:
        raise SpecError(_as_errors(warnings))
    return sdk, warnings


def _unique(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(dict.fromkeys(diagnostics))


def _as_errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [replace(d, severity="error") for d in diagnostics]


def manifest_text(
    source: str, files: dict[str, str], formatted: FormattedOutput | None = None
) -> str:
    """The manifest that records which files the generator made (so `write` may replace them)
    and, for each formatted file, the SHA-256 of what was rendered and of what was written (so a
    later run that renders the same text need not format it again: reuse.py)."""
    document: dict[str, Any] = {
        "generator": "sdkgen",
        "source": source,
        "files": sorted(files),
    }
    if formatted is not None and formatted.records:
        document["formatter"] = formatted.formatter
        document["formatted"] = {
            path: f"{record.rendered} {record.written}"
            for path, record in sorted(formatted.records.items())
        }
    return json.dumps(document, indent=2) + "\n"


def read_manifest(text: str) -> list[tuple[str, object]] | None:
    """The entries of a manifest's `files` list, each with its JSON pointer (`/files/3`), unchecked:
    a manifest is committed, so anyone may have edited it. None if `text` is not a manifest.
    """
    parsed = _parsed_manifest(text)
    if parsed is None:
        return None
    _, files = parsed
    return [(join_pointer("/files", index), entry) for index, entry in enumerate(files)]


def widened_manifest(text: str, extra: Iterable[str]) -> str | None:
    """The manifest `text` also listing `extra`. `write` puts it in place while it moves files, so
    that a run killed half-way leaves no file that the manifest on disk does not list. None if
    `text` is not a manifest.
    """
    parsed = _parsed_manifest(text)
    if parsed is None:
        return None
    document, files = parsed
    document["files"] = sorted({*(f for f in files if isinstance(f, str)), *extra})
    return json.dumps(document, indent=2) + "\n"


def _parsed_manifest(text: str) -> tuple[dict[str, Any], list[Any]] | None:
    """The manifest document and its `files` list, or None if `text` is not a manifest."""
    try:
        document = json.loads(text)
    except (
        ValueError,
        RecursionError,
    ):  # RecursionError: `[[[[...` nested past the stack
        return None
    files = document.get("files") if isinstance(document, dict) else None
    return (document, files) if isinstance(files, list) else None
