"""Contract tests against a real mock server (marker `prism`; tests/prism.py says how).

spec/mka1.yaml is served by Prism and every sample request of the committed MKA1 SDK
(generated/python) goes through it: any request Prism reports as breaking the document fails.
The corpus documents get the same pass inside the corpus run (tests/corpus.py), which generates
each of them already. Around it: that a request breaking a document is reported, in each of the
ways Prism reports one; that a document Prism cannot load is said so with its first error; that
Prism is stopped by its process group whatever happens. Skipped, saying why, only without node.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

import httpx
import pytest

from .prism import (
    REPO,
    Exchange,
    PrismCannotLoad,
    check_with_prism,
    classify,
    serve,
    set_apart_misjudged,
    set_apart_unroutable,
    unavailable,
)

pytestmark = pytest.mark.prism

MKA1 = REPO / "spec" / "mka1.yaml"
MKA1_SDK = REPO / "generated" / "python"


@pytest.fixture
def prism_available() -> None:
    reason = unavailable()
    if reason is not None:
        pytest.skip(reason)


def test_every_mka1_sample_request_passes_prism(prism_available: None) -> None:
    result = check_with_prism(MKA1, MKA1_SDK)
    operations = sorted(
        p.stem
        for p in (MKA1_SDK / "tests").glob("test_*.py")
        if not p.stem.startswith("test_runtime_") and p.stem != "test_package"
    )
    assert result.cannot_load is None
    assert result.driver_error == ""
    print(
        f"\nprism: spec/mka1.yaml: {result.operations} sample requests through Prism, "
        f"{result.violations} violations, {result.parse_failures} responses the SDK could "
        f"not parse, {result.response_violations} mocked answers breaking the document's own "
        f"schemas, {result.seconds:.1f} s"
    )
    assert sorted(e.module for e in result.exchanges) == operations
    assert result.operations == len(operations) > 0
    assert [e.summary() for e in result.exchanges if e.violating or e.not_sent] == []
    # the SDK read every mocked answer (a parse failure would be a finding, not a violation)
    assert [e.summary() for e in result.exchanges if e.parse_failure] == []


SMALL = """\
openapi: 3.0.3
info: {title: Small, version: "1"}
servers: [{url: "https://api.example.test/v2"}]
security: [{token: []}]
paths:
  /pets:
    get:
      parameters:
        - {name: kind, in: query, required: true, schema: {type: string, enum: [cat, dog]}}
      responses:
        "200":
          description: pets
          content:
            application/json:
              schema: {type: array, items: {type: string}}
              example: [rex]
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties: {name: {type: string, minLength: 1}}
      responses:
        "201":
          description: made
          content:
            application/json:
              schema: {type: object, properties: {name: {type: string}}}
              example: {name: rex}
        "400":
          description: the document's own answer to a bad request
          content:
            application/json:
              schema: {type: object, properties: {message: {type: string}}}
              example: {message: bad}
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
"""


def _exchange(response: httpx.Response) -> Exchange:
    """What the driver records for one call, from a response got here directly."""
    return classify(
        Exchange(
            "test_case",
            "returned",
            sent=[
                {
                    "method": response.request.method,
                    "url": str(response.request.url),
                    "status": response.status_code,
                    "content_type": response.headers.get("content-type", ""),
                    "violations": response.headers.get("sl-violations", ""),
                    "body": response.text,
                    "request_content_type": response.request.headers.get(
                        "content-type", ""
                    ),
                }
            ],
        )
    )


def test_a_request_breaking_the_document_is_reported_however_prism_says_it(
    tmp_path: Path, prism_available: None
) -> None:
    document = tmp_path / "small.yaml"
    document.write_text(SMALL, "utf-8")
    auth = {"Authorization": "Bearer test-token"}
    with serve(document) as server, httpx.Client(base_url=server.url) as client:
        valid = _exchange(client.get("/pets", params={"kind": "cat"}, headers=auth))
        made = _exchange(client.post("/pets", json={"name": "rex"}, headers=auth))
        no_credential = _exchange(client.get("/pets", params={"kind": "cat"}))
        bad_query = _exchange(client.get("/pets", params={"kind": "cow"}, headers=auth))
        bad_body = _exchange(client.post("/pets", json={"name": ""}, headers=auth))
        no_path = _exchange(client.get("/owls", headers=auth))
        no_method = _exchange(client.delete("/pets", headers=auth))

    assert valid.request_violations == [] and valid.sent[0]["status"] == 200
    assert made.request_violations == [] and made.sent[0]["status"] == 201
    # Prism's own problem+json answers: no credential (401), a bad query (422, with findings)
    assert no_credential.sent[0]["status"] == 401
    assert no_credential.request_violations[0].startswith("UNAUTHORIZED")
    assert bad_query.sent[0]["status"] == 422
    assert any("kind" in v for v in bad_query.request_violations)
    # the document's own 400 answer, the findings in the sl-violations header
    assert bad_body.sent[0]["status"] == 400
    assert bad_body.sent[0]["violations"]
    assert any(v.startswith("request.body") for v in bad_body.request_violations)
    # not a path or not a method of the document
    assert no_path.request_violations[0].startswith("NO_PATH_MATCHED_ERROR")
    assert no_method.request_violations[0].startswith("NO_METHOD_MATCHED_ERROR")


def test_a_mocked_answer_breaking_the_document_is_the_documents_finding() -> None:
    finding = (
        '[{"location":["response","body"],"severity":"Error","code":"required",'
        '"message":"Response body must have required property \'id\'"},'
        '{"location":["request","query"],"severity":"Warning","code":"x","message":"m"}]'
    )
    exchange = classify(
        Exchange(
            "test_x",
            "returned",
            sent=[
                {
                    "method": "GET",
                    "url": "http://127.0.0.1:1/x",
                    "status": 200,
                    "content_type": "application/json",
                    "violations": finding,
                    "body": "{}",
                }
            ],
        )
    )
    assert exchange.response_violations == [
        "response.body: Response body must have required property 'id'"
    ]
    assert exchange.request_violations == []  # a warning is not a violation
    assert not exchange.violating


def test_a_document_prism_cannot_load_is_reported_with_its_first_error(
    tmp_path: Path, prism_available: None
) -> None:
    document = tmp_path / "broken.yaml"
    document.write_text(
        textwrap.dedent("""\
            openapi: 3.0.0
            info: {title: x, version: "1"}
            paths:
              /a:
                get:
                  responses:
                    "200": {$ref: "#/components/responses/Nope"}
            """),
        "utf-8",
    )
    with pytest.raises(PrismCannotLoad) as raised:
        with serve(document):
            pass
    message = str(raised.value)
    assert "#/components/responses/Nope" in message
    assert str(tmp_path) not in message and "\n" not in message


def test_prism_is_stopped_by_its_process_group_when_the_test_fails(
    tmp_path: Path, prism_available: None
) -> None:
    document = tmp_path / "small.yaml"
    document.write_text(SMALL, "utf-8")
    with pytest.raises(RuntimeError, match="a failing test"):
        with serve(document) as server:
            pid = server.pid
            assert httpx.get(f"{server.url}/nothing").status_code == 404
            raise RuntimeError("a failing test")
    with pytest.raises(ProcessLookupError):
        os.killpg(pid, 0)  # no process is left in Prism's group
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.url}/pets")


def _recorded(violations: str, **sent: Any) -> Exchange:
    return classify(
        Exchange(
            "test_x",
            "returned",
            sent=[
                {
                    "method": "POST",
                    "url": "http://127.0.0.1:1/x",
                    "status": 422,
                    "content_type": "",
                    "violations": violations,
                    "body": "",
                    **sent,
                }
            ],
        )
    )


def test_a_finding_on_a_body_prism_does_not_parse_is_unchecked_not_a_violation() -> (
    None
):
    # Prism 5 validates an XML (or bytes) body as a plain string: "must be object" says
    # nothing about what the SDK sent; a JSON body's finding is a violation
    finding = (
        '[{"location":["request","body"],"severity":"Error","code":"type",'
        '"message":"Request body must be object"}]'
    )
    xml = _recorded(finding, request_content_type="application/xml")
    assert xml.unchecked == ["application/xml body: Request body must be object"]
    assert not xml.violating
    # found on guru-letmc.com_basic-tier.json: Prism parses application/json and
    # application/*+json only; a text/json body it validates as a string too
    text_json = _recorded(finding, request_content_type="text/json; charset=utf-8")
    assert text_json.unchecked and not text_json.violating
    problem_json = _recorded(
        finding, request_content_type="application/merge-patch+json"
    )
    assert problem_json.violating
    json_body = _recorded(finding, request_content_type="application/json")
    assert json_body.request_violations == ["request.body: Request body must be object"]
    assert json_body.violating


def test_the_corpus_records_the_prism_pass() -> None:
    from . import corpus

    base = dict(exit=0, package="p", operations=2, covered=2, import_failures=[])
    passed = corpus.Result("a.json", prism_operations=2, prism_violations=0, **base)
    broken = corpus.Result(
        "b.json",
        prism_operations=2,
        prism_violations=1,
        prism_lines=[
            "test_x: GET /x -> 422: request.query.kind: must be equal to one of"
        ],
        **base,
    )
    unloadable = corpus.Result(
        "c.json", prism_cannot_load="No operations found", **base
    )
    not_run = corpus.Result("d.json", **base)
    assert [corpus.prism_cell(r) for r in (passed, broken, unloadable, not_run)] == [
        "2, 0",
        "**2, 1**",
        "cannot load",
        "–",
    ]
    markdown = corpus.render_markdown([passed, broken, unloadable], ["specs"])
    assert "- `c.json`: Prism cannot load: `No operations found`" in markdown
    assert "request.query.kind: must be equal to one of" in markdown
    assert (
        "Prism: 4 sample requests (one per generated method) of 2 documents sent through it, 1 violations, 0 calls not sent, 0 requests it cannot check; 1 documents it cannot load; 0 answers the SDK could not read (0 of them passed by Prism)"
        in markdown
    )
    # without node, the comparison with docs/coverage.md leaves the Prism pass out entirely
    without = corpus.comparable(markdown, without_prism=True)
    assert "Prism" not in without and "cannot load" not in without
    assert "\n`a.json` | " in without  # its row, the other columns kept
    # the record gains the Prism counts the first time a pass runs, then only tightens
    old = {
        "a.json": {"exit": 0, "dropped": 0},
        "b.json": {"exit": 0, "prism_violations": 3},
    }
    new = corpus.tightened(old, [passed, broken])
    assert (
        new["a.json"]["prism_violations"] == 0 and new["a.json"]["prism_not_sent"] == 0
    )
    assert new["b.json"]["prism_violations"] == 1
    assert corpus.regressions({"exit": 0, "prism_violations": 0}, broken) == [
        "prism_violations 1, recorded at most 0"
    ]


def test_a_path_key_prism_cannot_route_is_unchecked_not_a_violation(
    tmp_path: Path,
) -> None:
    # AWS documents converted by APIs.guru key a path `/v1/connectors/{arn}#currentVersion`:
    # Prism routes it literally (405), while the SDK rightly sends /v1/connectors/<arn>?...
    document = tmp_path / "aws.json"
    document.write_text(
        '{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {'
        '"/v1/connectors/{connectorArn}": {"get": {"responses": {"200": {"description": "ok"}}}},'
        '"/v1/connectors/{connectorArn}#currentVersion": {"put": {"responses": {}}}}}',
        "utf-8",
    )
    problem = (
        '{"type": "https://example.test/prism/errors#NO_METHOD_MATCHED_ERROR",'
        '"title": "Route resolved, but no path matched", "status": 405, "detail": "no put"}'
    )

    def sent(url: str) -> Exchange:
        return _recorded(
            "",
            url=url,
            status=405,
            content_type="application/problem+json",
            body=problem,
        )

    aws = sent("http://127.0.0.1:1/v1/connectors/arn1?currentVersion=v")
    elsewhere = sent("http://127.0.0.1:1/v2/other")
    assert aws.violating and aws.unrouted and elsewhere.violating
    set_apart_unroutable(document, [aws, elsewhere])
    assert not aws.violating
    assert aws.unchecked == [
        "Prism cannot route the path key '/v1/connectors/{connectorArn}#currentVersion'"
    ]
    assert elsewhere.violating  # any other routing error stays a violation


def test_what_prism_asks_wrongly_is_unchecked_not_a_violation(tmp_path: Path) -> None:
    # found on guru-vtex.local_Price-Simulations.json: required `Content-Type` and `Accept`
    # header parameters, which OpenAPI says to ignore (the SDK does) and Prism demands
    header = (
        '[{"location":["request","header"],"severity":"Error","code":"required",'
        '"message":"Request header must have required property \'content-type\'"},'
        '{"location":["request","header"],"severity":"Error","code":"required",'
        '"message":"Request header must have required property \'x-tenant\'"}]'
    )
    vtex = _recorded(header)
    set_apart_misjudged(tmp_path / "vtex.json", [vtex])
    assert vtex.unchecked == [
        "Prism requires the header parameter 'content-type', which OpenAPI ignores"
    ]
    assert vtex.request_violations == [
        "request.header: Request header must have required property 'x-tenant'"
    ]
    # a request named in EXPLAINED, for its document only
    path = '[{"location":["request","path","format"],"severity":"Error","message":"m"}]'
    tomtom = _recorded(path)
    tomtom.module = "test_map_tile_get_pbf"
    elsewhere = _recorded(path)
    elsewhere.module = "test_map_tile_get_pbf"
    set_apart_misjudged(tmp_path / "guru-tomtom.com_maps.json", [tomtom])
    set_apart_misjudged(tmp_path / "other.json", [elsewhere])
    assert not tomtom.violating and "Prism routes" in tomtom.unchecked[0]
    assert elsewhere.violating


def test_a_violations_header_prism_cut_short_is_read_finding_by_finding() -> None:
    # found on discord-3.1.json: Prism cuts an sl-violations header at 8 KB ("Too many
    # violations! " and the start of the JSON list); its findings were all response ones
    finding = (
        '{"location":["response","body","mentions","0","id"],"severity":"Error",'
        '"code":"pattern","message":"Response body property mentions.0.id must match '
        'pattern \\"^(0|[1-9][0-9]*)$\\""}'
    )
    cut = "Too many violations! [" + ",".join([finding] * 3) + ',{"location":["resp'
    exchange = _recorded(cut, status=200)
    assert not exchange.violating
    assert (
        exchange.response_violations
        == [
            "response.body.mentions.0.id: Response body property mentions.0.id must match "
            'pattern "^(0|[1-9][0-9]*)$"'
        ]
        * 3
    )
    request = '{"location":["request","query","limit"],"severity":"Error","code":"type","message":"m"}'
    assert _recorded("Too many violations! [" + request + "," + finding[:40]).violating
