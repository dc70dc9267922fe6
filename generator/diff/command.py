"""`sdkgen diff`, and the report at the top of `check`'s output when the spec has drifted.

    sdkgen diff OLD NEW               two spec files
    sdkgen diff --from REV [--spec]   the spec committed at REV against the working tree's

Exit status: 0, or 1 when `--fail-on LEVEL` finds such a change; 2 on bad input (either document,
or a revision git cannot give), with located diagnostics as for `generate`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from ..config import Options
from ..diagnostics import Diagnostic, SpecError
from ..load import load_spec
from ..pipeline import spec_blobs
from ..output_paths import printable
from .formats import FORMATS, render, summary, text
from .report import FAIL_LEVELS, Report
from .sources import (
    GitError,
    Reading,
    read_version,
    recorded_blobs,
    recorded_spec,
    spec_at_revision,
)
from .compare import Version, compare
from .versioning import Release, next_release, recorded_release

EXIT_OK, EXIT_FAILS = 0, 1


def add_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("old", nargs="?", metavar="OLD", help="the earlier spec")
    command.add_argument("new", nargs="?", metavar="NEW", help="the later spec")
    command.add_argument(
        "--from",
        dest="revision",
        metavar="GIT_REV",
        help="compare the spec committed at this git revision with the working tree's "
        "(--spec, else the configured one)",
    )
    command.add_argument("--format", choices=FORMATS, default="text")
    command.add_argument(
        "--fail-on",
        choices=FAIL_LEVELS,
        help="exit 1 when a change is this bad: breaking, unsafe-for-some (or breaking), any; "
        "or when the bump is at least major, minor or patch",
    )


def spec_argument(args: argparse.Namespace) -> str | None:
    """The document whose configuration applies: NEW when two are given."""
    chosen = args.new or args.spec
    return str(chosen) if chosen else None


def run(args: argparse.Namespace, options: Options) -> int:
    reading = _reading(options)
    with _old_version(args, options) as (old_path, old_label):
        old = read_version(old_path, old_label, reading)
    new_label = printable(str(options.spec))
    report = compare(old, read_version(options.spec, new_label, reading))
    sys.stdout.write(render(report, args.format))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.format == "markdown" and summary_file:
        with open(summary_file, "a", encoding="utf-8") as summary:
            summary.write(render(report, "markdown"))
    return EXIT_FAILS if args.fail_on and report.fails(args.fail_on) else EXIT_OK


@contextlib.contextmanager
def _old_version(
    args: argparse.Namespace, options: Options
) -> Iterator[tuple[Path, str]]:
    if args.revision is not None:
        if args.old is not None:
            raise _usage("give either --from GIT_REV or OLD and NEW, not both")
        try:
            with spec_at_revision(options.spec, args.revision, options.limits) as found:
                yield found
        except GitError as error:
            raise _usage(
                f"cannot read the spec at {printable(args.revision)}: {error}"
            ) from None
        return
    if args.old is None or args.new is None:
        raise _usage("give two specs (OLD NEW), or --from GIT_REV")
    yield Path(args.old), printable(args.old)


def _usage(message: str) -> SpecError:
    return SpecError([Diagnostic(message, "sdkgen diff", "")])


def _reading(options: Options) -> Reading:
    return Reading(
        options.package, options.allow_external_refs, options.limits, options.target
    )


def drift_report(options: Options, out: Path) -> Report | None:
    """What the spec's change since the output was generated does to users; None when the spec
    is the one the manifest records, or that one cannot be recovered from git."""
    try:
        found = _since_generated(options, out)
    except _Unrecoverable:
        return None
    return compare(*found) if found is not None else None


class _Unrecoverable(Exception):
    """The manifest records a spec other than this one, which git cannot give."""


def _since_generated(options: Options, out: Path) -> tuple[Version, Version] | None:
    """The version the output was generated from and the current one; None when the manifest
    records no spec or records this very spec; _Unrecoverable when git cannot give the one it
    records (or it no longer reads: a stricter sdkgen, say)."""
    recorded = recorded_blobs(out)
    if recorded is None:
        return None
    loaded = load_spec(
        options.spec,
        allow_external_refs=options.allow_external_refs,
        limits=options.limits,
    )
    if spec_blobs(loaded) == recorded:
        return None  # the drift comes from the templates or the generator, not the spec
    reading = _reading(options)
    with recorded_spec(out, options.spec, options.limits) as found:
        if found is None:
            raise _Unrecoverable()
        path, label = found
        try:
            old = read_version(path, label, reading)
        except SpecError:
            raise _Unrecoverable() from None
    return old, read_version(options.spec, printable(str(options.spec)), reading)


def release_for(options: Options, bump: bool) -> Release | None:
    """The SDK's version and changelog to generate with: as the manifest records them, and
    with `bump`, raised by the report on the spec change since the output was generated.
    """
    out = options.out
    recorded = recorded_release(out)
    if not bump or out is None:
        return recorded
    try:
        versions = _since_generated(options, out)
    except _Unrecoverable:
        message = (
            "cannot bump the version: git cannot give the spec the output folder was "
            "generated from (not a repository, or a shallow clone without that commit)"
        )
        raise SpecError([Diagnostic(message, printable(str(out)), "")]) from None
    if versions is None:  # the spec is unchanged, or nothing was generated before
        current = read_version(options.spec, "", _reading(options))
        return next_release(recorded, current.names.sdk_version, None)
    old, new = versions
    report = compare(old, new)
    release = next_release(recorded, old.names.sdk_version, report)
    print(
        f"sdkgen: {summary(report)}; version {release.version}",
        file=sys.stderr,
    )
    return release


def explain_drift(options: Options, out: Path) -> str:
    """The report for `check`'s output ("" when there is none to give). It only explains the
    drift, so failing to explain it must not change what `check` says: a problem is one line.
    """
    try:
        report = drift_report(options, out)
    except (
        Exception
    ) as error:  # noqa: BLE001 - see above; SDKGEN_DEBUG=1 shows the traceback
        if os.environ.get("SDKGEN_DEBUG") == "1":
            raise
        why = printable(f"{type(error).__name__}: {error}")[:200]
        print(
            f"sdkgen: cannot say what the spec change does to users ({why})",
            file=sys.stderr,
        )
        return ""
    if report is None:
        return ""
    return text(report) + "\n"
