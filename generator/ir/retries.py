"""The `x-sdkgen-retries` extension -> `RetryFacts`: how patiently an SDK retries, as facts.

The document's defaults sit at the root (`x-sdkgen-retries`) or in `info`; an operation's own
`x-sdkgen-retries` overrides them key by key. The shape follows Speakeasy's `x-speakeasy-retries`,
so that a document written for one reads the same here:

    x-sdkgen-retries:
      statusCodes: [429, 5XX]      # statuses (or ranges like 5XX) retried
      backoff:
        initialInterval: 500       # milliseconds before the first retry
        maxInterval: 5000          # the longest single wait, in milliseconds
        exponent: 1.5              # each wait this many times the one before
        maxElapsedTime: 15000      # milliseconds of waiting, summed, before giving up
      maxRetries: 2
      retryConnectionErrors: true  # connection errors and timeouts too
      retryCountHeader: X-Retry-Count  # sent with each attempt (off unless named)

Every key is optional; what a document leaves out is the target's default. A bad value is an
error naming the file, line and JSON pointer.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields, replace
from typing import Any

from ..diagnostics import Diagnostic, join_pointer
from ..load import SourceFile
from .wire import is_header_name

__all__ = ["EXTENSION", "RetryFacts", "read_retries"]

EXTENSION = "x-sdkgen-retries"
_STATUS = re.compile(r"^[1-5](?:[0-9]{2}|XX)$")
_TOP_KEYS = frozenset(
    {
        "statusCodes",
        "backoff",
        "maxRetries",
        "retryConnectionErrors",
        "retryCountHeader",
        "strategy",
    }
)
_BACKOFF_KEYS = ("initialInterval", "maxInterval", "exponent", "maxElapsedTime")
# Bounds that keep a typo (seconds written as milliseconds times a thousand) from producing an
# SDK that waits for days.
_MAX_MILLIS = 24 * 3600 * 1000
_MAX_RETRIES = 100


@dataclass(frozen=True, slots=True)
class RetryFacts:
    """What the document says about retrying; None where it says nothing."""

    statuses: tuple[int, ...] | None = None  # ranges expanded, sorted
    initial_interval_ms: int | None = None
    max_interval_ms: int | None = None
    exponent: float | None = None
    max_elapsed_ms: int | None = None
    max_retries: int | None = None
    retry_connection_errors: bool | None = None
    retry_count_header: str | None = None

    def over(self, defaults: RetryFacts | None) -> RetryFacts:
        """These facts, with `defaults`' where these say nothing."""
        if defaults is None:
            return self
        given = {f.name: getattr(self, f.name) for f in fields(self)}
        return replace(defaults, **{k: v for k, v in given.items() if v is not None})


# What every SDK runtime does where the document says nothing: the Python runtime's `RetryPolicy()`
# and the TypeScript runtime's `DEFAULT_RETRY` hold the same numbers (the MKA1 contract's policy);
# tests/test_ir_retries.py compares these with `RetryPolicy()`, and the TypeScript runtime's own
# tests (templates/typescript/test/runtime.test.js) pin the same numbers.
RUNTIME_DEFAULTS = RetryFacts(
    statuses=(429, 500, 502, 503, 504),
    initial_interval_ms=500,
    max_interval_ms=5000,
    exponent=1.5,
    max_elapsed_ms=15000,
    max_retries=2,
    retry_connection_errors=True,
    retry_count_header=None,
)


def read_retries(
    value: Any, file: SourceFile, pointer: str, diagnostics: list[Diagnostic]
) -> RetryFacts | None:
    """The facts of one `x-sdkgen-retries` value at `pointer`; None (with errors added to
    `diagnostics`) when it is not valid."""
    problems = len(diagnostics)

    def error(where: str, message: str) -> None:
        diagnostics.append(file.diagnostic(where, f"{EXTENSION}: {message}"))

    if not isinstance(value, dict):
        error(pointer, "must be a mapping (statusCodes, backoff, maxRetries, ...)")
        return None
    for key in value:
        if key not in _TOP_KEYS:
            known = ", ".join(sorted(_TOP_KEYS))
            error(
                join_pointer(pointer, str(key)),
                f"unknown key {str(key)[:40]!r} (known: {known})",
            )
    strategy = value.get("strategy", "backoff")
    if strategy != "backoff":
        error(join_pointer(pointer, "strategy"), "the only strategy is 'backoff'")
    facts = RetryFacts(
        statuses=_statuses(
            value.get("statusCodes"), join_pointer(pointer, "statusCodes"), error
        ),
        max_retries=_integer(
            value.get("maxRetries"),
            join_pointer(pointer, "maxRetries"),
            _MAX_RETRIES,
            error,
        ),
        retry_connection_errors=_boolean(
            value.get("retryConnectionErrors"),
            join_pointer(pointer, "retryConnectionErrors"),
            error,
        ),
        retry_count_header=_header(
            value.get("retryCountHeader"),
            join_pointer(pointer, "retryCountHeader"),
            error,
        ),
    )
    backoff = value.get("backoff")
    if backoff is not None:
        where = join_pointer(pointer, "backoff")
        if not isinstance(backoff, dict):
            error(
                where, "backoff must be a mapping (initialInterval, maxInterval, ...)"
            )
        else:
            for key in backoff:
                if key not in _BACKOFF_KEYS:
                    known = ", ".join(_BACKOFF_KEYS)
                    error(
                        join_pointer(where, str(key)),
                        f"unknown key {str(key)[:40]!r} (known: {known})",
                    )
            millis = {
                key: _integer(
                    backoff.get(key), join_pointer(where, key), _MAX_MILLIS, error
                )
                for key in ("initialInterval", "maxInterval", "maxElapsedTime")
            }
            facts = replace(
                facts,
                initial_interval_ms=millis["initialInterval"],
                max_interval_ms=millis["maxInterval"],
                max_elapsed_ms=millis["maxElapsedTime"],
                exponent=_exponent(
                    backoff.get("exponent"), join_pointer(where, "exponent"), error
                ),
            )
    if len(diagnostics) > problems:
        return None
    return facts


def _statuses(value: Any, pointer: str, error: Any) -> tuple[int, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        error(
            pointer, "statusCodes must be a list of HTTP statuses (429) or ranges (5XX)"
        )
        return None
    found: set[int] = set()
    for index, item in enumerate(value):
        text = (
            str(item)
            if isinstance(item, (int, str)) and not isinstance(item, bool)
            else ""
        )
        if not _STATUS.match(text):
            error(
                join_pointer(pointer, index),
                f"statusCodes: {str(item)[:40]!r} is not an HTTP status (100-599) or a range like 5XX",
            )
            continue
        if text.endswith("XX"):
            first = int(text[0]) * 100
            found.update(range(first, first + 100))
        else:
            found.add(int(text))
    return tuple(sorted(found))


def _integer(value: Any, pointer: str, limit: int, error: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
        error(
            pointer,
            f"{pointer.rsplit('/', 1)[-1]} must be a whole number from 0 to {limit}, "
            f"got {str(value)[:40]!r}",
        )
        return None
    return value


def _exponent(value: Any, pointer: str, error: Any) -> float | None:
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not (1 <= value <= 10)
        or math.isnan(value)
    ):
        error(
            pointer, f"exponent must be a number from 1 to 10, got {str(value)[:40]!r}"
        )
        return None
    return float(value)


def _boolean(value: Any, pointer: str, error: Any) -> bool | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        error(
            pointer,
            f"retryConnectionErrors must be true or false, got {str(value)[:40]!r}",
        )
        return None
    return value


def _header(value: Any, pointer: str, error: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not is_header_name(value):
        error(
            pointer,
            f"retryCountHeader {str(value)[:40]!r} is not a valid HTTP header name",
        )
        return None
    return value
