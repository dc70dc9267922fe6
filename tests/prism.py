"""Contract tests against a real mock server: every generated method's sample request sent to Prism.

Prism (npm `@stoplight/prism-cli`, pinned in tests/prism/package.json and its lock file, installed
into tests/prism/node_modules by `make test` when node is present) serves a document in mock mode
on 127.0.0.1 and validates each request it receives against that document. Here:

- `serve(document)` starts Prism on a free port in its own process group and stops it by its
  process group id on the way out, whatever happened (no orphans, even when a test fails);
  a document Prism cannot load raises `PrismCannotLoad` with the first line of Prism's error.
- `send_samples(sdk, url)` runs, in a subprocess with the SDK on its path, the `call(sdk)` of each
  generated per-operation test (`tests/test_<operation>.py`: the operation's sample arguments from
  the IR) on a real client (`_support.sdk_at`, every credential given) pointed at Prism, and
  records each exchange as Prism answered it. What the SDK really sends is what Prism judges.

How Prism (5.x) reports a request that breaks the document, and so what counts as a violation:
- the request is routed, validated and found wrong: Prism answers with the document's own 422/400
  (401 for security) response and an `sl-violations` header listing each finding with a location
  starting with "request"; or, when the document has no such response, with its own
  application/problem+json body of type `...prism/errors#UNPROCESSABLE_ENTITY` (findings under
  `validation`), `#UNAUTHORIZED` (a credential missing) or `#INVALID_CONTENT_TYPE`;
- the request matches no path, method or server of the document: `#NO_PATH_MATCHED_ERROR`,
  `#NO_METHOD_MATCHED_ERROR`, `#NO_SERVER_MATCHED_ERROR` and the like; an Accept header the
  document cannot satisfy: `#NOT_ACCEPTABLE`.
Only findings of severity Error count (Prism itself answers a request with warnings normally).
Prism parses JSON, form and multipart bodies only: a body of another media type (XML, bytes) is
validated as a plain string, so a finding about it says nothing of the SDK; such findings are kept
apart as `unchecked` (a Prism limitation), not counted as violations. So is a request Prism cannot
route because the document's path key holds a `#fragment` or `?query` (AWS documents converted by
APIs.guru: `/v1/connectors/{arn}#currentVersion`), which Prism matches literally: the SDK sends the
key's path, as the real server expects. And so is Prism's demand for a `Content-Type`, `Accept`
or `Authorization` header parameter, which OpenAPI says to ignore (the SDK does). The few requests
Prism rejects otherwise through no fault of the SDK (Prism misroutes them, or the document's schema
admits no value) are named, with the reason, in `EXPLAINED`.
Findings located in "response" are the document's own examples breaking its own schemas: recorded,
never a failure. Neither is a response the SDK cannot parse (ResponseValidationError and the like):
that is a separate finding, counted and shown, not failed on.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml  # type: ignore[import-untyped]

REPO = Path(__file__).resolve().parent.parent
PRISM_DIR = REPO / "tests" / "prism"
PRISM = PRISM_DIR / "node_modules" / ".bin" / "prism"
START_TIMEOUT = 120.0
"""Seconds Prism may take to load a document (the largest corpus ones take the longest)."""
SEND_TIMEOUT = 600.0
CALL_TIMEOUT = 30.0
"""Seconds one call may take (Prism answers in milliseconds; a hang is a finding)."""

REQUEST_PROBLEMS = frozenset(
    {
        "UNPROCESSABLE_ENTITY",
        "UNAUTHORIZED",
        "INVALID_CONTENT_TYPE",
        "NOT_ACCEPTABLE",
        "NO_PATH_MATCHED_ERROR",
        "NO_METHOD_MATCHED_ERROR",
        "NO_SERVER_MATCHED_ERROR",
        "NO_BASE_URL_ERROR",
        "NO_SERVER_CONFIGURATION_PROVIDED_ERROR",
    }
)
"""Prism's problem types that say the request does not fit the document."""
ROUTING_PROBLEMS = frozenset({"NO_PATH_MATCHED_ERROR", "NO_METHOD_MATCHED_ERROR"})
IGNORED_HEADERS = ("content-type", "accept", "authorization")
"""Header parameters OpenAPI says to ignore (3.0 and 3.1, Parameter Object, `name`)."""
_REQUIRED_HEADER = re.compile(r"^request\.header: .*required property '([^']+)'$")

EXPLAINED = {
    ("guru-tomtom.com_maps.json", "test_map_copyrights_get"): (
        "Prism reads `{maxLat}.{format}` up to the first dot: the document's example maxLat "
        "71.441 makes `71.441.json`, whose format it takes to be `441.json`"
    ),
    ("guru-tomtom.com_maps.json", "test_map_tile_get_pbf"): (
        "Prism routes `/tile/{layer}/{style}/{zoom}/{X}/{Y}.pbf` to the document's other "
        "template `.../{Y}.{format}` (format jpg or png)"
    ),
    ("jira-apisguru.json", "test_issuesecurityschemes_level_add_security_members"): (
        "the document's fault: SecuritySchemeMembersRequest requires "
        "`securitySchemeLevelMembers`, which it does not declare, and allows no other "
        "property: no request body satisfies it"
    ),
    ("jira-apisguru.json", "test_screenscheme_create"): (
        "the document's fault: ScreenTypes requires `defaultScreen`, which it does not "
        "declare (its property is `default`), and allows no other property: no request "
        "body satisfies it"
    ),
}
"""Requests Prism rejects through no fault of the SDK (Prism's or the document's), by document
file name and generated test module: the reason."""

_LISTENING = re.compile(r"Prism is listening on (http://\S+)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def unavailable() -> str | None:
    """Why the Prism tier cannot run on this machine (None: it can). Only a missing node is a
    reason to skip; node without Prism installed is a set-up error (`make test` installs it).
    """
    if shutil.which("node") is None:
        return (
            "node is not installed: the Prism contract tests need node 18.20+ and npm"
        )
    return None


def ensure_installed() -> None:
    """Fail clearly when node is here but Prism is not installed."""
    if not PRISM.exists():
        raise RuntimeError(
            f"Prism is not installed in {PRISM_DIR.relative_to(REPO)}: run `make prism` "
            "(part of `make test`), i.e. `npm ci --no-audit --no-fund` there"
        )


class PrismCannotLoad(Exception):
    """Prism exited (or never listened) on this document; the message is its first error line."""


@dataclass(frozen=True)
class Server:
    url: str
    pid: int
    log: Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serve(document: Path) -> Iterator[Server]:
    """Prism serving `document` on 127.0.0.1 until the block ends; stopped by its process group."""
    ensure_installed()
    with tempfile.TemporaryDirectory(prefix="sdkgen-prism-") as temporary:
        log = Path(temporary) / "prism.log"
        for _ in range(3):
            port = free_port()
            with open(log, "wb") as sink:
                process = subprocess.Popen(
                    [str(PRISM), "mock", "--host", "127.0.0.1", "--port", str(port)]
                    + [str(document)],
                    stdin=subprocess.DEVNULL,
                    stdout=sink,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group: node and its children
                    env={**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"},
                )
            try:
                url = _wait_listening(process, log)
                if url is None and "EADDRINUSE" in _read(log):
                    continue  # the free port was taken meanwhile: another one
                if url is None and process.poll() is None:
                    raise PrismCannotLoad(f"not listening after {START_TIMEOUT:.0f} s")
                if url is None:
                    raise PrismCannotLoad(_first_error(_read(log), document))
                yield Server(url, process.pid, log)
                return
            finally:
                stop(process)
        raise PrismCannotLoad("no free port after 3 attempts")


def stop(process: subprocess.Popen[bytes]) -> None:
    """End Prism's whole process group (SIGTERM, then SIGKILL after 5 s) and reap it."""
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    try:  # children left in the group after the leader exited
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _wait_listening(process: subprocess.Popen[bytes], log: Path) -> str | None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        found = _LISTENING.search(_read(log))
        if found:
            return found[1]
        if process.poll() is not None:
            found = _LISTENING.search(_read(log))
            return found[1] if found else None
        time.sleep(0.05)
    return None


def _read(log: Path) -> str:
    try:
        return _ANSI.sub("", log.read_text("utf-8", "replace"))
    except OSError:
        return ""


def _first_error(text: str, document: Path) -> str:
    """The first line of Prism's complaint (its log prefix and the document's folder removed)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    wanted = [
        line
        for line in lines
        if re.search(r"\b(error|fatal|Error)\b", line) and "awaiting" not in line
    ]
    first = (wanted or lines or ["Prism exited without a message"])[0]
    first = re.sub(r"^\[[^\]]*\]\s*›\s*\[CLI\]\s*\S*\s*(fatal|error)?\s*", "", first)
    return first.replace(str(document.resolve().parent) + os.sep, "").replace(
        str(document.parent) + os.sep, ""
    )[:300]


# -- sending every sample request ------------------------------------------------------------------

# Run with PYTHONPATH=<sdk>/src:<sdk>/tests: each generated per-operation test module's `call(sdk)`
# on a real httpx client pointed at Prism; one JSON line per operation on stdout.
_DRIVER = r"""
import importlib, json, sys
from pathlib import Path
import httpx
import _support

url, tests, timeout = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3])
exchanges = []  # [request, response or None]: a request Prism answered in a way httpx could not read keeps None

def on_request(request):
    exchanges.append([request, None])

def on_response(response):
    response.read()
    for exchange in reversed(exchanges):
        if exchange[0] is response.request:
            exchange[1] = response
            break

def text(read):
    try:
        return read()[:4000].decode("utf-8", "replace")
    except Exception:  # a streamed request body, not kept
        return ""

client = httpx.Client(timeout=timeout, event_hooks={"request": [on_request], "response": [on_response]})
sdk = _support.sdk_at(url, client)
for path in sorted(tests.glob("test_*.py")):
    name = path.stem
    if name.startswith("test_runtime_") or name == "test_package":
        continue
    try:
        module = importlib.import_module(name)
    except Exception as error:
        print(json.dumps({"module": name, "error": f"import: {type(error).__name__}: {error}"[:500]}))
        continue
    if not callable(getattr(module, "call", None)):
        continue
    del exchanges[:]
    outcome, error = "returned", ""
    try:
        module.call(sdk)
    except Exception as raised:
        outcome, error = type(raised).__name__, str(raised)[:1500]
    sent = []
    for request, response in exchanges:
        headers = response.headers if response is not None else httpx.Headers()
        sent.append({
            "method": request.method,
            "url": str(request.url),
            "status": response.status_code if response is not None else 0,
            "content_type": headers.get("content-type", ""),
            "violations": headers.get("sl-violations", ""),
            "body": text(lambda: response.content) if response is not None else "",
            "request_content_type": request.headers.get("content-type", ""),
            "request_body": text(lambda: request.content)[:1000],
        })
    print(json.dumps({"module": name, "outcome": outcome, "error": error, "sent": sent}))
client.close()
"""


@dataclass
class Exchange:
    """One operation's sample call through Prism, and what Prism and the SDK made of it."""

    module: str
    outcome: str
    """"returned", or the name of the exception the call raised."""
    error: str = ""
    sent: list[dict[str, Any]] = field(default_factory=list)
    request_violations: list[str] = field(default_factory=list)
    response_violations: list[str] = field(default_factory=list)
    """The document's own examples breaking its schemas (Prism checks the answer it mocks)."""
    unchecked: list[str] = field(default_factory=list)
    """Findings Prism could not make on this request: a body of a media type it does not
    parse, a path key it cannot route (see the module docstring)."""
    unrouted: bool = False
    """Prism matched no path or method of the document to the request."""
    prism_problem: str = ""
    """A Prism error that is not about the request (e.g. no response defined)."""

    @property
    def violating(self) -> bool:
        return bool(self.request_violations)

    @property
    def not_sent(self) -> bool:
        return not self.sent

    @property
    def parse_failure(self) -> bool:
        """The request went through and Prism answered 2xx (or in a way httpx could not read,
        status 0: e.g. a mocked 101 Switching Protocols), but the SDK raised on the answer.
        """
        status = self.sent[-1]["status"] if self.sent else -1
        return (
            not self.violating
            and self.outcome != "returned"
            and (200 <= status < 300 or status == 0)
        )

    def summary(self) -> str:
        where = (
            f"{self.sent[-1]['method']} {self.sent[-1]['url']} -> {self.sent[-1]['status']}"
            if self.sent
            else "nothing sent"
        )
        found = "; ".join(self.request_violations) or self.error.splitlines()[0:1]
        return f"{self.module}: {where}: {found if isinstance(found, str) else ''.join(found)}"


def prism_parses(media_type: str) -> bool:
    """Whether Prism parses a request body of this media type before validating it: JSON
    (`application/json`, `application/*+json`), form and multipart; any other (`text/json`,
    XML, bytes) it validates as a plain string."""
    return (
        not media_type
        or media_type == "application/json"
        or (media_type.startswith("application/") and media_type.endswith("+json"))
        or media_type in ("application/x-www-form-urlencoded", "multipart/form-data")
    )


def classify(exchange: Exchange) -> Exchange:
    """Fill in the violations Prism reported for `exchange` (see the module docstring)."""
    for sent in exchange.sent:
        media_type = str(sent.get("request_content_type", "")).split(";")[0].lower()
        parsed = prism_parses(media_type.strip())

        def request_finding(location: list[str], message: str) -> None:
            text = f"{'.'.join(location)}: {message}"
            if not parsed and location[:1] == ["body"]:
                exchange.unchecked.append(f"{media_type} {text}")
            else:
                exchange.request_violations.append(f"request.{text}")

        for finding in _header_findings(sent.get("violations", "")):
            location = [str(p) for p in finding.get("location") or []]
            if finding.get("severity") != "Error":
                continue
            if location[:1] == ["request"]:
                request_finding(location[1:], str(finding.get("message", "")))
            elif location[:1] == ["response"]:
                exchange.response_violations.append(
                    f"{'.'.join(location)}: {finding.get('message', '')}"
                )
        problem = _problem(sent)
        if problem is None:
            continue
        kind, body = problem
        if kind not in REQUEST_PROBLEMS:
            exchange.prism_problem = (
                f"{kind}: {body.get('detail') or body.get('title')}"[:300]
            )
            continue
        findings = [
            f
            for f in body.get("validation") or []
            if isinstance(f, dict) and f.get("severity", "Error") == "Error"
        ]
        for finding in findings:
            location = [str(p) for p in finding.get("location") or []]
            request_finding(location, str(finding.get("message", "")))
        exchange.unrouted |= kind in ROUTING_PROBLEMS
        if not findings:
            exchange.request_violations.append(
                f"{kind}: {body.get('detail') or body.get('title') or ''}"[:300]
            )
    return exchange


_FINDING = re.compile(
    r'\{"location":\[(?P<location>[^\]]*)\],"severity":"(?P<severity>\w+)"'
    r'(?:,"code":(?:"[^"]*"|[^,}]*))?,"message":"(?P<message>(?:[^"\\]|\\.)*)"'
)


def _header_findings(value: str) -> list[dict[str, Any]]:
    """The findings of an `sl-violations` header; from one Prism cut at 8 KB ("Too many
    violations! " and the start of the list), each whole finding it still holds."""
    if not value:
        return []
    try:
        found = json.loads(value)
    except ValueError:
        found = [
            {
                "location": json.loads(f"[{m['location']}]"),
                "severity": m["severity"],
                "message": json.loads(f'"{m["message"]}"'),
            }
            for m in _FINDING.finditer(value)
        ]
    return [f for f in found if isinstance(f, dict)] if isinstance(found, list) else []


def _problem(sent: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """Prism's own problem+json answer: (its type after `#`, the body), if this is one."""
    if "application/problem+json" not in sent.get("content_type", ""):
        return None
    try:
        body = json.loads(sent.get("body") or "")
    except ValueError:
        return None
    kind = body.get("type") if isinstance(body, dict) else None
    if not isinstance(kind, str) or "prism/errors#" not in kind:
        return None  # the document's own problem response
    return kind.rsplit("#", 1)[1], body


@dataclass
class PrismResult:
    """One document through Prism."""

    cannot_load: str | None = None
    exchanges: list[Exchange] = field(default_factory=list)
    seconds: float = 0.0
    driver_error: str = ""

    @property
    def operations(self) -> int:
        """Operations whose sample request reached Prism."""
        return sum(1 for e in self.exchanges if e.sent)

    @property
    def violations(self) -> int:
        return sum(1 for e in self.exchanges if e.violating)

    @property
    def not_sent(self) -> int:
        return sum(1 for e in self.exchanges if e.not_sent)

    @property
    def parse_failures(self) -> int:
        return sum(1 for e in self.exchanges if e.parse_failure)

    @property
    def valid_parse_failures(self) -> int:
        """Answers the SDK could not read though Prism found them valid: an SDK finding (the
        others are the document's examples breaking its own schemas)."""
        return sum(
            1 for e in self.exchanges if e.parse_failure and not e.response_violations
        )

    @property
    def response_violations(self) -> int:
        return sum(1 for e in self.exchanges if e.response_violations)

    @property
    def unchecked(self) -> int:
        """Operations with a body Prism cannot parse (and so cannot check)."""
        return sum(1 for e in self.exchanges if e.unchecked)

    def cell(self) -> str:
        """The docs/coverage.md cell: operations through Prism, violations."""
        if self.cannot_load is not None:
            return "cannot load"
        if self.driver_error:
            return "**driver failed**"
        text = f"{self.operations}, {self.violations}"
        return f"**{text}**" if self.violations or self.not_sent else text


def send_samples(
    sdk: Path,
    url: str,
    *,
    python: str = sys.executable,
    env: dict[str, str] | None = None,
) -> tuple[list[Exchange], str]:
    """Each generated operation test's sample call on the SDK in `sdk` (its src/ and tests/),
    sent to Prism at `url`: the classified exchanges, and the driver's error output if it failed.
    """
    sdk = sdk.resolve()
    environment = dict(env if env is not None else os.environ)
    environment.pop("PYTHONPATH", None)
    environment["PYTHONPATH"] = os.pathsep.join([str(sdk / "src"), str(sdk / "tests")])
    try:
        done = subprocess.run(
            [python, "-c", _DRIVER, url, str(sdk / "tests"), str(CALL_TIMEOUT)],
            cwd=sdk,
            env=environment,
            capture_output=True,
            text=True,
            timeout=SEND_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return [], f"the sample calls took more than {SEND_TIMEOUT:.0f} s"
    exchanges = []
    for line in done.stdout.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if "outcome" not in record:
            exchanges.append(Exchange(record["module"], "ImportError", record["error"]))
            continue
        exchanges.append(classify(Exchange(**record)))
    failed = "" if done.returncode == 0 else "\n".join(done.stderr.splitlines()[-15:])
    return exchanges, failed


def check_with_prism(document: Path, sdk: Path, **kwargs: Any) -> PrismResult:
    """Serve `document` with Prism and send every sample request of the SDK generated from it."""
    start = time.perf_counter()
    result = PrismResult()
    try:
        with serve(document) as server:
            result.exchanges, result.driver_error = send_samples(
                sdk, server.url, **kwargs
            )
    except PrismCannotLoad as error:
        result.cannot_load = str(error)
    set_apart_unroutable(document, result.exchanges)
    set_apart_misjudged(document, result.exchanges)
    result.seconds = time.perf_counter() - start
    return result


def set_apart_unroutable(document: Path, exchanges: list[Exchange]) -> None:
    """Move a routing error on a request to a path key Prism cannot route (see the module
    docstring) from the violations to `unchecked`."""
    if not any(e.unrouted for e in exchanges):
        return
    unroutable = unroutable_paths(document)
    for exchange in exchanges:
        path = urlsplit(exchange.sent[-1]["url"]).path if exchange.sent else ""
        key = next((k for p, k in unroutable if p.fullmatch(path)), None)
        if exchange.unrouted and key is not None:
            exchange.unchecked.append(f"Prism cannot route the path key {key!r}")
            exchange.request_violations.clear()


def set_apart_misjudged(document: Path, exchanges: list[Exchange]) -> None:
    """Move to `unchecked` what Prism asks wrongly: an ignored header parameter (see
    IGNORED_HEADERS) the SDK rightly did not send, and the requests named in EXPLAINED.
    """
    for exchange in exchanges:
        if not exchange.violating:
            continue
        explained = EXPLAINED.get((document.name, exchange.module))
        if explained is not None:
            exchange.unchecked.append(explained)
            exchange.request_violations.clear()
            continue
        ignored = [
            v
            for v in exchange.request_violations
            if (found := _REQUIRED_HEADER.match(v))
            and found[1].lower() in IGNORED_HEADERS
        ]
        for violation in ignored:
            exchange.request_violations.remove(violation)
            header = _REQUIRED_HEADER.match(violation)[1]  # type: ignore[index]
            exchange.unchecked.append(
                f"Prism requires the header parameter {header!r}, which OpenAPI ignores"
            )


def unroutable_paths(document: Path) -> list[tuple[re.Pattern[str], str]]:
    """The document's path keys holding a `#` or `?` (Prism cannot route them), each with a
    pattern matching the URL path the SDK sends for it."""
    try:
        text = document.read_text("utf-8")
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = (
            json.loads(text) if document.suffix == ".json" else yaml.load(text, loader)
        )
    except (OSError, ValueError, yaml.YAMLError):
        return []
    paths = data.get("paths") if isinstance(data, dict) else None
    found = []
    for key in paths if isinstance(paths, dict) else ():
        if isinstance(key, str) and ("#" in key or "?" in key):
            base = re.split(r"[#?]", key, maxsplit=1)[0]
            template = re.sub(r"\\\{[^/]*?\\\}", "[^/]+", re.escape(base))
            found.append((re.compile(template), key))
    return found
