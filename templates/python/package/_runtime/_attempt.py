"""What happens between attempts: stamping a request, and deciding to wait or to raise.

Shared by the sync and async clients; the waiting itself is theirs. The
budget these apply is stated in `_retry`'s docstring.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Mapping
from typing import NamedTuple, TypeVar

import httpx

from ._errors import SDKError, redact, status_error, transport_error
from ._http import RETRYABLE_TRANSPORT_ERRORS
from ._logging import log_give_up, log_retry, logger
from ._operation import Operation
from ._retry import RetryPolicy, plan_retry

__all__ = ["Progress", "delay_or_raise", "stamp"]

T = TypeVar("T")


class Progress(NamedTuple):
    """Where a call stands: retries made, seconds waited, and its deadline."""

    retries: int
    waited: float
    deadline: float | None  # time.monotonic() at which the total timeout ends


def stamp(
    request: httpx.Request,
    policy: RetryPolicy,
    retries: int,
    deadline: float | None,
    default_timeout: Mapping[str, float | None],
) -> None:
    """Write the retry count header (when the policy names one) and shorten the
    request's timeouts to what is left of the total timeout (when one is given)."""
    if policy.retry_count_header:
        request.headers[policy.retry_count_header] = str(retries)
    if deadline is not None:
        left = max(deadline - time.monotonic(), 0.001)
        # What is left only shrinks, so shortening the last attempt's timeouts
        # again gives the same as shortening the call's own.
        timeout = request.extensions.get("timeout", default_timeout)
        request.extensions["timeout"] = {
            k: left if v is None else min(v, left) for k, v in timeout.items()
        }


def _wait(
    failure: httpx.Response | httpx.TransportError,
    progress: Progress,
    policy: RetryPolicy,
) -> tuple[float | None, str]:
    """Seconds to wait before retrying ``failure`` (None to give up), and why not."""
    headers: httpx.Headers | None = None
    if isinstance(failure, httpx.Response):
        if failure.status_code not in policy.retry_statuses:
            return None, ""
        headers = failure.headers
    elif not (
        policy.retry_connection_errors
        and isinstance(failure, RETRYABLE_TRANSPORT_ERRORS)
    ):
        return None, ""
    deadline = progress.deadline
    left = None if deadline is None else deadline - time.monotonic()
    retry = progress.retries + 1
    return plan_retry(policy, retry, progress.waited, headers, random.random(), left)


def delay_or_raise(
    operation: Operation[T],
    request: httpx.Request,
    failure: httpx.Response | httpx.TransportError,
    progress: Progress,
    policy: RetryPolicy,
    secrets: tuple[str, ...],
) -> float:
    """Seconds to wait before retrying ``failure``; raises its error when giving up,
    saying after how many retries, and why where the budget (not the failure's
    kind) decided it. The error never repeats a credential."""
    delay, reason = _wait(failure, progress, policy)
    logged = logger.isEnabledFor(logging.INFO)
    retries = progress.retries
    if delay is not None:
        if logged:
            log_retry(request, delay, retries + 1, policy.max_retries, secrets)
        return delay
    error: SDKError
    if isinstance(failure, httpx.Response):
        parse = operation.error_parser_for(failure.status_code)
        error = status_error(failure, parse, operation.operation_id)
    else:
        error = transport_error(failure)
    if retries:
        done = f"after {retries} {'retry' if retries == 1 else 'retries'}"
        reason = f"{done}; {reason}" if reason else done
    if reason:
        error.args = (f"{error.args[0]} [{reason}]", *error.args[1:])
    redact(error, secrets)
    if logged:
        log_give_up(error, secrets)
    if isinstance(failure, httpx.Response):
        raise error
    raise error from failure
