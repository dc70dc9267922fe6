"""The pure core: spec in, `{path: text}` out. Nothing here writes to disk.

load -> validate -> normalize (to the OpenAPI 3.1 shape) -> build IR -> per target: lower
(`analyze`), render, format (+ the output manifest)
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, SpecError, join_pointer, shorten_quotes
from .ir import build_api
from .ir.api import Api
from .limits import DEFAULT_LIMITS, Limits
from .load import SpecSource, load_spec
from .naming import package_problem
from .normalize import normalize_spec
from .output_paths import OUTPUT_MANIFEST, require_safe_output_paths
from .render import load_template_set, render
from .formatted import NOTHING, FormattedOutput, PreviousOutput
from .progress import Progress, silent
from .diff.versioning import CHANGELOG, Release, changelog, manifest_fields
from .targets import TARGETS
from .validate import validate_spec


def builtin_templates() -> Path:
    """The built-in Python template set: this checkout's templates/python, or the installed copy."""
    return TARGETS["python"].templates()


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
    release: Release | None = None,
    packages: Mapping[str, str] | None = None,
) -> Generated:
    """Run the pipeline; raises SpecError (with diagnostics) on bad input.

    `previous` is what an earlier run's output folder holds (read by the caller): files it
    formatted from exactly what this run renders are taken from it instead of formatted again.
    `release` is the SDK's version and changelog as the manifest keeps them (diff/versioning.py).
    `packages` are the configured package names of every target (by name), for a target that
    shows other targets' calls (the docs).
    """
    target = TARGETS[target_name]
    found = analysis(
        spec_path,
        package=package,
        packages=packages,
        allow_external_refs=allow_external_refs,
        limits=limits,
        strict=strict,
        target_name=target_name,
        progress=progress,
    )
    sdk, warnings = found.view, found.warnings
    blobs = spec_blobs(found.spec)
    del found  # the loaded files and the IR are not needed past lowering: free them early
    if release is not None and target.with_version is not None:
        sdk = target.with_version(sdk, release.version)
    folders = tuple(
        dict.fromkeys((*(Path(o).resolve() for o in overlays), target.templates()))
    )
    template_set = load_template_set(folders)
    rendered = render(template_set, sdk, progress, target.filters)
    require_safe_output_paths(
        rendered, template_set, sdk, target.filters
    )  # before anything is written
    if release is not None:
        _add_changelog(rendered, release, overlays)
    formatted = target.format(rendered, previous, progress)
    files = formatted.files
    files[OUTPUT_MANIFEST] = manifest_text(
        sdk.source.raw,
        files,
        formatted,
        blobs,
        manifest_fields(release) if release is not None else None,
    )
    return Generated(files, warnings)


def _add_changelog(
    rendered: dict[str, str], release: Release, overlays: Sequence[Path]
) -> None:
    text = changelog(release, tuple(Path(o).resolve() for o in overlays))
    if text is None:
        return
    if CHANGELOG in rendered:
        message = f"the templates already make {CHANGELOG}, which --bump-version writes"
        raise SpecError([Diagnostic(message, CHANGELOG, "")])
    rendered[CHANGELOG] = text


@dataclass(frozen=True, slots=True)
class Analysis:
    """A document read for a target: the files loaded, its IR, the target's view, the warnings."""

    spec: SpecSource
    api: Api
    view: Any
    warnings: tuple[Diagnostic, ...]


def analyze(
    spec_path: Path | str,
    *,
    package: str | None = None,
    allow_external_refs: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    strict: bool = False,
    target_name: str = "python",
    progress: Progress = silent,
    packages: Mapping[str, str] | None = None,
) -> tuple[Any, tuple[Diagnostic, ...]]:
    """The target's view of the document and every warning about it (see `analysis`)."""
    found = analysis(
        spec_path,
        package=package,
        packages=packages,
        allow_external_refs=allow_external_refs,
        limits=limits,
        strict=strict,
        target_name=target_name,
        progress=progress,
    )
    return found.view, found.warnings


def analysis(
    spec_path: Path | str,
    *,
    package: str | None = None,
    allow_external_refs: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    strict: bool = False,
    target_name: str = "python",
    progress: Progress = silent,
    packages: Mapping[str, str] | None = None,
) -> Analysis:
    """Load, validate, normalize, build the IR and lower it for the target: the target's view
    and every warning about the document, each once. Raises SpecError on errors, and under
    `strict` on any warning (made an error).

    Validation findings that leave the document usable are warnings (see validate.py); if the IR
    still cannot be built past them, they are the errors.
    """
    # The Python target's package is an import name, checked before any work; other targets
    # check their own in lowering (an npm name for TypeScript).
    python = target_name == "python"
    problem = package_problem(package) if package is not None and python else None
    if problem is not None:
        message = f"the package name {package!r} {problem}"
        raise SpecError([Diagnostic(message, "--package", "")])
    progress("reading the spec", 0, 0)
    loaded = load_spec(
        spec_path, allow_external_refs=allow_external_refs, limits=limits
    )
    progress("validating", 0, 0)
    findings = validate_spec(loaded)
    spec = loaded
    try:
        progress("reading operations and schemas", 0, 0)
        spec, upgrade_warnings = normalize_spec(spec)
        api, reading = build_api(spec)
        progress("naming and typing", 0, 0)
        sdk, lowering = TARGETS[target_name].lower_api(
            api, package, (*upgrade_warnings, *reading), packages
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
    return Analysis(loaded, api, sdk, warnings)


def _unique(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(dict.fromkeys(diagnostics))


def _as_errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [replace(d, severity="error") for d in diagnostics]


def manifest_text(
    source: str,
    files: dict[str, str],
    formatted: FormattedOutput | None = None,
    spec_files: dict[str, str] | None = None,
    release: dict[str, Any] | None = None,
) -> str:
    """The manifest that records which files the generator made (so `write` may replace them),
    for each formatted file the SHA-256 of what was rendered and of what was written (so a
    later run that renders the same text need not format it again: reuse.py), and the git blob
    id of each spec file it was generated from (so `check` can say what a spec change does to
    users: generator/diff/sources.py finds that spec in the repository by these ids)."""
    document: dict[str, Any] = {
        "generator": "sdkgen",
        "source": source,
        "files": sorted(files),
    }
    if spec_files:
        document["spec_files"] = dict(sorted(spec_files.items()))
    document.update(release or {})
    if formatted is not None and formatted.records:
        document["formatter"] = formatted.formatter
        document["formatted"] = {
            path: f"{record.rendered} {record.written}"
            for path, record in sorted(formatted.records.items())
        }
    return json.dumps(document, indent=2) + "\n"


def spec_blobs(spec: SpecSource) -> dict[str, str]:
    """Each file of the spec, by its path from the root document's folder (`/`-separated), with
    the id git gives its content (a SHA-1 blob id): enough to find that exact spec again in the
    repository, and nothing of its content."""
    folder = spec.root.path.parent
    blobs = {}
    for path, source in spec.files.items():
        data = source.text.encode("utf-8")
        digest = hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False)
        blobs[Path(os.path.relpath(path, folder)).as_posix()] = digest.hexdigest()
    return blobs


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
