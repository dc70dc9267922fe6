"""MKA1's methods take per-call options, and `with_options` copies the SDK (issue 8, item 2)."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from mka1 import SDK, AsyncSDK, Response
from mka1.errors import InternalServerError

from .test_acceptance import SEED


class Server:
    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if len(self.requests) <= self.failures:
            return httpx.Response(503, json={"error": "busy"})
        return httpx.Response(200, json=SEED)


def sdk_for(server: Server) -> SDK:
    http = httpx.Client(transport=httpx.MockTransport(server))
    return SDK(bearer_auth="test-token-123", http_client=http, max_retries=0)


def test_cancel_takes_every_per_call_option() -> None:
    server = Server()
    response = sdk_for(server).llm.responses.cancel(
        response_id="resp_1",
        timeout=2.5,
        extra_headers={"X-Debug": "1"},
        extra_query={"trace": "on"},
        extra_body={"reason": "user asked"},
        idempotency_key="cancel-resp_1",
    )
    assert isinstance(response, Response)
    (request,) = server.requests
    assert request.extensions["timeout"] == httpx.Timeout(2.5).as_dict()
    assert request.headers["X-Debug"] == "1"
    assert request.headers["Idempotency-Key"] == "cancel-resp_1"
    assert request.url.params["trace"] == "on"
    assert json.loads(request.content) == {"reason": "user asked"}


def test_max_retries_per_call_uses_the_contracts_statuses() -> None:
    server = Server(failures=2)
    sdk = sdk_for(server)
    sdk._client._sleep = lambda _: None  # no real waiting in a test
    assert sdk.llm.responses.cancel(response_id="resp_1", max_retries=2).id
    assert len(server.requests) == 3


def test_with_options_returns_a_configured_copy_sharing_the_pool() -> None:
    server = Server(failures=1)
    sdk = sdk_for(server)
    patient = sdk.with_options(
        max_retries=1, timeout=9.0, extra_headers={"X-Team": "t"}
    )
    patient._client._sleep = lambda _: None
    assert patient._client._http is sdk._client._http
    assert patient.llm.responses.cancel(response_id="resp_1").id
    assert [r.headers.get("X-Team") for r in server.requests] == ["t", "t"]
    assert server.requests[0].extensions["timeout"] == httpx.Timeout(9.0).as_dict()
    server.failures = 10
    with pytest.raises(InternalServerError):
        sdk.llm.responses.cancel(
            response_id="resp_1"
        )  # the original keeps max_retries=0
    assert repr(patient) == "SDK(server_url='https://apigw.mka1.com')"


def test_async_methods_and_with_options_take_the_same() -> None:
    server = Server()

    async def scenario() -> Response:
        http = httpx.AsyncClient(transport=httpx.MockTransport(server))
        async with AsyncSDK(bearer_auth="test-token-123", http_client=http) as sdk:
            copy = sdk.with_options(extra_headers={"X-Team": "async"})
            return await copy.llm.responses.cancel(
                response_id="resp_1", timeout=4.0, idempotency_key="k"
            )

    assert isinstance(asyncio.run(scenario()), Response)
    (request,) = server.requests
    assert (
        request.headers["X-Team"] == "async"
        and request.headers["Idempotency-Key"] == "k"
    )
    assert request.extensions["timeout"] == httpx.Timeout(4.0).as_dict()


def test_a_misspelt_option_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="timout"):
        sdk_for(Server()).llm.responses.cancel(response_id="resp_1", timout=3)  # type: ignore[call-arg]
