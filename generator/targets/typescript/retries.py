"""The IR's retry facts (`x-sdkgen-retries`) -> the runtime's `RetryPolicy` object
(templates/typescript/src/runtime/retry.ts), laid out.

An operation's facts are already its own over the document's (generator/ir/); what the document
leaves out is the runtime's default (`DEFAULT_RETRY`), written out so that each policy reads
whole where it is declared.
"""

from __future__ import annotations

from ...ir.retries import RUNTIME_DEFAULTS, RetryFacts
from .filters import ts_string
from .layout import Arr, Obj, Raw

__all__ = ["retry_policy"]


def retry_policy(facts: RetryFacts | None) -> Obj:
    """The policy `facts` make over the runtime's defaults, as an object literal."""
    given = facts.over(RUNTIME_DEFAULTS) if facts is not None else RUNTIME_DEFAULTS
    entries: list[tuple[str, Raw | Arr]] = [
        ("maxRetries", Raw(str(given.max_retries))),
        ("initialIntervalMs", Raw(str(given.initial_interval_ms))),
        ("maxIntervalMs", Raw(str(given.max_interval_ms))),
        ("backoffFactor", Raw(_number(given.exponent or 1.0))),
        ("maxElapsedMs", Raw(str(given.max_elapsed_ms))),
        ("retryStatuses", Arr(tuple(Raw(s) for s in _statuses(given.statuses or ())))),
        (
            "retryConnectionErrors",
            Raw("true" if given.retry_connection_errors else "false"),
        ),
    ]
    if given.retry_count_header is not None:
        entries.append(("retryCountHeader", Raw(ts_string(given.retry_count_header))))
    return Obj(tuple(entries))


def _number(value: float) -> str:
    """A JavaScript number literal: `1.5`, `2` (not `2.0`)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _statuses(statuses: tuple[int, ...]) -> list[str]:
    """Each status, whole hundreds written as the runtime's `"5XX"`, in order."""
    items, rest = [], set(statuses)
    for hundred in range(100, 600, 100):
        block = set(range(hundred, hundred + 100))
        if block <= rest:
            items.append((hundred, ts_string(f"{hundred // 100}XX")))
            rest -= block
    items += [(s, str(s)) for s in rest]
    return [text for _, text in sorted(items)]
