"""The drift report over a public API's real history: consecutive releases of a spec from npm.

    .venv/bin/python benchmarks/diff_history.py @octokit/openapi 23.0.1 23.0.2 \\
        --file package/generated/api.github.com.json [--reports DIR]

Fetches each release with `npm pack` into a temporary folder (nothing else from the network),
extracts the spec file, and runs `sdkgen diff` on each consecutive pair, in process. Prints, per
pair, the wall time (both documents read, validated, lowered and compared), the counts per change
kind and per classification, and the bump. Not a CI test: it needs the npm registry.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.diagnostics import SpecError, report_lines  # noqa: E402
from generator.diff.compare import compare  # noqa: E402
from generator.diff.formats import as_json, markdown, summary  # noqa: E402
from generator.diff.sources import Reading, read_version  # noqa: E402
from generator.limits import Limits  # noqa: E402


def fetch(package: str, version: str, member: str, into: Path) -> Path:
    """The spec file `member` of `package@version`, extracted into `into`."""
    done = subprocess.run(
        [
            "npm",
            "pack",
            f"{package}@{version}",
            "--pack-destination",
            str(into),
            "--silent",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    tarball = into / done.stdout.strip().splitlines()[-1]
    target = into / version / Path(member).name
    target.parent.mkdir()
    with tarfile.open(tarball) as archive:
        source = archive.extractfile(member)
        if source is None:
            raise SystemExit(f"{member} is not a file in {package}@{version}")
        target.write_bytes(source.read())
    tarball.unlink()
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package")
    parser.add_argument("versions", nargs="+", help="releases, oldest first")
    parser.add_argument(
        "--file", required=True, help="the spec's path inside the tarball"
    )
    parser.add_argument(
        "--reports",
        type=Path,
        help="write each pair's report here, as OLD-NEW.json and OLD-NEW.md",
    )
    parser.add_argument("--max-spec-mb", type=int, default=32)
    args = parser.parse_args()
    reading = Reading(limits=Limits().with_spec_mb(args.max_spec_mb))
    with tempfile.TemporaryDirectory(prefix="sdkgen-history-") as temp:
        specs = []
        for version in args.versions:
            started = time.perf_counter()
            specs.append(fetch(args.package, version, args.file, Path(temp)))
            size = specs[-1].stat().st_size / 2**20
            print(
                f"{args.package}@{version}: {size:.1f} MiB, fetched in {time.perf_counter() - started:.1f} s"
            )
        for (old_version, old), (new_version, new) in zip(
            zip(args.versions, specs), zip(args.versions[1:], specs[1:])
        ):
            started = time.perf_counter()
            try:
                report = compare(
                    read_version(old, f"{args.package}@{old_version}", reading),
                    read_version(new, f"{args.package}@{new_version}", reading),
                )
            except SpecError as error:
                print("\n".join(report_lines(error.diagnostics)), file=sys.stderr)
                return 2
            seconds = time.perf_counter() - started
            print(
                f"\n{old_version} -> {new_version}: {summary(report)}; wall time {seconds:.1f} s"
            )
            for kind, count in report.counts_by_kind().items():
                print(f"  {count:6d}  {kind}")
            if args.reports:
                args.reports.mkdir(parents=True, exist_ok=True)
                stem = f"{old_version}-{new_version}"
                (args.reports / f"{stem}.json").write_text(
                    as_json(report), encoding="utf-8"
                )
                (args.reports / f"{stem}.md").write_text(
                    markdown(report), encoding="utf-8"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
