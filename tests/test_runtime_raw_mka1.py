"""MKA1's raw responses and status errors (issue 8, item 3)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from mka1 import SDK, AsyncSDK, Response
from mka1._runtime import RawResponse
from mka1.errors import NotFoundError

from .test_acceptance import SEED

URL = "https://apigw.mka1.com/api/v1/llm/responses/resp_1/cancel"


def answer(request: httpx.Request) -> httpx.Response:
    if "resp_gone" in request.url.path:
        return httpx.Response(
            404,
            json={"error": {"message": "no such response"}},
            headers={"x-request-id": "req_9"},
        )
    return httpx.Response(200, json=SEED, headers={"x-request-id": "req_1"})


def sdk() -> SDK:
    return SDK(
        bearer_auth="test-token-123",
        http_client=httpx.Client(transport=httpx.MockTransport(answer)),
    )


def test_with_raw_response_gives_status_headers_request_id_and_parse() -> None:
    raw = sdk().llm.responses.with_raw_response.cancel(
        response_id="resp_1", timeout=5.0
    )
    assert isinstance(raw, RawResponse)
    assert (raw.status_code, raw.request_id, str(raw.url)) == (200, "req_1", URL)
    assert raw.headers["content-type"] == "application/json"
    response = raw.parse()
    assert isinstance(response, Response) and response.status == "cancelled"


def test_async_with_raw_response() -> None:
    async def scenario() -> RawResponse[Response]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
        async with AsyncSDK(bearer_auth="test-token-123", http_client=http) as client:
            return await client.llm.responses.with_raw_response.cancel(
                response_id="resp_1"
            )

    raw = asyncio.run(scenario())
    assert raw.request_id == "req_1" and raw.parse().id == SEED["id"]


def test_a_status_error_names_the_method_and_url() -> None:
    with pytest.raises(NotFoundError) as caught:
        sdk().llm.responses.cancel(response_id="resp_gone")
    error = caught.value
    assert str(error).startswith(
        "cancelResponse: 404 Not Found from POST "
        "https://apigw.mka1.com/api/v1/llm/responses/resp_gone/cancel (request id req_9): "
    )
    assert error.request_id == "req_9" and error.request is not None
    assert error.body == {"error": {"message": "no such response"}}


def test_a_status_error_keeps_no_credential_in_its_request_or_its_pickle() -> None:
    import pickle

    with pytest.raises(NotFoundError) as raised:
        sdk().llm.responses.cancel(response_id="resp_gone", x_on_behalf_of="user_7")
    error = raised.value
    assert error.request is not None and error.response.request is error.request
    assert error.request.headers["Authorization"] == "<redacted>"
    assert error.request.headers["X-On-Behalf-Of"] == "user_7"  # not a credential
    pickled = pickle.dumps(error)
    assert b"test-token-123" not in pickled
    copy = pickle.loads(pickled)
    assert (copy.status_code, copy.request_id) == (404, "req_9")
    assert "test-token-123" not in repr(copy.request.headers)
