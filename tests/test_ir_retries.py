"""`x-sdkgen-retries`: read by the IR as neutral facts (document defaults, operations' overrides
merged key by key), lowered by the Python target into `RetryPolicy(...)` expressions, and refused
with a located error when a value is bad (the full message is in tests/cases/invalid_retries).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import SpecError
from generator.ir.retries import RetryFacts
from generator.targets.python.retries import log_env_var, retry_policy, retry_summary

from .ir_support import OK, build, openapi

DOCUMENT_RETRIES = {
    "statusCodes": [429, "5XX"],
    "backoff": {
        "initialInterval": 500,
        "maxInterval": 5000,
        "exponent": 1.5,
        "maxElapsedTime": 15000,
    },
    "retryConnectionErrors": True,
}


def _document(
    at: str = "info", operation: dict[str, Any] | None = None
) -> dict[str, Any]:
    document = openapi(
        paths={
            "/a": {"get": {"operationId": "getA", "responses": {"200": OK}}},
            "/b": {
                "get": {
                    "operationId": "getB",
                    "responses": {"200": OK},
                    **({"x-sdkgen-retries": operation} if operation else {}),
                }
            },
        }
    )
    if at == "info":
        document["info"]["x-sdkgen-retries"] = DOCUMENT_RETRIES
    else:
        document["x-sdkgen-retries"] = DOCUMENT_RETRIES
    return document


@pytest.mark.parametrize("at", ["info", "root"])
def test_document_defaults_become_the_sdks_default_policy(
    tmp_path: Path, at: str
) -> None:
    sdk, diagnostics = build(tmp_path, _document(at))
    assert not [d for d in diagnostics if d.severity == "error"]
    assert sdk.default_retry == (
        "RetryPolicy(initial_interval=0.5, max_interval=5.0, backoff_factor=1.5, "
        "max_elapsed=15.0, retry_statuses=frozenset({429, *range(500, 600)}), "
        "retry_connection_errors=True)"
    )
    assert sdk.log_env == "PKG_LOG"
    assert "429, 5XX and connection errors" in sdk.retry_summary
    # Operations without their own extension keep the SDK's policy: no keyword of their own.
    assert not any(
        k.startswith("retry=") for op in sdk.operations for k in op.declaration_keywords
    )


def test_an_operation_overrides_key_by_key(tmp_path: Path) -> None:
    override = {"maxRetries": 5, "retryCountHeader": "X-Retry-Count"}
    sdk, _ = build(tmp_path, _document(operation=override))
    by_name = {op.operation_id.raw: op for op in sdk.operations}
    keyword = next(
        k for k in by_name["getB"].declaration_keywords if k.startswith("retry=")
    )
    assert keyword.startswith("retry=RetryPolicy(max_retries=5, initial_interval=0.5,")
    assert keyword.endswith("retry_count_header='X-Retry-Count')")
    assert "RetryPolicy" in by_name["getB"].runtime_names


def test_no_extension_keeps_the_runtime_defaults(tmp_path: Path) -> None:
    sdk, _ = build(tmp_path, openapi(paths={"/a": {"get": {"responses": {"200": OK}}}}))
    assert sdk.default_retry == "RetryPolicy()"
    assert sdk.retry_summary.startswith(
        "Responses with status 429, 500, 502, 503, 504 and connection errors"
    )


@pytest.mark.parametrize(
    "value, pointer",
    [
        ({"maxRetries": -1}, "/info/x-sdkgen-retries/maxRetries"),
        ({"statusCodes": [99]}, "/info/x-sdkgen-retries/statusCodes/0"),
        ({"backoff": {"exponent": "fast"}}, "/info/x-sdkgen-retries/backoff/exponent"),
        ({"backoff": []}, "/info/x-sdkgen-retries/backoff"),
        ({"strategy": "linear"}, "/info/x-sdkgen-retries/strategy"),
        ("always", "/info/x-sdkgen-retries"),
    ],
)
def test_bad_values_are_located_errors(
    tmp_path: Path, value: Any, pointer: str
) -> None:
    document = openapi(paths={"/a": {"get": {"responses": {"200": OK}}}})
    document["info"]["x-sdkgen-retries"] = value
    with pytest.raises(SpecError) as caught:
        build(tmp_path, document)
    errors = [d for d in caught.value.diagnostics if d.severity == "error"]
    assert [d.pointer for d in errors] == [pointer]
    assert errors[0].message.startswith("x-sdkgen-retries: ")


def test_both_places_is_an_error(tmp_path: Path) -> None:
    document = _document("root")
    document["info"]["x-sdkgen-retries"] = {"maxRetries": 1}
    with pytest.raises(SpecError) as caught:
        build(tmp_path, document)
    assert [d.pointer for d in caught.value.diagnostics] == ["/info/x-sdkgen-retries"]


def test_lowering_helpers() -> None:
    assert (
        retry_policy(RetryFacts(statuses=()))
        == "RetryPolicy(retry_statuses=frozenset())"
    )
    assert retry_policy(RetryFacts(max_retries=0)) == "RetryPolicy(max_retries=0)"
    assert log_env_var("my_api") == "MY_API_LOG"
    assert "1 times" not in retry_summary(RetryFacts(max_retries=3))


def test_the_targets_account_of_the_defaults_matches_the_runtime() -> None:
    """The README's sentence for a document without the extension describes `RetryPolicy()`."""
    from mka1._runtime import RetryPolicy

    from generator.ir.retries import RUNTIME_DEFAULTS

    runtime = RetryPolicy()
    assert RUNTIME_DEFAULTS == RetryFacts(
        statuses=tuple(sorted(runtime.retry_statuses)),
        initial_interval_ms=round(runtime.initial_interval * 1000),
        max_interval_ms=round(runtime.max_interval * 1000),
        exponent=runtime.backoff_factor,
        max_elapsed_ms=round(runtime.max_elapsed * 1000),
        max_retries=runtime.max_retries,
        retry_connection_errors=runtime.retry_connection_errors,
        retry_count_header=runtime.retry_count_header,
    )
    assert eval(
        retry_policy(RetryFacts(statuses=(429, *range(500, 600)))),
        {"RetryPolicy": RetryPolicy},
    ).retry_statuses == frozenset({429, *range(500, 600)})
