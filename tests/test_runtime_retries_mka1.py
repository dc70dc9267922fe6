"""MKA1's retries keep their word and its calls can be watched (issue 8, items 4 and 7): the
contract's policy from spec/mka1.yaml's `x-sdkgen-retries`, the reason an error was not retried,
per-call policies, the `mka1` logger without the token, and hooks, sync and async."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

import mka1
from mka1 import SDK, AsyncSDK, Hooks, Response, RetryPolicy
from mka1._sdk import DEFAULT_RETRY, LOG_ENV
from mka1.errors import APITimeoutError, RateLimitError

from .test_acceptance import SEED

TOKEN = "mka1-test-token-5f1c2d"


class Server:
    """Answers with the scripted outcomes in turn, then the seed response."""

    def __init__(self, *outcomes: httpx.Response | Exception) -> None:
        self.outcomes = list(outcomes)
        self.requests: list[httpx.Request] = []
        self.headers: list[httpx.Headers] = []  # as each attempt sent them

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.headers.append(request.headers.copy())
        if self.outcomes:
            outcome = self.outcomes.pop(0)
            if isinstance(outcome, Exception):
                raise outcome
            return outcome
        return httpx.Response(200, json=SEED, headers={"x-request-id": "req_9"})


def test_the_contracts_retry_policy_is_the_default() -> None:
    assert DEFAULT_RETRY == RetryPolicy(
        max_retries=2,
        initial_interval=0.5,
        max_interval=5.0,
        backoff_factor=1.5,
        max_elapsed=15.0,
        retry_statuses=frozenset({429, 500, 502, 503, 504}),
        retry_connection_errors=True,
    )
    assert LOG_ENV == "MKA1_LOG"


def test_timeouts_and_connection_errors_are_retried_then_succeed() -> None:
    server = Server(httpx.ReadTimeout("slow"), httpx.ConnectError("refused"))
    sleeps: list[float] = []
    sdk = SDK(
        bearer_auth=TOKEN,
        http_client=httpx.Client(transport=httpx.MockTransport(server)),
    )
    sdk._client._sleep = sleeps.append
    assert isinstance(sdk.llm.responses.cancel(response_id="resp_1"), Response)
    assert len(server.requests) == 3
    assert 0.375 <= sleeps[0] <= 0.5 and 0.5625 <= sleeps[1] <= 0.75


def test_retry_after_beyond_the_budget_is_explained() -> None:
    server = Server(httpx.Response(429, headers={"Retry-After": "100"}))
    sdk = SDK(
        bearer_auth=TOKEN,
        http_client=httpx.Client(transport=httpx.MockTransport(server)),
    )
    with pytest.raises(RateLimitError) as caught:
        sdk.llm.responses.cancel(response_id="resp_1")
    assert str(caught.value) == (
        "cancelResponse: 429 Too Many Requests from POST "
        "https://apigw.mka1.com/api/v1/llm/responses/resp_1/cancel "
        "[not retried: the server asked to wait 100 s, beyond the 15 s retry budget]"
    )
    assert len(server.requests) == 1


def test_per_call_policy_and_retry_count_header() -> None:
    server = Server(httpx.Response(503), httpx.Response(503), httpx.Response(503))
    sdk = SDK(
        bearer_auth=TOKEN,
        http_client=httpx.Client(transport=httpx.MockTransport(server)),
    )
    sdk._client._sleep = lambda _: None
    policy = RetryPolicy(max_retries=3, retry_count_header="X-Retry-Count")
    assert sdk.llm.responses.cancel(response_id="resp_1", retry=policy).id
    assert [h["X-Retry-Count"] for h in server.headers] == ["0", "1", "2", "3"]


def test_async_total_timeout_stops_the_retries() -> None:
    async def main() -> None:
        server = Server(*[httpx.ReadTimeout("slow")] * 10)
        http = httpx.AsyncClient(transport=httpx.MockTransport(server))
        async with AsyncSDK(bearer_auth=TOKEN, http_client=http, max_retries=10) as sdk:
            with pytest.raises(APITimeoutError) as caught:
                await sdk.llm.responses.cancel(response_id="resp_1", total_timeout=0.3)
        assert "would pass the total timeout" in str(caught.value)
        assert 1 <= len(server.requests) < 10

    asyncio.run(main())


def test_debug_logging_and_hooks_never_show_the_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    seen: list[str] = []
    hooks = Hooks(
        on_request=lambda request: seen.append(request.headers["Authorization"]),
        on_response=lambda response: seen.append(str(response.status_code)),
    )
    server = Server(httpx.Response(502, text=f"upstream rejected Bearer {TOKEN}"))
    http = httpx.Client(transport=httpx.MockTransport(server))
    sdk = SDK(bearer_auth=TOKEN, http_client=http, hooks=hooks)
    sdk._client._sleep = lambda _: None
    assert sdk.llm.responses.cancel(response_id="resp_1").id
    # Hooks see the request as sent (credentials included), once per attempt.
    assert seen == [f"Bearer {TOKEN}", "502", f"Bearer {TOKEN}", "200"]
    ours = [r.getMessage() for r in caplog.records if r.name == "mka1"]
    assert any("-> 502 Bad Gateway (attempt 1," in line for line in ours)
    assert any("-> 200 OK (attempt 2," in line for line in ours)
    assert any("authorization: <redacted>" in line for line in ours)
    for record in caplog.records:
        assert TOKEN not in record.getMessage() and TOKEN not in repr(record.args)
    assert TOKEN not in repr(sdk) and mka1.__version__


def test_async_hooks_are_awaited() -> None:
    statuses: list[int] = []

    async def on_response(response: httpx.Response) -> None:
        await asyncio.sleep(0)
        statuses.append(response.status_code)

    async def main() -> None:
        server = Server(httpx.Response(503))
        http = httpx.AsyncClient(transport=httpx.MockTransport(server))
        sdk = AsyncSDK(
            bearer_auth=TOKEN, http_client=http, hooks=Hooks(on_response=on_response)
        )

        async def no_wait(seconds: float) -> None:
            return None

        sdk._client._sleep = no_wait
        assert (await sdk.llm.responses.cancel(response_id="resp_1")).id

    asyncio.run(main())
    assert statuses == [503, 200]


def test_mka1_log_debug_in_the_environment_logs_to_stderr_without_the_token() -> None:
    script = f"""
import httpx
from mka1 import SDK
from tests.test_acceptance import SEED

answers = [httpx.Response(503), httpx.Response(200, json=SEED)]
http = httpx.Client(transport=httpx.MockTransport(lambda request: answers.pop(0)))
sdk = SDK(bearer_auth={TOKEN!r}, http_client=http)
sdk._client._sleep = lambda seconds: None
sdk.llm.responses.cancel(response_id="resp_1")
"""
    env = {**os.environ, "MKA1_LOG": "debug"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=Path(__file__).parent.parent,  # `tests.test_acceptance` importable
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert any("mka1 INFO] HTTP POST https://apigw.mka1.com/" in line for line in lines)
    assert any("-> 503 Service Unavailable (attempt 1, " in line for line in lines)
    assert any("Retrying POST" in line and "(retry 1 of 2)" in line for line in lines)
    assert any("mka1 DEBUG] Request: POST" in line for line in lines)
    assert TOKEN not in done.stderr
