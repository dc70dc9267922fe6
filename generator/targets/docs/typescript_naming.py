"""STAND-IN for the TypeScript target's naming policy, until generator/targets/typescript/ lands.

The docs target shows each operation called through the TypeScript SDK; what that SDK names
things is the TypeScript target's to say. Until it exists, these three functions spell the names
the way the issue's snippet does (`sdk.llm.responses.cancel({ responseId: ... })`, package
`@meetkai/mka1`): camelCase of the Python target's names. When the TypeScript target lands,
replace the bodies of these functions (or this module) with calls into its naming module; the
docs target imports nothing else TypeScript-specific (generator/targets/docs/usage.py).
"""

from __future__ import annotations

from ...ir.api import Api

# The document's name for its npm package (`info.x-sdkgen-npm-package`), else the Python name.
NPM_PACKAGE_EXTENSION = "x-sdkgen-npm-package"


def typescript_member(python_name: str) -> str:
    """A Python identifier (`response_id`, `x_on_behalf_of`, `from_`) as a TypeScript member
    name (`responseId`, `xOnBehalfOf`, `from`)."""
    words = [w for w in python_name.split("_") if w]
    if not words:
        return python_name
    return words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])


def typescript_call_path(python_call_path: str) -> str:
    """`llm.responses.list_items` -> `llm.responses.listItems`."""
    return ".".join(typescript_member(part) for part in python_call_path.split("."))


def npm_package_name(api: Api, package: str) -> str:
    """The npm package the TypeScript SDK is published as."""
    info = (
        api.document.file.data.get("info")
        if isinstance(api.document.file.data, dict)
        else None
    )
    value = info.get(NPM_PACKAGE_EXTENSION) if isinstance(info, dict) else None
    if isinstance(value, str) and _is_npm_name(value):
        return value
    return package.replace("_", "-")


def _is_npm_name(name: str) -> bool:
    """npm's rule for a package name (scoped or not), so the import line stays a plain string."""
    import re

    return (
        len(name) <= 214
        and re.fullmatch(r"(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*", name)
        is not None
    )
