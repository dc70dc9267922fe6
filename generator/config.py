"""Options for a run: command-line flags over `[tool.sdkgen]` in the nearest pyproject.toml."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, SpecError, join_pointer
from .keep import Keep
from .limits import DEFAULT_LIMITS, Limits
from .output_paths import quoted


@dataclass(frozen=True, slots=True)
class Options:
    spec: Path
    out: Path | None
    package: str | None
    templates: tuple[Path, ...]
    allow_external_refs: bool = False
    limits: Limits = DEFAULT_LIMITS
    keep: tuple[
        str, ...
    ] = ()  # the user's own files in the output folder (gitignore patterns)
    force: bool = False  # `generate` may overwrite files that sdkgen did not write
    strict: bool = False  # every warning about the document is an error
    target: str = "python"  # which target (generator/targets/) turns the IR into output
    bump_version: bool = False  # `generate`: bump the SDK's version by the drift report
    # every target's package name for this document, as configured (target name -> name; the
    # flag's for the chosen target): the docs target shows the SDK targets' imports
    packages: tuple[tuple[str, str], ...] = ()


def find_config(start: Path) -> tuple[Path, dict[str, object]] | None:
    """The nearest pyproject.toml at or above `start` that has a [tool.sdkgen] table."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                table = (
                    tomllib.loads(candidate.read_text("utf-8"))
                    .get("tool", {})
                    .get("sdkgen")
                )
            except tomllib.TOMLDecodeError as error:
                raise SpecError(
                    [Diagnostic(f"invalid TOML: {error}", _shown(candidate), "")]
                ) from None
            if isinstance(table, dict):
                return candidate, table
    return None


def resolve_options(
    spec: str | None,
    out: str | None,
    package: str | None,
    templates: list[str] | None,
    cwd: Path,
    *,
    allow_external_refs: bool = False,
    max_spec_mb: int | None = None,
    strict: bool = False,
    target: str | None = None,
) -> Options:
    """Flags win; the config fills the rest. A `--spec` other than the configured one uses none of
    the configured spec's settings (its output folder, package name and `allow_external_refs`
    belong to that spec). `strict` is the project's: it holds for any spec (it only refuses more).
    """
    found = find_config(cwd)
    config_dir, table = (found[0].parent, found[1]) if found else (cwd, {})
    config_file = found[0] if found else cwd / "pyproject.toml"
    chosen = target or _target(table, config_file)
    primary = table.get(
        "target", "python"
    )  # checked above unless a flag chose the target
    tables = _target_tables(table, config_file)
    every_package = {
        name: own["package"]
        for name, own in ((primary, table), *tables.items())
        if isinstance(own.get("package"), str)
    }
    if chosen != primary and chosen in tables:
        # another configured target: its own table's out, package and templates (the top-level
        # ones belong to the primary target); the document and the project's settings are shared
        own = tables[chosen]
        shared = {k: v for k, v in table.items() if k not in _PER_TARGET}
        table = {**shared, **own, "target": chosen}

    def configured(key: str) -> Path | None:
        value = table.get(key)
        if not isinstance(value, str):
            return None
        path = config_dir / value
        if not _inside(path, config_dir):
            # The config is committed, so a pull request may edit it: it chooses paths inside
            # its own project only. A path elsewhere is for the command line to give.
            message = (
                f"[tool.sdkgen] {key} points outside the project folder; "
                f"pass --{key} to use a path there"
            )
            pointer = join_pointer("/tool/sdkgen", key)
            raise SpecError([Diagnostic(message, _shown(config_file), pointer)])
        return Path(_shown(path))

    configured_spec = configured("spec")
    spec_path = Path(spec) if spec else configured_spec
    if spec_path is None:
        raise SpecError(
            [
                Diagnostic(
                    "no spec given: pass --spec PATH or set [tool.sdkgen] spec",
                    "pyproject.toml",
                    "",
                )
            ]
        )
    # (checked only when it is used: a flag that names the target overrides a wrong one)
    configured_target = (
        _target(table, config_file) if target is None else table.get("target", "python")
    )
    # The configured output folder, templates and kept files are the configured target's: a run
    # of another target (`--target docs`) takes its own `--out`, never the SDK's folder.
    same_document = _same_file(spec_path, configured_spec)
    from .targets import (
        TARGETS,
    )  # the targets import the whole lowering: only when asked

    same_target = (
        target is None
        or target == configured_target
        or configured_target
        not in TARGETS  # a wrong name claims nothing for its target
    )
    same_spec = same_document and same_target
    out_path = Path(out) if out else (configured("out") if same_spec else None)
    package_name = package or (
        str(table["package"]) if same_document and "package" in table else None
    )
    packages = dict(every_package) if same_document else {}
    if (
        package is not None
    ):  # the flag names the package of every target the command runs
        packages = {name: package for name in TARGETS}
    elif package_name is not None:
        packages[chosen] = package_name
    overlay_dirs = [Path(t) for t in templates or []]
    if not overlay_dirs and same_target and isinstance(table.get("templates"), str):
        overlay_dirs = [configured("templates")]  # type: ignore[list-item]
    allow_external = allow_external_refs or (
        same_document and _allow_external_refs(table, found)
    )
    megabytes = _spec_megabytes(max_spec_mb, table, found)
    limits = DEFAULT_LIMITS if megabytes is None else Limits().with_spec_mb(megabytes)
    keep = _keep_patterns(table, config_file) if same_spec else ()
    return Options(
        spec_path,
        out_path,
        package_name,
        tuple(overlay_dirs),
        allow_external,
        limits,
        keep,
        strict=strict or _flag(table, "strict", found),
        target=chosen,
        packages=tuple(sorted(packages.items())),
    )


# The keys a target's own table sets ([tool.sdkgen.targets.NAME]); the rest are the project's.
_PER_TARGET = frozenset({"out", "package", "templates", "target", "targets", "keep"})


def configured_targets(cwd: Path) -> tuple[str, ...]:
    """The targets `generate` and `check` run when no --target or --out is given: the primary
    one ([tool.sdkgen] `target`, python by default), then each [tool.sdkgen.targets.NAME].
    """
    found = find_config(cwd)
    if found is None:
        return ("python",)
    config_file, table = found
    primary = _target(table, config_file)
    others = [name for name in _target_tables(table, config_file) if name != primary]
    return (primary, *others)


def _target_tables(
    table: dict[str, object], config_file: Path
) -> dict[str, dict[str, object]]:
    """[tool.sdkgen.targets.NAME] tables, each checked: a known target, with string values."""
    from .targets import TARGETS

    value = table.get("targets", {})
    if not isinstance(value, dict):
        message = "`targets` must be a table of tables ([tool.sdkgen.targets.NAME])"
        raise _config_error(message, config_file, "/tool/sdkgen/targets")
    tables: dict[str, dict[str, object]] = {}
    for name, own in value.items():
        pointer = join_pointer("/tool/sdkgen/targets", name)
        if name not in TARGETS:
            known = ", ".join(sorted(TARGETS))
            raise _config_error(
                f"unknown target; one of: {known}", config_file, pointer
            )
        if not isinstance(own, dict) or not isinstance(own.get("out"), str):
            message = "each target needs its own `out` folder"
            raise _config_error(message, config_file, pointer)
        unknown = sorted(set(own) - {"out", "package", "templates", "keep"})
        if unknown:
            message = f"unknown key `{unknown[0]}` (a target takes out, package, templates, keep)"
            raise _config_error(message, config_file, join_pointer(pointer, unknown[0]))
        tables[name] = own
    return tables


def _target(table: dict[str, object], config_file: Path) -> str:
    """The configured target, which must be one sdkgen has (`python` unless the config says)."""
    from .targets import (
        TARGETS,
    )  # the targets import the whole lowering: only when asked

    value = table.get("target", "python")
    if not isinstance(value, str) or value not in TARGETS:
        known = ", ".join(sorted(TARGETS))
        message = f"`target` must be one of: {known}"
        raise _config_error(message, config_file, "/tool/sdkgen/target")
    return value


def _keep_patterns(table: dict[str, object], config_file: Path) -> tuple[str, ...]:
    """The configured `keep` patterns, each checked to be a valid gitignore pattern."""
    value = table.get("keep", [])
    pointer = "/tool/sdkgen/keep"
    if not isinstance(value, list):
        raise _config_error(
            "`keep` must be a list of patterns (strings)", config_file, pointer
        )
    for index, pattern in enumerate(value):
        where = join_pointer(pointer, index)
        if not isinstance(pattern, str):
            message = "`keep` must be a list of patterns (strings)"
            raise _config_error(message, config_file, where)
        try:
            Keep([pattern])
        except ValueError:
            message = f"invalid `keep` pattern {quoted(pattern)}"
            raise _config_error(message, config_file, where) from None
    return tuple(value)


def _config_error(message: str, config_file: Path, pointer: str) -> SpecError:
    return SpecError([Diagnostic(message, _shown(config_file), pointer)])


MAX_SPEC_MB = 4096
_Found = tuple[Path, dict[str, object]] | None


def _allow_external_refs(table: dict[str, object], found: _Found) -> bool:
    return _flag(table, "allow_external_refs", found)


def _flag(table: dict[str, object], key: str, found: _Found) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        message = f"[tool.sdkgen] {key} must be true or false"
        raise SpecError([Diagnostic(message, _config_file(found), "")])
    return value


def _spec_megabytes(
    flag: int | None, table: dict[str, object], found: _Found
) -> int | None:
    """The size limit in MiB from --max-spec-mb, else from the config; None for the default."""
    value = flag if flag is not None else table.get("max_spec_mb")
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 1 <= value <= MAX_SPEC_MB
    ):
        where = "--max-spec-mb" if flag is not None else _config_file(found)
        message = f"max_spec_mb must be a whole number from 1 to {MAX_SPEC_MB}"
        raise SpecError([Diagnostic(message, where, "")])
    return value


def _config_file(found: _Found) -> str:
    return _shown(found[0]) if found else "pyproject.toml"


def _same_file(path: Path, other: Path | None) -> bool:
    if other is None:
        return False
    try:
        return os.path.samefile(path, other)
    except OSError:
        return os.path.abspath(path) == os.path.abspath(other)


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or below it, once `..` and links are resolved."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


def _shown(path: Path) -> str:
    """A path as short as possible for messages: relative to the working directory when inside it."""
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else str(path)
