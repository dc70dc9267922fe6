"""TypeScript names: camelCase members, PascalCase types, UPPER_SNAKE constants, kebab-case files.

Property and method names may be reserved words in TypeScript (`pets.delete()`), so members only
need to be unique in their object; type names avoid the globals and runtime names the generated
code uses, and everything is unique in its scope (`NameRegistry` suffixes 2, 3, ...).
"""

from __future__ import annotations

import hashlib
import re

from ...ir.words import words
from ...naming import NameRegistry

MAX_NAME_LENGTH = 64
_DIGEST_LENGTH = 8

# Names a generated type or class must not take: the globals the generated code names unqualified
# (a model may be called `Error` or `Response`: no generated module uses those globals), the
# runtime's exports (index.ts re-exports them beside the models) and the SDK class itself.
TYPE_RESERVED = frozenset("""Array Partial Promise Readonly Record Uint8Array
    SDK SDKOptions Client ClientOptions RequestOptions FetchLike OperationSpec ParameterSpec
    BodySpec SecurityScheme Shape Field Primitive RetryPolicy DEFAULT_RETRY NO_RETRY
    SDKError InvalidParameterError MissingCredentialsError APIConnectionError APITimeoutError
    APIAbortError ResponseValidationError APIStatusError BadRequestError AuthenticationError
    PermissionDeniedError NotFoundError ConflictError UnprocessableEntityError RateLimitError
    InternalServerError statusError backoffDelay parseRetryAfter nextRetryDelay serverDelay
    retriesStatus StatusRange""".split())
# A class member that would break the class (`constructor`) or hide what the runtime needs.
MEMBER_RESERVED = frozenset({"constructor", "prototype", "__proto__"})
# The SDK's constructor options that are not credentials (runtime/client.ts ClientOptions).
OPTION_RESERVED = frozenset({"serverURL", "fetch", "timeoutMs", "retries", "headers"})

_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


def _bounded(name: str, source: str) -> str:
    if len(name) <= MAX_NAME_LENGTH:
        return name
    digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
    return name[: MAX_NAME_LENGTH - _DIGEST_LENGTH] + digest[:_DIGEST_LENGTH]


def camel(text: str, fallback: str = "value") -> str:
    """camelCase identifier: `response_id` -> `responseId`, `X-On-Behalf-Of` -> `xOnBehalfOf`."""
    found = words(text)
    if not found:
        return fallback
    name = found[0] + "".join(w[:1].upper() + w[1:] for w in found[1:])
    return _bounded(f"n{name}" if name[0].isdigit() else name, text)


def pascal(text: str, fallback: str = "Model") -> str:
    """PascalCase identifier; a name already PascalCase is kept (`MCPTool`)."""
    if _IDENTIFIER.fullmatch(text) and text[:1].isupper() and "_" not in text:
        return _bounded(text.replace("$", ""), text) or fallback
    name = "".join(w[:1].upper() + w[1:] for w in words(text))
    if not name:
        return fallback
    return _bounded(f"N{name}" if name[0].isdigit() else name, text)


def constant(text: str) -> str:
    """UPPER_SNAKE_CASE: `cancelResponse` -> `CANCEL_RESPONSE`."""
    name = "_".join(w.upper() for w in words(text)) or "VALUE"
    return _bounded(f"N_{name}" if name[0].isdigit() else name, text)


def kebab(text: str) -> str:
    """A file name: `ResponseObject` -> `response-object`."""
    return "-".join(words(text)) or "model"


def type_registry() -> NameRegistry:
    return NameRegistry(TYPE_RESERVED)


def member_registry(taken: frozenset[str] = frozenset()) -> NameRegistry:
    return NameRegistry(MEMBER_RESERVED | taken)
