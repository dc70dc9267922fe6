"""MKA1 from a newer server: a new status, a new output item type and a new field still parse.

Issue 8's first case: `status: "paused"` or an output item of a new `type` made `cancel` raise a
16 KB `ResponseValidationError` (77 errors). Now the call succeeds and each value is readable;
what is really wrong is still an error, with a short message.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from mka1 import SDK, AsyncSDK, Response
from mka1._runtime import UnknownStr, UnknownVariant
from mka1.errors import ResponseValidationError
from mka1.models import OutputMessage

from .test_acceptance import SEED

NEWER: dict[str, Any] = {
    **SEED,
    "status": "paused",
    "carbon_grams": 0.4,
    "output": [
        {"type": "hologram", "id": "h1", "frames": 3},
        {
            "type": "message",
            "id": "m1",
            "role": "assistant",
            "status": "completed",
            "content": [{"type": "output_text", "text": "hi", "annotations": []}],
        },
    ],
}


def sdk_answering(body: object) -> SDK:
    transport = httpx.MockTransport(lambda _: httpx.Response(200, json=body))
    return SDK(
        bearer_auth="test-token-123", http_client=httpx.Client(transport=transport)
    )


def check_newer(response: Response) -> None:
    assert response.status == "paused" and isinstance(response.status, UnknownStr)
    assert response.model_extra == {"carbon_grams": 0.4}
    hologram, message = response.output
    assert isinstance(hologram, UnknownVariant)
    assert hologram.type == "hologram" and hologram.raw == NEWER["output"][0]
    assert isinstance(message, OutputMessage) and message.id == "m1"
    assert response.model_dump(mode="json", exclude_unset=True) == NEWER


def test_cancel_reads_a_new_status_item_type_and_field() -> None:
    check_newer(sdk_answering(NEWER).llm.responses.cancel(response_id="resp_1"))


def test_async_cancel_reads_them_too() -> None:
    async def cancel() -> Response:
        transport = httpx.MockTransport(lambda _: httpx.Response(200, json=NEWER))
        http = httpx.AsyncClient(transport=transport)
        async with AsyncSDK(bearer_auth="test-token-123", http_client=http) as sdk:
            return await sdk.llm.responses.cancel(response_id="resp_1")

    check_newer(asyncio.run(cancel()))


def test_a_broken_response_is_a_short_error() -> None:
    broken = {**NEWER, "created_at": "yesterday", "background": [1]}
    del broken["id"]
    with pytest.raises(ResponseValidationError) as caught:
        sdk_answering(broken).llm.responses.cancel(response_id="resp_1")
    assert str(caught.value) == (
        "cancelResponse: the 200 response body does not match the declared schema: "
        "3 errors: id: Field required; created_at: Input should be a valid number, "
        "unable to parse string as a number; background: Input should be a valid boolean"
    )


def test_a_body_that_is_not_an_object_is_still_an_error() -> None:
    with pytest.raises(ResponseValidationError) as caught:
        sdk_answering(["not", "a", "response"]).llm.responses.cancel(
            response_id="resp_1"
        )
    assert len(str(caught.value)) < 300
