"""The product's promise, end to end: the documented call, over a mock transport, parses the seed."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import yaml

from mka1 import SDK, AsyncSDK, Response
from mka1.errors import InvalidParameterError

from .helpers import MKA1_SPEC

SEED: dict[str, Any] = yaml.safe_load(MKA1_SPEC.read_text())["paths"][
    "/api/v1/llm/responses/{response_id}/cancel"
]["post"]["responses"]["200"]["content"]["application/json"]["example"]


class Recorder:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json=SEED)


def test_the_seed_example_has_no_completed_at() -> None:
    assert (
        "completed_at" not in SEED
    )  # the contract requires it; our models read it leniently


def test_cancel_returns_the_typed_response_of_the_seed() -> None:
    recorder = Recorder()
    sdk = SDK(
        bearer_auth="k",
        http_client=httpx.Client(transport=httpx.MockTransport(recorder)),
    )

    response = sdk.llm.responses.cancel(response_id="resp_cancel123")

    assert isinstance(response, Response)
    assert response.status == "cancelled"
    assert response.completed_at is None
    assert response.model_dump(mode="json", exclude_unset=True) == SEED
    (request,) = recorder.requests
    assert request.method == "POST"
    assert (
        str(request.url)
        == "https://apigw.mka1.com/api/v1/llm/responses/resp_cancel123/cancel"
    )
    assert request.headers["Authorization"] == "Bearer k"


def test_async_cancel_returns_the_same() -> None:
    async def cancel() -> Response:
        async with AsyncSDK(
            bearer_auth="k",
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(Recorder())),
        ) as sdk:
            return await sdk.llm.responses.cancel(response_id="resp_cancel123")

    assert asyncio.run(cancel()).model_dump(mode="json", exclude_unset=True) == SEED


@pytest.mark.parametrize("bad_id", ["../x", "resp_", "resp_a/b", "RESP_x", ""])
def test_a_bad_response_id_raises_before_any_request(bad_id: str) -> None:
    recorder = Recorder()
    sdk = SDK(
        bearer_auth="k",
        http_client=httpx.Client(transport=httpx.MockTransport(recorder)),
    )
    with pytest.raises(InvalidParameterError) as raised:
        sdk.llm.responses.cancel(response_id=bad_id)
    assert recorder.requests == []
    assert "response_id" in str(raised.value)
    assert "^resp[-_][a-zA-Z0-9]+$" in str(raised.value)


def test_output_items_parse_as_the_most_specific_variant() -> None:
    """`message` is shared by input and output messages; a full output message must not be read
    as the input message it also satisfies."""
    output = [
        {
            "type": "message",
            "role": "assistant",
            "id": "msg_1",
            "status": "completed",
            "content": [{"type": "output_text", "text": "hi", "annotations": []}],
        },
        {"type": "message", "role": "user", "content": "hello"},
        {
            "type": "function_call",
            "call_id": "c1",
            "name": "f",
            "arguments": "{}",
            "id": "fc_1",
            "status": "completed",
        },
    ]
    response = Response.model_validate({**SEED, "output": output})
    assert [type(item).__name__ for item in response.output] == [
        "OutputMessage",
        "InputMessage",
        "FunctionToolCall",
    ]
    assert response.model_dump(mode="json", exclude_unset=True)["output"] == output
