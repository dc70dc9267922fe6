"""Retry policy and the pure functions that decide whether, and how long, to wait.

The budget, as the SDK's clients apply it:

* at most ``max_retries`` retries (so ``max_retries + 1`` attempts);
* ``max_elapsed`` seconds of *waiting* between attempts, summed. The attempts'
  own time is bounded by the timeout, not by this budget, so a timed-out
  attempt is retried like a 503 (as in openai-python and Speakeasy SDKs,
  whose users expect ``timeout`` to bound one attempt and retries to follow);
* a call's ``total_timeout``, when one is given, bounds everything: no attempt
  starts, and no wait is begun, that would end after it (each attempt's
  timeout is shortened to what is left).

A server's ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date)
replaces the backoff and is never shortened: a wait beyond
``max_retry_after``, the budget left, or the total timeout is not made, and
the error raised says so.
"""

from __future__ import annotations

import email.utils
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "RetryPolicy",
    "backoff_delay",
    "next_retry_delay",
    "parse_retry_after",
    "plan_retry",
    "server_delay",
]

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Subtractive jitter: keeps every delay within max_interval while still
# spreading out clients that failed at the same moment.
_JITTER_FRACTION = 0.25


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and how patiently to retry a failed request.

    Responses with a status in ``retry_statuses``, and connection errors and
    timeouts when ``retry_connection_errors``, are retried up to
    ``max_retries`` times, waiting ``initial_interval`` seconds, then
    ``backoff_factor`` times longer each time, at most ``max_interval`` (less
    up to a quarter, at random), or what the server's ``Retry-After`` asks
    if that is at most ``max_retry_after``. The waits together stay within
    ``max_elapsed`` seconds (the attempts themselves are bounded by the
    timeout). ``retry_count_header``, when set, names a header sent with
    every attempt holding the number of retries before it (0, 1, ...).
    """

    max_retries: int = 2
    initial_interval: float = 0.5
    max_interval: float = 5.0
    backoff_factor: float = 1.5
    max_elapsed: float = 15.0
    retry_statuses: frozenset[int] = _RETRY_STATUSES
    retry_connection_errors: bool = True
    max_retry_after: float = 60.0
    retry_count_header: str | None = None

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {self.max_retries}")
        for name in ("initial_interval", "max_interval", "max_elapsed"):
            _check_seconds(name, getattr(self, name))
        _check_seconds("max_retry_after", self.max_retry_after)
        if not self.backoff_factor >= 1.0 or math.isinf(self.backoff_factor):
            raise ValueError(
                f"backoff_factor must be a finite number >= 1, got {self.backoff_factor}"
            )
        statuses = frozenset(self.retry_statuses)
        bad = sorted(s for s in statuses if not 100 <= s <= 599)
        if bad:
            raise ValueError(f"retry_statuses must be HTTP statuses, got {bad}")
        object.__setattr__(self, "retry_statuses", statuses)
        header = self.retry_count_header
        if header is not None and (
            not header.isascii() or not header.isprintable() or ":" in header
        ):
            raise ValueError("retry_count_header must be a header name")


def _check_seconds(name: str, value: float) -> None:
    if not value >= 0.0 or math.isinf(value):
        raise ValueError(f"{name} must be a finite number of seconds >= 0, got {value}")


def backoff_delay(policy: RetryPolicy, retry_number: int, jitter: float = 0.0) -> float:
    """Seconds to wait before retry ``retry_number`` (1 for the first retry).

    ``jitter`` in [0, 1) shortens the delay by up to a quarter.
    """
    base = policy.initial_interval * policy.backoff_factor ** (retry_number - 1)
    return min(base, policy.max_interval) * (1.0 - _JITTER_FRACTION * jitter)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds requested by a ``Retry-After`` header (delta-seconds or HTTP date).

    Returns None when the header is absent or unreadable; dates in the past
    give 0.
    """
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        # Written so that NaN also lands on 0.
        return seconds if seconds > 0.0 else 0.0
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    current = time.time() if now is None else now
    return max(when.timestamp() - current, 0.0)


def server_delay(headers: Mapping[str, str] | None) -> float | None:
    """Seconds the server asks to wait: ``retry-after-ms`` (the more precise, as
    OpenAI and Azure send it) or else ``Retry-After``; None when it asks nothing."""
    if not headers:
        return None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            value = float(millis)
        except ValueError:
            pass
        else:
            return value / 1000.0 if value > 0.0 else 0.0
    return parse_retry_after(headers.get("retry-after"))


def _seconds(value: float) -> str:
    return f"{value:.3g} s" if value < 10 else f"{value:.0f} s"


def plan_retry(
    policy: RetryPolicy,
    retry_number: int,
    waited: float,
    headers: Mapping[str, str] | None = None,
    jitter: float = 0.0,
    remaining: float | None = None,
) -> tuple[float | None, str]:
    """The wait before retry ``retry_number``, or None to give up, and why not.

    ``waited`` is the seconds already spent waiting in this call, ``headers``
    the failed response's (None for a connection error), ``remaining`` the
    seconds left of the caller's total timeout (None: none was given). The
    reason is "" when retries are simply used up, else a sentence for the
    error's message.
    """
    if retry_number > policy.max_retries:
        return None, ""
    budget = policy.max_elapsed - waited
    asked = server_delay(headers)
    if asked is not None:
        # The tighter of the two limits is the one named.
        if asked > budget and budget <= policy.max_retry_after:
            return None, (
                f"not retried: the server asked to wait {_seconds(asked)}, beyond the "
                f"{_seconds(policy.max_elapsed)} retry budget"
            )
        if asked > policy.max_retry_after:
            return None, (
                f"not retried: the server asked to wait {_seconds(asked)}, beyond the "
                f"{_seconds(policy.max_retry_after)} cap on Retry-After"
            )
        delay = asked
    else:
        delay = backoff_delay(policy, retry_number, jitter)
        if delay > budget:
            return None, (
                f"not retried: the {_seconds(policy.max_elapsed)} retry budget is spent"
            )
    if remaining is not None and delay >= remaining:
        return None, (
            f"not retried: waiting {_seconds(delay)} would pass the total timeout"
        )
    return delay, ""


def next_retry_delay(
    policy: RetryPolicy,
    retry_number: int,
    elapsed: float,
    retry_after: str | None = None,
    jitter: float = 0.0,
) -> float | None:
    """Seconds to wait before retry ``retry_number``, or None to give up
    (`plan_retry` with a ``Retry-After`` value and without its reason).

    ``elapsed`` is the seconds already spent waiting.
    """
    headers = None if retry_after is None else {"retry-after": retry_after}
    return plan_retry(policy, retry_number, elapsed, headers, jitter)[0]
