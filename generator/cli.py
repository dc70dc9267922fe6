"""The `sdkgen` command: generate, check and validate.

Exit status: 0 success (perhaps with warnings); 1 `check` found drift; 2 bad input (spec, templates,
configuration, or an output folder sdkgen cannot or may not write; under `--strict`, any warning
about the spec too); 70 an internal error (a bug: please report it). Warnings and errors go to
stderr, one line each, in the same form.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from .config import Options, configured_targets, resolve_options
from .diff import command as diff_command
from .diagnostics import Diagnostic, SpecError, report_lines
from .init_templates import init_templates
from .keep import Keep
from .output import OutputError, check, write
from .output_paths import printable
from .formatted import PreviousOutput
from .reuse import read_previous_output
from .pipeline import Generated, analyze, generate
from .progress import silent, terminal_progress
from .targets import TARGETS

EXIT_OK, EXIT_DRIFT, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 70
_MAX_INTERNAL_MESSAGE = 300


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `sdkgen` and `python -m generator`."""
    args = _parser().parse_args(argv)
    if args.command in _STANDALONE:  # no spec: they read only sdkgen's own templates
        try:
            return _STANDALONE[args.command](args)
        except OutputError as error:
            sys.stderr.write(error.render())
            return EXIT_BAD_INPUT
        except Exception as error:  # noqa: BLE001 - a bug: one line, as for the others
            return _internal_error(error)
    if args.command == "diff":  # needs its own arguments besides the options
        args.spec, args.run = diff_command.spec_argument(args), args.run(args)
    try:
        return _run(args)
    except Exception as error:  # the last resort: a bug gets one line, not a traceback
        return _internal_error(error)


def _options(args: argparse.Namespace, target: str | None) -> Options:
    options = resolve_options(
        args.spec,
        args.out,
        args.package,
        args.templates,
        Path.cwd(),
        allow_external_refs=args.allow_external_refs,
        max_spec_mb=args.max_spec_mb,
        strict=args.strict,
        target=target,
    )
    return dataclasses.replace(
        options,
        force=getattr(args, "force", False),
        bump_version=getattr(args, "bump_version", False),
    )


def _run(args: argparse.Namespace) -> int:
    try:
        options = _options(args, args.target)
        if (
            args.command in ("generate", "check")
            and args.target is None
            and args.out is None
        ):
            # every configured target, each into its own folder ([tool.sdkgen.targets])
            status = EXIT_OK
            for name in configured_targets(Path.cwd()):
                each = options if name == options.target else _options(args, name)
                status = max(status, int(args.run(each, args.quiet)))
            return status
        return int(args.run(options, args.quiet))
    except SpecError as error:
        _print_diagnostics(error.diagnostics)
        return EXIT_BAD_INPUT
    except OutputError as error:
        sys.stderr.write(error.render())
        return EXIT_BAD_INPUT


def _internal_error(error: Exception) -> int:
    if os.environ.get("SDKGEN_DEBUG") == "1":
        traceback.print_exc()
    message = printable(str(error))
    if len(message) > _MAX_INTERNAL_MESSAGE:
        message = message[:_MAX_INTERNAL_MESSAGE] + "…"
    print(
        f"sdkgen: internal error: {type(error).__name__}: {message} (please report this)",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


def _generate(options: Options, quiet: bool) -> int:
    out = _required_out(options)
    result = _generate_files(options, read_previous_output(out), quiet)
    _print_diagnostics(result.warnings)
    keep = Keep(options.keep)
    report = write(out, result.files, keep=keep, force=options.force, on_wait=_say)
    _print_diagnostics(report.warnings)
    if not quiet:
        print(
            f"sdkgen: {len(result.files)} files in {out}: {len(report.written)} written, "
            f"{report.unchanged} unchanged, {len(report.removed)} removed"
        )
    return EXIT_OK


def _check(options: Options, quiet: bool) -> int:
    out = _required_out(options)
    result = _generate_files(options, read_previous_output(out), quiet)
    _print_diagnostics(result.warnings)
    report = check(out, result.files, keep=Keep(options.keep), on_wait=_say)
    if report.clean:
        if not quiet:
            print(f"sdkgen: {out} is up to date ({len(result.files)} files)")
        return EXIT_OK
    sys.stdout.write(diff_command.explain_drift(options, out))
    sys.stdout.write(report.render(out))
    print(
        "sdkgen: run `sdkgen generate` (or `make generate`) and commit the result",
        file=sys.stderr,
    )
    return EXIT_DRIFT


def _generate_files(
    options: Options, previous: PreviousOutput, quiet: bool
) -> Generated:
    """The pipeline's output, with a status line on a terminal while it runs."""
    status = terminal_progress(sys.stderr, quiet=quiet)
    try:
        return generate(
            options.spec,
            package=options.package,
            overlays=options.templates,
            allow_external_refs=options.allow_external_refs,
            limits=options.limits,
            strict=options.strict,
            target_name=options.target,
            previous=previous,
            progress=status or silent,
            release=diff_command.release_for(options, options.bump_version),
            packages=dict(options.packages),
        )
    finally:
        if status is not None:
            status.close()


def _validate(options: Options, quiet: bool) -> int:
    status = terminal_progress(sys.stderr, quiet=quiet)
    try:
        _, warnings = analyze(
            options.spec,
            package=options.package,
            allow_external_refs=options.allow_external_refs,
            limits=options.limits,
            strict=options.strict,
            target_name=options.target,
            progress=status or silent,
            packages=dict(options.packages),
        )
    finally:
        if status is not None:
            status.close()
    _print_diagnostics(warnings)
    if warnings:
        noun = "warning" if len(warnings) == 1 else "warnings"
        print(f"sdkgen: {options.spec} can be generated, with {len(warnings)} {noun}")
    else:
        print(f"sdkgen: {options.spec} is valid")
    return EXIT_OK


def _diff(args: argparse.Namespace) -> Callable[[Options, bool], int]:
    return lambda options, quiet: diff_command.run(args, options)


def _targets(args: argparse.Namespace) -> int:
    """Each target: its name, what it makes, and its built-in template folder."""
    width = max(len(name) for name in TARGETS)
    for name in sorted(TARGETS):
        target = TARGETS[name]
        print(f"{name:<{width}}  {target.description}")
        print(f"{'':<{width}}  templates: {_shown_folder(target.templates())}")
    return EXIT_OK


def _shown_folder(folder: Path) -> str:
    """A template folder relative to the working directory when it is below it."""
    try:
        return str(folder.relative_to(Path.cwd()))
    except ValueError:
        return str(folder)


def _init_templates(args: argparse.Namespace) -> int:
    target = TARGETS[args.target]
    destination = Path(args.dir)
    copied = init_templates(target, destination, force=args.force)
    print(
        f"sdkgen: {len(copied.written)} {target.name} template files copied into "
        f"{destination} ({len(copied.unchanged)} already there); edit them, then run "
        f"`sdkgen generate --target {target.name} --templates {destination}` "
        "(files you do not change may be deleted: the built-in ones are used instead)"
    )
    return EXIT_OK


_STANDALONE: dict[str, Callable[[argparse.Namespace], int]] = {
    "targets": _targets,
    "init-templates": _init_templates,
}


def _required_out(options: Options) -> Path:
    if options.out is None:
        message = "no output folder: pass --out DIR (the configured one belongs to the configured spec)"
        raise SpecError([Diagnostic(message, str(options.spec), "")])
    return options.out


def _print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for line in report_lines(diagnostics):
        print(line, file=sys.stderr)


def _say(message: str) -> None:
    print(f"sdkgen: {message}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sdkgen",
        description="Generate an SDK (or its reference docs) from an OpenAPI document.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "targets",
        help="list the targets, what each makes and its template folder",
        description="list the targets, what each makes and its template folder",
    )
    copy = commands.add_parser(
        "init-templates",
        help="copy a target's built-in templates into DIR to customise (--templates DIR)",
        description="copy a target's built-in templates into DIR, to edit and use with "
        "`generate --templates DIR`; existing files that differ are kept unless --force",
    )
    copy.add_argument(
        "dir", metavar="DIR", help="the folder to copy the templates into"
    )
    copy.add_argument(
        "--target",
        choices=sorted(TARGETS),
        default="python",
        help="whose templates to copy (default python)",
    )
    copy.add_argument(
        "--force",
        action="store_true",
        help="overwrite files in DIR that differ from the built-in templates",
    )
    for name, run, text in (
        ("generate", _generate, "write the SDK into the output folder"),
        (
            "check",
            _check,
            "exit 1 with a diff if the output folder differs from what would be generated",
        ),
        ("validate", _validate, "report problems in the spec, generate nothing"),
        (
            "diff",
            _diff,
            "what a spec change does to the SDK's users, and the version bump",
        ),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.set_defaults(run=run)
        command.add_argument("--spec", help="the OpenAPI document (YAML or JSON)")
        command.add_argument("--out", help="the output folder")
        command.add_argument(
            "--package", help="the import name of the generated package"
        )
        command.add_argument(
            "--templates",
            action="append",
            metavar="DIR",
            help="a template folder overlaid on the built-in one (repeatable; first wins)",
        )
        command.add_argument(
            "--allow-external-refs",
            action="store_true",
            help="let file $refs reach outside the spec's folder (config: allow_external_refs)",
        )
        command.add_argument(
            "--max-spec-mb",
            type=int,
            metavar="N",
            help="largest spec file to read, in MiB (default 32; config: max_spec_mb)",
        )
        command.add_argument(
            "--strict",
            action="store_true",
            help="treat every warning about the spec as an error: exit 2, write nothing "
            "(config: strict)",
        )
        command.add_argument(
            "--target",
            choices=sorted(TARGETS),
            help="what to generate from the spec (default python; config: target)",
        )
        command.add_argument(
            "--quiet",
            action="store_true",
            help="no status line while it runs and no summary line (warnings and errors "
            "are still printed)",
        )
        if name == "diff":
            diff_command.add_arguments(command)
        if name == "generate":
            command.add_argument(
                "--force",
                action="store_true",
                help="overwrite existing files that sdkgen did not write",
            )
            command.add_argument(
                "--bump-version",
                action="store_true",
                help="bump the SDK's version by what the spec change since the last generation "
                "does to users, and add a changelog entry (CHANGELOG.md)",
            )
    return parser
