"""Retry policy and the pure functions that decide how long to wait."""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass

__all__ = ["RetryPolicy", "backoff_delay", "parse_retry_after", "next_retry_delay"]

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Subtractive jitter: keeps every delay within max_interval while still
# spreading out clients that failed at the same moment.
_JITTER_FRACTION = 0.25


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and how patiently to retry a failed request.

    Responses with a status in ``retry_statuses`` and connection errors or
    timeouts are retried up to ``max_retries`` times, waiting with exponential
    backoff (or the server's ``Retry-After``). A retry whose wait would push
    the total time past ``max_elapsed`` seconds is not attempted.
    """

    max_retries: int = 2
    initial_interval: float = 0.5
    max_interval: float = 5.0
    backoff_factor: float = 1.5
    max_elapsed: float = 15.0
    retry_statuses: frozenset[int] = _RETRY_STATUSES

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {self.max_retries}")


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


def next_retry_delay(
    policy: RetryPolicy,
    retry_number: int,
    elapsed: float,
    retry_after: str | None = None,
    jitter: float = 0.0,
) -> float | None:
    """Seconds to wait before retry ``retry_number``, or None to give up.

    A server-sent ``Retry-After`` wins over backoff, but is never shortened:
    if honouring it would exceed ``max_elapsed`` we give up instead of
    retrying too early.
    """
    if retry_number > policy.max_retries:
        return None
    delay = parse_retry_after(retry_after)
    if delay is None:
        delay = backoff_delay(policy, retry_number, jitter)
    if elapsed + delay > policy.max_elapsed:
        return None
    return delay
