"""The pure core: spec in, `{path: text}` out. Nothing here writes to disk.

load -> validate -> build IR -> render -> format (+ the output manifest)
"""

from __future__ import annotations

import json
from importlib import resources
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .format import format_files
from .ir import build_sdk
from .limits import DEFAULT_LIMITS, Limits
from .load import load_spec
from .render import load_template_set, render
from .validate import validate_spec

OUTPUT_MANIFEST = ".sdkgen-manifest.json"


def builtin_templates() -> Path:
    """The built-in template set: this checkout's templates/python, or the installed copy."""
    checkout = Path(__file__).resolve().parent.parent / "templates" / "python"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("sdkgen_templates") / "python"))


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
) -> Generated:
    """Run the pipeline; raises SpecError (with diagnostics) on bad input."""
    spec = load_spec(spec_path, allow_external_refs=allow_external_refs, limits=limits)
    validate_spec(spec)
    sdk, warnings = build_sdk(spec, package)
    folders = tuple(
        dict.fromkeys((*(Path(o).resolve() for o in overlays), builtin_templates()))
    )
    files = format_files(render(load_template_set(folders), sdk))
    files[OUTPUT_MANIFEST] = manifest_text(sdk.source, files)
    return Generated(files, tuple(warnings))


def manifest_text(source: str, files: dict[str, str]) -> str:
    """The manifest that records which files the generator made (so `write` may replace them)."""
    document = {"generator": "sdkgen", "source": source, "files": sorted(files)}
    return json.dumps(document, indent=2) + "\n"


def read_manifest(text: str) -> list[str]:
    """The file list of a manifest written by `manifest_text` ([] if unreadable)."""
    try:
        files = json.loads(text).get("files")
    except (ValueError, AttributeError):
        return []
    return [f for f in files if isinstance(f, str)] if isinstance(files, list) else []
