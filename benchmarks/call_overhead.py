"""How much time does the generated SDK add to one API call?

Measures the per-call time of the generated SDK's

    sdk.llm.responses.cancel(response_id="resp_cancel123")

against an in-process `httpx.MockTransport` (no network, no server), so what is
left is the SDK's own work: building the request, auth, sending it through
httpx, checking the status and parsing the JSON into a pydantic model. Two
references run the same call over the same kind of transport:

  floor     the least any httpx + pydantic client can do: a bare
            `httpx.Client.post(url, headers=...)` followed by
            `mka1.models.Response.model_validate_json(response.content)`.
  official  the Speakeasy-generated `meetkai-mka1==0.12.128` SDK. It ships its
            own `mka1` package too, so it cannot share the project's venv: this
            script installs it into benchmarks/.venv-official on first use
            (the only network access), with the same httpx and pydantic
            versions as the project's side, and reuses that venv afterwards.

Each of the three also runs as "<name>-new-id": the same call with a new
response id each time (4096 ids in turn), so the URL differs from the last
call's. The generated SDK keeps the parsed URLs it sent (a call whose URL
repeats, such as any operation without path parameters, skips httpx's URL
parsing); with new ids it cannot, and those ratios show what is left.

The canned body is the 200 `example` of the cancel operation in
spec/mka1.yaml, with `"completed_at": null` added: the example leaves out that
field, which the contract marks required (and nullable), and the official SDK
rejects the body without it. All contenders get the identical bytes.

Method, built for shared and noisy 2-core machines:
  * each contender runs in its own fresh worker process (this script again,
    with `--worker NAME`); the official one with the other venv's python;
  * each worker first checks that one call returns a parsed model whose
    status is "cancelled" and that the request it sent was the expected one
    (any failure aborts the run), then warms up;
  * the timing is done in rounds of `--calls` calls (time.perf_counter_ns);
    the rounds go round-robin over the workers, one at a time, so load
    drift on the machine hits all of them alike;
  * per-call time = round time / calls; the table shows each contender's
    median over `--rounds` rounds (and the fastest and slowest round); each
    ratio is the median over rounds of the two contenders' per-round ratio,
    so that load which slows a whole round cancels out.

After the per-call rounds, the start-up measurements of benchmarks/startup.py
run (skip them with `--calls-only`): the cold start of the three contenders
(process start to the first cancel returned, fresh processes, interleaved; the
ratio ours/official), and the time to import the large SDKs generated from
Discord's and Box's documents, build their `SDK` and touch a first resource.

Run it from the repository root with the project's venv:

    .venv/bin/python benchmarks/call_overhead.py             # full run
    .venv/bin/python benchmarks/call_overhead.py --quick     # smoke run
    .venv/bin/python benchmarks/call_overhead.py --max-ratio 1.3
    .venv/bin/python benchmarks/call_overhead.py --importtime  # plus the slowest imports

`--max-ratio X` exits 1 when ours/floor is above X; otherwise it exits 0.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import json
import itertools
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pydantic

import startup

RESPONSE_ID = "resp_cancel123"
SERVER_URL = "https://apigw.mka1.com"
CANCEL_PATH = "/api/v1/llm/responses/{response_id}/cancel"
CANCEL_URL = SERVER_URL + CANCEL_PATH.format(response_id=RESPONSE_ID)
API_KEY = "sk-benchmark"

BENCHMARKS_DIR = Path(__file__).resolve().parent
SPEC_PATH = BENCHMARKS_DIR.parent / "spec" / "mka1.yaml"
OFFICIAL_VENV = BENCHMARKS_DIR / ".venv-official"
OFFICIAL_REQUIREMENT = "meetkai-mka1==0.12.128"

# Table order; also the order of the first round (later rounds rotate it). The "-new-id"
# contenders make the same call with a new response id each time (cycling over NEW_IDS), so
# that nothing one contender may keep from an earlier call with the same URL helps it.
CONTENDERS = (
    "floor",
    "ours",
    "official",
    "floor-new-id",
    "ours-new-id",
    "official-new-id",
)
DESCRIPTIONS = {
    "floor": "httpx post + Response.model_validate_json",
    "ours": "generated SDK",
    "official": "Speakeasy SDK",
}
SDK_DISTRIBUTIONS = {"floor": "mka1", "ours": "mka1", "official": "meetkai-mka1"}
NEW_IDS = 4096  # distinct ids each "-new-id" contender cycles over
NEW_ID_URL = re.compile(
    re.escape(SERVER_URL + "/api/v1/llm/responses/")
    + r"resp_\d{6}"
    + re.escape("/cancel")
)

Call = Callable[[], object]


class BenchmarkError(RuntimeError):
    """The benchmark could not measure what it claims to measure."""


# --------------------------------------------------------------------------
# Worker side: runs in a fresh process per contender.
# --------------------------------------------------------------------------


class CannedCancelResponse:
    """MockTransport handler that answers every request with the same 200 body."""

    def __init__(self, body: bytes) -> None:
        self._body = body
        self.last_request: httpx.Request | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        # Kept so the check before timing can see what each contender sent;
        # one attribute store per call, paid alike by all.
        self.last_request = request
        return httpx.Response(
            200, content=self._body, headers={"content-type": "application/json"}
        )


def mock_client(handler: CannedCancelResponse) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


Ids = Callable[[], str]  # the response id of the next call


def build_floor(handler: CannedCancelResponse, next_id: Ids) -> Call:
    from mka1.models import Response

    client = mock_client(handler)
    headers = {"Authorization": f"Bearer {API_KEY}", "Accept": "application/json"}

    def cancel() -> Response:
        url = f"{SERVER_URL}/api/v1/llm/responses/{next_id()}/cancel"
        response = client.post(url, headers=headers)
        return Response.model_validate_json(response.content)

    return cancel


def build_ours(handler: CannedCancelResponse, next_id: Ids) -> Call:
    from mka1 import SDK

    # Default retries and timeout: what users get.
    sdk = SDK(
        bearer_auth=API_KEY, server_url=SERVER_URL, http_client=mock_client(handler)
    )
    return lambda: sdk.llm.responses.cancel(response_id=next_id())


def build_official(handler: CannedCancelResponse, next_id: Ids) -> Call:
    # Only installed in benchmarks/.venv-official, never where mypy runs.
    from meetkai_mka1 import SDK  # type: ignore[import-not-found]

    sdk = SDK(bearer_auth=API_KEY, server_url=SERVER_URL, client=mock_client(handler))
    return lambda: sdk.llm.responses.cancel(response_id=next_id())


BUILDERS: dict[str, Callable[[CannedCancelResponse, Ids], Call]] = {
    "floor": build_floor,
    "ours": build_ours,
    "official": build_official,
}


def builder_of(name: str) -> str:
    """The builder a contender uses: `ours-new-id` is `ours` with new ids."""
    return name.removesuffix("-new-id")


def id_source(name: str) -> Ids:
    """The fixed RESPONSE_ID, or for a "-new-id" contender one of NEW_IDS ids in turn."""
    if not name.endswith("-new-id"):
        return lambda: RESPONSE_ID
    ids = itertools.cycle([f"resp_{number:06d}" for number in range(NEW_IDS)])
    return lambda: next(ids)


def check_one_call(name: str, cancel: Call, handler: CannedCancelResponse) -> None:
    """Timing a call that raises or parses nothing would be meaningless: fail loudly."""
    result = cancel()
    if not isinstance(result, pydantic.BaseModel):
        raise BenchmarkError(f"{name}: expected a pydantic model, got {result!r}")
    status = getattr(result, "status", None)
    status = getattr(status, "value", status)  # enum member or plain string
    if status != "cancelled":
        raise BenchmarkError(f"{name}: expected status 'cancelled', got {status!r}")
    request = handler.last_request
    if request is None:
        raise BenchmarkError(f"{name}: the call never reached the transport")
    url = str(request.url)
    if name.endswith("-new-id") and NEW_ID_URL.fullmatch(url):
        url = CANCEL_URL  # any of the new ids, in the cancel URL
    sent = (request.method, url, request.headers.get("authorization"))
    expected = ("POST", CANCEL_URL, f"Bearer {API_KEY}")
    if sent != expected:
        raise BenchmarkError(f"{name}: sent {sent}, expected {expected}")


def time_round(cancel: Call, calls: int) -> int:
    """Nanoseconds taken by `calls` back-to-back calls."""
    # Start every round from the same GC state, so a collection of an earlier
    # round's garbage does not land in someone else's measurement.
    gc.collect()
    start = time.perf_counter_ns()
    for _ in range(calls):
        cancel()
    return time.perf_counter_ns() - start


def environment_versions(name: str) -> dict[str, str]:
    version = importlib.metadata.version
    return {
        "python": platform.python_version(),
        "httpx": version("httpx"),
        "pydantic": version("pydantic"),
        "sdk": f"{SDK_DISTRIBUTIONS[builder_of(name)]} "
        f"{version(SDK_DISTRIBUTIONS[builder_of(name)])}",
    }


def send(message: object) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def run_worker(name: str) -> None:
    """Line protocol on stdin/stdout.

    in:  {"body": ..., "warmup": N}  out: {"versions": {...}}  (after check + warm-up)
    in:  CALLS                       out: NANOSECONDS          (one timed round)
    EOF ends the worker.
    """
    setup = json.loads(sys.stdin.readline())
    handler = CannedCancelResponse(setup["body"].encode())
    cancel = BUILDERS[builder_of(name)](handler, id_source(name))
    check_one_call(name, cancel, handler)
    for _ in range(setup["warmup"]):
        cancel()
    send({"versions": environment_versions(name)})
    for line in sys.stdin:
        send(time_round(cancel, int(line)))


# --------------------------------------------------------------------------
# Driver side: prepares the body and the official venv, runs the rounds.
# --------------------------------------------------------------------------


def load_cancel_body() -> tuple[str, bool]:
    """The cancel operation's 200 example as JSON, and whether completed_at was added."""
    # PyYAML has no type hints and the project does not install types-PyYAML.
    import yaml  # type: ignore[import-untyped]

    spec = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    operation = spec["paths"][CANCEL_PATH]["post"]
    example = dict(
        operation["responses"]["200"]["content"]["application/json"]["example"]
    )
    added_completed_at = "completed_at" not in example
    # Required and nullable in the contract; the official SDK rejects it missing.
    example.setdefault("completed_at", None)
    return json.dumps(example, separators=(",", ":")), added_completed_at


def official_python() -> Path:
    """Python of benchmarks/.venv-official, created and pip-installed on first use."""
    python = OFFICIAL_VENV / "bin" / "python"
    version = importlib.metadata.version
    # Same httpx and pydantic as our side: the comparison is of SDK code, not libraries.
    requirements = [
        OFFICIAL_REQUIREMENT,
        f"httpx=={version('httpx')}",
        f"pydantic=={version('pydantic')}",
    ]
    stamp = OFFICIAL_VENV / "benchmark-requirements.txt"
    wanted = "\n".join(requirements) + "\n"
    if stamp.is_file() and stamp.read_text() == wanted:
        return python
    if not python.exists():
        print(f"creating {OFFICIAL_VENV} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(OFFICIAL_VENV)], check=True)
        # Keep the venv out of git, as `python -m venv` does itself from 3.13 on.
        (OFFICIAL_VENV / ".gitignore").write_text("*\n")
    print(f"installing {' '.join(requirements)} ...", file=sys.stderr)
    pip = [
        str(python),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ]
    subprocess.run(pip + requirements, check=True)
    stamp.write_text(wanted)
    return python


@dataclass
class Worker:
    name: str
    process: subprocess.Popen[str]
    versions: dict[str, str] = field(default_factory=dict)
    per_call_us: list[float] = field(default_factory=list)

    def receive(self) -> object:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:  # its traceback, if any, went to our stderr
            code = self.process.wait()
            raise BenchmarkError(f"worker {self.name!r} exited with code {code}")
        return json.loads(line)

    def send(self, message: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(message + "\n")
        self.process.stdin.flush()

    def run_round(self, calls: int) -> None:
        self.send(str(calls))
        elapsed_ns = self.receive()
        assert isinstance(elapsed_ns, int)
        self.per_call_us.append(elapsed_ns / calls / 1000)

    def median_us(self) -> float:
        return statistics.median(self.per_call_us)


def start_worker(name: str, python: Path | str, body: str, warmup: int) -> Worker:
    """Start one contender's process; returns once it has checked and warmed up."""
    command = [str(python), str(Path(__file__).resolve()), "--worker", name]
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    worker = Worker(name, process)
    worker.send(json.dumps({"body": body, "warmup": warmup}))
    reply = worker.receive()
    assert isinstance(reply, dict)
    worker.versions = reply["versions"]
    return worker


def run_rounds(workers: list[Worker], rounds: int, calls: int) -> None:
    for round_index in range(rounds):
        # Rotate who goes first, so no contender always follows the same one.
        shift = round_index % len(workers)
        for worker in workers[shift:] + workers[:shift]:
            worker.run_round(calls)


def stop_workers(workers: list[Worker]) -> None:
    for worker in workers:
        if worker.process.stdin is not None:
            worker.process.stdin.close()  # EOF: the worker's loop ends
        worker.process.wait()


def paired_ratio(numerator: Worker, denominator: Worker) -> float:
    """The median over rounds of the two contenders' per-call times in the same round.

    Both ran back to back within each round, so a stretch of machine load that slows one
    round slows both sides of its ratio; the median then drops the rounds it could not even out.
    """
    pairs = zip(numerator.per_call_us, denominator.per_call_us, strict=True)
    return statistics.median(ours / theirs for ours, theirs in pairs)


def print_table(rows: list[list[str]]) -> None:
    """Left-aligned text, right-aligned numbers, columns as wide as their cells."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        cells = [
            (
                cell.rjust(width)
                if cell.replace(".", "", 1).isdigit()
                else cell.ljust(width)
            )
            for cell, width in zip(row, widths)
        ]
        print("  ".join(cells).rstrip())


def print_report(
    workers: dict[str, Worker], args: argparse.Namespace, added_completed_at: bool
) -> dict[str, float]:
    print(
        f'sdk.llm.responses.cancel(response_id="{RESPONSE_ID}") over httpx.MockTransport'
    )
    if added_completed_at:
        print(
            'body: the 200 example in spec/mka1.yaml, plus "completed_at": null -- the'
        )
        print("      example omits that required, nullable field and the official SDK")
        print("      rejects it without; all contenders get the same bytes")
    else:
        print("body: the 200 example in spec/mka1.yaml, as is")
    print(
        f"{args.rounds} rounds x {args.calls} calls per contender, round-robin, "
        f"after {args.warmup} warm-up calls; µs per call\n"
    )
    rows = [
        [
            "contender",
            "median",
            "fastest",
            "slowest",
            "python",
            "httpx",
            "pydantic",
            "what",
        ]
    ]
    for name in CONTENDERS:
        times, versions = workers[name].per_call_us, workers[name].versions
        rows.append(
            [
                name,
                f"{statistics.median(times):.1f}",
                f"{min(times):.1f}",
                f"{max(times):.1f}",
                versions["python"],
                versions["httpx"],
                versions["pydantic"],
                f"{DESCRIPTIONS[builder_of(name)]} ({versions['sdk']})"
                + (", a new response id each call" if name != builder_of(name) else ""),
            ]
        )
    print_table(rows)
    ratios = {
        "ours/floor": paired_ratio(workers["ours"], workers["floor"]),
        "ours/official": paired_ratio(workers["ours"], workers["official"]),
        "official/floor": paired_ratio(workers["official"], workers["floor"]),
        "new ids, ours/floor": paired_ratio(
            workers["ours-new-id"], workers["floor-new-id"]
        ),
        "new ids, ours/official": paired_ratio(
            workers["ours-new-id"], workers["official-new-id"]
        ),
        "new ids, official/floor": paired_ratio(
            workers["official-new-id"], workers["floor-new-id"]
        ),
    }
    print()
    print(
        "ratios: median over rounds of the per-round ratio (contenders run back to back)"
    )
    print_table([[label, f"{ratio:.2f}"] for label, ratio in ratios.items()])
    return ratios


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument(
        "--rounds", type=int, default=25, help="timed rounds per contender"
    )
    parser.add_argument("--calls", type=int, default=300, help="calls per round")
    parser.add_argument("--warmup", type=int, default=200, help="untimed calls first")
    parser.add_argument("--quick", action="store_true", help="smoke run: 3 x 50 calls")
    parser.add_argument(
        "--max-ratio", type=float, help="exit 1 if the ours/floor ratio is above this"
    )
    parser.add_argument(
        "--calls-only", action="store_true", help="skip the start-up measurements"
    )
    startup.add_arguments(parser)
    parser.add_argument("--worker", choices=CONTENDERS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.calls, args.warmup = 3, 50, 20
        args.cold_runs, args.import_runs = 3, 3
    return args


def main() -> int:
    args = parse_args()
    if args.worker:
        run_worker(args.worker)
        return 0
    body, added_completed_at = load_cancel_body()
    interpreters: dict[str, Path | str] = {
        "floor": sys.executable,
        "ours": sys.executable,
        "official": official_python(),
    }
    workers: dict[str, Worker] = {}
    try:
        for name in CONTENDERS:
            python = interpreters[builder_of(name)]
            workers[name] = start_worker(name, python, body, args.warmup)
        run_rounds(list(workers.values()), args.rounds, args.calls)
    finally:
        stop_workers(list(workers.values()))
    ratios = print_report(workers, args, added_completed_at)
    if not args.calls_only:
        figures = startup.run(
            str(interpreters["official"]),
            body,
            cold_runs=args.cold_runs,
            import_runs=args.import_runs,
            large_specs=startup.large_spec_paths(args),
            sdk_dir=args.sdk_dir,
            importtime_top=args.importtime,
        )
        print("\nsummary")
        summary = {
            "per call, ours/floor": ratios["ours/floor"],
            "per call, official/ours": 1 / ratios["ours/official"],
            "per call, new ids, ours/floor": ratios["new ids, ours/floor"],
            "per call, new ids, official/ours": 1 / ratios["new ids, ours/official"],
            **figures,
        }
        print_table([[label, f"{value:.2f}"] for label, value in summary.items()])
    if args.max_ratio is not None and ratios["ours/floor"] > args.max_ratio:
        print(
            f"\nFAIL: ours/floor {ratios['ours/floor']:.2f} > --max-ratio {args.max_ratio}"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
