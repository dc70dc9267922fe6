"""How long does a generated SDK take to start?

Two measurements, both in fresh processes (each a new interpreter, so nothing
is cached in memory; the `.pyc` files are, after one untimed run per program):

cold start   process start to the first
             `sdk.llm.responses.cancel(response_id="resp_cancel123")` returned,
             over an `httpx.MockTransport` answering with the canned body: what
             a short-lived script or a CLI pays. Ours, the official SDK and the
             floor (httpx + `mka1.models.Response`) run interleaved, one process
             each per round, `--cold-runs` rounds; the wall time is taken by this
             process from just before the spawn to the child's line on stdout.
             The ratio ours/official is the median of the per-round ratios.

large SDKs   Discord and Box (the largest documents of ../shared/specs) are
             generated into a temporary folder with the generator, then each
             child times, with `time.perf_counter`, `import <package>`,
             `SDK(...)` and the first attribute access on it (a resource),
             `--import-runs` times; the median of each is reported.

Every program runs on the interpreter of benchmarks/.venv-official (httpx,
pydantic and their dependencies, nothing else), ours with the generated
package on PYTHONPATH: the contenders differ in SDK code only.

Bytecode: every child writes and reads `.pyc` files in one temporary cache folder
(PYTHONPYCACHEPREFIX; PYTHONDONTWRITEBYTECODE is dropped for them), and each
program runs once untimed first, so no contender compiles in a timed run: as
after `pip install`, which compiles every module.

`--importtime` adds, for each program, the modules that took longest under
`python -X importtime` (self time, and the package's cumulative time).

Used by call_overhead.py (which runs it after the per-call rounds), or alone:

    .venv/bin/python benchmarks/startup.py
    .venv/bin/python benchmarks/startup.py --cold-runs 5 --no-large --importtime
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCHMARKS_DIR = Path(__file__).resolve().parent
REPOSITORY = BENCHMARKS_DIR.parent
SPECS_DIR = REPOSITORY.parent / "shared" / "specs"
LARGE_SPECS = ("discord-3.1.json", "box.json")

# Each cold-start program does what a user's script does, and nothing else
# (no json, argparse or the benchmark's own imports): import, build, one call.
# The canned body comes in through the environment.
_COLD_CALL = """
import os
import httpx
{import_line}
body = os.environb[b"SDKGEN_BENCH_BODY"]
def answer(request):
    return httpx.Response(200, content=body, headers={{"content-type": "application/json"}})
client = httpx.Client(transport=httpx.MockTransport(answer))
{call}
status = getattr(result.status, "value", result.status)
print(status, flush=True)
"""
COLD_PROGRAMS = {
    "floor": _COLD_CALL.format(
        import_line="from mka1.models import Response",
        call=(
            "response = client.post("
            '"https://apigw.mka1.com/api/v1/llm/responses/resp_cancel123/cancel",'
            ' headers={"Authorization": "Bearer sk-benchmark"})\n'
            "result = Response.model_validate_json(response.content)"
        ),
    ),
    "ours": _COLD_CALL.format(
        import_line="from mka1 import SDK",
        call=(
            'sdk = SDK(bearer_auth="sk-benchmark", http_client=client)\n'
            'result = sdk.llm.responses.cancel(response_id="resp_cancel123")'
        ),
    ),
    "official": _COLD_CALL.format(
        import_line="from meetkai_mka1 import SDK",
        call=(
            'sdk = SDK(bearer_auth="sk-benchmark",'
            ' server_url="https://apigw.mka1.com", client=client)\n'
            'result = sdk.llm.responses.cancel(response_id="resp_cancel123")'
        ),
    ),
}

# Lists what the timed program needs: the SDK's credential parameters (each gets a
# dummy value, so construction never reads the environment or fails; the other
# `str | None` keyword is server_url) and its
# resource attributes (what is neither a method nor private).
_DISCOVER = """
import inspect, json
import {package} as package
parameters = inspect.signature(package.SDK.__init__).parameters.items()
credentials = [  # each a `str | None` keyword, as the server URL is
    name for name, parameter in parameters
    if parameter.annotation == "str | None" and name != "server_url"
]
sdk = package.SDK(**{{name: "bench-token" for name in credentials}})
resources = sorted(
    name for name in dir(sdk)
    if not name.startswith("_") and not callable(getattr(type(sdk), name, None))
)
print(json.dumps({{"credentials": credentials, "resources": resources}}))
"""

_TIMED_IMPORT = """
import time
start = time.perf_counter()
import {package}
imported = time.perf_counter()
sdk = {package}.SDK({arguments})
built = time.perf_counter()
sdk.{resource}
accessed = time.perf_counter()
print(imported - start, built - imported, accessed - built, flush=True)
"""


# What any SDK built on httpx and pydantic pays before its own code runs: the same phases,
# with pydantic's model machinery as the import and a default httpx.Client as the SDK.
_FLOOR_IMPORT = """
import time
start = time.perf_counter()
import httpx, pydantic.main
imported = time.perf_counter()
client = httpx.Client()
built = time.perf_counter()
print(imported - start, built - imported, 0.0, flush=True)
"""


class StartupError(RuntimeError):
    """A program did not do what the measurement assumes."""


def run_line(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Seconds from spawning `command` to its first line on stdout, and that line."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    process.stdout.read()
    if process.wait() != 0 or not line:
        raise StartupError(f"{command[:3]} exited with code {process.returncode}")
    return elapsed, line.strip()


@dataclass
class ColdStart:
    seconds: dict[str, list[float]] = field(default_factory=dict)

    def median_ms(self, name: str) -> float:
        return statistics.median(self.seconds[name]) * 1000

    def ratio(self, numerator: str, denominator: str) -> float:
        pairs = zip(self.seconds[numerator], self.seconds[denominator], strict=True)
        return statistics.median(ours / theirs for ours, theirs in pairs)


def measure_cold_start(
    python: str, ours_src: str, body: str, runs: int, env: dict[str, str]
) -> ColdStart:
    """`runs` rounds; each round starts every contender once, in a rotating order."""
    # The official SDK also ships a top-level `mka1`: ours must not be on its path.
    official = {key: value for key, value in env.items() if key != "PYTHONPATH"}
    environments = {
        "floor": dict(env, SDKGEN_BENCH_BODY=body, PYTHONPATH=ours_src),
        "ours": dict(env, SDKGEN_BENCH_BODY=body, PYTHONPATH=ours_src),
        "official": dict(official, SDKGEN_BENCH_BODY=body),
    }
    names = list(COLD_PROGRAMS)
    for name in names:  # untimed: writes any missing .pyc, checks the program works
        _, status = run_line([python, "-c", COLD_PROGRAMS[name]], environments[name])
        if status != "cancelled":
            raise StartupError(f"{name}: expected status 'cancelled', got {status!r}")
    result = ColdStart({name: [] for name in names})
    for round_index in range(runs):
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            command = [python, "-c", COLD_PROGRAMS[name]]
            elapsed, _ = run_line(command, environments[name])
            result.seconds[name].append(elapsed)
    return result


@dataclass
class LargeImport:
    spec: str
    package: str
    files: int
    resource: str
    phases: list[tuple[float, float, float]] = field(default_factory=list)

    def median_ms(self, phase: int) -> float:
        return statistics.median(times[phase] for times in self.phases) * 1000

    def total_ms(self) -> float:
        return statistics.median(sum(times) for times in self.phases) * 1000

    def ratio(self, floor: LargeImport) -> float:
        """The median over rounds of this program's total over the floor's in the same round."""
        pairs = zip(self.phases, floor.phases, strict=True)
        return statistics.median(sum(ours) / sum(theirs) for ours, theirs in pairs)


def generate(spec: Path, out: Path) -> str:
    """Generate the SDK of `spec` into `out` (unless already there); its package name."""
    if not (out / "src").is_dir():
        command = [sys.executable, "-m", "generator", "generate", "--quiet"]
        command += ["--spec", str(spec), "--out", str(out)]
        env = dict(os.environ, PYTHONPATH=str(REPOSITORY))
        subprocess.run(
            command, check=True, cwd=REPOSITORY, env=env, stderr=subprocess.DEVNULL
        )
    (package,) = [path.name for path in (out / "src").iterdir() if path.is_dir()]
    return package


def prepare_large_import(
    python_path: str, spec: Path, out: Path, base_env: dict[str, str]
) -> tuple[LargeImport, str, dict[str, str]]:
    """An empty result, and the timed program with its environment (also for -X importtime)."""
    package = generate(spec, out)
    env = dict(base_env, PYTHONPATH=str(out / "src"))
    python = [python_path, "-c"]
    _, line = run_line(python + [_DISCOVER.format(package=package)], env)
    found = json.loads(line)
    if not found["resources"]:
        raise StartupError(f"{package}: the SDK object has no resource attributes")
    arguments = ", ".join(f'{name}="bench-token"' for name in found["credentials"])
    program = _TIMED_IMPORT.format(
        package=package, arguments=arguments, resource=found["resources"][0]
    )
    files = sum(1 for _ in (out / "src" / package).rglob("*.py"))
    result = LargeImport(spec.name, package, files, found["resources"][0])
    return result, program, env


def measure_large_imports(
    python: str,
    prepared: list[tuple[LargeImport, str, dict[str, str]]],
    runs: int,
) -> None:
    """`runs` rounds; each round runs every program once, in a rotating order (drift hits all)."""
    for _, program, env in prepared:  # untimed: every module gets its .pyc
        run_line([python, "-c", program], env)
    for round_index in range(runs):
        shift = round_index % len(prepared)
        for result, program, env in prepared[shift:] + prepared[:shift]:
            _, line = run_line([python, "-c", program], env)
            imported, built, accessed = (float(value) for value in line.split())
            result.phases.append((imported, built, accessed))


def importtime(
    python: str, program: str, env: dict[str, str], package: str, top: int
) -> list[str]:
    """The `top` modules by self time under -X importtime, and `package`'s cumulative time."""
    completed = subprocess.run(
        [python, "-X", "importtime", "-c", program],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    rows: list[tuple[int, int, str]] = []
    for line in completed.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_text, cumulative_text, module = line[len("import time:") :].split("|")
        rows.append((int(self_text), int(cumulative_text), module.strip()))
    total = sum(row[0] for row in rows)
    lines = [
        f"  all imports: {total / 1000:.1f} ms self time in {len(rows)} modules"
        + "".join(
            f"; {name} {cumulative / 1000:.1f} ms cumulative"
            for _, cumulative, name in rows
            if name == package
        )
    ]
    for self_us, cumulative_us, name in sorted(rows, reverse=True)[:top]:
        lines.append(
            f"  {self_us / 1000:7.1f} ms self {cumulative_us / 1000:8.1f} ms cumulative  {name}"
        )
    return lines


def print_cold_start(cold: ColdStart, runs: int) -> None:
    print(
        "\ncold start: process start to the first cancel() returned, "
        f"{runs} fresh processes each, interleaved; ms"
    )
    for name in cold.seconds:
        times = cold.seconds[name]
        print(
            f"  {name:<9} median {cold.median_ms(name):7.1f}"
            f"  fastest {min(times) * 1000:7.1f}  slowest {max(times) * 1000:7.1f}"
        )
    if "official" in cold.seconds:
        print(
            f"  ours/official {cold.ratio('ours', 'official'):.2f}"
            f"   (median of the per-round ratios)"
        )
    if "floor" in cold.seconds:
        print(f"  ours/floor    {cold.ratio('ours', 'floor'):.2f}")


def print_large_imports(
    results: list[LargeImport], floor: LargeImport, runs: int
) -> None:
    print(
        f"\nlarge generated SDKs: median of {runs} fresh processes each, interleaved; ms "
        "(import + SDK(...) + first attribute = total)"
    )
    for item in results:
        print(
            f"  {item.spec:<18} {item.package:<26} {item.files:5} files"
            f"  import {item.median_ms(0):6.1f}  SDK() {item.median_ms(1):5.1f}"
            f"  .{item.resource:<14} {item.median_ms(2):6.1f}  total {item.total_ms():6.1f}"
            f"  total/floor {item.ratio(floor):.2f}"
        )
    print(
        f"  {'floor':<45} {'':11}"
        f"  import {floor.median_ms(0):6.1f}  SDK() {floor.median_ms(1):5.1f}"
        f"  {'':15} {'':6}  total {floor.total_ms():6.1f}"
        "   (import httpx, pydantic.main; httpx.Client())"
    )


def bytecode_cached(pycache: str) -> dict[str, str]:
    """This environment, with `.pyc` files written (under `pycache`) and read.

    Installed packages come with their bytecode compiled (pip does it), so a cold start
    compiles nothing; the generated SDK here is a source tree, and PYTHONDONTWRITEBYTECODE
    (set on some machines) would make every start of ours compile it again. Every contender
    gets the same treatment: one cache folder, filled by the untimed first run of each program.
    """
    env = dict(os.environ, PYTHONPYCACHEPREFIX=pycache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def ours_source() -> str:
    """The folder holding the `mka1` package this process would import (ours)."""
    spec = importlib.util.find_spec("mka1")
    if spec is None or not spec.submodule_search_locations:
        raise StartupError("the generated mka1 package is not importable here")
    return str(Path(list(spec.submodule_search_locations)[0]).parent)


def run(
    python: str,
    body: str,
    *,
    cold_runs: int,
    import_runs: int,
    large_specs: list[Path],
    sdk_dir: Path | None,
    importtime_top: int,
) -> dict[str, float]:
    """Measure and print; the figures, for the caller's summary.

    Every program runs on `python`: the official SDK's venv, which holds httpx, pydantic and
    their dependencies only (the project's venv also has black's click and rich, which
    `import httpx` then loads for its command line), so the contenders differ in SDK code only.
    """
    figures: dict[str, float] = {}
    ours_src = ours_source()
    with tempfile.TemporaryDirectory(prefix="sdkgen-startup-") as scratch:
        env = bytecode_cached(str(Path(scratch) / "pycache"))
        if cold_runs:
            cold = measure_cold_start(python, ours_src, body, cold_runs, env)
            print_cold_start(cold, cold_runs)
            figures["cold start, ours/official"] = cold.ratio("ours", "official")
        if cold_runs and importtime_top:
            print("\n-X importtime, the cold-start program of ours:")
            timed_env = dict(env, SDKGEN_BENCH_BODY=body, PYTHONPATH=ours_src)
            for line in importtime(
                python, COLD_PROGRAMS["ours"], timed_env, "mka1", importtime_top
            ):
                print(line)
        details = [
            prepare_large_import(
                python, spec, (sdk_dir or Path(scratch)) / spec.name.split(".")[0], env
            )
            for spec in large_specs
        ]
        if details:
            floor = LargeImport("(no document)", "floor", 0, "(none)")
            measure_large_imports(
                python, [*details, (floor, _FLOOR_IMPORT, env)], import_runs
            )
            results = [item for item, _, _ in details]
            print_large_imports(results, floor, import_runs)
            for item in results:
                figures[f"{item.package} import, ms"] = item.median_ms(0)
                figures[f"{item.package} import+SDK()+attribute, ms"] = item.total_ms()
                figures[f"{item.package} total/floor"] = item.ratio(floor)
        for item, program, spec_env in details if importtime_top else []:
            print(f"\n-X importtime, {item.package} (import, SDK(), .{item.resource}):")
            for line in importtime(
                python, program, spec_env, item.package, importtime_top
            ):
                print(line)
    return figures


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cold-runs",
        type=int,
        default=15,
        help="fresh processes per contender (0: skip)",
    )
    parser.add_argument(
        "--import-runs", type=int, default=9, help="fresh processes per large SDK"
    )
    parser.add_argument(
        "--no-large",
        action="store_true",
        help="skip generating and importing large SDKs",
    )
    parser.add_argument(
        "--sdk-dir",
        type=Path,
        help="keep (and reuse) the generated large SDKs here instead of a temporary folder",
    )
    parser.add_argument(
        "--importtime",
        type=int,
        nargs="?",
        const=12,
        default=0,
        metavar="TOP",
        help="also print the TOP (default 12) slowest imports of each program",
    )


def large_spec_paths(args: argparse.Namespace) -> list[Path]:
    if args.no_large:
        return []
    paths = [SPECS_DIR / name for name in LARGE_SPECS]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        raise StartupError(f"missing documents: {', '.join(missing)}")
    return paths


def main() -> int:
    # The body and the official SDK's venv come from call_overhead.py.
    from call_overhead import load_cancel_body, official_python

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    body, _ = load_cancel_body()
    run(
        str(official_python()),
        body,
        cold_runs=args.cold_runs,
        import_runs=args.import_runs,
        large_specs=large_spec_paths(args),
        sdk_dir=args.sdk_dir,
        importtime_top=args.importtime,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
