"""Streaming end to end on `tests/specs/streaming.yaml`: its generated SDK, called over
MockTransport, streams typed server-sent events (sync and async; break closes the response;
a reconnection sends Last-Event-ID), downloads a file byte for byte, and uploads multipart
parts with the right names, filenames and media types. Its own generated tests, which show the
same, run in `test_real_specs`."""

from __future__ import annotations

import asyncio
import io
import json
import os
import sys
from collections.abc import AsyncIterator, Iterator
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.ir import build_api
from generator.load import load_spec
from generator.output import write
from generator.pipeline import generate

from .ir_support import openapi

SPEC = Path(__file__).parent / "specs" / "streaming.yaml"
EVENTS = (
    b": connected\n\n"
    b'id: 1\nevent: progress\ndata: {"type":"progress","percent":10}\n\n'
    b'id: 2\nevent: progress\ndata: {"type":"progress","percent":95}\n\n'
    b'id: 3\nevent: completed\ndata: {"type":"completed","result_url":"https://r.example/1"}\n\n'
    b"data: [DONE]\n\n"
)
PAYLOAD = os.urandom(200_000) + b"\r\n\x00\xff"


class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body sent in small chunks, which records how far it was read and closing."""

    def __init__(self, content: bytes, chunk: int = 9) -> None:
        self.chunks = [content[i : i + chunk] for i in range(0, len(content), chunk)]
        self.sent = 0
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.sent += 1
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self:
            yield chunk

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


class Server:
    """Answers each request with the next body (the last one again once they are used up)."""

    def __init__(self, *bodies: Body, content_type: str = "text/event-stream") -> None:
        self.bodies = list(bodies)
        self.content_type = content_type
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.method == "POST":
            stored = {"id": "file_1", "filename": "report.pdf", "bytes": 3}
            return httpx.Response(201, json=stored)
        body = self.bodies.pop(0) if len(self.bodies) > 1 else self.bodies[0]
        return httpx.Response(
            200, headers={"content-type": self.content_type}, stream=body
        )


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    root = tmp_path_factory.mktemp("streaming")
    write(root, generate(SPEC, package="streaming_jobs").files)
    sys.path.insert(0, str(root / "src"))
    try:
        yield __import__("streaming_jobs")
    finally:
        sys.path.remove(str(root / "src"))
        for name in [n for n in sys.modules if n.split(".")[0] == "streaming_jobs"]:
            del sys.modules[name]


def sdk_for(package: Any, server: Server) -> Any:
    transport = httpx.MockTransport(server)
    return package.SDK(
        bearer_auth="tok", max_retries=0, http_client=httpx.Client(transport=transport)
    )


def async_sdk_for(package: Any, server: Server) -> Any:
    transport = httpx.MockTransport(server)
    return package.AsyncSDK(
        bearer_auth="tok",
        max_retries=0,
        http_client=httpx.AsyncClient(transport=transport),
    )


def test_events_arrive_typed_until_done(package: Any) -> None:
    models = package.models
    body = Body(EVENTS)
    server = Server(body)
    with sdk_for(package, server).jobs.stream_events(job_id="j1") as stream:
        events = list(stream)
    assert events == [
        models.Progress(type="progress", percent=10),
        models.Progress(type="progress", percent=95),
        models.Completed(type="completed", result_url="https://r.example/1"),
    ]
    assert [type(e).__name__ for e in events] == ["Progress", "Progress", "Completed"]
    assert body.closed and stream.last_event_id == "3"
    request = server.requests[0]
    assert str(request.url) == "https://jobs.example.com/v1/jobs/j1/events"
    assert request.headers["accept"] == "text/event-stream"
    assert request.headers["authorization"] == "Bearer tok"


def test_async_events_arrive_typed(package: Any) -> None:
    body = Body(EVENTS, chunk=1)

    async def run() -> list[Any]:
        async with async_sdk_for(package, Server(body)) as sdk:
            stream = await sdk.jobs.stream_events(job_id="j1")
            return [event async for event in stream]

    events = asyncio.run(run())
    assert [(type(e).__name__, e.type) for e in events] == [
        ("Progress", "progress"),
        ("Progress", "progress"),
        ("Completed", "completed"),
    ]
    assert events[1].percent == 95 and body.closed


def test_breaking_out_closes_the_response_and_reads_no_further(package: Any) -> None:
    body = Body(EVENTS, chunk=4)
    stream = sdk_for(package, Server(body)).jobs.stream_events(job_id="j1")
    for event in stream:
        assert event.percent == 10
        break
    assert body.closed and stream.response.is_closed
    assert body.sent < len(body.chunks)


def test_a_newer_servers_event_is_kept(package: Any) -> None:
    body = Body(b'data: {"type":"paused","until":"later"}\n\ndata: [DONE]\n\n')
    (event,) = list(sdk_for(package, Server(body)).jobs.stream_events(job_id="j1"))
    assert isinstance(event, package._runtime.UnknownVariant)
    assert event.type == "paused" and event.raw["until"] == "later"


def test_a_reconnection_sends_last_event_id(package: Any) -> None:
    cut = EVENTS.index(b"id: 3")
    server = Server(Body(b"retry: 0\n" + EVENTS[:cut]), Body(EVENTS[cut:]))
    sdk = sdk_for(package, server)
    events = list(sdk.jobs.stream_events(job_id="j1", max_reconnects=2))
    assert [e.type for e in events] == ["progress", "progress", "completed"]
    assert [r.headers.get("last-event-id") for r in server.requests] == [None, "2"]
    assert server.requests[1].headers["authorization"] == "Bearer tok"


def test_an_async_reconnection_sends_last_event_id(package: Any) -> None:
    cut = EVENTS.index(b"id: 3")
    server = Server(Body(b"retry: 0\n" + EVENTS[:cut]), Body(EVENTS[cut:]))

    async def run() -> list[Any]:
        async with async_sdk_for(package, server) as sdk:
            stream = await sdk.jobs.stream_events(job_id="j1", max_reconnects=1)
            return [event async for event in stream]

    assert len(asyncio.run(run())) == 3
    assert [r.headers.get("last-event-id") for r in server.requests] == [None, "2"]


def test_without_max_reconnects_a_stream_is_not_reopened(package: Any) -> None:
    cut = EVENTS.index(b"id: 3")
    server = Server(Body(EVENTS[:cut]), Body(EVENTS[cut:]))
    assert len(list(sdk_for(package, server).jobs.stream_events(job_id="j1"))) == 2
    assert len(server.requests) == 1


def test_text_events_are_strings(package: Any) -> None:
    server = Server(Body(b"data: line one\n\ndata: line\ndata: two\n\n"))
    assert list(sdk_for(package, server).logs.tail()) == ["line one", "line\ntwo"]


def test_a_download_writes_the_served_bytes(package: Any, tmp_path: Path) -> None:
    body = Body(PAYLOAD, chunk=4096)
    server = Server(body, content_type="application/octet-stream")
    download = sdk_for(package, server).files.download(file_id="f1")
    assert isinstance(download, package._runtime.BinaryResponse)
    assert body.sent == 0  # nothing read until asked
    download.write_to_file(tmp_path / "file.bin")
    assert (tmp_path / "file.bin").read_bytes() == PAYLOAD
    assert body.closed and body.sent == len(body.chunks)
    request = server.requests[0]
    assert str(request.url) == "https://jobs.example.com/v1/files/f1/content"
    assert request.headers["accept"] == "application/octet-stream"


def test_an_async_download_writes_the_served_bytes(
    package: Any, tmp_path: Path
) -> None:
    server = Server(Body(PAYLOAD, chunk=4096), content_type="application/octet-stream")

    async def run() -> None:
        async with async_sdk_for(package, server) as sdk:
            download = await sdk.files.download(file_id="f1")
            await download.write_to_file(tmp_path / "async.bin")

    asyncio.run(run())
    assert (tmp_path / "async.bin").read_bytes() == PAYLOAD


def test_a_download_of_a_missing_file_raises_the_typed_error(package: Any) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"message": "no such file"})

    sdk = package.SDK(
        bearer_auth="tok",
        max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(answer)),
    )
    with pytest.raises(package.errors.NotFoundError) as raised:
        sdk.files.download(file_id="gone")
    assert raised.value.parsed_body == package.models.Error(message="no such file")


def test_a_multipart_upload_sends_a_file_a_json_part_and_a_text_field(
    package: Any,
) -> None:
    server = Server(Body(b""))
    report = io.BytesIO(b"%PDF-1.7\r\n\x00binary")
    report.name = "/tmp/reports/report.pdf"
    stored = sdk_for(package, server).files.upload(
        file=report,
        metadata=package.models.FileMetadata(title="Q3 \u2713", tags=["a", "b"]),
        purpose="archive",
    )
    assert stored == package.models.StoredFile(
        id="file_1", filename="report.pdf", bytes=3
    )
    request = server.requests[0]
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.content
    )
    assert isinstance(message, EmailMessage) and message.is_multipart()
    parts = [
        (
            part.get_param("name", header="content-disposition"),
            part.get_filename(),
            part.get_content_type(),
            part.get_payload(decode=True),
        )
        for part in message.iter_parts()
    ]
    assert parts == [
        ("file", "report.pdf", "application/octet-stream", b"%PDF-1.7\r\n\x00binary"),
        ("metadata", None, "application/json", parts[1][3]),
        ("purpose", None, "text/plain", b"archive"),
    ]
    assert json.loads(parts[1][3]) == {"title": "Q3 \u2713", "tags": ["a", "b"]}


def test_the_ir_records_each_events_data_type_and_terminator(tmp_path: Path) -> None:
    event = {"type": "object", "properties": {"n": {"type": "integer"}}}
    item = {"type": "object", "properties": {"event": {"type": "string"}, "data": {
        "type": "string", "contentMediaType": "application/json", "contentSchema": event}}}  # fmt: skip

    def stream(media: dict[str, Any]) -> dict[str, Any]:
        content = {"text/event-stream": media}
        return {"get": {"responses": {"200": {"description": "s", "content": content}}}}

    document = openapi(
        paths={
            "/schema": stream(
                {"schema": event, "x-sdkgen-stream-terminator": "[DONE]"}
            ),
            "/item": stream({"itemSchema": item}),
            "/bare-item": stream({"itemSchema": event}),
            "/text": stream({"schema": {"type": "string"}}),
            "/none": stream({}),
            "/two-lines": stream(
                {"schema": event, "x-sdkgen-stream-terminator": "a\nb"}
            ),
        }
    )
    (tmp_path / "spec.json").write_text(json.dumps(document), encoding="utf-8")
    api, diagnostics = build_api(load_spec(tmp_path / "spec.json"))
    found = {}
    for placed in api.operations:
        (response,) = placed.operation.responses
        assert response.kind == "event_stream"
        terminator = response.stream_terminator
        found[placed.operation.path.raw] = (
            type(response.type).__name__,
            response.example,
            terminator.raw if terminator is not None else None,
        )
    assert found == {
        "/schema": ("ObjectType", {}, "[DONE]"),
        "/item": ("ObjectType", {}, None),
        "/bare-item": ("ObjectType", {}, None),
        "/text": ("NoneType", None, None),
        "/none": ("NoneType", None, None),
        "/two-lines": ("ObjectType", {}, None),
    }
    (warning,) = [d for d in diagnostics if "terminator" in d.message]
    assert "one-line string; ignored" in warning.message
    assert warning.pointer.endswith("/text~1event-stream/x-sdkgen-stream-terminator")


HOSTILE = r"""openapi: 3.1.0
info: {title: Hostile, version: "1"}
paths:
  /stream/{path}:
    get:
      operationId: stream
      parameters:
        - {name: path, in: path, required: true, schema: {type: string}}
        - {name: max_reconnects, in: query, schema: {type: integer}}
      responses:
        '200':
          description: "events \"\"\" {{ x }}"
          content:
            text/event-stream:
              schema: {$ref: '#/components/schemas/Stream'}
              x-sdkgen-stream-terminator: "\"\"\"'\\{{ done }}"
  /blob:
    get:
      operationId: getPath
      responses:
        '200':
          description: blob
          content:
            image/png: {schema: {type: string, format: binary}}
  /upload:
    post:
      operationId: upload
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [Path, "we\"ird"]
              properties:
                Path: {type: string, format: binary}
                "we\"ird": {$ref: '#/components/schemas/Path'}
            encoding:
              Path: {contentType: "image/png; q=1"}
      responses:
        '204': {description: ok}
components:
  schemas:
    Stream:
      type: object
      required: [Replies]
      properties:
        Replies: {type: string}
    Path:
      type: object
      properties:
        HTTP: {type: string}
"""


def test_spec_text_and_names_that_collide_stay_inert(tmp_path: Path) -> None:
    """A model named Stream, a parameter named max_reconnects, a part named like a test's
    import and a terminator full of quotes and braces: renamed or escaped, and still working.
    """
    (tmp_path / "spec.yaml").write_text(HOSTILE, encoding="utf-8")
    write(
        tmp_path / "out",
        generate(tmp_path / "spec.yaml", package="hostile_streams").files,
    )
    sys.path.insert(0, str(tmp_path / "out" / "src"))
    try:
        package = __import__("hostile_streams")
        assert hasattr(package.models, "StreamSchema")
        terminator = '"""\'\\{{ done }}'
        body = Body(b'data: {"Replies":"r"}\n\ndata: ' + terminator.encode() + b"\n\n")
        server = Server(body)
        sdk = package.SDK(
            http_client=httpx.Client(transport=httpx.MockTransport(server))
        )
        events = list(sdk.stream.get(path="p", max_reconnects_=3, max_reconnects=0))
        assert events == [package.models.StreamSchema(Replies="r")]
        assert server.requests[0].url.params["max_reconnects"] == "3"
    finally:
        sys.path.remove(str(tmp_path / "out" / "src"))
        for name in [n for n in sys.modules if n.split(".")[0] == "hostile_streams"]:
            del sys.modules[name]


def test_the_generated_tests_show_each_end_to_end_and_pass_mypy(tmp_path: Path) -> None:
    """`test_real_specs` runs them; here: they are there, and typed."""
    write(tmp_path, generate(SPEC).files)
    streamed = [
        "test_breaking_out_of_the_events_closes_the_response",
        "test_reconnects_with_last_event_id_when_asked",
        "test_async_reconnects_with_last_event_id_when_asked",
        "test_download_streams_to_a_file_byte_for_byte",
        "test_async_download_streams_to_a_file_byte_for_byte",
        "test_sends_the_multipart_parts",
    ]
    tests = "".join(p.read_text() for p in (tmp_path / "tests").glob("test_*.py"))
    assert all(f"def {name}(" in tests for name in streamed)
    from mypy import api as mypy_api

    stdout, _, status = mypy_api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"),
         str(tmp_path / "src"), str(tmp_path / "tests")]
    )  # fmt: skip
    assert status == 0, stdout
