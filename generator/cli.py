"""The `sdkgen` command: generate, check and validate.

Exit status: 0 success; 1 `check` found drift; 2 bad input (spec, templates or configuration).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .config import Options, resolve_options
from .diagnostics import Diagnostic, SpecError, report_lines
from .load import load_spec
from .output import check, write
from .pipeline import Generated, generate
from .validate import validate_spec

EXIT_OK, EXIT_DRIFT, EXIT_BAD_INPUT = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `sdkgen` and `python -m generator`."""
    args = _parser().parse_args(argv)
    try:
        options = resolve_options(
            args.spec,
            args.out,
            args.package,
            args.templates,
            Path.cwd(),
            allow_external_refs=args.allow_external_refs,
            max_spec_mb=args.max_spec_mb,
        )
        return int(args.run(options))
    except SpecError as error:
        _print_diagnostics(error.diagnostics)
        return EXIT_BAD_INPUT


def _generate(options: Options) -> int:
    out = _required_out(options)
    result = _generate_files(options)
    _print_diagnostics(result.warnings)
    report = write(out, result.files)
    print(
        f"sdkgen: {len(result.files)} files in {out}: {len(report.written)} written, "
        f"{report.unchanged} unchanged, {len(report.removed)} removed"
    )
    return EXIT_OK


def _check(options: Options) -> int:
    out = _required_out(options)
    result = _generate_files(options)
    report = check(out, result.files)
    if report.clean:
        print(f"sdkgen: {out} is up to date ({len(result.files)} files)")
        return EXIT_OK
    sys.stdout.write(report.render(out))
    print(
        "sdkgen: run `sdkgen generate` (or `make generate`) and commit the result",
        file=sys.stderr,
    )
    return EXIT_DRIFT


def _generate_files(options: Options) -> Generated:
    return generate(
        options.spec,
        package=options.package,
        overlays=options.templates,
        allow_external_refs=options.allow_external_refs,
        limits=options.limits,
    )


def _validate(options: Options) -> int:
    validate_spec(
        load_spec(
            options.spec,
            allow_external_refs=options.allow_external_refs,
            limits=options.limits,
        )
    )
    print(f"sdkgen: {options.spec} is valid")
    return EXIT_OK


def _required_out(options: Options) -> Path:
    if options.out is None:
        message = "no output folder: pass --out DIR (the configured one belongs to the configured spec)"
        raise SpecError([Diagnostic(message, str(options.spec), "")])
    return options.out


def _print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for line in report_lines(diagnostics):
        print(line, file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sdkgen", description="Generate a Python SDK from an OpenAPI document."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, run, text in (
        ("generate", _generate, "write the SDK into the output folder"),
        (
            "check",
            _check,
            "exit 1 with a diff if the output folder differs from what would be generated",
        ),
        ("validate", _validate, "report problems in the spec, generate nothing"),
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
    return parser
