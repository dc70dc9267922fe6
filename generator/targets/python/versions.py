"""The generated package's version, derived from the API's version (`info.version`).

Python packaging accepts only PEP 440 versions, and APIs version themselves freely (`2024-01-15`,
`latest`, `v2`, `1.0 — bêta`). A PEP 440 version is used as written (normalised); anything else gives
the numbers it contains, so dates keep their order (`2024-01-15` -> `2024.1.15`), and a warning.
"""

from __future__ import annotations

import re
from dataclasses import replace

from packaging.version import InvalidVersion, Version

from ...text import SpecText
from .view import Sdk

_NUMBER = re.compile(r"\d+")
_MAX_PARTS = 4
_MAX_DIGITS = 12


def package_version(api_version: str) -> tuple[str, str | None]:
    """The package version for `api_version`, and why it differs (None when it does not)."""
    if (
        len(api_version) <= _MAX_DIGITS * _MAX_PARTS
    ):  # no huge numbers for int() to refuse
        try:
            return str(Version(api_version)), None
        except InvalidVersion:
            pass
    numbers = [
        str(int(n[:_MAX_DIGITS])) for n in _NUMBER.findall(api_version)[:_MAX_PARTS]
    ]
    version = ".".join(numbers) if numbers else "0.0.0"
    return version, (
        f"info.version is not a PEP 440 version, which Python packages need; "
        f"the package is versioned {version}"
    )


def at_recorded_version(sdk: Sdk, recorded: str) -> Sdk:
    """The SDK at the version its manifest records (`sdkgen generate --bump-version`), unless
    the API's own version has moved past it."""
    version = max(recorded, sdk.package_version, key=Version)
    if version == sdk.package_version:
        return sdk
    user_agent = SpecText(f"{sdk.distribution}-python/{version}")
    return replace(sdk, package_version=version, user_agent=user_agent)
