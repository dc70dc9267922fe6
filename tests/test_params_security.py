"""Parameters and credentials on the wire: SDKs generated from small inline documents, called
over `httpx.MockTransport`, with the exact method, URL, headers and cookies asserted.

Each SDK is generated and imported once per module (its package name is unique, so the imports
do not collide); the generated SDKs' own tests run in a subprocess, as their users would.
"""

from __future__ import annotations

import base64
import importlib
import inspect
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.output import write
from generator.pipeline import generate

from .corpus import configured_folders

SHARED_SPECS = configured_folders()[0]  # ../shared/specs, found as the corpus finds it
NO_CONTENT = {"responses": {"204": {"description": "done"}}}


def _document(
    paths: dict[str, Any], components: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": paths,
        "components": components or {},
        **extra,
    }


def _param(name: str, location: str, schema: dict[str, Any], **extra: Any) -> Any:
    return {"name": name, "in": location, "schema": schema, **extra}


ARRAY = {"type": "array", "items": {"type": "string"}}
OBJECT = {
    "type": "object",
    "properties": {"R": {"type": "integer"}, "G": {"type": "integer"}},
}

STYLES = _document(
    {
        "/paint/{color}/{shade}{point}": {
            "get": {
                "operationId": "paint",
                "x-sdkgen-name": "call",
                "parameters": [
                    _param("color", "path", ARRAY, required=True),
                    _param("shade", "path", OBJECT, required=True, style="label", explode=True),
                    _param("point", "path", ARRAY, required=True, style="matrix"),
                ],
                **NO_CONTENT,
            }
        },
        "/search": {
            "get": {
                "operationId": "search",
                "x-sdkgen-name": "call",
                "parameters": [
                    _param("type", "query", ARRAY, required=True, explode=False),
                    _param("ids", "query", ARRAY),
                    _param("words", "query", ARRAY, style="spaceDelimited", explode=False),
                    _param("pipes", "query", ARRAY, style="pipeDelimited", explode=False),
                    _param("filter", "query", OBJECT, style="deepObject", explode=True),
                    _param("flat", "query", OBJECT),
                    {"name": "where", "in": "query", "content": {"application/json": {"schema": OBJECT}}},
                    _param("raw", "query", {"type": "string"}, allowReserved=True),
                    _param("plain", "query", {"type": "string"}),
                ],
                **NO_CONTENT,
            }
        },
        "/headers": {
            "get": {
                "operationId": "headers",
                "x-sdkgen-name": "call",
                "parameters": [
                    _param("X-Colors", "header", ARRAY),
                    _param("X-Shade", "header", OBJECT, explode=True),
                    {"name": "X-Json", "in": "header", "content": {"application/json": {"schema": OBJECT}}},
                ],
                **NO_CONTENT,
            }
        },
        "/cookies": {
            "get": {
                "operationId": "cookies",
                "x-sdkgen-name": "call",
                "parameters": [
                    _param("session", "cookie", {"type": "string"}, required=True),
                    _param("prefs", "cookie", ARRAY, explode=False),
                    _param("tags", "cookie", ARRAY),
                ],
                **NO_CONTENT,
            }
        },
    }
)  # fmt: skip

SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer"},
    "basic": {"type": "http", "scheme": "basic"},
    "keyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
    "keyQuery": {"type": "apiKey", "in": "query", "name": "api_key"},
    "keyCookie": {"type": "apiKey", "in": "cookie", "name": "sid"},
    "oauth": {
        "type": "oauth2",
        "flows": {
            "clientCredentials": {"tokenUrl": "https://x.test/token", "scopes": {}}
        },
    },
    "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://x.test/.well-known"},
    "mtls": {"type": "mutualTLS"},
}


def _op(operation_id: str, **extra: Any) -> dict[str, Any]:
    """`GET`, called as `sdk.<path>.call()`."""
    return {
        "get": {
            "operationId": operation_id,
            "x-sdkgen-name": "call",
            **extra,
            **NO_CONTENT,
        }
    }


SECURED = _document(
    {
        "/default": _op("byDefault"),
        "/public": _op(
            "public",
            security=[],
            # No credential is sent here, so a parameter of that name is the caller's.
            parameters=[_param("api_key", "query", {"type": "string"})],
        ),
        "/basic": _op("basic", security=[{"basic": []}]),
        "/combo": _op(
            "combo",
            security=[{"keyQuery": [], "keyCookie": []}],
            # Left to the credential sent in the same place (as Trello's documents do).
            parameters=[_param("api_key", "query", {"type": "string"}, required=True)],
        ),
        "/oauth": _op("oauth", security=[{"oauth": []}, {"oidc": []}]),
        "/both": _op(
            "both",
            security=[{"keyQuery": []}, {"keyHeader": []}],
            # Alternatives, yet both places are required parameters (as Trello's documents have
            # it for `key` and `token`): both credentials are needed on every call.
            parameters=[
                _param("api_key", "query", {"type": "string"}, required=True),
                _param("X-API-Key", "header", {"type": "string"}, required=True),
            ],
        ),
        "/mtls": _op("mtls", security=[{"mtls": []}]),
    },
    {"securitySchemes": SCHEMES},
    security=[{"bearer": []}, {"keyHeader": []}],
)

SINGLE = _document(
    {"/things": _op("listThings"), "/open": _op("open", security=[])},
    {
        "securitySchemes": {
            "apiKey": {"type": "apiKey", "in": "header", "name": "X-Key"}
        }
    },
    security=[{"apiKey": []}],
)

REQUIRED = _document(
    {"/things": _op("listThings")},
    {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},
    security=[{"token": []}],
)


def _generate(tmp: Path, document: dict[str, Any], package: str) -> Path:
    spec = tmp / f"{package}.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    out = tmp / package
    write(out, generate(spec, package=package).files)
    return out


def _import(out: Path, package: str) -> ModuleType:
    sys.path.insert(0, str(out / "src"))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out / "src"))


@pytest.fixture(scope="module")
def sdks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    tmp = tmp_path_factory.mktemp("sdks")
    documents = {
        "styles_sdk": STYLES,
        "secured_sdk": SECURED,
        "single_sdk": SINGLE,
        "required_sdk": REQUIRED,
    }
    yield {name: _generate(tmp, doc, name) for name, doc in documents.items()}


class Recorder:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(204)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def _sdk(module: ModuleType, recorder: Recorder, **credentials: str) -> Any:
    client = httpx.Client(transport=httpx.MockTransport(recorder))
    return module.SDK(server_url="https://api.test", http_client=client, **credentials)


@pytest.fixture(scope="module")
def styles(sdks: dict[str, Path]) -> ModuleType:
    return _import(sdks["styles_sdk"], "styles_sdk")


@pytest.fixture(scope="module")
def secured(sdks: dict[str, Path]) -> ModuleType:
    return _import(sdks["secured_sdk"], "secured_sdk")


# -- parameters -----------------------------------------------------------------------------


def test_path_styles(styles: ModuleType) -> None:
    recorder = Recorder()
    _sdk(styles, recorder).paint.call(
        color=["blue", "black"], shade={"R": 100, "G": 200}, point=["1", "2/3"]
    )
    assert recorder.last.method == "GET"
    assert (
        str(recorder.last.url)
        == "https://api.test/paint/blue,black/.R=100.G=200;point=1,2%2F3"
    )


def test_query_styles(styles: ModuleType) -> None:
    recorder = Recorder()
    _sdk(styles, recorder).search.call(
        type=["album", "track"],
        ids=["a", "b c"],
        words=["x", "y"],
        pipes=["x", "y"],
        filter={"R": 1, "G": 2},
        flat={"R": 1},
        where={"R": 3},
        raw="a/b?c,d e",
        plain="a/b?c,d e",
    )
    assert str(recorder.last.url) == (
        "https://api.test/search?type=album,track&ids=a&ids=b%20c&words=x%20y"
        "&pipes=x|y&filter[R]=1&filter[G]=2&R=1&where=%7B%22R%22%3A3%7D"
        "&raw=a/b?c,d%20e&plain=a%2Fb%3Fc%2Cd%20e"
    )


def test_spotify_search_type_is_comma_joined(styles: ModuleType) -> None:
    recorder = Recorder()
    _sdk(styles, recorder).search.call(type=["album", "track"])
    assert recorder.last.url.query == b"type=album,track"


def test_header_styles_and_content_encoded_header(styles: ModuleType) -> None:
    recorder = Recorder()
    _sdk(styles, recorder).headers.call(
        x_colors=["blue", "black"], x_shade={"R": 1, "G": 2}, x_json={"R": 5}
    )
    headers = recorder.last.headers
    assert headers["X-Colors"] == "blue,black"
    assert headers["X-Shade"] == "R=1,G=2"
    assert headers["X-Json"] == '{"R":5}'


def test_cookie_parameters_are_sent(styles: ModuleType) -> None:
    recorder = Recorder()
    sdk = _sdk(styles, recorder)
    sdk.cookies.call(session="s 1;x", prefs=["a", "b"], tags=["c", "d"])
    assert (
        recorder.last.headers["Cookie"]
        == "session=s%201%3Bx; prefs=a,b; tags=c; tags=d"
    )
    sdk.cookies.call(session="only")
    assert recorder.last.headers["Cookie"] == "session=only"


def test_a_model_argument_is_an_object(styles: ModuleType) -> None:
    # The object schemas are inline; the generated annotation takes a model or a dict.
    recorder = Recorder()
    sdk = _sdk(styles, recorder)
    signature = inspect.signature(sdk.search.call)
    annotation = str(signature.parameters["filter"].annotation)
    assert "None" in annotation
    sdk.search.call(type=["a"], filter={"G": 2})
    assert recorder.last.url.query == b"type=a&filter[G]=2"


# -- security -------------------------------------------------------------------------------


ALL = {
    "bearer": "tok",
    "basic_username": "user",
    "basic_password": "pass",
    "key_header": "kh",
    "key_query": "kq",
    "key_cookie": "kc",
    "oauth": "oa",
    "oidc": "oi",
}


def test_every_sendable_scheme_is_a_constructor_argument(secured: ModuleType) -> None:
    parameters = inspect.signature(secured.SDK).parameters
    assert [p for p in parameters if p in ALL] == list(ALL)
    assert "mtls" not in parameters
    assert all(parameters[p].kind is inspect.Parameter.KEYWORD_ONLY for p in ALL)
    doc = secured.SDK.__doc__ or ""
    for env_var in (
        "SECURED_SDK_BEARER",
        "SECURED_SDK_BASIC_USERNAME",
        "SECURED_SDK_BASIC_PASSWORD",
        "SECURED_SDK_KEY_HEADER",
    ):
        assert env_var in doc


def test_global_alternatives_send_the_first_given(secured: ModuleType) -> None:
    recorder = Recorder()
    _sdk(secured, recorder, **ALL).default.call()
    assert recorder.last.headers["Authorization"] == "Bearer tok"
    assert "X-API-Key" not in recorder.last.headers
    _sdk(secured, recorder, key_header="kh").default.call()
    assert recorder.last.headers["X-API-Key"] == "kh"
    assert "Authorization" not in recorder.last.headers


def test_an_operation_with_empty_security_sends_none(secured: ModuleType) -> None:
    recorder = Recorder()
    _sdk(secured, recorder, **ALL).public.call()
    request = recorder.last
    assert str(request.url) == "https://api.test/public"
    assert "Authorization" not in request.headers
    _sdk(secured, recorder, **ALL).public.call(api_key="mine")
    assert str(recorder.last.url) == "https://api.test/public?api_key=mine"
    assert "X-API-Key" not in request.headers
    assert "Cookie" not in request.headers
    _sdk(secured, recorder).public.call()  # no credentials needed at all


def test_basic_auth(secured: ModuleType) -> None:
    recorder = Recorder()
    _sdk(secured, recorder, **ALL).basic.call()
    expected = "Basic " + base64.b64encode(b"user:pass").decode()
    assert recorder.last.headers["Authorization"] == expected


def test_a_combined_requirement_sends_every_scheme(secured: ModuleType) -> None:
    recorder = Recorder()
    _sdk(secured, recorder, **ALL).combo.call()
    assert str(recorder.last.url) == "https://api.test/combo?api_key=kq"
    assert "api_key" not in inspect.signature(secured.SDK().combo.call).parameters
    assert recorder.last.headers["Cookie"] == "sid=kc"
    assert "Authorization" not in recorder.last.headers


def test_credentials_of_required_parameters_are_sent_whichever_alternative(
    secured: ModuleType,
) -> None:
    # Found by the Prism tier on guru-trello.com.json (300 of its 324 sample requests): with
    # `security: [{key}, {token}]` the SDK sent the first alternative's `key` only, while every
    # operation declares both `key` and `token` required query parameters (its API needs both)
    recorder = Recorder()
    _sdk(secured, recorder, **ALL).both.call()
    assert str(recorder.last.url) == "https://api.test/both?api_key=kq"
    assert recorder.last.headers["X-API-Key"] == "kh"
    with pytest.raises(secured.errors.MissingCredentialsError) as raised:
        _sdk(secured, recorder, key_query="kq").both.call()
    assert "key_header=..." in str(raised.value)
    assert len(recorder.requests) == 1


def test_oauth2_and_openid_connect_are_bearer_tokens(secured: ModuleType) -> None:
    recorder = Recorder()
    _sdk(secured, recorder, oauth="oa").oauth.call()
    assert recorder.last.headers["Authorization"] == "Bearer oa"
    _sdk(secured, recorder, oidc="oi").oauth.call()
    assert recorder.last.headers["Authorization"] == "Bearer oi"


def test_missing_credentials_fail_before_sending_naming_what_to_set(
    secured: ModuleType,
) -> None:
    recorder = Recorder()
    sdk = _sdk(secured, recorder, basic_username="user-secret-name", key_query="kq")
    with pytest.raises(secured.errors.MissingCredentialsError) as raised:
        sdk.default.call()
    message = str(raised.value)
    assert "bearer=..." in message and "SECURED_SDK_BEARER" in message
    assert "key_header=..." in message and "SECURED_SDK_KEY_HEADER" in message
    with pytest.raises(secured.errors.MissingCredentialsError) as raised:
        sdk.basic.call()
    assert "basic_password=..." in str(raised.value)
    assert "user-secret-name" not in str(raised.value)
    with pytest.raises(secured.errors.MissingCredentialsError) as raised:
        sdk.combo.call()
    assert "key_cookie=..." in str(raised.value) and "kq" not in str(raised.value)
    assert recorder.requests == []


def test_credentials_come_from_their_environment_variables(
    secured: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECURED_SDK_KEY_QUERY", "from-env-q")
    monkeypatch.setenv("SECURED_SDK_KEY_COOKIE", "from-env-c")
    recorder = Recorder()
    sdk = _sdk(secured, recorder)
    sdk.combo.call()
    assert recorder.last.url.params["api_key"] == "from-env-q"
    assert "from-env" not in repr(sdk) and "from-env" not in repr(vars(sdk))


def test_a_scheme_the_sdk_cannot_send_is_left_out(secured: ModuleType) -> None:
    recorder = Recorder()
    _sdk(secured, recorder, **ALL).mtls.call()
    assert "Authorization" not in recorder.last.headers


def test_a_credential_echoed_by_the_server_is_redacted(secured: ModuleType) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, text=f"bad key {request.url.params['api_key']}")

    client = httpx.Client(transport=httpx.MockTransport(echo))
    sdk = secured.SDK(
        key_query="sk-query-secret", key_cookie="c", http_client=client, max_retries=0
    )
    with pytest.raises(secured.errors.APIStatusError) as raised:
        sdk.combo.call()
    assert "sk-query-secret" not in str(raised.value)


def test_a_single_scheme_reads_package_api_key(sdks: dict[str, Path]) -> None:
    single = _import(sdks["single_sdk"], "single_sdk")
    assert "api_key" in inspect.signature(single.SDK).parameters
    assert "SINGLE_SDK_API_KEY" in (single.SDK.__doc__ or "")
    recorder = Recorder()
    _sdk(single, recorder).open.call()  # some operation needs none: SDK() is fine
    with pytest.raises(
        single.errors.MissingCredentialsError, match="SINGLE_SDK_API_KEY"
    ):
        _sdk(single, recorder).things.call()
    _sdk(single, recorder, api_key="k").things.call()
    assert recorder.last.headers["X-Key"] == "k"


def test_an_sdk_whose_every_operation_needs_credentials_fails_at_construction(
    sdks: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    required = _import(sdks["required_sdk"], "required_sdk")
    monkeypatch.delenv("REQUIRED_SDK_API_KEY", raising=False)
    with pytest.raises(required.errors.MissingCredentialsError) as raised:
        required.SDK()
    assert str(raised.value) == (
        "No credentials found: pass token=... or set REQUIRED_SDK_API_KEY"
    )


@pytest.mark.parametrize("package", ["styles_sdk", "secured_sdk", "single_sdk"])
def test_the_generated_sdks_own_tests_pass(sdks: dict[str, Path], package: str) -> None:
    out = sdks[package]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(out / "src")},
        cwd=out,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


SPOTIFY_SEARCH = """
import httpx, spotify
seen = []
def answer(request):
    seen.append(request)
    return httpx.Response(200, json={})
client = httpx.Client(transport=httpx.MockTransport(answer))
sdk = spotify.SDK(oauth_2_0="tok", http_client=client, max_retries=0)
try:
    sdk.search.search(q="remaster", type=["album", "track"])
except spotify.errors.SDKError:
    pass  # the canned body is not a search result; the request is what is checked
print(seen[0].url)
print(seen[0].headers["authorization"])
"""


def test_spotify_takes_its_oauth_token_and_comma_joins_search_type(
    tmp_path: Path,
) -> None:
    path = SHARED_SPECS / "spotify.yaml"
    if not path.exists():
        pytest.skip(f"{path} is not here")
    write(tmp_path, generate(path, package="spotify").files)
    result = subprocess.run(
        [sys.executable, "-c", SPOTIFY_SEARCH],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path / "src")},
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == [
        "https://api.spotify.com/v1/search?q=remaster&type=album,track",
        "Bearer",
        "tok",
    ]


def test_discord_takes_a_bot_token_or_an_oauth2_token() -> None:
    path = SHARED_SPECS / "discord-3.1.json"
    if not path.exists():
        pytest.skip(f"{path} is not here")
    files = generate(path, package="discord").files
    sdk_module = next(
        text for name, text in files.items() if str(name).endswith("/_sdk.py")
    )
    for param in ("bot_token", "o_auth2"):
        assert f"        {param}: str | None = None," in sdk_module, param
    for env_var in ("DISCORD_BOT_TOKEN", "DISCORD_O_AUTH2"):
        assert env_var in sdk_module


def test_the_ir_records_style_explode_and_a_content_parameters_media_type(
    tmp_path: Path,
) -> None:
    from .ir_support import build

    document = _document(
        {
            "/things/{id}": {
                "get": {
                    "operationId": "get",
                    "parameters": [
                        _param("id", "path", {"type": "string"}, required=True),
                        _param("tags", "query", ARRAY, style="matrix"),
                        _param("sort", "query", ARRAY, explode=False),
                        {
                            "name": "where",
                            "in": "query",
                            "content": {"application/json": {"schema": OBJECT}},
                        },
                    ],
                    **NO_CONTENT,
                }
            }
        }
    )
    sdk, warnings = build(tmp_path, document)
    params = {p.wire_name.raw: p for p in sdk.operations[0].params}
    wire = {
        name: (p.style, p.explode, p.media_type and p.media_type.raw)
        for name, p in params.items()
    }
    assert wire == {
        "id": ("simple", False, None),
        "tags": (
            "form",
            True,
            None,
        ),  # matrix is a path style: the query default instead
        "sort": ("form", False, None),
        "where": ("form", True, "application/json"),
    }
    assert [(w.pointer, w.severity) for w in warnings] == [
        ("/paths/~1things~1{id}/get/parameters/1/style", "warning")
    ]


def test_a_requirement_of_two_schemes_in_one_header_is_a_listed_limitation(
    tmp_path: Path,
) -> None:
    document = _document(
        {"/both": _op("both", security=[{"bearer": [], "basic": []}])},
        {"securitySchemes": SCHEMES},
    )
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    result = generate(spec, package="both_sdk")
    [warning] = [w for w in result.warnings if "same place" in w.message]
    assert warning.limitation and warning.pointer == "/paths/~1both/get/security"
    assert "only the last is sent" in warning.message
    assert "same place" in result.files["README.md"]
