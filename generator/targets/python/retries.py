"""The IR's retry facts (`x-sdkgen-retries`) -> the runtime's `RetryPolicy(...)` and the README's
account of it. Milliseconds become seconds; what the document leaves out is the runtime's default,
so it is left out of the expression too."""

from __future__ import annotations

from ...ir.retries import RUNTIME_DEFAULTS, RetryFacts

__all__ = ["LOG_ENV_SUFFIX", "log_env_var", "retry_policy", "retry_summary"]

LOG_ENV_SUFFIX = "_LOG"


def log_env_var(package: str) -> str:
    """The environment variable that turns the SDK's logging on: `MKA1_LOG` for `mka1`."""
    return package.upper() + LOG_ENV_SUFFIX


def _seconds(millis: int) -> str:
    return repr(millis / 1000)


def retry_policy(facts: RetryFacts | None) -> str:
    """The `RetryPolicy(...)` expression of `facts` (their keywords only)."""
    if facts is None:
        return "RetryPolicy()"
    keywords = []
    if facts.max_retries is not None:
        keywords.append(f"max_retries={facts.max_retries}")
    if facts.initial_interval_ms is not None:
        keywords.append(f"initial_interval={_seconds(facts.initial_interval_ms)}")
    if facts.max_interval_ms is not None:
        keywords.append(f"max_interval={_seconds(facts.max_interval_ms)}")
    if facts.exponent is not None:
        keywords.append(f"backoff_factor={facts.exponent!r}")
    if facts.max_elapsed_ms is not None:
        keywords.append(f"max_elapsed={_seconds(facts.max_elapsed_ms)}")
    if facts.statuses is not None:
        keywords.append(f"retry_statuses={_status_set(facts.statuses)}")
    if facts.retry_connection_errors is not None:
        keywords.append(f"retry_connection_errors={facts.retry_connection_errors!r}")
    if facts.retry_count_header is not None:
        keywords.append(f"retry_count_header={facts.retry_count_header!r}")
    return f"RetryPolicy({', '.join(keywords)})"


def _status_set(statuses: tuple[int, ...]) -> str:
    """A frozenset expression, whole hundreds written as ranges: `frozenset({429, *range(500, 600)})`."""
    if not statuses:
        return "frozenset()"
    items, rest = [], set(statuses)
    for hundred in range(100, 600, 100):
        block = set(range(hundred, hundred + 100))
        if block <= rest:
            items.append((hundred, f"*range({hundred}, {hundred + 100})"))
            rest -= block
    items += [(s, str(s)) for s in rest]
    return "frozenset({" + ", ".join(text for _, text in sorted(items)) + "})"


def _statuses(statuses: tuple[int, ...]) -> str:
    """`429, 500, 502` with whole hundreds written as `5XX`."""
    shown, rest = [], set(statuses)
    for hundred in range(100, 600, 100):
        block = set(range(hundred, hundred + 100))
        if block <= rest:
            shown.append((hundred, f"{hundred // 100}XX"))
            rest -= block
    shown += [(s, str(s)) for s in rest]
    return ", ".join(text for _, text in sorted(shown)) or "none"


def retry_summary(facts: RetryFacts | None) -> str:
    """One Markdown sentence: what is retried, how often and how patiently, by default."""
    given = facts.over(RUNTIME_DEFAULTS) if facts else RUNTIME_DEFAULTS
    connection = (
        " and connection errors and timeouts" if given.retry_connection_errors else ""
    )
    assert given.statuses is not None
    header = (
        f" Each attempt carries a `{given.retry_count_header}` header (0 on the first)."
        if given.retry_count_header
        else ""
    )
    return (
        f"Responses with status {_statuses(given.statuses)}{connection} are retried up to "
        f"{given.max_retries} times, waiting {_seconds(given.initial_interval_ms or 0)} s first, "
        f"then {given.exponent}x longer each time (at most {_seconds(given.max_interval_ms or 0)} s"
        f" a wait), within a budget of {_seconds(given.max_elapsed_ms or 0)} s of waiting in all."
        + header
    )
