"""The credentials of the TypeScript SDK: which schemes it can send, the option and environment
variable of each, and the `SECURITY` table its runtime reads."""

from __future__ import annotations

from typing import Any

from ...ir.api import Api
from ...text import SpecText
from .filters import ts_string
from .layout import Arr, Obj, Raw, statement
from .naming import OPTION_RESERVED, camel, constant, member_registry
from .view import Credential

# a sample's value for each kind of credential (the README's and the docs' samples)
PLACEHOLDERS = {
    "bearer": "<YOUR_BEARER_TOKEN_HERE>",
    "basic": "<YOUR_USERNAME_HERE>:<YOUR_PASSWORD_HERE>",
    "apiKey": "<YOUR_API_KEY_HERE>",
}


def credential_kind(scheme: Any) -> str | None:
    """How the runtime sends the scheme's credential; None for one it cannot send."""
    if scheme.type == "http" and scheme.scheme in ("bearer", "basic"):
        return str(scheme.scheme)
    if scheme.type in ("oauth2", "openIdConnect"):
        return "bearer"
    if scheme.type == "apiKey" and scheme.location in ("header", "query", "cookie"):
        return "apiKey"
    return None


def requirements(api: Api) -> list[tuple[str, ...]]:
    found = list(api.security)
    for placed in api.operations:
        found.extend(placed.operation.security or ())
    return found


def credentials_of(api: Api, prefix: str) -> tuple[tuple[Credential, ...], str]:
    registry = member_registry(OPTION_RESERVED)
    credentials, schemes = [], []
    used = {key for requirement in requirements(api) for key in requirement}
    usable = [
        s
        for s in api.security_schemes
        if s.key in used and credential_kind(s) is not None
    ]
    for scheme in usable:
        kind = credential_kind(scheme) or "bearer"
        option = registry.claim(camel(scheme.key, "credential"))
        # the Python SDK's variable: <PREFIX>_API_KEY for the only scheme, else one per scheme
        env = (
            f"{prefix}_API_KEY"
            if len(usable) == 1
            else f"{prefix}_{constant(scheme.key)}"
        )
        doc = (scheme.description or SpecText(f"The {scheme.key} credential.")) + (
            f"\n\nFalls back to the environment variable {env}."
        )
        credentials.append(
            Credential(
                key=SpecText(scheme.key),
                option=option,
                placeholder=PLACEHOLDERS[kind],
                doc=doc,
                env=env,
            )
        )
        entries = [
            ("key", Raw(ts_string(scheme.key))),
            ("option", Raw(ts_string(option))),
            ("env", Raw(ts_string(env))),
            ("kind", Raw(ts_string(kind))),
        ]
        if kind == "apiKey":
            entries.append(("in", Raw(ts_string(scheme.location))))
            entries.append(("name", Raw(ts_string(scheme.parameter_name))))
        schemes.append(Obj(tuple(entries)))
    security = statement(
        "const SECURITY: readonly SecurityScheme[] = ", Arr(tuple(schemes))
    )
    return tuple(credentials), security


def example_credentials(
    api: Api, credentials: tuple[Credential, ...]
) -> tuple[Credential, ...]:
    """The credentials a sample passes: the first default requirement the SDK can send in
    full, else the first credential."""
    by_key = {c.key.raw: c for c in credentials}
    for requirement in api.security:
        if requirement and all(k in by_key for k in requirement):
            return tuple(by_key[k] for k in requirement)
    return credentials[:1]
