"""Names the generated Python code already uses, by scope: a name made from spec text avoids them.

Each set lists what the templates and the runtime bind or read in one kind of scope, so that a
schema called `Operation`, a path segment called `close` or a parameter called `timeout` cannot
shadow them. `tests/test_reserved.py` parses generated packages and fails when a template starts
using a name that is missing here. The sets are fixed in code (not read from the running Python),
so the output is the same on every machine.
"""

from __future__ import annotations

# Everything `<package>._runtime` exports; generated modules import these by name.
RUNTIME_EXPORTS = frozenset(
    {
        "APIConnectionError", "APIStatusError", "APITimeoutError", "ApiKeyAuth", "AsyncClient",
        "Auth", "AuthenticationError", "BadRequestError", "BaseModel", "BearerAuth", "DEFER_BUILD",
        "ClientConfig", "ConflictError", "Constraint", "InternalServerError",
        "InvalidParameterError", "Length", "MissingCredentialsError", "NotFoundError", "OneOf",
        "Operation", "Param", "ParamLocation", "Pattern", "PermissionDeniedError", "Range",
        "RateLimitError", "ResponseValidationError", "RetryPolicy", "SDKError", "SyncClient",
        "UnprocessableEntityError", "UnknownStr", "UnknownVariant", "ClientClosedError", "DEFAULT_TIMEOUT", "NOT_GIVEN", "NotGiven",
        "ClientOptions", "NonIdempotentRequestOptions", "RequestOptions",
        "RawResponse", "async_raw_response_method", "raw_response_method", "backoff_delay", "ignore_body", "next_retry_delay",
        "parse_retry_after", "AuthParts", "BasicAuth", "Missing", "Requirement", "Security",
        # request and response bodies (_body.py)
        "Body", "BodyField", "FileContent", "FileTypes", "bytes_body", "text_body",
        # streams and downloads (_streaming.py, _sse.py, _download.py)
        "AsyncBinaryResponse", "AsyncStream", "BinaryResponse", "NonIdempotentStreamRequestOptions",
        "SSEDecoder", "ServerSentEvent", "Stream", "StreamRequestOptions",
        # retries and observability (_retry.py, _hooks.py)
        "Hooks", "RequestHook", "ResponseHook", "plan_retry", "server_delay",
        # pagination (_pagination.py)
        "AsyncPager", "Page", "Pagination", "PaginationLoopError", "SyncPager", "async_paginate",
        "async_raw_page_method", "paginate", "raw_page_method",
    }
)  # fmt: skip

# Module-level names of generated modules that models and resources share a namespace with:
# typing and pydantic imports, the entry points, and the names generated tests define.
CLASS_RESERVED = RUNTIME_EXPORTS | frozenset(
    {
        "Annotated", "Any", "Field", "Literal", "TypeAdapter", "TypeAlias", "TypeAliasType", "Unpack", "cached_property",
        "BaseException", "TracebackType", "SDK", "AsyncSDK", "DEFAULT_SERVER_URL", "USER_AGENT", "EXAMPLE", "CONTENT",
        "SERVER_URL", "Recorder", "DEFAULT_RETRY", "LOG_ENV", "PAGES", "PageRecorder",
        # the lazy imports of the package and its models (a module __getattr__ under TYPE_CHECKING)
        "AttributeError", "TYPE_CHECKING",
        # the generated tests of streams, downloads and multipart uploads
        "Replies", "PAYLOAD", "Path", "BytesParser", "HTTP",
    }
)  # fmt: skip

# Attributes of every resource object besides its operations and sub-resources (now or in the
# options API), and of the SDK object itself.
METHOD_RESERVED = frozenset(
    {"with_options", "with_raw_response", "with_streaming_response"}
)
SDK_ATTRIBUTE_RESERVED = METHOD_RESERVED | frozenset({"close", "aclose", "_attach"})

# Keyword arguments every operation method has or will have besides the API's parameters.
PARAMETER_RESERVED = frozenset(
    {"self", "timeout", "max_retries", "extra_headers", "extra_query", "extra_body"}
    | {"idempotency_key", "request_options", "retry", "total_timeout"}
    | {"max_reconnects"}  # a streaming method's option
)

# Keyword arguments of the SDK constructor besides the credentials.
CONSTRUCTOR_RESERVED = frozenset(
    {"self", "server_url", "timeout", "max_retries", "http_client"}
    | {"retry", "total_timeout", "hooks"}
)

# Test modules every SDK has; an operation's test module takes another name.
TEST_MODULE_RESERVED = frozenset(
    {
        "_support", "conftest", "test_package", "test_runtime_auth", "test_runtime_body", "test_runtime_client",
        "test_runtime_errors", "test_runtime_lenient", "test_runtime_logging", "test_runtime_options", "test_runtime_packaging", "test_runtime_raw", "test_runtime_params", "test_runtime_request", "test_runtime_retry",
        "test_runtime_pagination",
        "test_runtime_sse",
        "test_runtime_streaming",
    }
)  # fmt: skip

# Top-level modules of the standard library (3.11 to 3.14) and of what the SDK and its tests
# import: a package with one of these names would shadow it for everyone who installs it.
STDLIB_MODULES = frozenset(
    {
        "abc", "aifc", "annotationlib", "antigravity", "argparse", "array", "ast", "asynchat",
        "asyncio", "asyncore", "atexit", "audioop", "base64", "bdb", "binascii", "bisect",
        "builtins", "bz2", "cProfile", "calendar", "cgi", "cgitb", "chunk", "cmath", "cmd", "code",
        "codecs", "codeop", "collections", "colorsys", "compileall", "compression", "concurrent",
        "configparser", "contextlib", "contextvars", "copy", "copyreg", "crypt", "csv", "ctypes",
        "curses", "dataclasses", "datetime", "dbm", "decimal", "difflib", "dis", "distutils",
        "doctest", "email", "encodings", "ensurepip", "enum", "errno", "faulthandler", "fcntl",
        "filecmp", "fileinput", "fnmatch", "fractions", "ftplib", "functools", "gc", "genericpath",
        "getopt", "getpass", "gettext", "glob", "graphlib", "grp", "gzip", "hashlib", "heapq",
        "hmac", "html", "http", "idlelib", "imaplib", "imghdr", "imp", "importlib", "inspect", "io",
        "ipaddress", "itertools", "json", "keyword", "lib2to3", "linecache", "locale", "logging",
        "lzma", "mailbox", "mailcap", "marshal", "math", "mimetypes", "mmap", "modulefinder",
        "msilib", "msvcrt", "multiprocessing", "netrc", "nis", "nntplib", "nt", "ntpath",
        "nturl2path", "numbers", "opcode", "operator", "optparse", "os", "ossaudiodev", "pathlib",
        "pdb", "pickle", "pickletools", "pipes", "pkgutil", "platform", "plistlib", "poplib",
        "posix", "posixpath", "pprint", "profile", "pstats", "pty", "pwd", "py_compile", "pyclbr",
        "pydoc", "pydoc_data", "pyexpat", "queue", "quopri", "random", "re", "readline", "reprlib",
        "resource", "rlcompleter", "runpy", "sched", "secrets", "select", "selectors", "shelve",
        "shlex", "shutil", "signal", "site", "smtpd", "smtplib", "sndhdr", "socket", "socketserver",
        "spwd", "sqlite3", "sre_compile", "sre_constants", "sre_parse", "ssl", "stat", "statistics",
        "string", "stringprep", "struct", "subprocess", "sunau", "symtable", "sys", "sysconfig",
        "syslog", "tabnanny", "tarfile", "telnetlib", "tempfile", "termios", "textwrap", "this",
        "threading", "time", "timeit", "tkinter", "token", "tokenize", "tomllib", "trace",
        "traceback", "tracemalloc", "tty", "turtle", "turtledemo", "types", "typing", "unicodedata",
        "unittest", "urllib", "uu", "uuid", "venv", "warnings", "wave", "weakref", "webbrowser",
        "winreg", "winsound", "wsgiref", "xdrlib", "xml", "xmlrpc", "zipapp", "zipfile",
        "zipimport", "zlib", "zoneinfo",
    }
)  # fmt: skip
DEPENDENCY_MODULES = frozenset(
    {
        "annotated_types", "anyio", "certifi", "h11", "httpcore", "httpx", "idna", "iniconfig",
        "mypy", "packaging", "pluggy", "pydantic", "pydantic_core", "pytest", "sniffio",
        "typing_extensions", "typing_inspection",
    }
)  # fmt: skip
PACKAGE_RESERVED = (
    STDLIB_MODULES | DEPENDENCY_MODULES | frozenset({"src", "test", "tests"})
)
