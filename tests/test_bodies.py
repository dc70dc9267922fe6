"""Request bodies and response kinds, end to end: a small inline document is generated, imported,
and each call's exact wire form (method, URL, headers, body bytes, multipart parts) or parsed value
is checked over httpx.MockTransport."""

from __future__ import annotations

import inspect
import io
import json
import sys
from collections.abc import Callable, Iterator
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.output import write
from generator.pipeline import generate

from .ir_support import openapi, ref

OK = {"description": "ok"}
NO_CONTENT = {"responses": {"204": {"description": "done"}}}


def json_body(schema: dict[str, Any], required: bool = True) -> dict[str, Any]:
    return {"required": required, "content": {"application/json": {"schema": schema}}}


def media(
    media_type: str, schema: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    entry = {"schema": schema, **extra} if schema is not None else dict(extra)
    return {"description": "ok", "content": {media_type: entry}}


PET = {
    "type": "object",
    "required": ["name", "id", "secret"],
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "name": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "secret": {"type": "string", "writeOnly": True},
        "owner": {
            "type": "object",
            "required": ["since"],
            "properties": {
                "first": {"type": "string"},
                "since": {"type": "string", "readOnly": True},
            },
        },
    },
}
PROBLEM = {
    "type": "object",
    "required": ["code"],
    "properties": {"code": {"type": "string"}},
}
PATHS: dict[str, Any] = {
    "/pets": {
        "post": {
            "operationId": "createPet",
            "parameters": [{"name": "name", "in": "query", "schema": {"type": "string"}}],
            "requestBody": {"required": True, "content": {
                "application/json": {"schema": ref("Pet")},
                "application/x-www-form-urlencoded": {"schema": ref("Pet")}}},
            "responses": {"201": media("application/json", ref("Pet"))},
        }
    },
    "/tags": {"put": {"operationId": "putTags", "requestBody": json_body({"type": "array", "items": {"type": "string"}}), **NO_CONTENT}},
    "/count": {"post": {"operationId": "setCount", "requestBody": json_body({"type": "integer"}, required=False), **NO_CONTENT}},
    "/search": {"post": {
        "operationId": "searchForm",
        "requestBody": {"content": {"application/x-www-form-urlencoded": {
            "schema": {"type": "object", "properties": {
                "q": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}},
                "filter": {"type": "object", "properties": {"a": {"type": "string"}}},
                "ids": {"type": "array", "items": {"type": "integer"}}}},
            "encoding": {"tags": {"explode": False}, "filter": {"style": "deepObject", "explode": True},
                         "ids": {"style": "pipeDelimited", "explode": False}}}}},
        **NO_CONTENT}},
    "/upload": {"post": {
        "operationId": "uploadFiles",
        "requestBody": {"required": True, "content": {"multipart/form-data": {
            "schema": {"type": "object", "required": ["file"], "properties": {
                "file": {"type": "string", "format": "binary"},
                "extra": {"type": "array", "items": {"type": "string", "format": "binary"}},
                "meta": {"type": "object", "properties": {"k": {"type": "integer"}}},
                "note": {"type": "string"}}},
            "encoding": {"file": {"contentType": "image/png"}}}}},
        **NO_CONTENT}},
    "/blobs/{id}": {"put": {
        "operationId": "putBlob",
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
        "requestBody": {"required": True, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
        "responses": {"200": media("application/octet-stream", {"type": "string", "format": "binary"})}}},
    "/notes": {"post": {
        "operationId": "postNote",
        "requestBody": {"required": True, "content": {"text/plain": {"schema": {"type": "string"}}}},
        "responses": {"200": media("text/plain", {"type": "string"})}}},
    "/maybe": {"get": {"operationId": "getMaybe", "responses": {
        "200": media("application/json", ref("Problem")), "204": {"description": "nothing"}}}},
    "/ranged": {"get": {"operationId": "getRanged", "responses": {"2XX": media("application/json", ref("Problem"))}}},
    "/fallback": {"get": {"operationId": "getFallback", "responses": {"default": media("application/json", ref("Problem"))}}},
    "/failing": {"get": {"operationId": "getFailing", "responses": {
        "200": media("application/json", {"type": "string"}),
        "404": media("application/json", ref("Problem")),
        "5XX": media("application/json", {"type": "object", "properties": {"retry": {"type": "boolean"}}})}}},
    "/collide": {"post": {
        "operationId": "collide",
        "parameters": [{"name": "body", "in": "query", "schema": {"type": "string"}},
                       {"name": "content_type", "in": "query", "schema": {"type": "string"}}],
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": {"type": "array", "items": {"type": "integer"}}},
            "application/vnd.api+json": {"schema": {"type": "array", "items": {"type": "integer"}}}}},
        **NO_CONTENT}},
    "/avatars": {"post": {
        "operationId": "setAvatar", "summary": "Set the avatar",
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": {"type": "object", "required": ["url"], "properties": {"url": {"type": "string"}}}},
            "multipart/form-data": {"schema": {"type": "object", "required": ["image"], "properties": {
                "image": {"type": "string", "contentMediaType": "image/png"}}}}}},
        **NO_CONTENT}},
    "/events": {"get": {"operationId": "getEvents", "responses": {"200": media("text/event-stream", {"type": "string"})}}},
}  # fmt: skip
SPEC = openapi({"Pet": PET, "Problem": PROBLEM}, PATHS)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    root = tmp_path_factory.mktemp("bodies")
    (root / "spec.json").write_text(json.dumps(SPEC), encoding="utf-8")
    result = generate(root / "spec.json", package="pkg_bodies")
    write(root / "pkg_bodies", result.files)
    sys.path.insert(0, str(root / "pkg_bodies" / "src"))
    try:
        yield __import__("pkg_bodies"), result
    finally:
        sys.path.remove(str(root / "pkg_bodies" / "src"))
        for name in [n for n in sys.modules if n.split(".")[0] == "pkg_bodies"]:
            del sys.modules[name]


class Server:
    """Records requests and answers each with what `respond` returns."""

    def __init__(
        self, respond: Callable[[httpx.Request], httpx.Response] | None = None
    ) -> None:
        self.requests: list[httpx.Request] = []
        self.respond = respond or (lambda request: httpx.Response(204))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.respond(request)


def sdk_for(package: Any, server: Server) -> Any:
    client = httpx.Client(transport=httpx.MockTransport(server))
    return package.SDK(server_url="https://api.test", max_retries=0, http_client=client)


def test_no_operation_is_skipped(generated: tuple[Any, Any]) -> None:
    _, result = generated
    messages = [w.message for w in result.warnings]
    assert not [m for m in messages if "skipped" in m]


def test_json_object_body_as_keyword_arguments(generated: tuple[Any, Any]) -> None:
    package, _ = generated
    server = Server(lambda r: httpx.Response(201, json={"id": 1, "name": "Rex"}))
    sdk = sdk_for(package, server)
    pet = sdk.pets.create(
        name2="Rex",
        secret="s",
        tags=["a"],
        owner=package.models.CreatePetBodyOwner(first="Al"),
        name="q",
    )
    request = server.requests[0]
    assert (request.method, str(request.url)) == (
        "POST",
        "https://api.test/pets?name=q",
    )
    assert request.headers["content-type"] == "application/json"
    assert (
        request.content
        == b'{"name":"Rex","tags":["a"],"secret":"s","owner":{"first":"Al"}}'
    )
    # writeOnly `secret` is not required in the response; readOnly `id` is no argument
    assert (pet.id, pet.name, pet.secret) == (1, "Rex", None)
    parameters = inspect.signature(sdk.pets.create).parameters
    assert "id" not in parameters
    assert parameters["name2"].kind is inspect.Parameter.KEYWORD_ONLY
    assert parameters["name2"].default is inspect.Parameter.empty


def test_another_media_type_by_content_type(generated: tuple[Any, Any]) -> None:
    package, _ = generated
    server = Server(lambda r: httpx.Response(201, json={"id": 1, "name": "Rex"}))
    sdk_for(package, server).pets.create(
        name2="Rex",
        secret="s",
        tags=["a", "b"],
        content_type="application/x-www-form-urlencoded",
    )
    request = server.requests[0]
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.content == b"name=Rex&tags=a&tags=b&secret=s"


def test_array_and_primitive_bodies_as_body(generated: tuple[Any, Any]) -> None:
    package, _ = generated
    server = Server()
    sdk = sdk_for(package, server)
    sdk.tags.update(body=["x", "y"])
    sdk.count.set(body=3)
    sdk.count.set()  # an optional body left out sends none
    assert [r.content for r in server.requests] == [b'["x","y"]', b"3", b""]
    assert "content-type" not in server.requests[2].headers


def test_form_body_with_encoding(generated: tuple[Any, Any]) -> None:
    package, _ = generated
    server = Server()
    sdk_for(package, server).search.form(
        q="a b", tags=["x", "y"], filter={"a": "1"}, ids=[1, 2]
    )
    request = server.requests[0]
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.content == b"q=a+b&tags=x%2Cy&filter%5Ba%5D=1&ids=1%7C2"


def test_multipart_files_and_json_part(generated: tuple[Any, Any]) -> None:
    package, _ = generated
    server = Server()
    upload = io.BytesIO(b"\x89PNG")
    upload.name = "cat.png"
    sdk_for(package, server).upload.files(
        file=upload,
        extra=[b"one", ("two.txt", b"two", "text/plain")],
        meta={"k": 1},
        note="hi",
    )
    request = server.requests[0]
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.content
    )
    parts = [
        (
            p.get_param("name", header="content-disposition"),
            p.get_filename(),
            p.get_content_type(),
            p.get_payload(decode=True),
        )
        for p in message.iter_parts()
    ]
    assert parts == [
        ("file", "cat.png", "image/png", b"\x89PNG"),
        ("extra", "extra", "application/octet-stream", b"one"),
        ("extra", "two.txt", "text/plain", b"two"),
        ("meta", None, "application/json", b'{"k":1}'),
        ("note", None, "text/plain", b"hi"),
    ]


def test_binary_body_and_download(generated: tuple[Any, Any]) -> None:
    package, _ = generated
    server = Server(lambda r: httpx.Response(200, content=b"\x00\xffdata"))
    result = sdk_for(package, server).blobs.update(
        id="b1", body=io.BytesIO(b"\x01\x02")
    )
    request = server.requests[0]
    assert (request.method, str(request.url)) == ("PUT", "https://api.test/blobs/b1")
    assert request.headers["content-type"] == "application/octet-stream"
    assert request.content == b"\x01\x02"
    assert request.headers["accept"] == "application/octet-stream"
    assert isinstance(result, package._runtime.BinaryResponse)
    assert result.read() == b"\x00\xffdata"


def test_text_body_and_text_response(generated: tuple[Any, Any]) -> None:
    package, _ = generated
    server = Server(lambda r: httpx.Response(200, text="héllo back"))
    result = sdk_for(package, server).notes.create(body="héllo")
    assert server.requests[0].headers["content-type"] == "text/plain"
    assert server.requests[0].headers["accept"] == "text/plain"
    assert server.requests[0].content == "héllo".encode()
    assert result == "héllo back"


def test_responses_by_status_range_and_default(generated: tuple[Any, Any]) -> None:
    package, _ = generated
    answers = iter(
        [
            httpx.Response(200, json={"code": "a"}),
            httpx.Response(204),
            httpx.Response(207, json={"code": "r"}),
            httpx.Response(200, json={"code": "d"}),
        ]
    )
    sdk = sdk_for(package, Server(lambda r: next(answers)))
    assert sdk.maybe.get() == package.models.Problem(code="a")
    assert sdk.maybe.get() is None
    assert sdk.ranged.get() == package.models.Problem(code="r")
    assert sdk.fallback.get() == package.models.Problem(code="d")


def test_declared_error_bodies_are_parsed(generated: tuple[Any, Any]) -> None:
    package, _ = generated
    answers = iter(
        [
            httpx.Response(404, json={"code": "gone"}),
            httpx.Response(503, json={"retry": True}),
        ]
    )
    sdk = sdk_for(package, Server(lambda r: next(answers)))
    with pytest.raises(package.errors.NotFoundError) as not_found:
        sdk.failing.get()
    assert not_found.value.parsed_body == package.models.Problem(code="gone")
    assert not_found.value.body == {"code": "gone"}
    with pytest.raises(package.errors.InternalServerError) as server_error:
        sdk.failing.get()
    assert server_error.value.parsed_body.retry is True


def test_body_arguments_never_collide_with_parameters(
    generated: tuple[Any, Any],
) -> None:
    package, _ = generated
    server = Server()
    sdk_for(package, server).collide.create(
        body="q", content_type="c", body2=[1], content_type2="application/vnd.api+json"
    )
    request = server.requests[0]
    assert str(request.url) == "https://api.test/collide?body=q&content_type=c"
    assert (request.headers["content-type"], request.content) == (
        "application/vnd.api+json",
        b"[1]",
    )


def test_an_event_stream_of_text_is_streamed_without_a_warning(
    generated: tuple[Any, Any],
) -> None:
    package, result = generated
    assert not [w for w in result.warnings if "event-stream" in w.message]
    server = Server(lambda r: httpx.Response(200, text="data: 1\n\ndata: two\n\n"))
    with sdk_for(package, server).events.list() as stream:
        assert list(stream) == ["1", "two"]
    assert server.requests[0].headers["accept"] == "text/event-stream"


def test_generated_sdk_passes_mypy_strict(
    generated: tuple[Any, Any], tmp_path: Path
) -> None:
    from mypy import api as mypy_api

    package, _ = generated
    source = Path(package.__file__).parent
    stdout, _, status = mypy_api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path), str(source)]
    )
    assert status == 0, stdout


def test_the_neutral_ir_records_bodies_and_property_flags(tmp_path: Path) -> None:
    from generator.ir import build_api
    from generator.ir.types import ModelRef, ObjectType
    from generator.load import load_spec

    (tmp_path / "spec.json").write_text(json.dumps(SPEC), encoding="utf-8")
    api, _ = build_api(load_spec(tmp_path / "spec.json"))
    ops = {p.operation.operation_id.raw: p.operation for p in api.operations}
    search = ops["searchForm"].request_body
    assert search is not None and not search.required
    (content,) = search.contents
    assert (content.media_type.raw, content.encoding) == (
        "application/x-www-form-urlencoded",
        "form",
    )
    assert [(e.property.raw, e.style, e.explode) for e in content.encodings] == [
        ("tags", "form", False), ("filter", "deepObject", True), ("ids", "pipeDelimited", False)]  # fmt: skip
    upload = ops["uploadFiles"].request_body
    assert (
        upload is not None and upload.contents[0].encodings[0].content_type is not None
    )
    pet_body = ops["createPet"].request_body
    assert pet_body is not None
    assert [c.encoding for c in pet_body.contents] == ["json", "form"]
    pet_ref = pet_body.contents[0].type
    assert isinstance(pet_ref, ModelRef)
    pet = api.definitions[pet_ref.id].type
    assert isinstance(pet, ObjectType)
    flags = {p.wire_name.raw: (p.read_only, p.write_only) for p in pet.properties}
    assert flags["id"] == (True, False) and flags["secret"] == (False, True)
    assert flags["name"] == (False, False)
    statuses = [(r.status, r.kind) for r in ops["getFailing"].responses]
    assert statuses == [("200", "json"), ("404", "json"), ("5XX", "json")]
    fallback = ops["getFallback"].success
    assert fallback is not None and fallback.status == "default"


def test_a_media_type_other_arguments_make_gets_a_method_of_its_own(
    generated: tuple[Any, Any],
) -> None:
    package, result = generated
    server = Server()
    sdk = sdk_for(package, server)
    sdk.avatars.set(url="https://img.test/a.png")
    sdk.avatars.set_multipart(image=b"\x89PNG")
    as_json, as_multipart = server.requests
    assert (as_json.method, str(as_json.url)) == ("POST", "https://api.test/avatars")
    assert as_json.headers["content-type"] == "application/json"
    assert as_json.content == b'{"url":"https://img.test/a.png"}'
    assert (as_multipart.method, str(as_multipart.url)) == (
        "POST",
        "https://api.test/avatars",
    )
    content_type = as_multipart.headers["content-type"]
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + as_multipart.content
    )
    parts = [
        (p.get_param("name", header="content-disposition"), p.get_payload(decode=True))
        for p in message.iter_parts()
    ]
    assert parts == [("image", b"\x89PNG")]
    # each method takes only what its media type carries; nothing is left unsaid
    assert "image" not in inspect.signature(sdk.avatars.set).parameters
    assert "url" not in inspect.signature(sdk.avatars.set_multipart).parameters
    assert not [w for w in result.warnings if "not offered" in w.message]
    readme = result.files["README.md"]
    assert (
        "| `sdk.avatars.set_multipart()` | `POST /avatars` | Set the avatar (as multipart/form-data) |"
        in readme
    )


def test_read_only_fields_are_not_sent_at_any_depth(generated: tuple[Any, Any]) -> None:
    package, _ = generated
    server = Server(lambda r: httpx.Response(201, json={"id": 1, "name": "Rex"}))
    # a model read from a response (read-only fields set) sent back in a request
    owner = package.models.CreatePetBodyOwner.model_validate(
        {"first": "Al", "since": "2020", "nickname": "A"}
    )
    sdk_for(package, server).pets.create(name2="Rex", secret="s", owner=owner, tags=[])
    assert json.loads(server.requests[0].content) == {
        "name": "Rex",
        "tags": [],
        "secret": "s",
        "owner": {"first": "Al", "nickname": "A"},  # an unknown field is the caller's
    }
    # and the model still reads it, and says what it is
    assert owner.since == "2020"
    field = package.models.CreatePetBodyOwner.model_fields["since"]
    assert field.json_schema_extra == {"readOnly": True}
