"""Build the IR: from a loaded, normalized spec to the language-neutral `Api` every target reads.

`types.py` is the type tree and `api.py` the operations, servers and security; `reader.py` and
`operations.py` read them from the document, `paths.py` and `call_names.py` find every operation
and the words that name it. Nothing here knows a target language.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..diagnostics import Diagnostic, join_pointer
from ..load import SpecSource
from ..text import SpecText, spec_text
from .api import Api, PlacedOperation, SecurityScheme, Server, Tag, Where
from .operations import OperationReader, requirements
from .paths import collect_operations
from .reader import SchemaReader
from .retries import EXTENSION, RetryFacts, read_retries

__all__ = ["Api", "build_api"]


def build_api(spec: SpecSource) -> tuple[Api, list[Diagnostic]]:
    """The API's IR, and the warnings and errors found on the way (the caller decides whether
    the errors stop it)."""
    diagnostics: list[Diagnostic] = []
    document = spec.root.data
    info = document.get("info") or {}
    title = spec_text(info.get("title")) or SpecText("API")
    reader = SchemaReader(spec, diagnostics)
    components = reader.read_components()
    operation_reader = OperationReader(spec, reader, diagnostics)
    retries = _document_retries(spec, diagnostics)
    operations = []
    for raw in collect_operations(spec):
        operation = operation_reader.read(raw)
        own = raw.node.get(EXTENSION)
        if own is not None:
            pointer = join_pointer(raw.pointer, EXTENSION)
            facts = read_retries(own, spec.root, pointer, diagnostics)
            operation = replace(
                operation, retries=None if facts is None else facts.over(retries)
            )
        operations.append(
            PlacedOperation(
                operation,
                raw.call_name,
                raw.explicit_name,
                raw.pointer.rsplit("/", 1)[0],
            )
        )
    api = Api(
        source=SpecText(spec.root.path.name),
        document=Where(spec.root, ""),
        title=title,
        version=spec_text(info.get("version")) or SpecText("0.0.0"),
        description=spec_text(info.get("description")) or title,
        servers=_servers(spec, diagnostics),
        security_schemes=_security_schemes(spec),
        security=requirements(document.get("security")) or (),
        tags=tuple(
            Tag(str(t.get("name")), SpecText(str(t.get("description") or "").strip()))
            for t in document.get("tags") or []
            if isinstance(t, dict)
        ),
        definitions=reader.definitions,
        components=components,
        operations=tuple(operations),
        sdk_version=spec_text(info.get("x-sdkgen-version")) or None,
        retries=retries,
    )
    return api, diagnostics


def _document_retries(
    spec: SpecSource, diagnostics: list[Diagnostic]
) -> RetryFacts | None:
    """The document's `x-sdkgen-retries`, at the root or in `info` (not both)."""
    document = spec.root.data
    info = document.get("info")
    in_info = info.get(EXTENSION) if isinstance(info, dict) else None
    at_root = document.get(EXTENSION)
    if at_root is not None and in_info is not None:
        message = f"{EXTENSION} is given both here and at the root; keep one"
        pointer = join_pointer("/info", EXTENSION)
        diagnostics.append(spec.root.diagnostic(pointer, message))
        return None
    if at_root is not None:
        return read_retries(
            at_root, spec.root, join_pointer("", EXTENSION), diagnostics
        )
    if in_info is not None:
        pointer = join_pointer("/info", EXTENSION)
        return read_retries(in_info, spec.root, pointer, diagnostics)
    return None


def _security_schemes(spec: SpecSource) -> tuple[SecurityScheme, ...]:
    schemes = (spec.root.data.get("components") or {}).get("securitySchemes") or {}
    found = []
    for key, value in schemes.items():
        pointer = join_pointer("/components/securitySchemes", key)
        target = spec.follow(value, spec.root, pointer)
        scheme = target.value if isinstance(target.value, dict) else {}
        found.append(
            SecurityScheme(
                key=str(key),
                type=str(scheme.get("type") or ""),
                scheme=str(scheme.get("scheme") or "").lower(),
                location=str(scheme.get("in") or ""),
                parameter_name=SpecText(str(scheme.get("name") or "")),
                description=spec_text(scheme.get("description")),
                where=Where(target.file, target.pointer),
            )
        )
    return tuple(found)


def _servers(spec: SpecSource, diagnostics: list[Diagnostic]) -> tuple[Server, ...]:
    """The document's servers, variables filled with their defaults; a URL that no HTTP client
    would send (control characters, spaces) is left out with a warning."""
    servers = []
    for index, server in enumerate(spec.root.data.get("servers") or []):
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        variables = server.get("variables") or {}
        url = re.sub(
            r"\{([^}]+)\}",
            lambda m: str((variables.get(m.group(1)) or {}).get("default", m.group(0))),
            server["url"],
        )
        if not url.isprintable() or any(char.isspace() for char in url):
            message = "this server URL has spaces or control characters; it is not used"
            pointer = join_pointer("/servers", index, "url")
            diagnostics.append(
                spec.root.diagnostic(pointer, message, "warning", limitation=True)
            )
            continue
        servers.append(
            Server(
                SpecText(url.rstrip("/") or "/"), spec_text(server.get("description"))
            )
        )
    return tuple(servers)
