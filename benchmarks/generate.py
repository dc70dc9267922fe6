"""How long does generating an SDK take, beside openapi-python-client on the same documents?

For every document in ../shared/specs and ../shared/specs/guru (or the `--specs` given), each
tool generates into a fresh temporary folder, in its own process:

  ours   `python -m generator generate --spec DOC --out TMP` (validation and black included,
         nothing cached: the output folder is new)
  opc    `openapi-python-client generate --path DOC --output-path TMP` (0.29.1, which formats
         with ruff), installed by this script into benchmarks/.venv-opc on first use (the only
         network access)
  check  `python -m generator check --spec DOC --out TMP` on the folder `ours` just wrote
         (what CI runs on every push when nothing changed)

Runs are interleaved (ours, opc, check, ours, opc, check, ...) `--runs` times, so load drift on
a shared machine hits every tool alike; the table shows medians of wall time and of peak
memory (the child's maximum resident set, from wait4), and the ratios ours/opc and check/ours.
A document counts only where both tools exit 0.

`--scaling DOC` also generates DOC duplicated 1x, 2x, 4x and 8x (its paths and schemas copied
under new names: the same API, N times larger) and prints each time over the 1x time.

    .venv/bin/python benchmarks/generate.py                       # every document, 3 runs
    .venv/bin/python benchmarks/generate.py --runs 1 --only spotify
    .venv/bin/python benchmarks/generate.py --scaling ../shared/specs/spotify.yaml --no-corpus
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
OPC_VERSION = "0.29.1"
OPC_VENV = REPO / "benchmarks" / ".venv-opc"
SHARED = REPO.parent / "shared" / "specs"


@dataclass
class Timing:
    seconds: float
    peak_mib: float
    status: int


@dataclass
class Row:
    document: str
    ours: list[Timing] = field(default_factory=list)
    opc: list[Timing] = field(default_factory=list)
    check: list[Timing] = field(default_factory=list)

    def both_generate(self) -> bool:
        return all(t.status == 0 for t in self.ours + self.opc + self.check)


def timed(command: Sequence[str], cwd: Path | None = None) -> Timing:
    """Run `command`; its wall time and the peak resident memory of its process tree's largest
    process (wait4's maxrss)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    return Timing(seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))


def opc_python() -> Path:
    python = OPC_VENV / "bin" / "python"
    marker = OPC_VENV / f".opc-{OPC_VERSION}"
    if not marker.exists():
        print(f"installing openapi-python-client {OPC_VERSION} into {OPC_VENV} ...")
        venv.create(OPC_VENV, with_pip=True, clear=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                f"openapi-python-client=={OPC_VERSION}",
            ],
            check=True,
        )
        marker.write_text("", encoding="utf-8")
    return python


def ours(spec: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "generator",
        "generate",
        "--spec",
        str(spec),
        "--out",
        str(out),
    ]


def our_check(spec: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "generator",
        "check",
        "--spec",
        str(spec),
        "--out",
        str(out),
    ]


def theirs(python: Path, spec: Path, out: Path) -> list[str]:
    return [
        str(python), "-m", "openapi_python_client", "generate",
        "--path", str(spec), "--output-path", str(out), "--meta", "none", "--overwrite",
    ]  # fmt: skip


def measure(spec: Path, runs: int, python: Path, work: Path) -> Row:
    row = Row(spec.name)
    for run in range(runs):
        base = work / f"{spec.stem}-{run}"
        row.ours.append(timed(ours(spec, base / "ours"), cwd=REPO))
        row.opc.append(timed(theirs(python, spec, base / "opc"), cwd=work))
        row.check.append(timed(our_check(spec, base / "ours"), cwd=REPO))
        if row.ours[-1].status or row.opc[-1].status:
            break  # one of them cannot generate it: not compared
    return row


def median(timings: list[Timing], attribute: str) -> float:
    return statistics.median(getattr(t, attribute) for t in timings)


def corpus_table(rows: list[Row]) -> list[str]:
    lines = [
        "| Document | ours s | opc s | ours/opc | ours MiB | opc MiB | MiB ratio | check s | check/ours |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    worst = {"time": 0.0, "memory": 0.0, "check": 0.0}
    for row in rows:
        if not row.both_generate():
            continue
        ours_s, opc_s = median(row.ours, "seconds"), median(row.opc, "seconds")
        ours_m, opc_m = median(row.ours, "peak_mib"), median(row.opc, "peak_mib")
        check_s = median(row.check, "seconds")
        ratios = (ours_s / opc_s, ours_m / opc_m, check_s / ours_s)
        worst["time"] = max(worst["time"], ratios[0])
        worst["memory"] = max(worst["memory"], ratios[1])
        worst["check"] = max(worst["check"], ratios[2])
        lines.append(
            f"| `{row.document}` | {ours_s:.2f} | {opc_s:.2f} | {ratios[0]:.2f} | {ours_m:.0f} "
            f"| {opc_m:.0f} | {ratios[1]:.2f} | {check_s:.2f} | {ratios[2]:.2f} |"
        )
    skipped = [r.document for r in rows if not r.both_generate()]
    lines += [
        "",
        f"Worst ratios: time {worst['time']:.2f}, memory {worst['memory']:.2f}, "
        f"check/cold {worst['check']:.2f}.",
    ]
    if skipped:
        lines.append(f"Not compared (a tool did not exit 0): {', '.join(skipped)}.")
    return lines


# -- scaling -------------------------------------------------------------------------------------


def duplicated(document: dict[str, Any], copies: int) -> dict[str, Any]:
    """`document` with its paths and component schemas repeated `copies` times under new names
    (`/c2/pets`, `PetC2`), each copy's references pointing into the same copy."""
    result = copy.deepcopy(document)
    schemas = document.get("components", {}).get("schemas", {})
    for number in range(2, copies + 1):
        suffix = f"C{number}"

        def renamed(node: Any) -> Any:
            if isinstance(node, dict):
                out = {}
                for key, value in node.items():
                    if key == "$ref" and isinstance(value, str):
                        prefix = "#/components/schemas/"
                        if value.startswith(prefix) and "/" not in value[len(prefix) :]:
                            value = value + suffix
                    elif key == "operationId" and isinstance(value, str):
                        value = value + suffix
                    out[key] = renamed(value)
                return out
            if isinstance(node, list):
                return [renamed(item) for item in node]
            return node

        for path, item in document.get("paths", {}).items():
            result["paths"][f"/c{number}{path}"] = renamed(item)
        for name, schema in schemas.items():
            result["components"]["schemas"][name + suffix] = renamed(schema)
    return result


def scaling(spec: Path, runs: int, work: Path) -> list[str]:
    text = spec.read_text(encoding="utf-8")
    document = json.loads(text) if spec.suffix == ".json" else yaml.safe_load(text)
    lines = ["| Size | Operations | ours s | over 1x |", "| --- | ---: | ---: | ---: |"]
    base = None
    for copies in (1, 2, 4, 8):
        scaled = work / f"scaled-{copies}x.json"
        scaled.write_text(
            json.dumps(duplicated(document, copies), default=str), encoding="utf-8"
        )
        timings = [
            timed(ours(scaled, work / f"scaled-{copies}x-{run}"), cwd=REPO)
            for run in range(runs)
        ]
        if any(t.status for t in timings):
            lines.append(f"| {copies}x | | failed (exit {timings[-1].status}) | |")
            continue
        seconds = median(timings, "seconds")
        base = base or seconds
        operations = sum(
            1
            for item in duplicated(document, copies)["paths"].values()
            for method in (
                "get",
                "put",
                "post",
                "delete",
                "options",
                "head",
                "patch",
                "trace",
            )
            if method in item
        )
        lines.append(
            f"| {copies}x | {operations} | {seconds:.2f} | {seconds / base:.2f} |"
        )
    return lines


def documents(folders: list[Path], only: str | None) -> list[Path]:
    found = sorted(
        p
        for folder in folders
        for p in folder.iterdir()
        if p.suffix in (".json", ".yaml", ".yml")
    )
    return [p for p in found if only is None or only in p.name]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--specs", type=Path, action="append", help="folders of documents"
    )
    parser.add_argument("--only", help="only documents whose file name contains this")
    parser.add_argument(
        "--scaling", type=Path, help="a document to duplicate 1x/2x/4x/8x"
    )
    parser.add_argument(
        "--no-corpus", action="store_true", help="only the scaling series"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sdkgen-bench-") as folder:
        work = Path(folder)
        if not args.no_corpus:
            python = opc_python()
            folders = args.specs or [SHARED, SHARED / "guru"]
            rows = []
            for spec in documents(folders, args.only):
                row = measure(spec.resolve(), args.runs, python, work)
                rows.append(row)
                print(f"measured {spec.name}", file=sys.stderr)
            print("\n".join(corpus_table(rows)))
            mka1 = [
                timed(
                    our_check(
                        REPO / "spec" / "mka1.yaml", REPO / "generated" / "python"
                    ),
                    cwd=REPO,
                )
                for _ in range(args.runs)
            ]
            print(
                f"\nMKA1 `check` (committed tree): {median(mka1, 'seconds'):.2f} s (median of {args.runs})"
            )
        if args.scaling is not None:
            print()
            print("\n".join(scaling(args.scaling.resolve(), args.runs, work)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
