"""Hand-written runtime behind the generated SDK.

Generated modules only declare `Operation` objects; this package validates
parameters, builds and sends requests, retries, maps errors and parses
responses.
"""

from ._auth import ApiKeyAuth, Auth, AuthParts, BasicAuth, BearerAuth, Missing, Security
from ._body import Body, BodyField, FileContent, FileTypes, bytes_body, text_body
from ._client import AsyncClient, SyncClient
from ._config import DEFAULT_TIMEOUT, NOT_GIVEN, ClientConfig, NotGiven
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ConflictError,
    InternalServerError,
    InvalidParameterError,
    MissingCredentialsError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    SDKError,
    UnprocessableEntityError,
)
from ._hooks import Hooks, RequestHook, ResponseHook
from ._http import ignore_body
from ._lenient import UnknownStr, UnknownVariant
from ._model import DEFER_BUILD, BaseModel
from ._options import ClientOptions, NonIdempotentRequestOptions, RequestOptions
from ._operation import (
    Constraint,
    Length,
    OneOf,
    Operation,
    Param,
    ParamLocation,
    Pattern,
    Range,
    Requirement,
)
from ._pagination import (
    AsyncPager,
    Page,
    Pagination,
    PaginationLoopError,
    SyncPager,
    async_paginate,
    async_raw_page_method,
    paginate,
    raw_page_method,
)
from ._raw import RawResponse, async_raw_response_method, raw_response_method
from ._retry import (
    RetryPolicy,
    backoff_delay,
    next_retry_delay,
    parse_retry_after,
    plan_retry,
    server_delay,
)
from ._download import AsyncBinaryResponse, BinaryResponse
from ._streaming import (
    AsyncStream,
    NonIdempotentStreamRequestOptions,
    Stream,
    StreamRequestOptions,
)
from ._sse import ServerSentEvent, SSEDecoder

__all__ = [
    "DEFER_BUILD",
    "StreamRequestOptions",
    "Stream",
    "SSEDecoder",
    "ServerSentEvent",
    "NonIdempotentStreamRequestOptions",
    "BinaryResponse",
    "AsyncStream",
    "AsyncBinaryResponse",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "ApiKeyAuth",
    "AsyncClient",
    "AsyncPager",
    "Auth",
    "AuthParts",
    "BasicAuth",
    "AuthenticationError",
    "BadRequestError",
    "BaseModel",
    "BearerAuth",
    "Body",
    "BodyField",
    "ClientClosedError",
    "ClientConfig",
    "ClientOptions",
    "DEFAULT_TIMEOUT",
    "ConflictError",
    "FileContent",
    "FileTypes",
    "Hooks",
    "Constraint",
    "InternalServerError",
    "InvalidParameterError",
    "Length",
    "Missing",
    "MissingCredentialsError",
    "NOT_GIVEN",
    "NonIdempotentRequestOptions",
    "NotGiven",
    "NotFoundError",
    "OneOf",
    "Page",
    "Pagination",
    "PaginationLoopError",
    "Operation",
    "Param",
    "ParamLocation",
    "Pattern",
    "PermissionDeniedError",
    "Range",
    "Requirement",
    "RateLimitError",
    "RawResponse",
    "RequestHook",
    "RequestOptions",
    "ResponseHook",
    "ResponseValidationError",
    "RetryPolicy",
    "SDKError",
    "Security",
    "SyncClient",
    "SyncPager",
    "UnknownStr",
    "UnknownVariant",
    "UnprocessableEntityError",
    "async_paginate",
    "async_raw_page_method",
    "async_raw_response_method",
    "backoff_delay",
    "bytes_body",
    "ignore_body",
    "next_retry_delay",
    "paginate",
    "raw_page_method",
    "parse_retry_after",
    "plan_retry",
    "raw_response_method",
    "server_delay",
    "text_body",
]
