"""The SDK's log lines, on the standard `logging` module, credentials always blanked.

The logger is named after the package (``logging.getLogger("<package>")``):
configure it as any other. The SDK also reads an environment variable, named
by the generated SDK (``<PACKAGE>_LOG``), once, when the first client is
made: ``info`` logs one line per attempt (method, URL, status, attempt,
time) and per retry wait; ``debug`` adds the request and response headers.
When it is set and the logger has no handler, one writing to stderr is added.

No line shows a credential: the Authorization, Proxy-Authorization, Cookie
and Set-Cookie headers are blanked, and so is every header or query value
holding one of the SDK's secrets (the credentials it was given). httpx logs
each request's full URL (an API key sent in the query included) on its own
``httpx`` logger, so a filter on that logger blanks the SDK's secrets out of
its records too. When logging is off each call pays for one
``isEnabledFor`` check.
"""

from __future__ import annotations

import logging
import os
import sys
import threading

import httpx

from ._errors import _CREDENTIAL_HEADERS, _redact_request

__all__ = ["guard_library_logs", "logger", "setup_logging"]

logger = logging.getLogger(__name__.split(".")[0])
"""The package's logger (``mka1`` for the ``mka1`` package, say)."""

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_read: set[str] = set()
_lock = threading.Lock()
_REDACTED = "<redacted>"
_RESPONSE_CREDENTIAL_HEADERS = frozenset(("set-cookie",))


def setup_logging(env_var: str | None) -> None:
    """Turn logging on as ``env_var`` says (``debug`` or ``info``); read once per name."""
    if not env_var or env_var in _read:
        return
    with _lock:
        if env_var in _read:
            return
        _read.add(env_var)
        value = os.environ.get(env_var, "").strip().lower()
        level = _LEVELS.get(value)
        if level is None:
            if value:
                logger.warning(
                    "%s=%r is not a log level: use debug or info", env_var, value[:20]
                )
            return
        logger.setLevel(level)
        if not logger.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(
                logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s")
            )
            logger.addHandler(handler)


class _SecretFilter(logging.Filter):
    """Blanks the SDK's secrets out of another library's log records."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: frozenset[str] = frozenset()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            # Longest first, so "Bearer <token>" is blanked before "<token>".
            for secret in sorted(self.secrets, key=len, reverse=True):
                message = message.replace(secret, _REDACTED)
            record.msg, record.args = message, ()
        return True


_library_filter = _SecretFilter()


def guard_library_logs(secrets: tuple[str, ...]) -> None:
    """Have httpx's logger blank ``secrets`` (a client's credentials) out of its lines."""
    if not secrets or _library_filter.secrets.issuperset(secrets):
        return
    with _lock:
        _library_filter.secrets = _library_filter.secrets.union(secrets)
        httpx_logger = logging.getLogger("httpx")
        if _library_filter not in httpx_logger.filters:
            httpx_logger.addFilter(_library_filter)


def _safe(request: httpx.Request, secrets: tuple[str, ...]) -> httpx.Request:
    """A copy of ``request`` (headers and URL only) with the credentials blanked."""
    copy = httpx.Request(request.method, request.url, headers=request.headers)
    _redact_request(copy, secrets)
    return copy


def _url(request: httpx.Request) -> str:
    """The (redacted) URL as logged: ``<redacted>`` unescaped in its query."""
    return str(request.url).replace("%3Credacted%3E", _REDACTED)


def _safe_text(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        text = text.replace(secret, _REDACTED)
    return text


def _headers(
    headers: httpx.Headers, secrets: tuple[str, ...], blank: frozenset[str]
) -> str:
    lines = []
    for name, value in headers.multi_items():
        if name.lower() in blank or any(s in value for s in secrets):
            value = _REDACTED
        lines.append(f"{name}: {value}")
    return "; ".join(lines)


def log_request(request: httpx.Request, attempt: int, secrets: tuple[str, ...]) -> None:
    """The request about to be sent, with its headers (DEBUG only)."""
    if logger.isEnabledFor(logging.DEBUG):
        safe = _safe(request, secrets)
        logger.debug(
            "Request: %s %s (attempt %d) headers: %s",
            safe.method,
            _url(safe),
            attempt,
            _headers(safe.headers, secrets, _CREDENTIAL_HEADERS),
        )


def log_response(
    request: httpx.Request,
    outcome: httpx.Response | Exception,
    attempt: int,
    seconds: float,
    secrets: tuple[str, ...],
) -> None:
    """One attempt's outcome: method, URL, status (or error), attempt and time."""
    if not logger.isEnabledFor(logging.INFO):
        return  # hooks, not logging, made the client observe the call
    safe = _safe(request, secrets)
    if isinstance(outcome, httpx.Response):
        result = f"{outcome.status_code} {outcome.reason_phrase}".rstrip()
    else:
        result = _safe_text(f"{type(outcome).__name__}: {outcome}", secrets)
    logger.info(
        "HTTP %s %s -> %s (attempt %d, %.1f ms)",
        safe.method,
        _url(safe),
        result,
        attempt,
        seconds * 1000.0,
    )
    if isinstance(outcome, httpx.Response) and logger.isEnabledFor(logging.DEBUG):
        blank = _CREDENTIAL_HEADERS | _RESPONSE_CREDENTIAL_HEADERS
        logger.debug("Response headers: %s", _headers(outcome.headers, secrets, blank))


def log_retry(
    request: httpx.Request, delay: float, retry: int, of: int, secrets: tuple[str, ...]
) -> None:
    """A retry about to be waited for."""
    safe = _safe(request, secrets)
    logger.info(
        "Retrying %s %s in %.2f s (retry %d of %d)",
        safe.method,
        _url(safe),
        delay,
        retry,
        of,
    )


def log_give_up(error: Exception, secrets: tuple[str, ...]) -> None:
    """The error a call ends with (its message is already redacted)."""
    logger.info("Giving up: %s", _safe_text(str(error), secrets)[:500])
