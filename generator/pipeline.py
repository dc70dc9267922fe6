"""The pure core: spec in, `{path: text}` out. Nothing here writes to disk.

load -> validate -> normalize (to the OpenAPI 3.1 shape) -> build IR -> per target: lower,
render, format
(+ the output manifest)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, SpecError, join_pointer
from .ir import build_api
from .limits import DEFAULT_LIMITS, Limits
from .load import load_spec
from .naming import package_problem
from .normalize import normalize_spec
from .output_paths import OUTPUT_MANIFEST, require_safe_output_paths
from .render import load_template_set, render
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
    target_name: str = "python",
) -> Generated:
    """Run the pipeline; raises SpecError (with diagnostics) on bad input."""
    problem = package_problem(package) if package is not None else None
    if problem is not None:
        message = f"the package name {package!r} {problem}"
        raise SpecError([Diagnostic(message, "--package", "")])
    spec = load_spec(spec_path, allow_external_refs=allow_external_refs, limits=limits)
    validate_spec(spec)
    spec, upgrade_warnings = normalize_spec(spec)
    target = TARGETS[target_name]
    api, reading = build_api(spec)
    sdk, lowering = target.lower(api, package)
    warnings = [*upgrade_warnings, *reading, *lowering]
    if any(d.severity == "error" for d in warnings):
        raise SpecError(sorted(warnings, key=lambda d: (d.file, d.line or 0)))
    folders = tuple(
        dict.fromkeys((*(Path(o).resolve() for o in overlays), target.templates()))
    )
    template_set = load_template_set(folders)
    rendered = render(template_set, sdk)
    require_safe_output_paths(rendered, template_set, sdk)  # before anything is written
    files = target.format(rendered)
    files[OUTPUT_MANIFEST] = manifest_text(sdk.source.raw, files)
    return Generated(files, tuple(warnings))


def manifest_text(source: str, files: dict[str, str]) -> str:
    """The manifest that records which files the generator made (so `write` may replace them)."""
    document = {"generator": "sdkgen", "source": source, "files": sorted(files)}
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
