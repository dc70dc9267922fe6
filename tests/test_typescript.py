"""The TypeScript target: names, layout and escaping (unit), the multi-target configuration,
and the generated packages themselves under node: the seed page's snippet, verbatim, compiled
with `tsc --strict` and run against a local server; MKA1 and three corpus documents through
`prettier --check`, `tsc --strict --noEmit` and their own `node --test` suites (with the docs
target's TypeScript sample of each corpus operation compiled beside them).

The node tools (typescript and prettier, pinned in generated/typescript/package.json) are the
ones `make test` installs with `npm ci`; a run without them installs them the same way first.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from generator.cli import EXIT_DRIFT, EXIT_OK, main
from generator.targets.typescript.filters import jsdoc, ts_string
from generator.targets.typescript.layout import (
    Arr,
    Call,
    Obj,
    Raw,
    statement,
    union_alias,
)
from generator.targets.typescript.naming import camel, kebab, pascal

from .helpers import shared_folder
from .test_cli import PETS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generated" / "typescript"
SEED = shared_folder() / "seeds" / "mka1-responses-cancel.txt"
SPECS = shared_folder() / "specs"
CORPUS = ("petstore-swagger-3.0.yaml", "spotify.yaml", "petstore-oai-2.0.yaml")


# -- names, layout and escaping ---------------------------------------------------------------


def test_names_are_camel_case_members_and_pascal_case_types() -> None:
    assert camel("response_id") == "responseId"
    assert camel("X-On-Behalf-Of") == "xOnBehalfOf"
    assert camel("2fa") == "n2fa"
    assert camel("") == "value"
    assert pascal("response_object") == "ResponseObject"
    assert pascal("MCPTool") == "MCPTool"
    assert kebab("ResponseObject") == "response-object"


def test_string_literals_take_prettiers_quotes_and_escape_everything_else() -> None:
    assert ts_string("plain") == '"plain"'
    assert ts_string('say "hi"') == "'say \"hi\"'"
    assert ts_string("it's") == '"it\'s"'
    assert ts_string("a\\b\n\u2028\x00") == '"a\\\\b\\n\\u2028\\u0000"'


def test_jsdoc_cannot_be_closed_by_the_spec() -> None:
    assert jsdoc("a */ b\nc", 2) == "  /**\n   * a *\\/ b\n   * c\n   */\n"
    assert jsdoc("  ") == ""


def test_layout_follows_prettier() -> None:
    assert union_alias("export type A", ['"x"', '"y"']) == 'export type A = "x" | "y";'
    long = [f'"value-number-{i}"' for i in range(6)]
    assert union_alias("export type A", long).splitlines()[1] == '  | "value-number-0"'
    shape = Call("$.object", (Arr((Arr((Raw('"a"'), Raw('"a"'), Raw("$.string"))),)),))
    assert (
        statement("const s = ", shape) == 'const s = $.object([["a", "a", $.string]]);'
    )
    obj = statement("const o = ", Obj((("k", Raw("1")),)))
    assert obj == "const o = {\n  k: 1,\n};"


# -- the target stands alone --------------------------------------------------------------------


def test_the_typescript_target_renders_without_importing_the_python_target() -> None:
    script = (
        "import sys\n"
        "from generator.pipeline import generate\n"
        "files = generate('spec/mka1.yaml', package='@meetkai/mka1', target_name='typescript').files\n"
        "assert 'src/resources/llm-responses.ts' in files\n"
        "print(sorted(m for m in sys.modules if m.startswith('generator.targets.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = json.loads(done.stdout.replace("'", '"'))
    assert "generator.targets.typescript.lower" in loaded
    assert not [m for m in loaded if m.startswith("generator.targets.python")]


# -- several targets from one configuration ------------------------------------------------------

CONFIG = """\
[tool.sdkgen]
spec = "pets.yaml"
out = "py"
package = "pets"

[tool.sdkgen.targets.typescript]
out = "ts"
package = "@acme/pets"
"""


def test_generate_and_check_run_every_configured_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pets.yaml").write_text(PETS)
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == EXIT_OK
    assert (tmp_path / "py" / "src" / "pets" / "__init__.py").is_file()
    package = json.loads((tmp_path / "ts" / "package.json").read_text())
    assert package["name"] == "@acme/pets"
    for out in ("py", "ts"):
        manifest = json.loads((tmp_path / out / ".sdkgen-manifest.json").read_text())
        assert "package.json" in manifest["files"] if out == "ts" else True
    assert main(["check"]) == EXIT_OK
    capsys.readouterr()
    # drift in the second target's folder alone fails `check`
    index = tmp_path / "ts" / "src" / "index.ts"
    index.write_text(index.read_text() + "// edited\n")
    assert main(["check"]) == EXIT_DRIFT
    assert "src/index.ts" in capsys.readouterr().out
    # a file sdkgen did not make survives a run in that folder, which restores its own
    mine = tmp_path / "ts" / "src" / "mine.ts"
    mine.write_text("export const mine = 1;\n")
    assert main(["generate"]) == EXIT_OK
    assert mine.read_text() == "export const mine = 1;\n"
    assert not index.read_text().endswith("// edited\n")
    # one target alone, by flag
    assert (
        main(["check", "--target", "typescript"]) == EXIT_DRIFT
    )  # mine.ts is unexpected
    mine.unlink()
    assert main(["check", "--target", "typescript"]) == EXIT_OK


def test_a_target_table_needs_a_known_target_and_its_own_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pets.yaml").write_text(PETS)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        CONFIG.replace("targets.typescript", "targets.cobol")
    )
    assert main(["generate"]) == 2
    assert "unknown target" in capsys.readouterr().err
    (tmp_path / "pyproject.toml").write_text(CONFIG.replace('out = "ts"\n', ""))
    assert main(["generate"]) == 2
    assert "its own `out`" in capsys.readouterr().err
    assert not (tmp_path / "py").exists()


# -- the generated packages under node -----------------------------------------------------------


def _run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(command[0]) is None and not Path(command[0]).is_file():
        pytest.skip(
            f"{command[0]} is not installed: the TypeScript SDK's node checks need node 20+"
        )
    return subprocess.run(
        ["nice", "-n", "10", *command],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """generated/typescript's pinned devDependencies, installed as `make test` does."""
    modules = PACKAGE / "node_modules"
    if (
        not (modules / ".bin" / "tsc").exists()
        or not (modules / ".bin" / "prettier").exists()
    ):
        done = _run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], PACKAGE
        )
        assert done.returncode == 0, done.stderr
    return modules


def _copy(source: Path, target: Path, modules: Path) -> Path:
    shutil.copytree(
        source, target, ignore=shutil.ignore_patterns("node_modules", "dist")
    )
    (target / "node_modules").symlink_to(modules)
    return target


@pytest.fixture(scope="module")
def mka1(node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """generated/typescript, built (`tsc` into dist/) in a copy."""
    built = _copy(PACKAGE, tmp_path_factory.mktemp("mka1") / "mka1", node_modules)
    done = _run([str(node_modules / ".bin" / "tsc"), "-p", "."], built)
    assert done.returncode == 0, done.stdout
    return built


def _seed_snippet() -> str:
    text = SEED.read_text("utf-8")
    return text[: text.index("run();") + len("run();")] + "\n"


class _Server:
    """A local HTTP server on 127.0.0.1 that records requests and answers with the seed's
    example response."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, str | None]] = []
        self.on_behalf_of: list[str | None] = []
        body = json.dumps(_seed_response()).encode()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                server.requests.append(
                    (self.command, self.path, self.headers.get("Authorization"))
                )
                server.on_behalf_of.append(self.headers.get("X-On-Behalf-Of"))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.http = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    def __enter__(self) -> _Server:
        self.thread.start()
        return self

    def __exit__(self, *args: object) -> None:
        self.http.shutdown()
        self.http.server_close()


def _seed_response() -> dict[str, object]:
    text = SEED.read_text("utf-8")
    start = text.index("run();") + len("run();")
    found, _ = json.JSONDecoder().raw_decode(text[start:])
    assert isinstance(found, dict)
    return found


@pytest.fixture()
def seed_project(mka1: Path, tmp_path: Path) -> Iterator[Path]:
    """A project that depends on @meetkai/mka1 (node_modules/@meetkai/mka1 -> the built copy)."""
    (tmp_path / "node_modules" / "@meetkai").mkdir(parents=True)
    (tmp_path / "node_modules" / "@meetkai" / "mka1").symlink_to(mka1)
    (tmp_path / "package.json").write_text('{"type": "module"}\n')
    yield tmp_path


def _compile(project: Path, name: str, source: str) -> subprocess.CompletedProcess[str]:
    (project / name).write_text(source)
    tsc = str(PACKAGE / "node_modules" / ".bin" / "tsc")
    flags = ["--strict", "--module", "nodenext", "--moduleResolution", "nodenext"]
    return _run([tsc, *flags, "--target", "es2022", "--skipLibCheck", name], project)


def test_the_seed_snippet_compiles_strict_and_runs_unchanged(
    seed_project: Path,
) -> None:
    snippet = _seed_snippet()
    assert snippet.startswith('import { SDK } from "@meetkai/mka1";')
    compiled = _compile(seed_project, "seed.ts", snippet)
    assert compiled.returncode == 0, compiled.stdout
    with _Server() as server:
        # the snippet sets no server: MKA1_SERVER_URL is the serverURL option's fallback
        done = _run(["node", "seed.js"], seed_project, MKA1_SERVER_URL=server.url)
    assert done.returncode == 0, done.stderr
    assert server.requests == [
        (
            "POST",
            "/api/v1/llm/responses/resp_cancel123/cancel",
            "Bearer <YOUR_BEARER_TOKEN_HERE>",
        )
    ]
    printed = done.stdout
    assert "id: 'resp_cancel123'" in printed
    assert "status: 'cancelled'" in printed
    assert "createdAt: 1735689600" in printed  # camelCase members
    assert "cachedTokens: 0" in printed


def test_a_response_id_outside_its_pattern_throws_before_any_request(
    seed_project: Path,
) -> None:
    snippet = _seed_snippet().replace('"resp_cancel123"', '"../x"')
    snippet = snippet.replace(
        "run();", "run().catch((e) => { console.error(e.name); process.exit(3); });"
    )
    snippet = "declare const process: { exit(code: number): never };\n" + snippet
    compiled = _compile(seed_project, "bad.ts", snippet)
    assert compiled.returncode == 0, compiled.stdout
    with _Server() as server:
        done = _run(["node", "bad.js"], seed_project, MKA1_SERVER_URL=server.url)
    assert done.returncode == 3
    assert done.stderr.strip() == "InvalidParameterError"
    assert server.requests == []


def test_the_on_behalf_of_header_and_the_server_url_option(seed_project: Path) -> None:
    script = (
        'import { SDK } from "@meetkai/mka1";\n'
        "const sdk = new SDK({ bearerAuth: 'k', serverURL: process.argv[2] });\n"
        "const result = await sdk.llm.responses.cancel({\n"
        "  responseId: 'resp-42', xOnBehalfOf: 'user-7' });\n"
        "console.log(result.status);\n"
    )
    (seed_project / "behalf.mjs").write_text(script)
    with _Server() as server:
        done = _run(["node", "behalf.mjs", server.url], seed_project)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "cancelled"
    assert server.requests == [
        ("POST", "/api/v1/llm/responses/resp-42/cancel", "Bearer k")
    ]
    assert server.on_behalf_of == ["user-7"]


def test_typescript_generation_is_byte_reproducible() -> None:
    from generator.pipeline import generate

    first = generate(
        ROOT / "spec" / "mka1.yaml", package="@meetkai/mka1", target_name="typescript"
    )
    second = generate(
        ROOT / "spec" / "mka1.yaml", package="@meetkai/mka1", target_name="typescript"
    )
    assert first.files == second.files
    committed = {path: (PACKAGE / path).read_text("utf-8") for path in first.files}
    assert committed == first.files


def _check_package(package: Path, modules: Path) -> str:
    bin_ = modules / ".bin"
    formatted = _run(
        [str(bin_ / "prettier"), "--check", "src/**/*.ts", "test/*.js"], package
    )
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    typed = _run([str(bin_ / "tsc"), "--strict", "--noEmit", "-p", "."], package)
    assert typed.returncode == 0, typed.stdout
    built = _run([str(bin_ / "tsc"), "-p", "."], package)
    assert built.returncode == 0, built.stdout
    tested = _run(["node", "--test", "test/"], package)
    assert tested.returncode == 0, tested.stdout[-4000:]
    assert "# fail 0" in tested.stdout
    return tested.stdout


def test_the_mka1_package_is_formatted_strict_and_passes_its_tests(
    node_modules: Path, tmp_path: Path
) -> None:
    package = _copy(PACKAGE, tmp_path / "mka1", node_modules)
    output = _check_package(package, node_modules)
    assert "ok 1 - sdk.llm.responses.cancel sends POST" in output


@pytest.mark.parametrize("spec", CORPUS)
def test_corpus_documents_make_typescript_that_compiles_and_passes_its_tests(
    spec: str, node_modules: Path, tmp_path: Path
) -> None:
    out = tmp_path / "sdk"
    name = kebab(Path(spec).stem)
    args = [
        "generate",
        "--quiet",
        "--target",
        "typescript",
        "--spec",
        str(SPECS / spec),
    ]
    assert main([*args, "--out", str(out), "--package", f"@sdkgen/{name}"]) == EXIT_OK
    (out / "node_modules").symlink_to(node_modules)
    _add_docs_samples(SPECS / spec, f"@sdkgen/{name}", out)
    output = _check_package(
        out, node_modules
    )  # the samples prettier-clean and tsc --strict
    passed = int(output.split("# pass ")[1].split()[0])
    operations = len(list((out / "test").glob("*.test.js"))) - 1
    assert operations > 0 and passed >= operations


def _add_docs_samples(spec: Path, package: str, out: Path) -> None:
    """The docs target's TypeScript sample of every operation, as src/samples/*.ts importing
    the package's index, so that the package's checks compile them against the SDK."""
    from generator.pipeline import generate

    pages = generate(
        spec, target_name="docs", packages={"typescript": package}
    ).files.items()
    folder = out / "src" / "samples"
    folder.mkdir()
    for page, text in pages:
        if page.endswith(".md") and page != "README.md":
            sample = text.split("```typescript\n", 1)[1].split("```", 1)[0]
            head = f'import {{ SDK }} from "{package}";'
            assert sample.startswith(head), sample
            sample = sample.replace(head, 'import { SDK } from "../index.js";', 1)
            (folder / (page[: -len(".md")].replace(".", "-") + ".ts")).write_text(
                sample
            )


HOSTILE = {
    "openapi": "3.1.0",
    "info": {"title": "Evil */ API\u2028\x00`${x}`", "version": "1.0\r\n*/"},
    "servers": [{"url": "https://api.example.com/v1"}],
    "paths": {
        "/things/{thing id}/constructor": {
            "post": {
                "operationId": "make */ thing",
                "description": "Closes */ the comment? `${process.exit(1)}` \\u0000 '\"",
                "parameters": [
                    {
                        "name": "thing id",
                        "in": "path",
                        "required": True,
                        "schema": {
                            "type": "string",
                            "pattern": "^(?<n>[a-z]+)\\p{L}*$",
                        },
                    },
                    {"name": "__proto__", "in": "query", "schema": {"type": "string"}},
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Record"}
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Promise"}
                            }
                        },
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Record": {
                "type": "object",
                "description": "*/ export const pwned = 1; /*",
                "required": ["constructor", "kind"],
                "properties": {
                    "constructor": {"type": "string"},
                    "delete": {"type": "integer"},
                    "with space": {"type": "boolean"},
                    'it\'s "quoted"\n': {"type": "string"},
                    "kind": {"enum": ['a"b', "c'd", "new\nline", "back\\slash", "*/"]},
                },
            },
            "Promise": {
                "anyOf": [{"$ref": "#/components/schemas/Record"}, {"type": "null"}]
            },
        }
    },
}


def test_hostile_spec_text_stays_inert_in_typescript(
    node_modules: Path, tmp_path: Path
) -> None:
    spec = tmp_path / "evil.json"
    spec.write_text(json.dumps(HOSTILE))
    out = tmp_path / "sdk"
    args = ["generate", "--quiet", "--target", "typescript", "--spec", str(spec)]
    assert main([*args, "--out", str(out), "--package", "@evil/sdk"]) == EXIT_OK
    (out / "node_modules").symlink_to(node_modules)
    sources = "\n".join(p.read_text() for p in (out / "src").rglob("*.ts"))
    assert "export const pwned" not in sources.replace("*\\/ export const pwned", "")
    assert "interface Record " not in sources and "interface Promise" not in sources
    _check_package(out, node_modules)


# -- the document's retry policy ----------------------------------------------------------------

RETRYING = {
    "openapi": "3.1.0",
    "info": {"title": "Retrying", "version": "1.0"},
    "x-sdkgen-retries": {
        "statusCodes": [503],
        "backoff": {"initialInterval": 1, "maxInterval": 2, "exponent": 2},
        "maxRetries": 1,
    },
    "paths": {
        "/patient": {
            "get": {
                "operationId": "patient",
                "x-sdkgen-retries": {
                    "statusCodes": [409, "5XX"],
                    "maxRetries": 4,
                    "retryCountHeader": "X-Attempt",
                },
                "responses": {"204": {"description": "done"}},
            }
        },
        "/plain": {
            "get": {
                "operationId": "plain",
                "responses": {"204": {"description": "done"}},
            }
        },
    },
}


def _retrying_package(tmp_path: Path) -> Path:
    spec = tmp_path / "retrying.json"
    spec.write_text(json.dumps(RETRYING))
    out = tmp_path / "sdk"
    args = ["generate", "--quiet", "--target", "typescript", "--spec", str(spec)]
    assert main([*args, "--out", str(out), "--package", "retrying"]) == EXIT_OK
    return out


def test_the_documents_retry_policy_and_an_operations_own_are_declared(
    tmp_path: Path,
) -> None:
    out = _retrying_package(tmp_path)
    sdk = (out / "src" / "sdk.ts").read_text()
    default = sdk.split("const RETRY_POLICY: RetryPolicy = {", 1)[1].split("};")[0]
    assert "maxRetries: 1," in default and "retryStatuses: [503]," in default
    assert "initialIntervalMs: 1," in default and "backoffFactor: 2," in default
    assert "RETRY_POLICY,\n    );" in sdk  # passed to the client
    resources = out / "src" / "resources"
    patient = (resources / "patient.ts").read_text()
    patient = patient.split("const PATIENT_LIST: OperationSpec = {", 1)[1]
    own = patient.split("retries: {", 1)[1].split("}")[0]
    # the operation's keys over the document's, the runtime's defaults for the rest
    assert "maxRetries: 4," in own and 'retryStatuses: [409, "5XX"],' in own
    assert "initialIntervalMs: 1," in own and "maxElapsedMs: 15000," in own
    assert 'retryCountHeader: "X-Attempt",' in own
    plain = (resources / "plain.ts").read_text()
    assert "PLAIN_LIST: OperationSpec" in plain and "retries" not in plain


def test_an_operations_retry_policy_holds_in_the_built_sdk(
    node_modules: Path, tmp_path: Path
) -> None:
    out = _retrying_package(tmp_path)
    (out / "node_modules").symlink_to(node_modules)
    built = _run([str(node_modules / ".bin" / "tsc"), "-p", "."], out)
    assert built.returncode == 0, built.stdout
    script = """\
import { SDK } from "./dist/index.js";
const seen = [];
const fetch = async (url, init) => {
  seen.push([new URL(url).pathname, new Headers(init.headers).get("x-attempt")]);
  return new Response("{}", { status: seen.length % 2 ? 409 : 503 });
};
const sdk = new SDK({ serverURL: "http://api.test", fetch });
for (const call of [() => sdk.patient.list(), () => sdk.plain.list()]) {
  await call().catch((e) => seen.push(["threw", String(e.status)]));
}
console.log(JSON.stringify(seen));
"""
    (out / "retry.mjs").write_text(script)
    done = _run(["node", "retry.mjs"], out)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    # patient: 409 and 5XX retried 4 times, each try counted; plain: the document's
    # policy retries nothing but 503, so its first answer (a 409 here) is final
    assert seen == [
        ["/patient", "0"],
        ["/patient", "1"],
        ["/patient", "2"],
        ["/patient", "3"],
        ["/patient", "4"],
        ["threw", "409"],
        ["/plain", None],
        ["threw", "409"],
    ]
